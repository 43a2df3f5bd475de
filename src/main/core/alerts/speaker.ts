import { performance } from 'node:perf_hooks';
import type { SoundRequest } from '../../../shared/alerts/calls';
import { type AlertLimits, withinAlertLimits } from '../../../shared/alerts/limits';
import { type AlertSettings, isMuted, type PlayableSound } from '../../../shared/alerts/policy';

/** A sound the alerts capability decided on, before IT's limits are applied. */
export interface Sound {
  sound: PlayableSound;
  volume: number;
  /** The chats it concerns (diagnostics list them). */
  chatIds: readonly string[];
}

export interface SpeakerDeps {
  /** The only way a `sound` push leaves the core (MainCore hands it to the alerts capability alone). */
  play(request: SoundRequest): void;
  settings(): AlertSettings;
  limits(): AlertLimits;
  /** The backend's clock: a mute's end is in it. */
  now(): number;
  /** A high-resolution stamp for latency figures. */
  stamp?(): number;
}

/**
 * The one way out for every sound the desk makes (the escalation, the hand-offs, the message
 * chime), so IT's limits hold for all of them in one place: nothing plays under the volume floor,
 * and no mute silences the desk beyond what IT allows.
 */
export class Speaker {
  private played = 0;
  private readonly stamp: () => number;

  constructor(private readonly deps: SpeakerDeps) {
    this.stamp = deps.stamp ?? (() => performance.timeOrigin + performance.now());
  }

  /** The alert settings as the desk may hear them: the master volume at IT's floor at least, a mute no longer than IT allows. */
  heard(): AlertSettings {
    return withinAlertLimits(this.deps.settings(), this.deps.limits(), this.deps.now());
  }

  /** Play at IT's floor at least; nothing while muted. Returns whether it played. */
  play(sound: Sound): boolean {
    if (isMuted(this.heard(), this.deps.now())) return false;
    const volume = Math.min(1, Math.max(this.deps.limits().minVolume, sound.volume));
    this.deps.play({ type: 'sound', id: `s${++this.played}`, sound: sound.sound, volume, chatIds: [...sound.chatIds], decidedAt: this.stamp() });
    return true;
  }
}
