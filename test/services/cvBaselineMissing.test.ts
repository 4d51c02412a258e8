/**
 * Why a multi-task cross-validation has no baseline names what differs, as a code and its
 * parameters (the studio words them through vue-i18n), and in the CLI's English. Found by a new user:
 * "No completed single-task cross-validation on the same folds, tasks and input columns:
 * train --arch single-task --evaluation cv." was followed after the input column `legs` had
 * become a task; the new single-task cross-validation had new folds and other input columns,
 * and cross-validation 1 still had no baseline. Expected sentences written by hand from the
 * made-up evaluations below (no store: inputsOf gives each one's input columns).
 */
import { describe, expect, it } from 'vitest';
import { baselineMissingText } from '../../src/main/cli/baselineMissingText';
import {
  crossValidationBaselineReason,
  foldSchemeParams,
} from '../../src/main/services/evaluation';
import type { CrossValidationInfo, FoldSchemeInfo } from '../../src/shared/evaluation';

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
const scheme = (id: number, k: number, repeats: number, seed: number): FoldSchemeInfo => ({
  id,
  datasetId: 1,
  k,
  repeats,
  seed,
  validationFraction: 0.15,
  stratifiedOn: ['type'],
  folds: [],
  createdAt: '',
});
/** Fold scheme 1: 5 folds, seed 42; scheme 2: 3 folds repeated twice, seed 7. */
const schemeOf = foldSchemeParams([scheme(1, 5, 1, 42), scheme(2, 3, 2, 7)]);
/** The CLI's sentence: the structured reason in English. */
const crossValidationBaselineMissing = (
  ...args: Parameters<typeof crossValidationBaselineReason> extends [...infer A, unknown]
    ? A
    : never
): string => baselineMissingText(crossValidationBaselineReason(...args, schemeOf));

describe("crossValidationBaselineReason in the CLI's English", () => {
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
        'single-task cross-validation 2 differs in its folds (3 folds × 2 repeats, seed 7, not 5 folds, seed 42) and its tasks (without type) and its input columns (without legs). ' +
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

describe('crossValidationBaselineReason', () => {
  it('without any single-task cross-validation: a code, and the columns not changed', () => {
    expect(
      crossValidationBaselineReason(
        multi,
        [multi],
        inputsOf,
        key(['hair', 'legs', 'milk']),
        schemeOf,
      ),
    ).toEqual({ code: 'noSingleTaskCrossValidation', inputsChanged: null });
  });

  it('names folds, tasks and input columns that differ, and the columns to restore', () => {
    const single = cv(2, 2, ['legs'], 'single-task');
    expect(
      crossValidationBaselineReason(
        multi,
        [multi, single],
        inputsOf,
        key(['hair', 'milk']),
        schemeOf,
      ),
    ).toEqual({
      code: 'singleTaskCrossValidationDiffers',
      evaluationId: 2,
      folds: {
        theirs: 2,
        mine: 1,
        theirsScheme: { k: 3, repeats: 2, seed: 7 },
        mineScheme: { k: 5, repeats: 1, seed: 42 },
      },
      lacksTasks: ['type'],
      inputsWith: [],
      inputsWithout: ['legs'],
      inputsChanged: {
        evaluationId: 1,
        given: ['hair', 'legs', 'milk'],
        now: ['hair', 'milk'],
        restore: ['legs'],
        drop: [],
      },
    });
  });

  it('a column that is an input now and was not given is one to drop', () => {
    // Cross-validation 2 (given hair, milk) has no single-task one; a task was removed since,
    // so its target legs is an input again and a new single-task one would see it.
    const newer = cv(2, 1, ['type'], 'mmoe');
    expect(
      crossValidationBaselineReason(
        newer,
        [multi, newer],
        inputsOf,
        key(['hair', 'legs', 'milk']),
        schemeOf,
      ),
    ).toEqual({
      code: 'noSingleTaskCrossValidation',
      inputsChanged: {
        evaluationId: 2,
        given: ['hair', 'milk'],
        now: ['hair', 'legs', 'milk'],
        restore: [],
        drop: ['legs'],
      },
    });
  });

  it('input columns it was given and the single-task one was not, unknown current columns', () => {
    const single = cv(2, 1, ['type', 'legs'], 'single-task');
    const reversed = new Map([
      [1, key(['hair', 'milk'])],
      [2, key(['eggs', 'hair', 'milk'])],
    ]);
    expect(
      crossValidationBaselineReason(
        multi,
        [multi, single],
        (e) => reversed.get(e.id) ?? null,
        null,
        schemeOf,
      ),
    ).toEqual({
      code: 'singleTaskCrossValidationDiffers',
      evaluationId: 2,
      folds: null,
      lacksTasks: [],
      inputsWith: ['eggs'],
      inputsWithout: [],
      inputsChanged: null,
    });
  });
});

describe('the fold schemes a reason names', () => {
  it('gives each scheme by its k, repeats and seed; null for one no longer stored', () => {
    // Cross-validation 1 on scheme 1; the single-task one on scheme 3, deleted since.
    const single = cv(2, 3, ['type'], 'single-task');
    const reason = crossValidationBaselineReason(
      multi,
      [multi, single],
      () => null,
      null,
      schemeOf,
    );
    expect(reason).toMatchObject({
      code: 'singleTaskCrossValidationDiffers',
      folds: { theirs: 3, mine: 1, theirsScheme: null, mineScheme: { k: 5, repeats: 1, seed: 42 } },
    });
    // The CLI can then only name the schemes by their ids.
    expect(baselineMissingText(reason!)).toContain('differs in its folds (fold scheme 3, not 1).');
  });

  it('same k, repeats and seed on another scheme: still other folds, with equal parameters', () => {
    const same = foldSchemeParams([scheme(1, 5, 1, 42), scheme(4, 5, 1, 42)]);
    const single = cv(2, 4, ['type'], 'single-task');
    expect(crossValidationBaselineReason(multi, [multi, single], () => null, null, same)).toEqual({
      code: 'singleTaskCrossValidationDiffers',
      evaluationId: 2,
      folds: {
        theirs: 4,
        mine: 1,
        theirsScheme: { k: 5, repeats: 1, seed: 42 },
        mineScheme: { k: 5, repeats: 1, seed: 42 },
      },
      lacksTasks: [],
      inputsWith: [],
      inputsWithout: [],
      inputsChanged: null,
    });
    expect(
      baselineMissingText(
        crossValidationBaselineReason(multi, [multi, single], () => null, null, same)!,
      ),
    ).toContain('differs in its cut of the rows into folds (another one, also 5 folds, seed 42).');
  });
});
