/**
 * Exponential backoff with full jitter (a uniform pick in [0, min(cap, base * 2^attempt)]),
 * so a restarted backend is not hit by every desk at the same instant.
 */
export function backoffDelay(attempt: number, baseMs: number, capMs: number, random: () => number = Math.random): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.min(attempt, 30));
  return Math.floor(random() * ceiling);
}
