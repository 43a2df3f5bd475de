import { type Shape, circle, roundedRect, union } from './raster';

/** Where the bell goes: its bounding square, in pixels. */
export interface Box {
  x: number;
  y: number;
  size: number;
}

/**
 * A hand-bell silhouette: crown knob, domed body flaring towards a wide rounded lip, and the
 * clapper showing below. Proportions are fractions of the box, so one outline serves 32 px
 * tray icons and the 512 px app icon.
 */
export function bell(box: Box): Shape {
  const { x, y, size: s } = box;
  const knob = circle(x + 0.5 * s, y + 0.1 * s, 0.075 * s);
  const lip = roundedRect(x + 0.06 * s, y + 0.7 * s, x + 0.94 * s, y + 0.81 * s, 0.055 * s);
  const clapper = circle(x + 0.5 * s, y + 0.86 * s, 0.1 * s);
  return union(knob, bellBody(box), lip, clapper);
}

/** The body: dome and flare. */
function bellBody(box: Box): Shape {
  return (x, y) => Math.abs((x - box.x) / box.size - 0.5) <= bodyHalfWidth((y - box.y) / box.size);
}

/** Body half-width at height fy (0 top, 1 bottom): a dome, then a flare that widens to the lip. */
function bodyHalfWidth(fy: number): number {
  const domeCentre = 0.38;
  const r = 0.25;
  const bottom = 0.76;
  if (fy < domeCentre - r || fy > bottom) return -1;
  if (fy < domeCentre) return Math.sqrt(r * r - (fy - domeCentre) * (fy - domeCentre));
  const t = (fy - domeCentre) / (bottom - domeCentre);
  return r + 0.13 * t * t;
}
