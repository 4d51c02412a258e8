/**
 * Class-balance warnings of a task (services/tasks.ts balanceWarnings).
 */
import { describe, expect, it } from 'vitest';
import { balanceWarnings, MIN_ROWS_PER_CLASS } from '../../src/main/services/tasks';

describe('balanceWarnings', () => {
  it('lists the first small classes and sums up the rest in one warning', () => {
    // Counts by hand: classes a, b, c, d, f, g, h have fewer than 5 rows (7 classes); e has 10.
    expect(MIN_ROWS_PER_CLASS).toBe(5);
    const warnings = balanceWarnings(
      ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'],
      [1, 2, 3, 4, 10, 1, 1, 1],
      2,
    );
    expect(warnings).toEqual([
      { code: 'FEW_ROWS', severity: 'warning', label: 'a', count: 1 },
      { code: 'FEW_ROWS', severity: 'warning', label: 'b', count: 2 },
      { code: 'FEW_ROWS', severity: 'warning', label: 'c', count: 3 },
      { code: 'MANY_SMALL_CLASSES', severity: 'warning', count: 4 },
      { code: 'MISSING_LABELS', severity: 'warning', count: 2 },
    ]);
  });

  it('says once that nothing is labelled yet, not "only 0 rows" per class', () => {
    // A task just made to label from scratch: 2 classes, 0 rows each, all 10 rows missing.
    expect(balanceWarnings(['red', 'blue'], [0, 0], 10)).toEqual([
      { code: 'NO_LABELS', severity: 'warning', count: 10 },
    ]);
    // One label given: the usual warnings come back.
    expect(balanceWarnings(['red', 'blue'], [1, 0], 9).map((w) => w.code)).toEqual([
      'FEW_ROWS',
      'FEW_ROWS',
      'MISSING_LABELS',
    ]);
  });

  it('says nothing of well-filled classes, and flags a single class as an error', () => {
    expect(balanceWarnings(['x', 'y'], [5, 9], 0)).toEqual([]);
    expect(balanceWarnings(['x'], [40], 0)).toEqual([
      { code: 'ONE_CLASS', severity: 'error', count: 1 },
    ]);
  });
});
