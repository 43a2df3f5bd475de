/**
 * The first transcript sync's child process: its life (ready, one task, one answer, gone), and
 * what the core does with a child that misbehaves. The sync itself is tested in transcript-sync.test.ts.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SyncError } from '../../src/main/core/faqs/sync';
import { SyncProcessUnavailable, syncInProcess } from '../../src/main/core/transcripts/sync-in-process';
import { SyncProcessReady } from '../../src/main/core/transcripts/sync-messages';
import { TranscriptIndex } from '../../src/main/core/transcripts/transcript-index';
import { startCoreProcess } from '../../src/main/core/workers';
import { startTestBackend, type TestBackend } from '../support/backend';

const PASSWORD = 'correct-horse-battery';

let dir: string;
let backend: TestBackend;
let access: { url: string; token: string };

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'deskbell-sync-process-'));
  backend = await startTestBackend();
  backend.server.addOperator({ username: 'ada', name: 'Ada Lovelace', campus: 'tunxis', password: PASSWORD });
  const session = await backend.server.login('ada', PASSWORD);
  if (!session) throw new Error('sign-in failed');
  access = { url: backend.server.url, token: session.token };
});
afterEach(async () => {
  await backend.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A stand-in child: a script of our own, run as the sync's child would be. */
function standIn(name: string, source: string): () => ChildProcess {
  const file = join(dir, `${name}.mjs`);
  writeFileSync(file, source);
  return () => fork(file, [], { execArgv: [], stdio: ['ignore', 'ignore', 'ignore', 'ipc'] });
}

/** The child's exit code, once it has ended. */
async function ended(child: ChildProcess): Promise<number | null> {
  if (child.exitCode === null && child.signalCode === null) await once(child, 'exit');
  return child.exitCode;
}

describe('the transcript sync child process', () => {
  it('syncs, answers, and is gone; its session token is never among its arguments (visible to every user of the machine)', async () => {
    let child: ChildProcess | undefined;
    const path = join(dir, 'transcripts.db');
    const run = await syncInProcess(path, access, () => (child = startCoreProcess('transcript-sync')));
    expect(run).toEqual({ pages: 1, changes: 0 });
    if (!child) throw new Error('no child was started');
    await ended(child);
    expect(child.signalCode ?? child.exitCode).not.toBeNull();
    expect(child.spawnargs.join(' ')).not.toContain(access.token);
    const index = new TranscriptIndex(path);
    expect([index.backend, index.filling]).toEqual([access.url, false]);
    index.close();
  });

  it('ends by itself when the core goes (its channel closes), with nothing left running', async () => {
    const child = startCoreProcess('transcript-sync');
    const [said] = await once(child, 'message');
    expect(SyncProcessReady.safeParse(said).success).toBe(true);
    child.disconnect();
    expect(await ended(child)).toBe(0);
  });

  it('does nothing when started without its task argument (the built entries share chunks): it says nothing and ends', async () => {
    const entry = new URL('../../src/main/core/transcripts/sync-process.ts', import.meta.url);
    const child = fork(entry, [], { execArgv: ['--import', import.meta.resolve('tsx')] });
    const said: unknown[] = [];
    child.on('message', (message) => said.push(message));
    expect(await ended(child)).toBe(0);
    expect(said).toEqual([]);
  });

  it('a child that never says it is listening is given up on and ended: the core falls back, it does not wait for ever', async () => {
    let child: ChildProcess | undefined;
    const quiet = standIn('quiet', 'setInterval(() => {}, 1000);');
    const run = syncInProcess(join(dir, 'transcripts.db'), access, () => (child = quiet()), 300);
    await expect(run).rejects.toBeInstanceOf(SyncProcessUnavailable);
    await expect(run).rejects.toThrow(/did not start listening within 0.3 s/);
    if (!child) throw new Error('no child was started');
    await ended(child);
    expect(child.signalCode).toBe('SIGTERM');
  });

  it('an answer before it was asked, or in another shape, is a SyncError and the child is ended', async () => {
    for (const source of [
      "process.send({ ok: true, pages: 1, changes: 5 }); setInterval(() => {}, 1000);",
      "process.send({ ready: true }); process.on('message', () => process.send({ ok: 'yes' })); setInterval(() => {}, 1000);",
    ]) {
      let child: ChildProcess | undefined;
      const liar = standIn('liar', source);
      const run = syncInProcess(join(dir, 'transcripts.db'), access, () => (child = liar()));
      await expect(run).rejects.toBeInstanceOf(SyncError);
      await expect(run).rejects.toThrow(/answered in an unexpected shape/);
      if (!child) throw new Error('no child was started');
      await ended(child);
      expect(child.signalCode, source).toBe('SIGTERM');
    }
  });

  it('a child that dies after it was asked fails the run as unavailable, so the core syncs in its own thread instead', async () => {
    const dies = standIn('dies', "process.send({ ready: true }); process.on('message', () => process.exit(3));");
    const run = syncInProcess(join(dir, 'transcripts.db'), access, dies);
    await expect(run).rejects.toBeInstanceOf(SyncProcessUnavailable);
    await expect(run).rejects.toThrow(/stopped \(exit code 3\) before it answered/);
  });
});
