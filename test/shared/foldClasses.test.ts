/**
 * classesBelowFolds: a task's smallest class (with a row) under the folds is named, with its
 * rows. Expected values counted by hand from the class counts given.
 */
import { describe, expect, it } from 'vitest';
import { classBelowFoldsWarning, classesBelowFolds } from '../../src/shared/foldClasses';

describe('classesBelowFolds', () => {
  it("names the 8-row table's 2-row class under 5 folds, and not under 2", () => {
    // A new user's table: red 6 rows, blue 2; size S/M/L 3/3/2.
    const tasks = [
      { name: 'colour', classes: ['red', 'blue'], classCounts: [6, 2] },
      { name: 'size', classes: ['S', 'M', 'L'], classCounts: [3, 3, 2] },
    ];
    expect(classesBelowFolds(tasks, 5)).toEqual([
      { task: 'colour', className: 'blue', rows: 2, folds: 5 },
      { task: 'size', className: 'L', rows: 2, folds: 5 },
    ]);
    // 3 folds: both 2-row classes still fall short; 2 folds: every class has a row per fold.
    expect(classesBelowFolds(tasks, 3).map((x) => x.task)).toEqual(['colour', 'size']);
    expect(classesBelowFolds(tasks, 2)).toEqual([]);
  });

  it('skips empty classes (in no fold at all) and takes the first smallest on a tie', () => {
    const tasks = [
      { name: 'a', classes: ['x', 'y', 'z'], classCounts: [0, 4, 4] },
      { name: 'b', classes: ['p'], classCounts: [0] },
    ];
    expect(classesBelowFolds(tasks, 5)).toEqual([{ task: 'a', className: 'y', rows: 4, folds: 5 }]);
    expect(classesBelowFolds(tasks, 4)).toEqual([]);
  });

  it('words the CLI warning with the rows left without the class', () => {
    expect(classBelowFoldsWarning({ task: 'colour', className: 'blue', rows: 2, folds: 5 })).toBe(
      'task "colour": its smallest class "blue" has 2 labelled rows, fewer than the 5 folds: at least 3 of the folds test on no row of it and its scores swing from fold to fold; label more rows of it, or give --folds 2.',
    );
    // 1 row: no number of folds (≥ 2) holds it in each.
    expect(classBelowFoldsWarning({ task: 'c', className: 'b', rows: 1, folds: 2 })).toBe(
      'task "c": its smallest class "b" has 1 labelled row, fewer than the 2 folds: at least 1 fold tests on no row of it and its scores swing from fold to fold; label more rows of it.',
    );
  });
});
