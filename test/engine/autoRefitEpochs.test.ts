/**
 * Auto's refit (inner folds, small tables): the final model's per-task epoch counts are
 * recomputed here from what the trainer itself returned for each inner fold of the chosen
 * trial — not from the trial record autoSelect.ts writes — and its training rows counted.
 */
import { beforeAll, expect, it, vi } from 'vitest';
import type * as Trainer from '../../src/main/engine/trainer';

/** Every call of the trainer, in order: inner folds (trainNetwork) and the final (trainFromSource). */
const calls: { kind: 'fold' | 'final'; rows: number; outcome: Trainer.TrainOutcome }[] = [];

vi.mock('../../src/main/engine/trainer', async (importOriginal) => {
  const real = await importOriginal<typeof Trainer>();
  return {
    ...real,
    trainNetwork: async (...args: Parameters<typeof real.trainNetwork>) => {
      const outcome = await real.trainNetwork(...args);
      calls.push({ kind: 'fold', rows: args[0].train.length, outcome });
      return outcome;
    },
    trainFromSource: async (...args: Parameters<typeof real.trainFromSource>) => {
      const outcome = await real.trainFromSource(...args);
      calls.push({ kind: 'final', rows: args[0].batches.rows, outcome });
      return outcome;
    },
  };
});

const { runAutoJob } = await import('../../src/main/engine/autoJob');
const { selectBackend } = await import('../../src/main/engine/backend');
const { mulberry32 } = await import('../../src/main/engine/random');
const { DEFAULT_TRAIN_CONFIG } = await import('../../src/shared/domain');
type SplitName = import('../../src/shared/domain').SplitName;
type AutoProgress = import('../../src/shared/domain').AutoProgress;

beforeAll(async () => {
  await selectBackend('auto');
});

it("refits each task for the chosen trial's inner folds' restored epochs, averaged and rounded, on the 192 non-test rows", async () => {
  // 240 rows as in autoSelect.test.ts: task a = x1 > 0, b = x1 + x2 > 0; last 48 test.
  const r = mulberry32(5);
  const n = 240;
  const cols: (number | string | null)[][] = [[], [], [], []];
  const assignment: SplitName[] = [];
  for (let i = 0; i < n; i++) {
    const u = r() * 2 - 1;
    const v = r() * 2 - 1;
    cols[0].push(u);
    cols[1].push(v);
    cols[2].push(u > 0 ? 'pos' : 'neg');
    cols[3].push(i % 7 === 0 ? null : u + v > 0 ? 'yes' : 'no');
    assignment.push(i < 150 ? 'train' : i < 192 ? 'validation' : 'test');
  }
  // Trials in the order their folds ran: the calls since the previous trial event.
  const byTrial = new Map<number, typeof calls>();
  let finalProgress: AutoProgress | undefined;
  let seen = 0;
  const result = await runAutoJob(
    {
      rowIds: Array.from({ length: n }, (_, i) => i + 1),
      assignment,
      inputs: [
        { name: 'x1', type: 'numeric', values: cols[0] },
        { name: 'x2', type: 'numeric', values: cols[1] },
      ],
      targets: [
        { task: { name: 'a', classes: ['neg', 'pos'] }, type: 'categorical', values: cols[2] },
        { task: { name: 'b', classes: ['no', 'yes'] }, type: 'categorical', values: cols[3] },
      ],
      config: { ...DEFAULT_TRAIN_CONFIG, batchSize: 32, patienceSteps: 400 },
      auto: { budgetSeconds: 4, seed: 9 },
    },
    {
      onAutoProgress: (p: AutoProgress) => {
        if (p.phase === 'final') finalProgress = p;
        if (!p.trial) return;
        byTrial.set(p.trial.id, calls.slice(seen));
        seen = calls.length;
      },
    },
  );
  const search = result.search!;
  expect(search.selection).toBe('inner-folds');
  const folds = byTrial.get(search.chosenTrial)!;
  expect(folds.map((c) => c.kind)).toEqual(['fold', 'fold', 'fold']);
  // Three inner folds over the 192 non-test rows: each trains on the other two thirds.
  for (const f of folds) expect(f.rows).toBe(128);
  // Expected counts, computed here: each task's restored epoch per fold (its own, else the
  // run's), mean over the folds, rounded, at least 1 (refitEpochs' docstring).
  const expected = Object.fromEntries(
    ['a', 'b'].map((task) => {
      const epochs = folds.map((f) => f.outcome.bestEpochPerTask?.[task] ?? f.outcome.bestEpoch);
      return [task, Math.max(1, Math.round(epochs.reduce((s, e) => s + e, 0) / epochs.length))];
    }),
  );
  expect(search.final!.refitEpochsPerTask).toEqual(expected);
  expect(search.final!.refitEpochs).toBe(Math.max(expected.a, expected.b));
  // The final model: one call after the search, trained on every non-test row (150 training
  // + 42 validation), never the 48 test rows, for exactly those epochs.
  const finals = calls.filter((c) => c.kind === 'final');
  expect(finals).toHaveLength(1);
  expect(finals[0].rows).toBe(192);
  expect(result.epochs.length).toBe(Math.max(expected.a, expected.b));
  expect(result.bestEpochPerTask).toEqual(expected);
  // The 'final' progress estimates the refit from the chosen trial's own time, by hand: its
  // seconds / 3 inner folds / its mean epochs × 3/2 (192 rows against 128) × the refit's epochs
  // (the arithmetic itself: test/contract/autoBudget.test.ts).
  const chosen = search.trials.find((t) => t.id === search.chosenTrial)!;
  expect(finalProgress?.finalSeconds).toBeCloseTo(
    (chosen.seconds / 3 / chosen.epochs) * 1.5 * search.final!.refitEpochs!,
    10,
  );
});
