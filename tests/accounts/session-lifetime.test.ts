/**
 * A session has an absolute lifetime as well as the idle one: used every day, it still ends
 * `maxMs` after its sign-in, and is pruned then. Both are settings of `serve` (defaults 30 and 90
 * days), checked here with the account store's clock and through the server's options.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/server/platform/db';
import { AccountStore, SESSION_IDLE_MS, SESSION_MAX_MS } from '../../src/server/session/accounts';
import { sessionServeOptions } from '../../src/server/session/cli';
import { sessionLifetimes } from '../../src/server/session/options';
import { startTestServer } from '../support/server';

const DAY = 24 * 60 * 60_000;
const dir = mkdtempSync(join(tmpdir(), 'deskbell-lifetime-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('session lifetimes', () => {
  it('a session used every day still ends at its absolute lifetime, and is pruned', async () => {
    const db = openDatabase(join(dir, 'max.db'));
    let now = 1_000_000;
    const accounts = new AccountStore(db, new Set(['gateway']), () => now, { N: 1 << 14, r: 8, p: 1 }, { idleMs: 30 * DAY, maxMs: 90 * DAY });
    accounts.addOperator({ username: 'daily', name: 'Dana Daily', campus: 'gateway', password: 'long-enough-password' });
    const login = await accounts.login('daily', 'long-enough-password');
    if (!login) throw new Error('login failed');
    for (let day = 1; day <= 90; day++) {
      now += DAY;
      expect(accounts.authenticate(login.token), `day ${day}`).not.toBeNull();
    }
    now += 1;
    expect(accounts.authenticate(login.token)).toBeNull();
    expect(db.prepare('SELECT COUNT(*) AS n FROM sessions').get()).toEqual({ n: 0 });
    // A second one, left alone past its lifetime, goes with the hourly pruning.
    const other = await accounts.login('daily', 'long-enough-password');
    if (!other) throw new Error('login failed');
    now += 90 * DAY + 1;
    expect(accounts.pruneIdleSessions()).toBeGreaterThanOrEqual(1);
    expect(db.prepare('SELECT COUNT(*) AS n FROM sessions').get()).toEqual({ n: 0 });
    db.close();
  });

  it('the defaults are 30 idle days and 90 in all; an idle limit longer than the lifetime is cut to it', () => {
    expect([SESSION_IDLE_MS, SESSION_MAX_MS]).toEqual([30 * DAY, 90 * DAY]);
    expect(sessionLifetimes({ sessionIdleMs: 60 * DAY, sessionMaxMs: 14 * DAY })).toEqual({ idleMs: 14 * DAY, maxMs: 14 * DAY });
  });

  it('serve reads both from its flags (whole days), and refuses a mistake with the flag named', () => {
    expect(sessionServeOptions.read({ 'session-idle-days': '7', 'session-max-days': '14' })).toEqual({ sessionIdleMs: 7 * DAY, sessionMaxMs: 14 * DAY });
    expect(sessionServeOptions.read({})).toEqual({});
    expect(() => sessionServeOptions.read({ 'session-max-days': '0' })).toThrow(/--session-max-days must be a whole number of days/);
    expect(() => sessionServeOptions.read({ 'session-idle-days': '1.5' })).toThrow(/--session-idle-days/);
  });

  it('the server refuses a lifetime outside its bounds before anything opens', async () => {
    await expect(startTestServer({ sessionMaxMs: 10 })).rejects.toThrow(/sessionMaxMs/);
    await expect(startTestServer({ sessionIdleMs: -1 })).rejects.toThrow(/sessionIdleMs/);
  });
});
