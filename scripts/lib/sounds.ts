import { MESSAGE_CHIME, PLAYABLE_SOUNDS, type PlayableSound, type SoundName } from '../../src/shared/alerts/policy';
import { type ChimeSpec, type Partial, SAMPLE_RATE, renderChime } from './chime';
import { encodeWav } from './wav';

/**
 * A small struck bell: the free-bar overtones 2.756 and 5.404 give the metallic colour,
 * the octave warms it, and a fundamental detuned by 0.4 % beats slowly like a real bell.
 */
const BELL: readonly Partial[] = [
  { ratio: 1, gain: 1, tau: 0.3 },
  { ratio: 1.004, gain: 0.35, tau: 0.25 },
  { ratio: 2, gain: 0.3, tau: 0.16 },
  { ratio: 2.756, gain: 0.22, tau: 0.1 },
  { ratio: 5.404, gain: 0.08, tau: 0.04 },
];

/** Urgent: shorter ring and stronger overtones, so the rapid strikes stay distinct and cut through. */
const ALARM: readonly Partial[] = [
  { ratio: 1, gain: 1, tau: 0.25 },
  { ratio: 1.006, gain: 0.3, tau: 0.2 },
  { ratio: 2, gain: 0.45, tau: 0.14 },
  { ratio: 2.756, gain: 0.35, tau: 0.07 },
  { ratio: 5.404, gain: 0.15, tau: 0.03 },
];

/** A wooden, soft tone: almost no metallic overtones, short ring. Nothing like the pings' bell. */
const WOOD: readonly Partial[] = [
  { ratio: 1, gain: 1, tau: 0.12 },
  { ratio: 2, gain: 0.18, tau: 0.06 },
  { ratio: 3.01, gain: 0.07, tau: 0.03 },
];

/**
 * The message chime: a mellow, short-lived tone (soft octave, no bright bar overtones) so it
 * reads as "someone wrote" and never as a new chat.
 */
const SOFT: readonly Partial[] = [
  { ratio: 1, gain: 1, tau: 0.18 },
  { ratio: 2, gain: 0.18, tau: 0.1 },
  { ratio: 3, gain: 0.05, tau: 0.05 },
];

const NOTE = {
  E4: 329.63,
  G4: 392,
  C5: 523.25,
  E5: 659.25,
  G5: 783.99,
  C6: 1046.5,
  A5: 880,
  D6: 1174.66,
  B5: 987.77,
  E6: 1318.51,
  GS6: 1661.22,
  C7: 2093,
} as const;

/**
 * The escalation: each level is higher, louder and busier than the last: a two-note chime, the same a step
 * up and quicker, a three-note rising arpeggio, then a rapid triple strike
 * on a high bell, like a desk bell hit three times.
 */
export const SOUND_SPECS: Record<SoundName, ChimeSpec> = {
  'ping-1': {
    seconds: 0.65,
    partials: BELL,
    peak: 0.5,
    strikes: [
      { at: 0, hz: NOTE.G5, gain: 0.8 },
      { at: 0.15, hz: NOTE.C6, gain: 1 },
    ],
  },
  'ping-2': {
    seconds: 0.6,
    partials: BELL,
    peak: 0.65,
    strikes: [
      { at: 0, hz: NOTE.A5, gain: 0.8 },
      { at: 0.12, hz: NOTE.D6, gain: 1 },
    ],
  },
  'ping-3': {
    seconds: 0.65,
    partials: BELL,
    peak: 0.8,
    strikes: [
      { at: 0, hz: NOTE.B5, gain: 0.8 },
      { at: 0.09, hz: NOTE.E6, gain: 0.9 },
      { at: 0.18, hz: NOTE.GS6, gain: 1 },
    ],
  },
  urgent: {
    seconds: 0.7,
    partials: ALARM,
    peak: 0.89, // about -1 dBFS
    // 0.11 s apart the restrikes catch the ringing bar out of phase, so the peaks stay
    // modest and the normalised loudness high; in phase they would pile up and force it down.
    strikes: [0, 0.11, 0.22].map((at) => ({ at, hz: NOTE.C7, gain: 1 })),
  },
  // The hand-offs sound low and soft, below every ping, so no librarian takes them for a patron.
  /** A note for you: two soft falling knocks, E5 then C5. */
  note: {
    seconds: 0.45,
    partials: WOOD,
    peak: 0.45,
    strikes: [
      { at: 0, hz: NOTE.E5, gain: 1 },
      { at: 0.13, hz: NOTE.C5, gain: 0.9 },
    ],
  },
  /** A chat offered to you: a falling then rising call, C5, G4, E4, G4, answering a colleague. */
  transfer: {
    seconds: 0.95,
    partials: WOOD,
    peak: 0.7,
    strikes: [
      { at: 0, hz: NOTE.C5, gain: 1 },
      { at: 0.16, hz: NOTE.G4, gain: 0.9 },
      { at: 0.32, hz: NOTE.E4, gain: 0.9 },
      { at: 0.5, hz: NOTE.G4, gain: 1 },
    ],
  },
};

/**
 * A patron's message in a chat the librarian holds but is not looking at: two soft rising notes,
 * E5 then A5, lower and quieter than any alert; rising, where a note for you falls, so the two
 * soft sounds are never confused.
 */
export const MESSAGE_SPEC: ChimeSpec = {
  seconds: 0.45,
  partials: SOFT,
  peak: 0.35,
  strikes: [
    { at: 0, hz: NOTE.E5, gain: 0.8 },
    { at: 0.1, hz: NOTE.A5, gain: 1 },
  ],
};

const SPECS: Record<PlayableSound, ChimeSpec> = { ...SOUND_SPECS, [MESSAGE_CHIME]: MESSAGE_SPEC };

export { SAMPLE_RATE };

/** Every sound the app plays as WAV bytes, keyed by the name the policy uses (the alerts, then the message chime). */
export function generateSounds(): Map<PlayableSound, Buffer> {
  return new Map(PLAYABLE_SOUNDS.map((name) => [name, encodeWav(renderChime(SPECS[name]), SAMPLE_RATE)]));
}
