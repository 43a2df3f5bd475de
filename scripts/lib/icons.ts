import { bell } from './bell';
import { GLYPH_HEIGHT, GLYPH_WIDTH, drawGlyph } from './bitmap-font';
import { encodePng } from './png';
import { Canvas, type Rgb, type Shape, circle, roundedRect } from './raster';

export type TrayIconState = 'idle' | 'waiting' | 'urgent';
export const TRAY_SIZE = 32;
export const APP_ICON_SIZE = 512;
/**
 * Counts above this show as "9+": two digits do not fit a 32 px badge legibly. Must match
 * MAX_ICON_COUNT in src/main/electron/icons.ts, which picks the file for a tray view.
 */
export const MAX_BADGE_COUNT = 9;

const BELL_COLOR: Record<TrayIconState, Rgb> = {
  idle: [136, 142, 150], // neutral grey, readable on light and dark panels
  waiting: [245, 159, 0], // amber
  urgent: [224, 40, 40], // red
};
const BADGE_COLOR: Record<Exclude<TrayIconState, 'idle'>, Rgb> = {
  waiting: [150, 75, 0],
  urgent: [140, 16, 16],
};
const WHITE: Rgb = [255, 255, 255];

/**
 * Every icon the app ships, file name to PNG bytes: tray-idle.png,
 * tray-<waiting|urgent>-<1..9|9plus>.png and the app icon, icon.png.
 */
export function generateIcons(): Map<string, Buffer> {
  const icons = new Map<string, Buffer>();
  icons.set('tray-idle.png', trayIcon('idle', ''));
  for (const state of ['waiting', 'urgent'] as const) {
    for (let n = 1; n <= MAX_BADGE_COUNT; n++) icons.set(`tray-${state}-${n}.png`, trayIcon(state, String(n)));
    icons.set(`tray-${state}-${MAX_BADGE_COUNT}plus.png`, trayIcon(state, `${MAX_BADGE_COUNT}+`));
  }
  icons.set('icon.png', appIcon());
  return icons;
}

function trayIcon(state: TrayIconState, label: string): Buffer {
  const canvas = new Canvas(TRAY_SIZE, TRAY_SIZE);
  if (state === 'idle') {
    canvas.fill(bell({ x: 1, y: 1, size: 30 }), BELL_COLOR.idle);
  } else {
    canvas.fill(bell({ x: 0, y: 0, size: 28 }), BELL_COLOR[state]);
    drawBadge(canvas, label, BADGE_COLOR[state]);
  }
  return encodePng(TRAY_SIZE, TRAY_SIZE, canvas.toRgba());
}

/** A badge in the bottom-right corner, cut out of the bell by a transparent ring so it reads on any panel. */
function drawBadge(canvas: Canvas, label: string, fill: Rgb): void {
  const scale = 2;
  const textW = label.length * GLYPH_WIDTH * scale + (label.length - 1);
  const textH = GLYPH_HEIGHT * scale;
  const r = 8;
  const right = TRAY_SIZE;
  const bottom = TRAY_SIZE;
  // A circle for one digit, a pill when the label is wider.
  const left = Math.min(right - 2 * r, right - textW - 4);
  const badge = (grow: number): Shape => roundedRect(left - grow, bottom - 2 * r - grow, right + grow, bottom + grow, r + grow);
  canvas.clear(badge(1.5));
  canvas.fill(badge(0), fill);
  let x = Math.round((left + right - textW) / 2);
  const y = Math.round(bottom - r - textH / 2);
  for (const ch of label) {
    drawGlyph(canvas, ch, x, y, scale, WHITE);
    x += GLYPH_WIDTH * scale + 1;
  }
}

const NAVY: Rgb = [28, 52, 88];
const GOLD: Rgb = [246, 190, 50];

/** The app icon: a gold bell ringing, on a rounded navy square. */
function appIcon(): Buffer {
  const s = APP_ICON_SIZE;
  const canvas = new Canvas(s, s);
  canvas.fill(roundedRect(24, 24, s - 24, s - 24, 96), NAVY);
  const box = { x: 121, y: 130, size: 270 };
  canvas.fill(bell(box), GOLD);
  const cx = box.x + box.size / 2;
  const cy = box.y + 0.45 * box.size;
  for (const [r0, r1] of [
    [160, 180],
    [200, 220],
  ] as const) {
    canvas.fill(soundArc(cx, cy, r0, r1), GOLD, 0.85);
  }
  return encodePng(s, s, canvas.toRgba());
}

/** Two arcs either side of (cx, cy), within ±30° of horizontal: the bell's ringing. */
function soundArc(cx: number, cy: number, r0: number, r1: number): Shape {
  const inner = circle(cx, cy, r0);
  const outer = circle(cx, cy, r1);
  // tan 30° ≈ 0.577; comparing slopes avoids atan2, which is not exact across engines.
  return (x, y) => outer(x, y) && !inner(x, y) && Math.abs(y - cy) <= 0.577 * Math.abs(x - cx);
}
