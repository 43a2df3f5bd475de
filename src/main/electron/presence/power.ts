/**
 * Sleep, lock and idle: the operator shows as away while the machine sleeps, the screen
 * is locked or nobody has touched it for a while, and the backend link is re-established
 * the moment the machine wakes.
 *
 * powerMonitor's events are missed on some Linux builds, so a periodic tick also watches
 * the wall clock: if far more time passed between two ticks than the tick length, the
 * machine was asleep, and that is handled as a resume.
 */
import type { CoreHandle } from '../../core/handle';
import type { LogFn } from '../../core/ports';
import type { PowerMonitorLike, Timers } from '../ports';
import type { AwayReasons } from './away-reasons';

export const POWER_TICK_MS = 5_000;
/** Slack on top of a tick before a gap counts as sleep (busy event loop, slow VM). */
export const CLOCK_JUMP_SLACK_MS = 10_000;
/** A resume event and a detected clock jump for the same wake-up reconnect once. */
const RESUME_DEDUP_MS = 30_000;

export interface PowerWatchDeps {
  powerMonitor: PowerMonitorLike;
  core: Pick<CoreHandle, 'reconnectNow'>;
  away: AwayReasons;
  timers: Timers;
  /** Away after this long without input; 0 turns idle detection off. A getter follows the setting. */
  idleAwayMinutes: number | (() => number);
  log: LogFn;
}

export function watchPower(deps: PowerWatchDeps): { dispose(): void } {
  const { powerMonitor, away, timers, log } = deps;
  let lastTick = timers.now();
  let lastResumeAt = Number.NEGATIVE_INFINITY;
  let idle = false;

  const resumed = (why: string) => {
    const now = timers.now();
    // The gap is accounted for: the next tick must not see it again.
    lastTick = now;
    away.ended('suspend');
    if (now - lastResumeAt < RESUME_DEDUP_MS) return;
    lastResumeAt = now;
    log('info', 'machine resumed: reconnecting', { why });
    deps.core.reconnectNow();
  };

  const onSuspend = () => away.started('suspend');
  const onResume = () => resumed('resume event');
  const onLock = () => away.started('lock');
  const onUnlock = () => away.ended('lock');
  powerMonitor.on('suspend', onSuspend);
  powerMonitor.on('resume', onResume);
  powerMonitor.on('lock-screen', onLock);
  powerMonitor.on('unlock-screen', onUnlock);

  const checkIdle = () => {
    const minutes = typeof deps.idleAwayMinutes === 'function' ? deps.idleAwayMinutes() : deps.idleAwayMinutes;
    if (minutes <= 0) {
      if (idle) away.ended('idle');
      idle = false;
      return;
    }
    let idleSeconds: number;
    try {
      idleSeconds = powerMonitor.getSystemIdleTime();
    } catch (error) {
      log('debug', 'idle time unavailable', { error: String(error) });
      return;
    }
    const nowIdle = idleSeconds >= minutes * 60;
    if (nowIdle === idle) return;
    idle = nowIdle;
    if (idle) away.started('idle');
    else away.ended('idle');
  };

  const tick = () => {
    const now = timers.now();
    const gap = now - lastTick;
    lastTick = now;
    if (gap > POWER_TICK_MS + CLOCK_JUMP_SLACK_MS) resumed(`clock jumped ${Math.round(gap / 1000)} s`);
    checkIdle();
  };
  const interval = timers.setInterval(tick, POWER_TICK_MS);

  return {
    dispose() {
      timers.clearInterval(interval);
      powerMonitor.removeListener('suspend', onSuspend);
      powerMonitor.removeListener('resume', onResume);
      powerMonitor.removeListener('lock-screen', onLock);
      powerMonitor.removeListener('unlock-screen', onUnlock);
    },
  };
}
