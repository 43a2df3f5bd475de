/**
 * The backend's limits agree out of the box (every open chat can have its patron's socket), a
 * contradicting set is refused, and docs/deploy.md lists every limit with its default, so the
 * IT department never has to read the source to know what to raise.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LimitFields, Limits } from '../../src/server/platform/limits';

describe('the limits', () => {
  it('agree by default: patron sockets at least the open chats', () => {
    const defaults = Limits.parse({});
    expect(defaults.patronConnections).toBeGreaterThanOrEqual(defaults.maxOpenChats);
  });

  it('refuse a set where open chats outnumber patron sockets, naming the limit', () => {
    const refused = Limits.safeParse({ patronConnections: 100, maxOpenChats: 200 });
    expect(refused.success).toBe(false);
    expect(refused.error?.issues[0]?.path).toEqual(['patronConnections']);
    expect(Limits.safeParse({ patronConnections: 200, maxOpenChats: 200 }).success).toBe(true);
  });

  it('are each in docs/deploy.md with their default', () => {
    const doc = readFileSync('docs/deploy.md', 'utf8');
    const defaults = Limits.parse({});
    const missing = Object.keys(LimitFields.shape).filter((name) => !doc.includes(`| \`${name}\` | ${defaults[name as keyof typeof defaults]} |`));
    expect(missing).toEqual([]);
  });
});
