import { describe, expect, it } from 'vitest';
import { FIRST_RELOAD_DELAY_MS, HUNG_RENDERER_GRACE_MS, MAX_RELOAD_DELAY_MS, watchRenderer } from '../../src/main/electron/renderer-watchdog';
import { FakeTimers, FakeWindow, flush, recordingLog } from './fakes';

function setup() {
  const window = new FakeWindow({});
  const timers = new FakeTimers();
  let reloads = 0;
  let quitting = false;
  const watch = watchRenderer({
    window,
    reload: async () => {
      reloads += 1;
    },
    isQuitting: () => quitting,
    timers,
    log: recordingLog().log,
  });
  const crash = (reason = 'crashed') => window.webContents.emit('render-process-gone', {}, { reason, exitCode: 139 });
  return { window, timers, watch, crash, reloads: () => reloads, quit: () => (quitting = true) };
}

describe('renderer watchdog', () => {
  it('reloads a crashed renderer, since it is the one that plays the pings', async () => {
    const { timers, crash, reloads } = setup();
    crash('oom');
    timers.advance(FIRST_RELOAD_DELAY_MS - 1);
    expect(reloads()).toBe(0);
    timers.advance(1);
    await flush();
    expect(reloads()).toBe(1);
  });

  it('backs off when crashes repeat, up to a cap', () => {
    const { timers, crash, reloads } = setup();
    const delays: number[] = [];
    for (let i = 0; i < 9; i += 1) {
      crash();
      const before = reloads();
      let waited = 0;
      while (reloads() === before) {
        timers.advance(250);
        waited += 250;
      }
      delays.push(waited);
    }
    expect(delays.slice(0, 4)).toEqual([1_000, 2_000, 4_000, 8_000]);
    expect(Math.max(...delays)).toBe(MAX_RELOAD_DELAY_MS);
  });

  it('does not reload after a clean exit or while quitting', () => {
    const { timers, crash, reloads, quit } = setup();
    crash('clean-exit');
    timers.advance(MAX_RELOAD_DELAY_MS);
    quit();
    crash('crashed');
    timers.advance(MAX_RELOAD_DELAY_MS);
    expect(reloads()).toBe(0);
  });

  it('restarts a renderer that stays hung, but not one that recovers', () => {
    const { window, timers } = setup();
    window.emit('unresponsive');
    timers.advance(HUNG_RENDERER_GRACE_MS / 2);
    window.emit('responsive');
    timers.advance(HUNG_RENDERER_GRACE_MS);
    expect(window.webContents.crashes).toBe(0);
    window.emit('unresponsive');
    timers.advance(HUNG_RENDERER_GRACE_MS);
    expect(window.webContents.crashes).toBe(1);
  });

  it('cancels pending work on dispose', () => {
    const { timers, crash, reloads, watch } = setup();
    crash();
    watch.dispose();
    timers.advance(MAX_RELOAD_DELAY_MS);
    expect(reloads()).toBe(0);
    expect(timers.pending).toBe(0);
  });
});
