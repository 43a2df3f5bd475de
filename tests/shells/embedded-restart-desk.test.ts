/**
 * The desk through a crash of its embedded backend's thread: the core, signed in to the real
 * backend thread, goes offline when the thread dies, and online again once the backend is
 * started again where it was; a patron who arrives after that reaches this desk.
 */
import type { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { PatronClient } from '../../src/dev/patron-client';
import { startCore } from '../../src/main/core';
import { startEmbeddedThread } from '../../src/main/core/embedded/embedded-thread';
import { MemoryTokenStore } from '../../src/main/browser/file-token-store';
import { startCoreWorker } from '../../src/main/core/workers';
import { tempDirs } from '../support/temp-dirs';
import { waitFor } from '../support/wait';

const tempDir = tempDirs('deskbell-embedded-restart-');

describe('a desk whose embedded backend crashes', () => {
  it('goes offline, comes back online by itself once the backend is started again, and hears the next patron', async () => {
    const dataDir = tempDir();
    const threads: Worker[] = [];
    const lines: string[] = [];
    const log = (level: string, message: string) => void lines.push(`${level} ${message}`);
    const embedded = await startEmbeddedThread({ dataDir, log, restartDelaysMs: [100] }, (data) => {
      const thread = startCoreWorker('embedded-backend', data);
      threads.push(thread);
      return thread;
    });
    const core = await startCore({ dataDir, embedded, tokenStore: new MemoryTokenStore(), log, linkTuning: { heartbeatMs: 500, backoffBaseMs: 50, backoffCapMs: 300 } });
    const patrons: PatronClient[] = [];
    try {
      await waitFor(() => core.sessionView().status === 'online', 'the desk online', 20_000);
      const statuses: string[] = [];
      const stopWatching = core.onPush((push) => {
        if (push.type === 'session') statuses.push(push.session.status);
      });
      await threads[0]?.terminate();
      await waitFor(() => statuses.some((status) => status !== 'online'), 'the desk offline', 20_000);
      await waitFor(() => lines.includes('info the embedded backend is running again'), 'the backend back', 30_000);
      await waitFor(() => core.sessionView().status === 'online', 'the desk online again', 30_000);
      stopWatching();
      expect(threads).toHaveLength(2);

      const patron = new PatronClient(embedded.url);
      patrons.push(patron);
      const chatId = await patron.start(embedded.campuses[0]?.id ?? '', 'Ada Patron', 'Is the library open late tonight?');
      await waitFor(() => core.state.chats[chatId]?.state === 'waiting', 'the new chat on the desk', 20_000);
    } finally {
      for (const patron of patrons) patron.close();
      await core.stop();
    }
    expect(lines.filter((line) => line.startsWith('error the embedded backend'))).toEqual(['error the embedded backend stopped: its thread ended (exit code 1); starting it again in 0.1 s']);
  });
});
