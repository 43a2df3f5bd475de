/** Independent of the generator's encoder: reads WAV files the way a player would. */

export interface Wav {
  sampleRate: number;
  channels: number;
  bitsPerSample: number;
  samples: Int16Array;
}

/** Parses a PCM WAV, checking every size field against the bytes actually present. */
export function parseWav(buf: Buffer): Wav {
  const tag = (at: number) => buf.toString('ascii', at, at + 4);
  if (buf.length < 12 || tag(0) !== 'RIFF' || tag(8) !== 'WAVE') throw new Error('not RIFF/WAVE');
  if (buf.readUInt32LE(4) !== buf.length - 8) throw new Error(`RIFF size ${buf.readUInt32LE(4)} != ${buf.length - 8}`);
  let fmt: Omit<Wav, 'samples'> | null = null;
  let samples: Int16Array | null = null;
  for (let at = 12; at < buf.length; ) {
    if (at + 8 > buf.length) throw new Error('truncated chunk header');
    const size = buf.readUInt32LE(at + 4);
    const body = at + 8;
    if (body + size > buf.length) throw new Error(`chunk ${tag(at)} overruns the file`);
    if (tag(at) === 'fmt ') {
      if (buf.readUInt16LE(body) !== 1) throw new Error('not PCM');
      const channels = buf.readUInt16LE(body + 2);
      const sampleRate = buf.readUInt32LE(body + 4);
      const bitsPerSample = buf.readUInt16LE(body + 14);
      const blockAlign = (channels * bitsPerSample) / 8;
      if (buf.readUInt16LE(body + 12) !== blockAlign) throw new Error('bad block align');
      if (buf.readUInt32LE(body + 8) !== sampleRate * blockAlign) throw new Error('bad byte rate');
      fmt = { channels, sampleRate, bitsPerSample };
    } else if (tag(at) === 'data') {
      if (!fmt) throw new Error('data before fmt');
      if (size % 2 !== 0) throw new Error('odd data size');
      samples = new Int16Array(size / 2);
      for (let i = 0; i < samples.length; i++) samples[i] = buf.readInt16LE(body + i * 2);
    }
    at = body + size + (size % 2); // chunks are word-aligned
  }
  if (!fmt || !samples) throw new Error('missing fmt or data chunk');
  return { ...fmt, samples };
}

/** Root-mean-square level, as a fraction of full scale. */
export function rms(samples: Int16Array): number {
  let sum = 0;
  for (const s of samples) sum += (s / 32768) ** 2;
  return Math.sqrt(sum / samples.length);
}

/**
 * Frequency with the most energy between lo and hi Hz, by a Goertzel scan in 1 Hz steps.
 * A Hann window widens each peak past the step, so a note between grid points is not missed.
 */
export function dominantHz(samples: Int16Array, sampleRate: number, lo = 200, hi = 5000): number {
  const windowed = hannWindow(samples);
  let best = lo;
  let bestPower = -1;
  for (let hz = lo; hz <= hi; hz += 1) {
    const coeff = 2 * Math.cos((2 * Math.PI * hz) / sampleRate);
    let s1 = 0;
    let s2 = 0;
    for (const x of windowed) {
      const s0 = x + coeff * s1 - s2;
      s2 = s1;
      s1 = s0;
    }
    const power = s1 * s1 + s2 * s2 - coeff * s1 * s2;
    if (power > bestPower) {
      bestPower = power;
      best = hz;
    }
  }
  return best;
}

function hannWindow(samples: Int16Array): Float64Array {
  const n = samples.length;
  return Float64Array.from(samples, (x, i) => x * (0.5 - 0.5 * Math.cos((2 * Math.PI * i) / (n - 1))));
}
