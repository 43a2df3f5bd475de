import { describe, expect, it } from 'vitest';
import { dispatch } from '../../src/shared/dispatch';

type Shape = { kind: 'circle'; r: number } | { kind: 'square'; side: number };
const area = {
  circle: (scale: number, shape: { kind: 'circle'; r: number }, unit: string) => `${Math.round(Math.PI * (shape.r * scale) ** 2)} ${unit}`,
  square: (scale: number, shape: { kind: 'square'; side: number }, unit: string) => `${(shape.side * scale) ** 2} ${unit}`,
};

describe('dispatch', () => {
  it("calls the handler of the value's own variant with the context, the value and the rest", () => {
    const shapes: Shape[] = [
      { kind: 'square', side: 3 },
      { kind: 'circle', r: 1 },
    ];
    const results: string[] = shapes.map((shape) => dispatch('kind', area, 2, shape, 'cm2'));
    expect(results).toEqual(['36 cm2', '13 cm2']);
  });

  it('reads the key from the discriminant it is given', () => {
    const seen: unknown[] = [];
    const frames = {
      say: (who: string, frame: { type: 'say'; text: string }) => seen.push([who, frame.text]),
      leave: (who: string, frame: { type: 'leave' }) => seen.push([who, frame.type]),
    };
    const frame = { type: 'say', text: 'hello' } as const;
    dispatch('type', frames, 'patron', frame);
    expect(seen).toEqual([['patron', 'hello']]);
  });
});
