/**
 * The pickup goal as an option of `serve`: listed in --help with its environment variable, read
 * from the flag or the variable, and a bad value refused before anything starts (exit 2).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { UsageError } from '../../src/server/platform/cli';
import { statisticsServeOptions } from '../../src/server/statistics/cli';
import { runServerCli } from '../support/server-cli';

const dir = mkdtempSync(join(tmpdir(), 'deskbell-goal-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('--pickup-goal-seconds', () => {
  it('is read from the flag or DESKBELL_PICKUP_GOAL_SECONDS, in whole seconds from 1 to 600', () => {
    const previous = process.env.DESKBELL_PICKUP_GOAL_SECONDS;
    try {
      delete process.env.DESKBELL_PICKUP_GOAL_SECONDS;
      expect(statisticsServeOptions.read({})).toEqual({});
      expect(statisticsServeOptions.read({ 'pickup-goal-seconds': '25' })).toEqual({ pickupGoalMs: 25_000 });
      process.env.DESKBELL_PICKUP_GOAL_SECONDS = '30';
      expect(statisticsServeOptions.read({})).toEqual({ pickupGoalMs: 30_000 });
      expect(statisticsServeOptions.read({ 'pickup-goal-seconds': '15' })).toEqual({ pickupGoalMs: 15_000 });
      for (const bad of ['0', '601', '20.5', 'twenty', '']) expect(() => statisticsServeOptions.read({ 'pickup-goal-seconds': bad }), bad).toThrow(UsageError);
    } finally {
      if (previous === undefined) delete process.env.DESKBELL_PICKUP_GOAL_SECONDS;
      else process.env.DESKBELL_PICKUP_GOAL_SECONDS = previous;
    }
  });

  it('serve lists it, and refuses a bad one with exit 2', async () => {
    const [help, bad] = await Promise.all([runServerCli(['serve', '--help']), runServerCli(['--port', '0', '--db', join(dir, 'goal.db'), '--pickup-goal-seconds', '0'])]);
    expect(help.code).toBe(0);
    expect(help.out).toContain('--pickup-goal-seconds N');
    expect(help.out).toContain('DESKBELL_PICKUP_GOAL_SECONDS');
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('--pickup-goal-seconds must be whole seconds from 1 to 600');
  });
});
