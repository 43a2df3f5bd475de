import { Howl, Howler } from 'howler';
import ping1 from '../../../assets/sounds/ping-1.wav';
import ping2 from '../../../assets/sounds/ping-2.wav';
import ping3 from '../../../assets/sounds/ping-3.wav';
import urgent from '../../../assets/sounds/urgent.wav';
import message from '../../../assets/sounds/message.wav';
import note from '../../../assets/sounds/note.wav';
import transfer from '../../../assets/sounds/transfer.wav';
import type { SoundRequest } from '../../shared/alerts/calls';
import type { PlayableSound, SoundName } from '../../shared/alerts/policy';
import type { PlayedSound } from '../../shared/diagnostics/calls';
import { mapValues } from '../../shared/narrow';

const FILES: Record<PlayableSound, string> = { 'ping-1': ping1, 'ping-2': ping2, 'ping-3': ping3, urgent, note, transfer, message };

/**
 * Plays what main decides, nothing more: the timing lives in main, where timers are not
 * throttled in a hidden window. Web Audio, preloaded, and never auto-suspended, so a sound
 * requested while the window is hidden still plays.
 */
export class SoundPlayer {
  private readonly howls: Record<PlayableSound, Howl>;

  /** `onPlayed` hears of every sound started, for main's diagnostics. */
  constructor(private readonly onPlayed: (played: PlayedSound) => void) {
    Howler.autoSuspend = false;
    Howler.autoUnlock = true;
    this.howls = mapValues(FILES, (src) => new Howl({ src: [src], html5: false, preload: true, format: ['wav'] }));
  }

  play(request: SoundRequest): void {
    const howl = this.howls[request.sound];
    const id = howl.play();
    howl.volume(request.volume, id);
    const playedAt = performance.timeOrigin + performance.now();
    this.onPlayed({ soundId: request.id, sound: request.sound, volume: request.volume, decidedAt: request.decidedAt, playedAt, hidden: document.hidden });
  }

  /** The settings' "test sound" button. */
  test(sound: SoundName | 'message', volume: number): void {
    const howl = this.howls[sound];
    const id = howl.play();
    howl.volume(volume, id);
  }

  /** Whether sound can play: a browser may hold audio until the page is first clicked. */
  get audioState(): AudioContextState | 'unavailable' {
    return Howler.ctx?.state ?? 'unavailable';
  }

  onAudioState(listener: () => void): () => void {
    const ctx = Howler.ctx;
    if (!ctx) return () => undefined;
    ctx.addEventListener('statechange', listener);
    return () => ctx.removeEventListener('statechange', listener);
  }

  async unlock(): Promise<void> {
    await Howler.ctx?.resume();
  }
}
