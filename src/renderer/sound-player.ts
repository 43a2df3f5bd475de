import { Howl, Howler } from 'howler';
import ping1 from '../../assets/sounds/ping-1.wav';
import ping2 from '../../assets/sounds/ping-2.wav';
import ping3 from '../../assets/sounds/ping-3.wav';
import urgent from '../../assets/sounds/urgent.wav';
import type { SoundName } from '../shared/alerts';
import type { SoundRequest } from '../shared/api';

const FILES: Record<SoundName, string> = { 'ping-1': ping1, 'ping-2': ping2, 'ping-3': ping3, urgent };
const LOG_LIMIT = 200;

/**
 * Plays what main decides, nothing more: the timing lives in main, where timers are not
 * throttled in a hidden window. Web Audio, preloaded, and never auto-suspended, so a sound
 * requested while the window is hidden still plays.
 */
export class SoundPlayer {
  private readonly howls: Record<SoundName, Howl>;

  constructor(private readonly onPlayed: (id: string, at: number) => void) {
    Howler.autoSuspend = false;
    Howler.autoUnlock = true;
    this.howls = Object.fromEntries(
      Object.entries(FILES).map(([name, src]) => [name, new Howl({ src: [src], html5: false, preload: true, format: ['wav'] })]),
    ) as Record<SoundName, Howl>;
    window.deskbellSoundLog = [];
  }

  play(request: SoundRequest): void {
    const howl = this.howls[request.sound];
    const log = window.deskbellSoundLog ?? [];
    const id = howl.play();
    howl.volume(request.volume, id);
    const playedAt = performance.timeOrigin + performance.now();
    log.push({ id: request.id, sound: request.sound, volume: request.volume, playedAt, decidedAt: request.decidedAt, hidden: document.hidden });
    if (log.length > LOG_LIMIT) log.splice(0, log.length - LOG_LIMIT);
    document.body.dataset.lastSound = request.sound;
    this.onPlayed(request.id, playedAt);
  }

  /** The settings' "test sound" button. */
  test(sound: SoundName, volume: number): void {
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
