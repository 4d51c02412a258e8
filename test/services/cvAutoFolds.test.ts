/**
 * checkAutoFolds: Auto is cross-validated only when every fold leaves at least 2 rows beside
 * its test rows (its inner split's fewest). Expected by hand: folds deal n rows round-robin,
 * so the largest test fold holds ⌈n / k⌉ rows and n − ⌈n / k⌉ are left.
 */
import { describe, expect, it } from 'vitest';
import { MtlError } from '../../src/shared/errors';
import { checkAutoFolds } from '../../src/main/services/crossValidation';

const dataset = { name: 'tiny' };

describe('checkAutoFolds', () => {
  it.each([
    // [rows, folds]: left = rows − ⌈rows / folds⌉
    [3, 3], // 3 − 1 = 2
    [4, 2], // 4 − 2 = 2
    [5, 5], // 5 − 1 = 4
    [5, 2], // 5 − 3 = 2
  ])('accepts %i rows in %i folds', (rows, folds) => {
    expect(() => checkAutoFolds(dataset, folds, rows)).not.toThrow();
  });

  it.each([
    // [rows, folds, left, fewest folds that leave 2 (null: none up to rows)]
    [2, 2, 1, null], // 2 − 1 = 1; k ≤ 2 rows, so no k helps
    [3, 2, 1, 3], // 3 − 2 = 1; k = 3 leaves 3 − 1 = 2
  ])('refuses %i rows in %i folds (%i left)', (rows, folds, left, remedy) => {
    let err: unknown;
    try {
      checkAutoFolds(dataset, folds, rows);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(MtlError);
    const e = err as MtlError;
    expect(e.code).toBe('SPLIT_INVALID');
    expect(e.details).toMatchObject({
      reason: 'CV_AUTO_TOO_FEW_ROWS',
      params: { folds, rows, left },
    });
    expect(e.details?.remedy).toEqual(remedy === null ? undefined : { folds: remedy });
    expect(e.message).toContain(
      `with ${folds} folds of its ${rows} rows, a fold leaves ${left} row `,
    );
  });
});
