/**
 * sin and exp from basic arithmetic only. ECMA-262 lets Math.sin/Math.exp differ in their
 * last bits between engines and versions; + - * / are exact IEEE-754 everywhere, so the
 * generated assets stay byte-identical wherever the scripts run.
 */

const TWO_PI = 6.283185307179586;
const PI = 3.141592653589793;
const HALF_PI = 1.5707963267948966;
const LN2 = 0.6931471805599453;

/** sin(x), absolute error below 1e-9 for |x| up to a few thousand radians (ample for 16-bit audio). */
export function sin(x: number): number {
  let r = x - TWO_PI * Math.floor(x / TWO_PI); // [0, 2π)
  if (r > PI) r -= TWO_PI; // (-π, π]
  if (r > HALF_PI) r = PI - r;
  else if (r < -HALF_PI) r = -PI - r; // [-π/2, π/2], same sine
  const r2 = r * r;
  // Taylor series to x^15: the remainder is under 2e-10 on [-π/2, π/2].
  let term = r;
  let sum = r;
  for (let n = 2; n <= 14; n += 2) {
    term *= -r2 / (n * (n + 1));
    sum += term;
  }
  return sum;
}

/** exp(x) for |x| < 700, relative error around 1e-15. */
export function exp(x: number): number {
  const n = Math.round(x / LN2);
  const r = x - n * LN2; // |r| <= ln2 / 2
  let term = 1;
  let sum = 1;
  for (let k = 1; k <= 14; k++) {
    term *= r / k;
    sum += term;
  }
  // Scaling by 2^n one power at a time is exact (barring overflow, ruled out above).
  let scale = 1;
  for (let i = 0; i < Math.abs(n); i++) scale *= 2;
  return n >= 0 ? sum * scale : sum / scale;
}
