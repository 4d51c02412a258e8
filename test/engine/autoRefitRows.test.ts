/**
 * Auto refits its final model on every non-test row only on small tables: below
 * AUTO_REFIT_BELOW_ROWS (500) labelled non-test rows, with inner-fold selection. Above, early
 * stopping on the validation rows measured as good as the refit (digits, Fashion-MNIST 1000:
 * bench/results/2026-12-04-auto-refit.md §5), so the final model trains as a normal run.
 */
import { expect, it } from 'vitest';
import { AUTO_REFIT_BELOW_ROWS, refitEpochs } from '../../src/main/engine/autoSelect';
import { DEFAULT_TRAIN_CONFIG } from '../../src/shared/domain';
import type { AutoSearch } from '../../src/shared/autoSearch';

/** A finished inner-fold search whose chosen trial (2) restored task a at 12.4, b at 7.6 epochs. */
function search(selection: AutoSearch['selection'], stoppedForTime = false): AutoSearch {
  const trial = {
    config: DEFAULT_TRAIN_CONFIG,
    epochs: 20,
    seconds: 2,
    full: true,
    score: 0.8,
    bestEpoch: 12.4,
    perTask: { a: 0.8, b: 0.8 },
    bestEpochPerTask: { a: 12.4, b: 7.6 },
  };
  return {
    selection,
    innerFolds: 3,
    budgetSeconds: 30,
    seed: 1,
    trials: [
      { ...trial, id: 1, score: 0.7 },
      { ...trial, id: 2, ...(stoppedForTime ? { stoppedForTime: true } : {}) },
    ],
    chosenTrial: 2,
    chosen: DEFAULT_TRAIN_CONFIG,
    seconds: 30,
  };
}

it('refits below 500 labelled non-test rows, each task for its restored epoch rounded (12.4 → 12, 7.6 → 8)', () => {
  expect(AUTO_REFIT_BELOW_ROWS).toBe(500);
  expect(refitEpochs(search('inner-folds'), 499)).toEqual({ epochs: 12, perTask: { a: 12, b: 8 } });
  expect(refitEpochs(search('inner-folds'), 81)).toEqual({ epochs: 12, perTask: { a: 12, b: 8 } });
});

it('does not refit with 500 or more labelled non-test rows, nor on the validation selection or a run cut by the budget', () => {
  expect(refitEpochs(search('inner-folds'), 500)).toBeNull();
  expect(refitEpochs(search('inner-folds'), 1438)).toBeNull();
  expect(refitEpochs(search('validation'), 100)).toBeNull();
  expect(refitEpochs(search('inner-folds', true), 100)).toBeNull();
});
