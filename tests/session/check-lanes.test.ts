/**
 * The password checks in flight are bounded: never more than the concurrency at once, a desk
 * with a device token before everyone waiting, addresses served in turn, and nobody held past
 * the longest wait or queued beyond their address's share: they are told at once to come back.
 */
import { describe, expect, it } from 'vitest';
import { CheckLanes, CheckLanesFull } from '../../src/server/session/check-lanes';

/** A check the test finishes by hand, recording the order checks started in. */
function manualChecks() {
  const started: string[] = [];
  const finishers = new Map<string, () => void>();
  const check = (name: string) => () =>
    new Promise<string>((resolve) => {
      started.push(name);
      finishers.set(name, () => resolve(name));
    });
  const finish = async (name: string) => {
    const done = finishers.get(name);
    if (!done) throw new Error(`${name} has not started`);
    done();
    // Let the lanes start the next check.
    await new Promise((resolve) => setImmediate(resolve));
  };
  return { started, check, finish };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('password check lanes', () => {
  it('run at most the concurrency at once; a device-token desk goes before everyone waiting; addresses take turns', async () => {
    const lanes = new CheckLanes({ concurrency: 2, maxWaitMs: 60_000, waitingPerAddress: 10 });
    const { started, check, finish } = manualChecks();
    const answers: Promise<string>[] = [];
    for (let i = 1; i <= 5; i++) answers.push(lanes.run('open', 'flood', check(`flood-${i}`)));
    answers.push(lanes.run('open', 'library', check('library-1')));
    answers.push(lanes.run('trusted', 'flood', check('trusted-1')));
    await tick();
    expect(started).toEqual(['flood-1', 'flood-2']);
    expect(lanes.inFlight).toBe(2);
    expect(lanes.waiting).toBe(5);
    await finish('flood-1');
    // The desk that signed in before is next, although it came last and from the flooding address.
    expect(started).toEqual(['flood-1', 'flood-2', 'trusted-1']);
    await finish('flood-2');
    await finish('trusted-1');
    // Then the addresses in turn: the library does not wait behind the whole flood.
    expect(started.slice(3, 5)).toEqual(['flood-3', 'library-1']);
    expect(lanes.inFlight).toBe(2);
    for (const name of ['flood-3', 'library-1']) await finish(name);
    for (const name of ['flood-4', 'flood-5']) await finish(name);
    expect(await Promise.all(answers)).toHaveLength(7);
    expect(lanes.inFlight).toBe(0);
    expect(lanes.waiting).toBe(0);
  });

  it('an address over its waiting share is refused at once; a check that cannot start in time is refused at its deadline and frees its place', async () => {
    const lanes = new CheckLanes({ concurrency: 1, maxWaitMs: 150, waitingPerAddress: 2 });
    const { started, check, finish } = manualChecks();
    const running = lanes.run('open', 'a', check('a-1'));
    const waiting = [lanes.run('open', 'a', check('a-2')), lanes.run('open', 'a', check('a-3'))];
    await expect(lanes.run('open', 'a', check('a-4'))).rejects.toBeInstanceOf(CheckLanesFull);
    // Another address still has its own share.
    const other = lanes.run('open', 'b', check('b-1'));
    const refusals = await Promise.allSettled([...waiting, other]);
    expect(refusals.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected']);
    const reason: unknown = refusals[0]?.status === 'rejected' ? refusals[0].reason : null;
    expect(reason).toBeInstanceOf(CheckLanesFull);
    expect((reason as CheckLanesFull).retryAfterMs).toBe(150);
    expect(lanes.waiting).toBe(0);
    expect(started).toEqual(['a-1']);
    await finish('a-1');
    expect(await running).toBe('a-1');
    // The lanes are free again: the next check starts at once.
    const next = lanes.run('open', 'a', check('a-5'));
    await tick();
    expect(started).toEqual(['a-1', 'a-5']);
    await finish('a-5');
    expect(await next).toBe('a-5');
  });

  it('a check that throws still frees its place', async () => {
    const lanes = new CheckLanes({ concurrency: 1, maxWaitMs: 1_000, waitingPerAddress: 2 });
    await expect(lanes.run('open', 'a', () => Promise.reject(new Error('disk full')))).rejects.toThrow('disk full');
    expect(lanes.inFlight).toBe(0);
    expect(await lanes.run('open', 'a', () => Promise.resolve('ok'))).toBe('ok');
  });
});
