/**
 * Auto refits its final model on every non-test row only on small tables: below
 * AUTO_REFIT_BELOW_ROWS (500) labelled non-test rows, with inner-fold selection. Above, early
 * stopping on the validation rows measured as good as the refit (digits, Fashion-MNIST 1000:
 * bench/results/2026-12-04-auto-refit.md §5), so the final model trains as a normal run.
 */
import { expect, it } from 'vitest';
import { AUTO_REFIT_BELOW_ROWS, refitEpochs } from '../../src/main/engine/autoRefit';
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

it('an Auto run on 560 labelled non-test rows selects on inner folds but trains its final model with early stopping on the 84 validation rows', async () => {
  const { runAutoJob } = await import('../../src/main/engine/autoJob');
  const { selectBackend } = await import('../../src/main/engine/backend');
  const { mulberry32 } = await import('../../src/main/engine/random');
  await selectBackend('auto');
  // 700 rows: 476 training, 84 validation, 140 test; task a = x1 > 0.
  const r = mulberry32(3);
  const x1: number[] = [];
  const x2: number[] = [];
  const a: string[] = [];
  const assignment: ('train' | 'validation' | 'test')[] = [];
  for (let i = 0; i < 700; i++) {
    x1.push(r() * 2 - 1);
    x2.push(r() * 2 - 1);
    a.push(x1[i] > 0 ? 'pos' : 'neg');
    assignment.push(i < 476 ? 'train' : i < 560 ? 'validation' : 'test');
  }
  const result = await runAutoJob({
    rowIds: Array.from({ length: 700 }, (_, i) => i + 1),
    assignment,
    inputs: [
      { name: 'x1', type: 'numeric', values: x1 },
      { name: 'x2', type: 'numeric', values: x2 },
    ],
    targets: [{ task: { name: 'a', classes: ['neg', 'pos'] }, type: 'categorical', values: a }],
    config: { ...DEFAULT_TRAIN_CONFIG, batchSize: 64, epochs: 30 },
    auto: { budgetSeconds: 2, seed: 4 },
  });
  const search = result.search!;
  // 560 < 2 000 (CROSS_VALIDATION_BELOW_ROWS): inner folds; 560 ≥ 500: no refit.
  expect(search.selection).toBe('inner-folds');
  expect(search.final!.refitEpochs).toBeUndefined();
  expect(search.final!.refitEpochsPerTask).toBeUndefined();
  // Early stopping restored a best epoch no later than the epochs it trained.
  expect(result.bestEpoch).toBeLessThanOrEqual(result.epochs.length);
});
