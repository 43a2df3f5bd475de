/** A point-in-shape test in pixel coordinates (x right, y down; pixel (i, j) spans [i, i+1)). */
export type Shape = (x: number, y: number) => boolean;
export type Rgb = readonly [number, number, number];

/** Subsamples per pixel side: 4x4 gives 17 coverage levels, enough for smooth edges at any size. */
const SS = 4;

/** An RGBA canvas, premultiplied floats internally, painted with anti-aliased shapes. */
export class Canvas {
  private readonly px: Float64Array;

  constructor(
    readonly width: number,
    readonly height: number,
  ) {
    this.px = new Float64Array(width * height * 4);
  }

  /** Paints `color` over the canvas where `shape` covers, per-pixel coverage by supersampling. */
  fill(shape: Shape, color: Rgb, opacity = 1): void {
    this.paint(shape, (i, a) => {
      for (let c = 0; c < 3; c++) this.px[i + c] = ((color[c] ?? 0) / 255) * a + (this.px[i + c] ?? 0) * (1 - a);
      this.px[i + 3] = a + (this.px[i + 3] ?? 0) * (1 - a);
    }, opacity);
  }

  /** Erases where `shape` covers: used to cut a gap around a badge so it reads on any background. */
  clear(shape: Shape): void {
    this.paint(shape, (i, a) => {
      for (let c = 0; c < 4; c++) this.px[i + c] = (this.px[i + c] ?? 0) * (1 - a);
    });
  }

  /** Sets whole pixels, no anti-aliasing: bitmap glyphs stay crisp at tray size. */
  setPixel(x: number, y: number, color: Rgb): void {
    if (x < 0 || y < 0 || x >= this.width || y >= this.height) return;
    const i = (y * this.width + x) * 4;
    for (let c = 0; c < 3; c++) this.px[i + c] = (color[c] ?? 0) / 255;
    this.px[i + 3] = 1;
  }

  /** Straight (non-premultiplied) 8-bit RGBA, as PNG stores it. */
  toRgba(): Uint8Array {
    const out = new Uint8Array(this.px.length);
    for (let i = 0; i < this.px.length; i += 4) {
      const a = this.px[i + 3] ?? 0;
      out[i + 3] = Math.round(a * 255);
      if (out[i + 3] === 0) continue; // fully transparent: keep colour 0 so equal images encode equally
      for (let c = 0; c < 3; c++) out[i + c] = Math.round(Math.min(1, (this.px[i + c] ?? 0) / a) * 255);
    }
    return out;
  }

  private paint(shape: Shape, blend: (index: number, alpha: number) => void, opacity = 1): void {
    for (let y = 0; y < this.height; y++) {
      for (let x = 0; x < this.width; x++) {
        let hits = 0;
        for (let sy = 0; sy < SS; sy++) {
          for (let sx = 0; sx < SS; sx++) if (shape(x + (sx + 0.5) / SS, y + (sy + 0.5) / SS)) hits++;
        }
        if (hits > 0) blend((y * this.width + x) * 4, (opacity * hits) / (SS * SS));
      }
    }
  }
}

// Products rather than `**`: exponentiation may be approximated, multiplication is exact.
export const circle =
  (cx: number, cy: number, r: number): Shape =>
  (x, y) =>
    (x - cx) * (x - cx) + (y - cy) * (y - cy) <= r * r;

/** Axis-aligned rectangle with corner radius r. */
export const roundedRect =
  (x0: number, y0: number, x1: number, y1: number, r: number): Shape =>
  (x, y) => {
    if (x < x0 || x > x1 || y < y0 || y > y1) return false;
    const dx = Math.max(x0 + r - x, 0, x - (x1 - r));
    const dy = Math.max(y0 + r - y, 0, y - (y1 - r));
    return dx * dx + dy * dy <= r * r;
  };

export const union =
  (...shapes: Shape[]): Shape =>
  (x, y) =>
    shapes.some((s) => s(x, y));

export const minus =
  (a: Shape, b: Shape): Shape =>
  (x, y) =>
    a(x, y) && !b(x, y);
