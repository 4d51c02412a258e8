/**
 * export/predictRange.ts: which numeric input cells count as far outside the training data,
 * with the training range (fitted since it was kept) and without it (old runs and bundles:
 * more than 10 std from the mean). Expected values are worked out by hand in the comments.
 */
import { describe, expect, it } from 'vitest';
import { farOutsideWarning } from '../../src/main/cli/commands/predictWords';
import {
  fitPreprocessing,
  transform,
  type FittedPreprocessing,
} from '../../src/main/engine/preprocessing';
import { countFarOutside, type FarOutsideValues } from '../../src/main/export/predictRange';

/** One numeric encoder over column `legs`, with or without the training range. */
function prep(range: { min: number; max: number } | null): FittedPreprocessing {
  return {
    version: 1,
    encoders: [
      {
        kind: 'numeric',
        column: 'legs',
        mean: 2,
        std: 1,
        missingIndicator: true,
        ...(range ?? {}),
      },
    ],
    featureNames: ['legs', 'legs:missing'],
    skipped: [],
  };
}

describe('fitting keeps the training range', () => {
  it('min and max of the training rows only', () => {
    const fitted = fitPreprocessing(
      [{ name: 'legs', type: 'numeric', values: [4, 0, null, 8, 400000] }],
      [0, 1, 2, 3],
    );
    // Training rows 0–3: values 4, 0, (missing), 8 → min 0, max 8; row 4 is not training.
    expect(fitted.encoders[0]).toMatchObject({ kind: 'numeric', min: 0, max: 8 });
  });
});

describe('countFarOutside with the training range', () => {
  it('beyond the range by more than its width, counted over batches', () => {
    // Range 0–8, width 8: far outside below −8 or above 16.
    const into = new Map<string, FarOutsideValues>();
    const p = prep({ min: 0, max: 8 });
    const perRow = countFarOutside(
      p,
      { legs: [16, -8, 4, null, 16.5, 'x'] },
      into,
      [1, 2, 3, 4, 5, 6],
    );
    // 16 and −8 lie exactly at the limits (not beyond); 16.5 (row 5) is 8.5 above 8, 1.0625 widths.
    expect(into.get('legs')).toEqual({
      column: 'legs',
      rows: 1,
      firstRows: [5],
      extreme: 16.5,
      training: { kind: 'range', min: 0, max: 8 },
    });
    expect(perRow).toEqual([[], [], [], [], ['legs'], []]);
    // Next batch (rows 7–9): −20 is 20 below 0 (2.5 widths), 400000 is 399992 above 8: the extreme.
    expect(countFarOutside(p, { legs: [-20, 400000, 3] }, into, [7, 8, 9])).toEqual([
      ['legs'],
      ['legs'],
      [],
    ]);
    expect(into.get('legs')).toMatchObject({ rows: 3, firstRows: [5, 7, 8], extreme: 400000 });
    countFarOutside(p, { legs: [-1e6, -1e6, -1e6] }, into, [10, 11, 12]);
    // 1e6 below 0 is further than 399992 above 8; 6 rows, of which the first 5 are named.
    expect(into.get('legs')).toMatchObject({
      rows: 6,
      firstRows: [5, 7, 8, 10, 11],
      extreme: -1e6,
    });
  });

  it('a constant training column: any other value is outside; the furthest is kept', () => {
    const into = new Map<string, FarOutsideValues>();
    countFarOutside(prep({ min: 2, max: 2 }), { legs: [2, 3, -5, 2] }, into, [1, 2, 3, 4]);
    // Width 0: 3 and −5 differ from 2; −5 is 7 away, 3 only 1.
    expect(into.get('legs')).toMatchObject({ rows: 2, extreme: -5 });
  });

  it('nothing for values within the range widened by its width', () => {
    const into = new Map<string, FarOutsideValues>();
    countFarOutside(
      prep({ min: 0, max: 8 }),
      { legs: [0, 8, 12, -4, null] },
      into,
      [1, 2, 3, 4, 5],
    );
    expect(into.size).toBe(0);
  });
});

describe('old fits without min and max: more than 10 std from the mean', () => {
  it('falls back to |x − mean| / std > 10', () => {
    const into = new Map<string, FarOutsideValues>();
    // Mean 2, std 1: far outside below −8 or above 12. 11.9 (z 9.9) and 12 (z 10) are not;
    // 12.5 (z 10.5) and −9 (z −11) are; −9 is further.
    countFarOutside(prep(null), { legs: [11.9, 12, 12.5, -9, 2] }, into, [1, 2, 3, 4, 5]);
    expect(into.get('legs')).toEqual({
      column: 'legs',
      rows: 2,
      firstRows: [3, 4],
      extreme: -9,
      training: { kind: 'spread', mean: 2, std: 1 },
    });
  });

  it('transform encodes alike with and without the range (old runs predict as before)', () => {
    const columns = { legs: [0, 4, null, 400000, -3] };
    const old = transform(prep(null), columns);
    const now = transform(prep({ min: 0, max: 8 }), columns);
    expect(Array.from(now)).toEqual(Array.from(old));
    // By hand: (x − 2) / 1, missing → 0 with indicator 1.
    expect(Array.from(old)).toEqual([-2, 0, 2, 0, 0, 1, 399998, 0, -5, 0]);
  });

  it('the CLI warning names what training saw', () => {
    expect(
      farOutsideWarning({
        column: 'legs',
        rows: 2,
        firstRows: [3, 4],
        extreme: -9,
        training: { kind: 'spread', mean: 2, std: 1 },
      }),
    ).toBe(
      'column "legs": 2 rows (rows 3, 4) far outside the training data, more than 10 std from its mean 2 (std 1; smallest -9): predictions for such rows are extrapolations',
    );
    expect(
      farOutsideWarning({
        column: 'legs',
        rows: 1,
        firstRows: [101],
        extreme: 400000,
        training: { kind: 'range', min: 0, max: 8 },
      }),
    ).toBe(
      'column "legs": 1 row (row 101) far outside the training range 0–8 (largest 400000): predictions for such rows are extrapolations',
    );
    // More rows than named: the first five, then "…".
    expect(
      farOutsideWarning({
        column: 'legs',
        rows: 7,
        firstRows: [1, 2, 3, 4, 5],
        extreme: 400000,
        training: { kind: 'range', min: 0, max: 8 },
      }),
    ).toBe(
      'column "legs": 7 rows (rows 1, 2, 3, 4, 5, …) far outside the training range 0–8 (largest 400000): predictions for such rows are extrapolations',
    );
  });
});
