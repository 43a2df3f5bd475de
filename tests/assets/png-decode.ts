import { inflateSync } from 'node:zlib';

/** Reads what a viewer would: independent of the generator's encoder, all five row filters. */
export interface Png {
  width: number;
  height: number;
  bitDepth: number;
  colorType: number;
  rgba: Uint8Array | null;
}

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export function decodePng(buf: Buffer): Png {
  if (!buf.subarray(0, 8).equals(SIGNATURE)) throw new Error('bad PNG signature');
  let ihdr: Buffer | null = null;
  const idat: Buffer[] = [];
  let ended = false;
  for (let at = 8; at < buf.length && !ended; ) {
    const len = buf.readUInt32BE(at);
    const type = buf.toString('ascii', at + 4, at + 8);
    const data = buf.subarray(at + 8, at + 8 + len);
    if (data.length !== len || at + 12 + len > buf.length) throw new Error(`truncated ${type} chunk`);
    if (type === 'IHDR') ihdr = data;
    else if (type === 'IDAT') idat.push(data);
    else if (type === 'IEND') ended = true;
    at += 12 + len;
  }
  if (!ihdr || ihdr.length !== 13 || !ended || idat.length === 0) throw new Error('missing IHDR, IDAT or IEND');
  const png = { width: ihdr.readUInt32BE(0), height: ihdr.readUInt32BE(4), bitDepth: ihdr[8]!, colorType: ihdr[9]! };
  const rgba = png.bitDepth === 8 && png.colorType === 6 ? unfilter(inflateSync(Buffer.concat(idat)), png.width, png.height) : null;
  return { ...png, rgba };
}

function unfilter(raw: Buffer, width: number, height: number): Uint8Array {
  const stride = width * 4;
  if (raw.length !== (stride + 1) * height) throw new Error('image data size does not match IHDR');
  const out = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    for (let x = 0; x < stride; x++) {
      const v = raw[y * (stride + 1) + 1 + x]!;
      const a = x >= 4 ? out[y * stride + x - 4]! : 0;
      const b = y > 0 ? out[(y - 1) * stride + x]! : 0;
      const c = x >= 4 && y > 0 ? out[(y - 1) * stride + x - 4]! : 0;
      out[y * stride + x] = (v + predict(filter, a, b, c)) & 0xff;
    }
  }
  return out;
}

function predict(filter: number, a: number, b: number, c: number): number {
  switch (filter) {
    case 0:
      return 0;
    case 1:
      return a;
    case 2:
      return b;
    case 3:
      return (a + b) >> 1;
    case 4: {
      const p = a + b - c;
      const [pa, pb, pc] = [Math.abs(p - a), Math.abs(p - b), Math.abs(p - c)];
      return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }
    default:
      throw new Error(`bad filter type ${filter}`);
  }
}
