/**
 * Classes too small for the folds of a cross-validation: a stratified fold can only test on a
 * class it holds a row of, so a class with fewer labelled rows than folds leaves some folds
 * without it (a new user's 8-row table, smallest class 2 rows, 5 folds: a fold scored macro-F1
 * 0.000). Pure, for the studio's Train view and the CLI alike, so both say one thing.
 */

/** One task whose smallest class has fewer labelled rows than the folds. */
export interface ClassBelowFolds {
  /** The task's name. */
  task: string;
  /** Its smallest class with at least one row (the first in class order on a tie). */
  className: string;
  /** That class's labelled rows (≥ 1, < folds). */
  rows: number;
  /** The folds asked for. */
  folds: number;
}

/**
 * The tasks whose smallest class (among classes with a labelled row: an empty class is in no
 * fold at all) has fewer rows than `folds`, in the tasks' order.
 * @param tasks each task's name, classes and rows per class (in class order).
 * @param folds the cross-validation's folds (k).
 * @returns one entry per such task; empty when every class has a row in every fold.
 */
export function classesBelowFolds(
  tasks: readonly { name: string; classes: readonly string[]; classCounts: readonly number[] }[],
  folds: number,
): ClassBelowFolds[] {
  const found: ClassBelowFolds[] = [];
  for (const task of tasks) {
    let smallest = -1;
    task.classCounts.forEach((rows, i) => {
      if (rows > 0 && (smallest < 0 || rows < task.classCounts[smallest])) smallest = i;
    });
    if (smallest < 0) continue;
    const rows = task.classCounts[smallest];
    if (rows < folds)
      found.push({ task: task.name, className: task.classes[smallest], rows, folds });
  }
  return found;
}

/**
 * The English warning for one {@link ClassBelowFolds}, as the CLI prints it (the studio says
 * the same through its locales: train.classBelowFolds, without --folds, which the studio
 * does not ask for).
 */
export function classBelowFoldsWarning(x: ClassBelowFolds): string {
  // Fewer folds help only down to the class's rows, and never below 2.
  const remedy =
    x.rows >= 2 ? `label more rows of it, or give --folds ${x.rows}` : 'label more rows of it';
  const without = x.folds - x.rows;
  const testless =
    without === 1 ? 'at least 1 fold tests' : `at least ${without} of the folds test`;
  return `task "${x.task}": its smallest class "${x.className}" has ${x.rows} labelled ${x.rows === 1 ? 'row' : 'rows'}, fewer than the ${x.folds} folds: ${testless} on no row of it and its scores swing from fold to fold; ${remedy}.`;
}
