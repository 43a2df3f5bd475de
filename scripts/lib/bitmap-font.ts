import type { Canvas, Rgb } from './raster';

/** 3x5 pixel glyphs: the smallest digits still legible in a 32 px tray icon. */
const GLYPHS: Record<string, readonly string[]> = {
  '0': ['###', '#.#', '#.#', '#.#', '###'],
  '1': ['.#.', '##.', '.#.', '.#.', '###'],
  '2': ['###', '..#', '###', '#..', '###'],
  '3': ['###', '..#', '###', '..#', '###'],
  '4': ['#.#', '#.#', '###', '..#', '..#'],
  '5': ['###', '#..', '###', '..#', '###'],
  '6': ['###', '#..', '###', '#.#', '###'],
  '7': ['###', '..#', '..#', '.#.', '.#.'],
  '8': ['###', '#.#', '###', '#.#', '###'],
  '9': ['###', '#.#', '###', '..#', '###'],
  '+': ['...', '.#.', '###', '.#.', '...'],
};

export const GLYPH_WIDTH = 3;
export const GLYPH_HEIGHT = 5;

/** Draws one glyph with its top-left at (x, y), each font pixel `scale` canvas pixels square. */
export function drawGlyph(canvas: Canvas, ch: string, x: number, y: number, scale: number, color: Rgb): void {
  const rows = GLYPHS[ch];
  if (!rows) throw new RangeError(`no glyph for ${JSON.stringify(ch)}`);
  rows.forEach((row, gy) => {
    for (let gx = 0; gx < row.length; gx++) {
      if (row[gx] !== '#') continue;
      for (let dy = 0; dy < scale; dy++) for (let dx = 0; dx < scale; dx++) canvas.setPixel(x + gx * scale + dx, y + gy * scale + dy, color);
    }
  });
}
