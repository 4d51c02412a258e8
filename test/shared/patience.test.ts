/**
 * The effective early-stopping patience (shared/patience.ts), the engine's rule and the Train
 * form's note. Expected values computed by hand below each call.
 */
import { describe, expect, it } from 'vitest';
import { foldAssignments } from '../../src/main/engine/crossValidation';
import { effectivePatience, foldTrainRows } from '../../src/shared/patience';

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

describe('foldTrainRows', () => {
  it('gives the fewest and most training rows of a fold', () => {
    // 101 rows, 5 folds: 20 or 21 test rows, N = 81 or 80 left; validation ⌊80·0.15⌋ = 12 of
    // 80, 12 or 13 of 81 (12.15): 68 to 81 − 12 = 69 training rows.
    expect(foldTrainRows(101, 5, 0.15)).toEqual({ min: 68, max: 69 });
    // 10 rows, 2 folds: N = 5 each; validation 0 or 1 (0.75): 4 to 5.
    expect(foldTrainRows(10, 2, 0.15)).toEqual({ min: 4, max: 5 });
    // No validation: the rows outside the test fold, 100 − 34 = 66 to 100 − 33 = 67.
    expect(foldTrainRows(100, 3, 0)).toEqual({ min: 66, max: 67 });
  });

  it('holds every fold the engine deals (engine/crossValidation.ts foldAssignments)', () => {
    for (const [rows, k] of [
      [101, 5],
      [95, 5],
      [37, 4],
    ]) {
      const keys = Array.from({ length: rows }, (_, i) => ['a', 'b', 'c'][i % 3]);
      const { min, max } = foldTrainRows(rows, k, 0.15);
      for (const seed of [1, 2, 3]) {
        for (const f of foldAssignments(keys, { k, repeats: 1, seed, validationFraction: 0.15 })) {
          const trainRows = f.assignment.filter((s) => s === 'train').length;
          expect(trainRows).toBeGreaterThanOrEqual(min);
          expect(trainRows).toBeLessThanOrEqual(max);
        }
      }
    }
  });

  it('refuses folds outside [2, rows] and a validation fraction outside [0, 0.5]', () => {
    expect(() => foldTrainRows(10, 1, 0.15)).toThrow(/got 1/);
    expect(() => foldTrainRows(10, 11, 0.15)).toThrow(/got 11/);
    expect(() => foldTrainRows(10, 2, 0.6)).toThrow(/got 0.6/);
  });
});
