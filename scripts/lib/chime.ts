import { exp, sin } from './det-math';

/** One partial of the struck bar: frequency ratio to the note, level, and ring time. */
export interface Partial {
  ratio: number;
  gain: number;
  /** Exponential decay time constant, seconds: upper partials die first, as in a real bell. */
  tau: number;
}

export interface Strike {
  /** Seconds from the start of the sound. */
  at: number;
  /** Note frequency, Hz. */
  hz: number;
  gain: number;
}

export interface ChimeSpec {
  seconds: number;
  strikes: readonly Strike[];
  partials: readonly Partial[];
  /** Final peak level, below full scale. */
  peak: number;
}

export const SAMPLE_RATE = 44_100;
const TWO_PI = 6.283185307179586;
/** A struck bar speaks in a few milliseconds; an instant onset would click. */
const ATTACK_S = 0.003;
const FADE_IN_S = 0.004;
const FADE_OUT_S = 0.08;

/** Renders the strikes, fades the edges and normalises the peak to spec.peak. */
export function renderChime(spec: ChimeSpec): Float64Array {
  const length = Math.round(spec.seconds * SAMPLE_RATE);
  const out = new Float64Array(length);
  for (const strike of spec.strikes) addStrike(out, strike, spec.partials);
  applyFades(out);
  normalise(out, spec.peak);
  return out;
}

function addStrike(out: Float64Array, strike: Strike, partials: readonly Partial[]): void {
  const start = Math.round(strike.at * SAMPLE_RATE);
  for (const p of partials) {
    const hz = strike.hz * p.ratio;
    if (hz >= SAMPLE_RATE / 2) continue; // would alias
    // Per-sample decay factor, applied by multiplication: exact and cheap.
    const decay = exp(-1 / (p.tau * SAMPLE_RATE));
    let env = strike.gain * p.gain;
    for (let i = start; i < out.length; i++) {
      const t = (i - start) / SAMPLE_RATE;
      const attack = t < ATTACK_S ? t / ATTACK_S : 1;
      out[i] = (out[i] ?? 0) + env * attack * sin(TWO_PI * hz * t);
      env *= decay;
    }
  }
}

/** Smoothstep ramps at both ends, so playback starts and stops without a click. */
function applyFades(out: Float64Array): void {
  const fadeIn = Math.round(FADE_IN_S * SAMPLE_RATE);
  const fadeOut = Math.round(FADE_OUT_S * SAMPLE_RATE);
  for (let i = 0; i < out.length; i++) {
    const gain = Math.min(ramp(i / fadeIn), ramp((out.length - 1 - i) / fadeOut));
    out[i] = (out[i] ?? 0) * gain;
  }
}

function ramp(x: number): number {
  if (x >= 1) return 1;
  return x * x * (3 - 2 * x);
}

function normalise(out: Float64Array, peak: number): void {
  let max = 0;
  for (const s of out) max = Math.max(max, Math.abs(s));
  if (max === 0) return;
  const k = peak / max;
  for (let i = 0; i < out.length; i++) out[i] = (out[i] ?? 0) * k;
}
