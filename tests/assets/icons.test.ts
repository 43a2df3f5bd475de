import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { APP_ICON_SIZE, TRAY_SIZE, generateIcons } from '../../scripts/lib/icons';
import { decodePng } from './png-decode';

const dir = new URL('../../assets/icons/', import.meta.url);
const read = (file: string) => readFileSync(new URL(file, dir));
const counts = [1, 2, 3, 4, 5, 6, 7, 8, 9, '9plus'] as const;
const expected = [
  'icon.png',
  'tray-idle.png',
  ...(['waiting', 'urgent'] as const).flatMap((state) => counts.map((n) => `tray-${state}-${n}.png`)),
].sort();

/** The most frequent fully opaque colour: the glyph's fill, not the badge or anti-aliased edges. */
function dominantColor(rgba: Uint8Array): [number, number, number] {
  const tally = new Map<number, number>();
  for (let i = 0; i < rgba.length; i += 4) {
    if (rgba[i + 3] !== 255) continue;
    const key = (rgba[i]! << 16) | (rgba[i + 1]! << 8) | rgba[i + 2]!;
    tally.set(key, (tally.get(key) ?? 0) + 1);
  }
  const [key] = [...tally].reduce((a, b) => (b[1] > a[1] ? b : a));
  return [(key >> 16) & 255, (key >> 8) & 255, key & 255];
}

/** Hue in degrees and saturation (max - min channel). */
function hueSat([r, g, b]: [number, number, number]): { hue: number; sat: number } {
  const max = Math.max(r, g, b);
  const sat = max - Math.min(r, g, b);
  if (sat === 0) return { hue: 0, sat };
  const h = max === r ? (g - b) / sat : max === g ? 2 + (b - r) / sat : 4 + (r - g) / sat;
  return { hue: (h * 60 + 360) % 360, sat };
}

describe('icons', () => {
  it('are exactly the expected files, byte-for-byte what scripts/make-icons.ts generates', () => {
    const fresh = generateIcons();
    expect([...fresh.keys()].sort()).toEqual(expected);
    expect(readdirSync(dir).filter((f) => f.endsWith('.png')).sort()).toEqual(expected);
    for (const [file, png] of fresh) expect(png.equals(read(file)), `${file} is stale: run npm run icons`).toBe(true);
  });

  it.each(expected)('%s is an 8-bit RGBA PNG of the right size', (file) => {
    const png = decodePng(read(file));
    const size = file === 'icon.png' ? APP_ICON_SIZE : TRAY_SIZE;
    expect({ width: png.width, height: png.height, bitDepth: png.bitDepth, colorType: png.colorType }).toEqual({
      width: size,
      height: size,
      bitDepth: 8,
      colorType: 6,
    });
    expect(png.rgba).not.toBeNull();
  });

  it('tray states differ in colour: grey idle, amber waiting, red urgent', () => {
    const look = (file: string) => hueSat(dominantColor(decodePng(read(file)).rgba!));
    expect(look('tray-idle.png').sat).toBeLessThan(30);
    for (const n of counts) {
      const waiting = look(`tray-waiting-${n}.png`);
      const urgent = look(`tray-urgent-${n}.png`);
      expect(waiting.sat).toBeGreaterThan(150);
      expect(waiting.hue).toBeGreaterThan(25);
      expect(waiting.hue).toBeLessThan(55);
      expect(urgent.sat).toBeGreaterThan(150);
      expect(Math.min(urgent.hue, 360 - urgent.hue)).toBeLessThan(12);
    }
  });

  it('every count has its own badge', () => {
    const pixels = expected.map((file) => Buffer.from(decodePng(read(file)).rgba!).toString('base64'));
    expect(new Set(pixels).size).toBe(expected.length);
  });
});
