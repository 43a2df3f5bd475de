/** The nearest-rank percentile by selection agrees with sorting, on hand-picked and random lists (ties included). */
import { describe, expect, it } from 'vitest';
import { percentile } from '../../src/server/statistics/tallies';

const bySorting = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0 ? null : sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)];
};

describe('percentile', () => {
  it('nearest rank: a value that occurred', () => {
    expect(percentile(new Float64Array([]), 0.5)).toBeNull();
    expect(percentile(new Float64Array([7]), 0.9)).toBe(7);
    expect(percentile(new Float64Array([21_000, 19_000, 90_000, 45_000]), 0.5)).toBe(21_000);
    expect(percentile(new Float64Array([21_000, 19_000, 90_000, 45_000]), 0.9)).toBe(90_000);
    expect(percentile(new Float64Array([5, 1, 3, 2, 4]), 0.5)).toBe(3);
  });

  it('agrees with sorting on random lists, with many ties', () => {
    let seed = 42;
    const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
    for (let round = 0; round < 300; round++) {
      const n = 1 + Math.floor(random() * 400);
      const spread = round % 3 === 0 ? 5 : 100_000;
      const values = Array.from({ length: n }, () => Math.floor(random() * spread));
      for (const p of [0.5, 0.9, 0.01, 1]) expect(percentile(Float64Array.from(values), p), `${round} ${p}`).toBe(bySorting(values, p));
    }
  });
});
