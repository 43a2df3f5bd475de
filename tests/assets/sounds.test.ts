import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ESCALATION_SOUNDS, PLAYABLE_SOUNDS } from '../../src/shared/alerts/policy';
import { generateSounds } from '../../scripts/lib/sounds';
import { dominantHz, parseWav, rms } from './wav-analysis';

const committed = new Map(PLAYABLE_SOUNDS.map((name) => [name, readFileSync(new URL(`../../assets/sounds/${name}.wav`, import.meta.url))]));
const parsed = new Map([...committed].map(([name, buf]) => [name, parseWav(buf)]));
const wav = (name: (typeof PLAYABLE_SOUNDS)[number]) => parsed.get(name)!;

describe('alert sounds', () => {
  it('regenerate byte-for-byte from scripts/make-sounds.ts', () => {
    const fresh = generateSounds();
    expect([...fresh.keys()]).toEqual([...PLAYABLE_SOUNDS]);
    for (const name of PLAYABLE_SOUNDS) expect(fresh.get(name)!.equals(committed.get(name)!), `${name}.wav is stale: run npm run sounds`).toBe(true);
  });

  it.each(PLAYABLE_SOUNDS)('%s is 44.1 kHz 16-bit mono PCM of a sensible length', (name) => {
    const w = wav(name);
    expect({ rate: w.sampleRate, channels: w.channels, bits: w.bitsPerSample }).toEqual({ rate: 44_100, channels: 1, bits: 16 });
    const seconds = w.samples.length / w.sampleRate;
    expect(seconds).toBeGreaterThanOrEqual(0.3);
    expect(seconds).toBeLessThanOrEqual(1);
  });

  it.each(PLAYABLE_SOUNDS)('%s peaks below full scale and starts and ends in silence', (name) => {
    const s = wav(name).samples;
    let peak = 0;
    for (const x of s) peak = Math.max(peak, Math.abs(x));
    expect(peak).toBeLessThanOrEqual(Math.round(0.95 * 32767));
    expect(peak).toBeGreaterThan(0.25 * 32767);
    // Fades: no step at either end of the file, where a player would click.
    for (const edge of [s.subarray(0, 8), s.subarray(-8)]) for (const x of edge) expect(Math.abs(x)).toBeLessThan(200);
  });

  it('escalate in loudness: ping-1 < ping-2 < ping-3 <= urgent', () => {
    const [p1, p2, p3, urgent] = ESCALATION_SOUNDS.map((name) => rms(wav(name).samples));
    expect(p1).toBeLessThan(p2!);
    expect(p2).toBeLessThan(p3!);
    expect(p3).toBeLessThanOrEqual(urgent!);
  });

  it('escalate in pitch: each level has a higher dominant frequency', () => {
    const hz = ESCALATION_SOUNDS.map((name) => dominantHz(wav(name).samples, 44_100));
    for (let i = 1; i < hz.length; i++) expect(hz[i]! - hz[i - 1]!, `dominant Hz ${hz.join(', ')}`).toBeGreaterThan(50);
  });

  it('the hand-offs sound apart from the escalation: lower than every ping, and apart from each other', () => {
    const lowestPing = Math.min(...ESCALATION_SOUNDS.map((name) => dominantHz(wav(name).samples, 44_100)));
    const note = dominantHz(wav('note').samples, 44_100);
    const transfer = dominantHz(wav('transfer').samples, 44_100);
    expect(note, `note ${note} Hz, lowest ping ${lowestPing} Hz`).toBeLessThan(lowestPing - 50);
    expect(transfer, `transfer ${transfer} Hz, lowest ping ${lowestPing} Hz`).toBeLessThan(lowestPing - 50);
    expect(Math.abs(note - transfer)).toBeGreaterThan(50);
    // A note is a short tap; an offered chat a longer call that asks for an answer.
    expect(wav('transfer').samples.length).toBeGreaterThan(1.5 * wav('note').samples.length);
  });
});

describe('the message chime', () => {
  it('is its own sound: softer and shorter than the first alert ping, and lower in pitch', () => {
    const chime = wav('message').samples;
    const ping = wav('ping-1').samples;
    expect(rms(chime)).toBeLessThan(rms(ping));
    expect(chime.length).toBeLessThan(ping.length);
    expect(dominantHz(chime, 44_100)).toBeLessThan(dominantHz(ping, 44_100));
  });

  it('is apart from the hand-offs’ sounds too: a pitch of its own, and softer than either', () => {
    const chime = wav('message').samples;
    for (const other of ['note', 'transfer'] as const) {
      const hz = [dominantHz(chime, 44_100), dominantHz(wav(other).samples, 44_100)];
      expect(Math.abs(hz[0]! - hz[1]!), `message ${hz[0]} Hz, ${other} ${hz[1]} Hz`).toBeGreaterThan(50);
      expect(rms(chime)).toBeLessThan(rms(wav(other).samples));
    }
  });
});
