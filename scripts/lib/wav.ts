/** A canonical 44-byte-header PCM WAV: 16-bit signed little-endian, mono. */
export function encodeWav(samples: Float64Array, sampleRate: number): Buffer {
  const dataBytes = samples.length * 2;
  const out = Buffer.alloc(44 + dataBytes);
  out.write('RIFF', 0, 'ascii');
  out.writeUInt32LE(36 + dataBytes, 4);
  out.write('WAVE', 8, 'ascii');
  out.write('fmt ', 12, 'ascii');
  out.writeUInt32LE(16, 16); // fmt chunk size for plain PCM
  out.writeUInt16LE(1, 20); // PCM
  out.writeUInt16LE(1, 22); // channels
  out.writeUInt32LE(sampleRate, 24);
  out.writeUInt32LE(sampleRate * 2, 28); // byte rate
  out.writeUInt16LE(2, 32); // block align
  out.writeUInt16LE(16, 34); // bits per sample
  out.write('data', 36, 'ascii');
  out.writeUInt32LE(dataBytes, 40);
  for (let i = 0; i < samples.length; i++) out.writeInt16LE(toInt16(samples[i] ?? 0), 44 + i * 2);
  return out;
}

/** [-1, 1] to int16; anything outside is a synthesis bug, so refuse rather than clip quietly. */
function toInt16(x: number): number {
  if (!(Math.abs(x) <= 1)) throw new RangeError(`sample out of range: ${x}`);
  return Math.round(x * 32767);
}
