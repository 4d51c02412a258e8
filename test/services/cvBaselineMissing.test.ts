/**
 * Why a multi-task cross-validation has no baseline names what differs. Found by a new user:
 * "No completed single-task cross-validation on the same folds, tasks and input columns:
 * train --arch single-task --evaluation cv." was followed after the input column `legs` had
 * become a task; the new single-task cross-validation had new folds and other input columns,
 * and cross-validation 1 still had no baseline. Expected sentences written by hand from the
 * made-up evaluations below (no store: inputsOf gives each one's input columns).
 */
import { describe, expect, it } from 'vitest';
import { crossValidationBaselineMissing } from '../../src/main/services/evaluation';
import type { CrossValidationInfo } from '../../src/shared/evaluation';

const cv = (
  id: number,
  schemeId: number,
  tasks: string[],
  arch: 'mmoe' | 'single-task',
): CrossValidationInfo => ({
  id,
  schemeId,
  datasetId: 1,
  tasks,
  method: { kind: 'fixed', config: { arch } },
  status: 'completed',
  createdAt: '',
  finishedAt: null,
  error: null,
  runs: [],
});
const key = (columns: string[]): string => JSON.stringify([...columns].sort());

const multi = cv(1, 1, ['type'], 'mmoe');
/** Cross-validation 1 was given hair, legs, milk; cross-validation 2 (after legs became a task) hair, milk. */
const inputs = new Map([
  [1, key(['hair', 'legs', 'milk'])],
  [2, key(['hair', 'milk'])],
]);
const inputsOf = (e: CrossValidationInfo): string | null => inputs.get(e.id) ?? null;

describe('crossValidationBaselineMissing', () => {
  it('without any single-task cross-validation: the command that trains one', () => {
    expect(
      crossValidationBaselineMissing(multi, [multi], inputsOf, key(['hair', 'legs', 'milk'])),
    ).toBe(
      'No completed single-task cross-validation on the same folds, tasks and input columns: train --arch single-task --evaluation cv.',
    );
  });

  it('names the folds, tasks and input columns that differ, and that the columns changed', () => {
    const single = cv(2, 2, ['legs'], 'single-task');
    expect(
      crossValidationBaselineMissing(multi, [multi, single], inputsOf, key(['hair', 'milk'])),
    ).toBe(
      'No completed single-task cross-validation on the same folds, tasks and input columns: ' +
        'single-task cross-validation 2 differs in its folds (fold scheme 2, not 1) and its tasks (without type) and its input columns (without legs). ' +
        "Cross-validation 1 was given the input columns hair, legs, milk; the dataset's are now hair, milk, " +
        'so a single-task cross-validation trained now cannot be its baseline (only with legs an input column again).',
    );
  });

  it('same folds and tasks, other input columns, current columns unchanged: only the columns', () => {
    const single = cv(2, 1, ['type'], 'single-task');
    expect(
      crossValidationBaselineMissing(
        multi,
        [multi, single],
        inputsOf,
        key(['hair', 'legs', 'milk']),
      ),
    ).toBe(
      'No completed single-task cross-validation on the same folds, tasks and input columns: ' +
        'single-task cross-validation 2 differs in its input columns (without legs).',
    );
  });

  it('a multi-task cross-validation is never the baseline that differs', () => {
    const other = cv(2, 1, ['type'], 'mmoe');
    expect(crossValidationBaselineMissing(multi, [multi, other], inputsOf, null)).toBe(
      'No completed single-task cross-validation on the same folds, tasks and input columns: train --arch single-task --evaluation cv.',
    );
  });
});
