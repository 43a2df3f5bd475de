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
      { dataDir: tempDir(), log, restartDelaysMs: [60_000] },
      threadRunning(`const { parentPort } = require('node:worker_threads');
        parentPort.postMessage({ type: 'ready', url: 'http://127.0.0.1:9', campuses: [] });
        parentPort.on('message', () => process.exit(4));`),
    );
    await expect(backend.signInDeskOperator()).rejects.toThrow(/exit code 4/);
    expect(lines).toContain('error the embedded backend stopped: its thread ended (exit code 4); starting it again in 60 s');
    await expect(backend.signInDeskOperator()).rejects.toThrow('not running');
    await backend.close();
  });

  it('a backend whose thread dies is started again where it was: the same address, the same database, the desk signs in again', async () => {
    const { lines, log } = logged();
    const threads: Worker[] = [];
    const dataDir = tempDir();
    const backend = await startEmbeddedThread({ dataDir, log, restartDelaysMs: [50] }, (data) => {
      const thread = startCoreWorker('embedded-backend', data);
      threads.push(thread);
      return thread;
    });
    try {
      const before = await backend.signInDeskOperator();
      // The thread dies as a crash would end it, without closing anything itself.
      await threads[0]?.terminate();
      await waitFor(() => lines.includes('info the embedded backend is running again'), 'the backend back', 30_000);
      expect(lines).toContain('error the embedded backend stopped: its thread ended (exit code 1); starting it again in 0.05 s');
      expect(threads).toHaveLength(2);
      expect((await fetch(`${backend.url}/healthz`)).status).toBe(200);
      // Its database is the one it had: the session issued before the crash is still good.
      const me = await fetch(`${backend.url}/api/transcripts/changes?since=0&limit=1`, { headers: { authorization: `Bearer ${before.token}` } });
      expect(me.status).toBe(200);
      expect((await backend.signInDeskOperator()).operator.id).toBe(before.operator.id);
    } finally {
      const exited = new Promise((resolve) => threads[threads.length - 1]?.once('exit', resolve));
      await backend.close();
      await exited;
    }
    await expect(fetch(`${backend.url}/healthz`)).rejects.toThrow();
    expect(threads).toHaveLength(2);
  });

  it('a restart that fails is tried again after the next wait; a close while one waits starts nothing more', async () => {
    const { lines, log } = logged();
    const ready = `const { parentPort } = require('node:worker_threads');
      parentPort.postMessage({ type: 'ready', url: 'http://127.0.0.1:9', campuses: [] });`;
    const scripts = [
      // Dies at its first message.
      `${ready} parentPort.on('message', () => process.exit(4));`,
      // Cannot start at all.
      `process.exit(5);`,
      // Starts, answers a sign-in with a refusal of its own, and closes when asked.
      `${ready} parentPort.on('message', (m) => m.type === 'close'
        ? (parentPort.postMessage({ type: 'closed' }), process.exit(0))
        : parentPort.postMessage({ type: 'signInFailed', id: m.id, message: 'the third thread answers' }));`,
    ];
    const started: EmbeddedThreadData[] = [];
    const backend = await startEmbeddedThread({ dataDir: tempDir(), log, restartDelaysMs: [20, 40] }, (data) => {
      started.push(data);
      return threadRunning(scripts[started.length - 1] ?? 'process.exit(6)')(data);
    });
    await expect(backend.signInDeskOperator()).rejects.toThrow(/exit code 4/);
    await waitFor(() => lines.includes('info the embedded backend is running again'), 'the third thread running');
    expect(lines.filter((line) => line.startsWith('error'))).toEqual([
      'error the embedded backend stopped: its thread ended (exit code 4); starting it again in 0.02 s',
      'error the embedded backend stopped: it could not start again: its thread ended (exit code 5); starting it again in 0.04 s',
    ]);
    // Every restart asks for the port the first one had.
    expect(started.map((data) => data.port)).toEqual([undefined, 9, 9]);
    await expect(backend.signInDeskOperator()).rejects.toThrow('the third thread answers');
    await backend.close();
    expect(started).toHaveLength(3);

    // Dead again, and closed during the wait: no fourth thread.
    const { lines: quiet, log: quietLog } = logged();
    let starts = 0;
    const another = await startEmbeddedThread({ dataDir: tempDir(), log: quietLog, restartDelaysMs: [200] }, (data) => {
      starts++;
      return threadRunning(scripts[0] ?? '')(data);
    });
    await expect(another.signInDeskOperator()).rejects.toThrow(/exit code 4/);
    await another.close();
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(starts).toBe(1);
    expect(quiet.filter((line) => line.startsWith('error'))).toHaveLength(1);
  });
});
