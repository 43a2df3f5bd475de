import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { EmbeddedBackendFailed, startEmbeddedThread } from '../../src/main/core/embedded/embedded-thread';
import { startCoreWorker } from '../../src/main/core/workers';
import type { EmbeddedThreadData } from '../../src/shared/embedded/thread-messages';
import { tempDirs } from '../support/temp-dirs';
import { waitFor } from '../support/wait';

const tempDir = tempDirs('deskbell-embedded-thread-');

function logged() {
  const lines: string[] = [];
  return { lines, log: (level: string, message: string) => void lines.push(`${level} ${message}`) };
}

/** A stand-in thread running `code` (CommonJS), for the ways a real one can misbehave. */
const threadRunning = (code: string) => (_data: EmbeddedThreadData) => new Worker(code, { eval: true });

describe('the embedded backend in a thread of its own', () => {
  it('listens on 127.0.0.1, signs the desk operator in, logs through the app, ignores a stray message, and closes with its thread', async () => {
    const { lines, log } = logged();
    let thread: Worker | null = null;
    const backend = await startEmbeddedThread({ dataDir: tempDir(), log }, (data) => (thread = startCoreWorker('embedded-backend', data)));
    if (!thread) throw new Error('no thread');
    const started: Worker = thread;
    try {
      expect(backend.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(backend.campuses).toHaveLength(18);
      expect(backend.patronUrl('tunxis')).toBe(`${backend.url}/widget?campus=tunxis`);
      // Two at once: each answer reaches its own caller.
      const [first, second] = await Promise.all([backend.signInDeskOperator(), backend.signInDeskOperator()]);
      expect(first.operator.name).toBe('Desk Librarian');
      expect(first.operator.id).toBe(second.operator.id);
      expect(first.token).not.toBe(second.token);
      expect((await fetch(`${backend.url}/healthz`)).status).toBe(200);
      // The server's own log lines reach the app's log.
      expect(lines.some((line) => line.startsWith('info deskbell server listening'))).toBe(true);
      // Something else posting to the thread changes nothing.
      started.postMessage({ type: 'dropTables' });
      started.postMessage('close');
      await waitFor(() => lines.some((line) => line.includes('ignored a message it does not know')), 'the stray message noticed');
      expect((await backend.signInDeskOperator()).operator.id).toBe(first.operator.id);
    } finally {
      const exited = new Promise((resolve) => started.once('exit', resolve));
      await backend.close();
      await exited;
    }
    await expect(fetch(`${backend.url}/healthz`)).rejects.toThrow();
    await expect(backend.signInDeskOperator()).rejects.toThrow('not running');
    // A close asked for is no failure.
    expect(lines.filter((line) => line.startsWith('error'))).toEqual([]);
  });

  it('a close that arrives while the backend starts waits for the start, shuts it, and never says ready', async () => {
    const thread = startCoreWorker('embedded-backend', { task: 'embedded-backend', dataDir: tempDir() } satisfies EmbeddedThreadData);
    const said: string[] = [];
    thread.on('message', (message: { type: string }) => void said.push(message.type));
    thread.postMessage({ type: 'close' });
    thread.postMessage({ type: 'signIn', id: 1 });
    thread.postMessage({ type: 'close' });
    await new Promise((resolve) => thread.once('exit', resolve));
    const answers = said.filter((type) => type !== 'log');
    expect(answers).toEqual(['signInFailed', 'closed']);
  });

  it('does not start for an unknown campus, and says why', async () => {
    const start = startEmbeddedThread({ dataDir: tempDir(), campus: 'narnia' });
    await expect(start).rejects.toBeInstanceOf(EmbeddedBackendFailed);
    await expect(start).rejects.toThrow('unknown campus "narnia"');
  });

  it('a thread that answers in a wrong shape and ends is a failed start, with the shape logged', async () => {
    const { lines, log } = logged();
    const start = startEmbeddedThread(
      { dataDir: tempDir(), log },
      threadRunning(`require('node:worker_threads').parentPort.postMessage({ type: 'ready', url: 'not a url' }); setTimeout(() => process.exit(3), 50);`),
    );
    await expect(start).rejects.toThrow(/exit code 3/);
    expect(lines).toContain('warn the embedded backend thread sent a message of an unknown shape; ignored');
  });

  it('a thread that dies after its start fails the pending sign-in and is logged as an error, and close still returns', async () => {
    const { lines, log } = logged();
    const backend = await startEmbeddedThread(
      { dataDir: tempDir(), log },
      threadRunning(`const { parentPort } = require('node:worker_threads');
        parentPort.postMessage({ type: 'ready', url: 'http://127.0.0.1:9', campuses: [] });
        parentPort.on('message', () => process.exit(4));`),
    );
    await expect(backend.signInDeskOperator()).rejects.toThrow(/exit code 4/);
    expect(lines).toContain('error the embedded backend stopped: its thread ended (exit code 4)');
    await expect(backend.signInDeskOperator()).rejects.toThrow('not running');
    await backend.close();
  });
});
