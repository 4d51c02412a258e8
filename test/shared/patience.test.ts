/**
 * The effective early-stopping patience (shared/patience.ts), the engine's rule and the Train
 * form's note. Expected values computed by hand below each call.
 */
import { describe, expect, it } from 'vitest';
import { effectivePatience } from '../../src/shared/patience';

describe('effectivePatience', () => {
  it("raises the patience on the zoo table's 71 training rows", () => {
    // ⌈71 / 32⌉ = 3 steps per epoch; ⌈400 / 3⌉ = 134 > 20 epochs.
    expect(effectivePatience(20, 400, 71, 32)).toEqual({
      epochs: 134,
      stepsPerEpoch: 3,
      raised: true,
    });
  });

  it('keeps the patience given on a large table', () => {
    // ⌈6800 / 32⌉ = 213 steps; ⌈400 / 213⌉ = 2 < 20: stays 20.
    expect(effectivePatience(20, 400, 6800, 32)).toEqual({
      epochs: 20,
      stepsPerEpoch: 213,
      raised: false,
    });
  });

  it('keeps 0 (no early stopping) and a min. of 0 steps as given', () => {
    expect(effectivePatience(0, 400, 71, 32).epochs).toBe(0);
    // ⌈0 / 3⌉ = 0 < 20.
    expect(effectivePatience(20, 0, 71, 32)).toMatchObject({ epochs: 20, raised: false });
  });

  it('counts a batch larger than the table as one step', () => {
    // ⌈71 / 256⌉ = 1 step per epoch: 400 epochs.
    expect(effectivePatience(20, 400, 71, 256)).toMatchObject({ epochs: 400, stepsPerEpoch: 1 });
  });
});
