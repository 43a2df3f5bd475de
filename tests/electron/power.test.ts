import { describe, expect, it } from 'vitest';
import { CLOCK_JUMP_SLACK_MS, POWER_TICK_MS, watchPower } from '../../src/main/electron/presence/power';
import { createAwayReasons } from '../../src/main/electron/presence/away-reasons';
import { FakeCore, FakePowerMonitor, FakeTimers, recordingLog } from './fakes';

function setup(idleAwayMinutes: number | (() => number) = 10) {
  const core = new FakeCore();
  const powerMonitor = new FakePowerMonitor();
  const timers = new FakeTimers();
  const away = createAwayReasons(core);
  const watch = watchPower({ powerMonitor, core, away, timers, idleAwayMinutes, log: recordingLog().log });
  return { core, powerMonitor, timers, away, watch };
}

// In the core, 'online' with reason 'system' lifts the system's override: the operator is
// back to what they chose (DeskCore.setPresence). The shell never picks for the operator.
const AWAY = { presence: 'away', reason: 'system' };
const BACK = { presence: 'online', reason: 'system' };

describe('power and idle', () => {
  it('suspend -> away; resume -> back and an immediate reconnect', () => {
    const { core, powerMonitor } = setup();
    powerMonitor.emit('suspend');
    expect(core.presence).toEqual([AWAY]);
    expect(core.reconnects).toBe(0);
    powerMonitor.emit('resume');
    expect(core.presence).toEqual([AWAY, BACK]);
    expect(core.reconnects).toBe(1);
  });

  it('lock -> away; unlock -> back, without reconnecting', () => {
    const { core, powerMonitor } = setup();
    powerMonitor.emit('lock-screen');
    powerMonitor.emit('unlock-screen');
    expect(core.presence).toEqual([AWAY, BACK]);
    expect(core.reconnects).toBe(0);
  });

  it('stays away until every reason is over (locked, then slept, then woke, then unlocked)', () => {
    const { core, powerMonitor } = setup();
    powerMonitor.emit('lock-screen');
    powerMonitor.emit('suspend');
    powerMonitor.emit('resume');
    expect(core.presence).toEqual([AWAY]);
    powerMonitor.emit('unlock-screen');
    expect(core.presence).toEqual([AWAY, BACK]);
  });

  it('treats a jump in the wall clock between ticks as a resume: reconnect, and lift a suspend whose resume was missed', () => {
    const { core, powerMonitor, timers } = setup();
    timers.advance(POWER_TICK_MS * 3);
    expect(core.reconnects).toBe(0);
    powerMonitor.emit('suspend'); // the matching 'resume' never comes (some Linux builds)
    timers.sleep(45 * 60_000);
    timers.advance(POWER_TICK_MS);
    expect(core.reconnects).toBe(1);
    expect(core.presence).toEqual([AWAY, BACK]);
  });

  it('does not mistake an ordinary late tick for a sleep', () => {
    const { core, timers } = setup();
    timers.sleep(CLOCK_JUMP_SLACK_MS - 1_000);
    timers.advance(POWER_TICK_MS);
    expect(core.reconnects).toBe(0);
  });

  it('reconnects once when both the resume event and the clock jump report the same wake-up', () => {
    const { core, powerMonitor, timers } = setup();
    timers.sleep(60 * 60_000);
    powerMonitor.emit('resume');
    timers.advance(POWER_TICK_MS);
    expect(core.reconnects).toBe(1);
  });

  it('idle for N minutes -> away; input again -> back', () => {
    const { core, powerMonitor, timers } = setup(10);
    powerMonitor.idleSeconds = 9 * 60;
    timers.advance(POWER_TICK_MS);
    expect(core.presence).toEqual([]);
    powerMonitor.idleSeconds = 10 * 60;
    timers.advance(POWER_TICK_MS);
    expect(core.presence).toEqual([AWAY]);
    powerMonitor.idleSeconds = 11 * 60;
    timers.advance(POWER_TICK_MS);
    expect(core.presence).toEqual([AWAY]);
    powerMonitor.idleSeconds = 2;
    timers.advance(POWER_TICK_MS);
    expect(core.presence).toEqual([AWAY, BACK]);
  });

  it('never sets away for idleness when idle detection is off', () => {
    const { core, powerMonitor, timers } = setup(0);
    powerMonitor.idleSeconds = 24 * 3600;
    timers.advance(POWER_TICK_MS * 10);
    expect(core.presence).toEqual([]);
  });

  it('follows the idle setting as it changes, and turning it off lifts an idle away', () => {
    let minutes = 30;
    const { core, powerMonitor, timers } = setup(() => minutes);
    powerMonitor.idleSeconds = 12 * 60;
    timers.advance(POWER_TICK_MS);
    expect(core.presence).toEqual([]);
    minutes = 10;
    timers.advance(POWER_TICK_MS);
    expect(core.presence).toEqual([AWAY]);
    minutes = 0;
    timers.advance(POWER_TICK_MS);
    expect(core.presence).toEqual([AWAY, BACK]);
  });

  it('stops listening and ticking on dispose', () => {
    const { core, powerMonitor, timers, watch } = setup();
    watch.dispose();
    expect(timers.pending).toBe(0);
    for (const event of ['suspend', 'resume', 'lock-screen', 'unlock-screen']) expect(powerMonitor.listenerCount(event)).toBe(0);
    powerMonitor.emit('suspend');
    expect(core.presence).toEqual([]);
  });
});
