/**
 * The validation benchmark mirrors the protocol's hottest frame in valibot; when the protocol
 * grows a field, the mirror must grow too, or `npm run bench` stops at its first step (as it
 * did once a message gained its visibility). A few rounds here keep the two in step.
 */
import { describe, expect, it } from 'vitest';
import { validationCost } from '../../bench/validation';

describe('the validation benchmark', () => {
  it('parses its frame with both libraries, as the protocol stands', () => {
    const cost = validationCost({ rounds: 3, perRound: 10 });
    expect(cost.zodUs.n).toBe(3);
    expect(cost.valibotUs.n).toBe(3);
  });
});
