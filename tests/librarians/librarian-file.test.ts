/**
 * The lifecycle the FAQ cache and the transcript index share (core/librarians/librarian-file.ts):
 * one file per librarian, one sync run at a time, failures retried unless the backend refused.
 */
import { describe, expect, it } from 'vitest';
import { SyncError } from '../../src/main/core/faqs/sync';
import { LibrarianFile } from '../../src/main/core/librarians/librarian-file';
import { waitFor } from '../support/wait';

class FakeFile {
  closed = false;
  constructor(readonly operatorId: string) {}
  close(): void {
    this.closed = true;
  }
}

function setup(sync: (file: FakeFile) => Promise<void> | null, open = (id: string) => new FakeFile(id)) {
  const logs: string[] = [];
  let changes = 0;
  const file = new LibrarianFile<FakeFile>({ what: 'the test file', open, sync, changed: () => void changes++, log: (_l, m) => logs.push(m), retryMs: 30 });
  return { file, logs, changes: () => changes };
}

describe('a librarian file', () => {
  it("opens the signed-in librarian's own file, and closes it for the next", () => {
    const { file } = setup(() => null);
    file.follow('ada');
    const ada = file.file!;
    expect(ada.operatorId).toBe('ada');
    file.follow('ada');
    expect(file.file).toBe(ada);
    file.follow('bea');
    expect(ada.closed).toBe(true);
    expect(file.file?.operatorId).toBe('bea');
    file.follow(null);
    expect(file.file).toBeNull();
  });

  it('says why it could not open, and runs nothing', () => {
    let runs = 0;
    const { file, logs } = setup(
      () => {
        runs++;
        return Promise.resolve();
      },
      () => {
        throw new Error('disk full');
      },
    );
    file.follow('ada');
    file.requestSync();
    expect(file.file).toBeNull();
    expect(file.error).toBe('cannot open the test file: disk full');
    expect(logs).toEqual(['cannot open the test file']);
    expect(runs).toBe(0);
  });

  it('runs one sync at a time, and once more if asked meanwhile', async () => {
    let runs = 0;
    let release: () => void = () => undefined;
    const { file } = setup(() => {
      runs++;
      return new Promise<void>((done) => (release = done));
    });
    file.follow('ada');
    file.requestSync();
    file.requestSync();
    file.requestSync();
    expect(runs).toBe(1);
    expect(file.syncing).toBe(true);
    release();
    await waitFor(() => runs === 2, 'the second run');
    release();
    await waitFor(() => !file.syncing, 'idle');
    expect(runs).toBe(2);
  });

  it('retries a failed run later, but not one the backend refused', async () => {
    let runs = 0;
    let failWith: Error | null = new Error('connection reset');
    const { file } = setup(() => {
      runs++;
      const error = failWith;
      return error ? Promise.reject(error) : Promise.resolve();
    });
    file.follow('ada');
    file.requestSync();
    await waitFor(() => file.error !== null, 'the failure recorded');
    expect(file.error).toBe('the test file failed to sync: connection reset');
    failWith = null;
    await waitFor(() => runs === 2 && file.error === null, 'the retry, which succeeds');

    failWith = new SyncError('signed out by the backend', true);
    file.requestSync();
    await waitFor(() => file.error === 'signed out by the backend', 'the refusal recorded');
    const after = runs;
    await new Promise((done) => setTimeout(done, 150));
    expect(runs).toBe(after);
  });

  it("ignores a failure of a file closed meanwhile (the next librarian's status stays clean)", async () => {
    let fail: (error: Error) => void = () => undefined;
    const { file } = setup((f) => (f.operatorId === 'ada' ? new Promise<void>((_ok, no) => (fail = no)) : null));
    file.follow('ada');
    file.requestSync();
    file.follow('bea');
    fail(new Error('too late'));
    await waitFor(() => !file.syncing, 'the old run over');
    expect(file.error).toBeNull();
  });
});
