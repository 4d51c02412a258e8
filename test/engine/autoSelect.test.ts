/**
 * Auto: the search reads no test row (every cell read is recorded by instrumenting the job's
 * data source), chooses by validation only, and reports what it tried.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { drawConfiguration, runAutoJob } from '../../src/main/engine/autoSelect';
import { selectBackend } from '../../src/main/engine/backend';
import type { TrainingJobInput } from '../../src/main/engine/job';
import type { RawCell } from '../../src/main/engine/preprocessing';
import { mulberry32 } from '../../src/main/engine/random';
import { DEFAULT_TRAIN_CONFIG, type SplitName } from '../../src/shared/domain';

beforeAll(async () => {
  await selectBackend('auto');
});

/** Wraps a column so every element read is recorded with the phase it happened in. */
function instrument(
  values: RawCell[],
  reads: { row: number; phase: string }[],
  phase: () => string,
) {
  return new Proxy(values, {
    get(target, prop, receiver) {
      if (typeof prop === 'string' && /^\d+$/.test(prop))
        reads.push({ row: Number(prop), phase: phase() });
      return Reflect.get(target, prop, receiver) as unknown;
    },
  });
}

/** 240 rows: two numeric inputs, task a = x1 > 0, task b = x1 + x2 > 0; last 20 % test. */
function job(reads: { row: number; phase: string }[], phase: () => string): TrainingJobInput {
  const r = mulberry32(5);
  const n = 240;
  const x1: RawCell[] = [];
  const x2: RawCell[] = [];
  const a: RawCell[] = [];
  const b: RawCell[] = [];
  const assignment: SplitName[] = [];
  for (let i = 0; i < n; i++) {
    const u = r() * 2 - 1;
    const v = r() * 2 - 1;
    x1.push(u);
    x2.push(v);
    a.push(u > 0 ? 'pos' : 'neg');
    b.push(i % 7 === 0 ? null : u + v > 0 ? 'yes' : 'no');
    assignment.push(i < 150 ? 'train' : i < 192 ? 'validation' : 'test');
  }
  return {
    rowIds: Array.from({ length: n }, (_, i) => i + 1),
    assignment,
    inputs: [
      { name: 'x1', type: 'numeric', values: instrument(x1, reads, phase) },
      { name: 'x2', type: 'numeric', values: instrument(x2, reads, phase) },
    ],
    targets: [
      {
        task: { name: 'a', classes: ['neg', 'pos'] },
        type: 'categorical',
        values: instrument(a, reads, phase),
      },
      {
        task: { name: 'b', classes: ['no', 'yes'] },
        type: 'categorical',
        values: instrument(b, reads, phase),
      },
    ],
    config: { ...DEFAULT_TRAIN_CONFIG, batchSize: 32, patienceSteps: 400 },
    auto: { budgetSeconds: 4, seed: 9 },
  };
}

describe('Auto', () => {
  it('never reads a test row before its search is over, then scores the chosen model on test', async () => {
    const reads: { row: number; phase: string }[] = [];
    let phase = 'search';
    const input = job(reads, () => phase);
    const trials: number[] = [];
    const result = await runAutoJob(input, {
      onTrial: (trial) => trials.push(trial.id),
      onSearchDone: () => (phase = 'final'),
    });
    const isTest = (row: number) => input.assignment[row] === 'test';
    const searchReads = reads.filter((x) => x.phase === 'search');
    expect(searchReads.length).toBeGreaterThan(0);
    // The search read every non-test row and no test row.
    expect(searchReads.filter((x) => isTest(x.row))).toEqual([]);
    expect(new Set(searchReads.map((x) => x.row)).size).toBe(192);
    // The final phase does read the test rows (to score them).
    expect(reads.some((x) => x.phase === 'final' && isTest(x.row))).toBe(true);

    const search = result.search!;
    expect(search.selection).toBe('inner-folds');
    expect(search.trials.length).toBe(trials.length);
    expect(search.trials.length).toBeGreaterThanOrEqual(2);
    const chosen = search.trials.find((t) => t.id === search.chosenTrial)!;
    const top = Math.max(...search.trials.map((t) => t.epochs));
    // Chosen by validation score among the longest-trained trials.
    expect(chosen.epochs).toBe(top);
    for (const t of search.trials.filter((x) => x.epochs === top))
      expect(chosen.score).toBeGreaterThanOrEqual(t.score);
    expect(search.chosen.arch).toBe(chosen.config.arch);
    expect(search.chosen.epochs).toBe(chosen.bestEpoch);
    expect(result.topology.config.arch).toBe(chosen.config.arch);
    // Test scores of the chosen model only; the tasks are easy (chance ≈ 0.5).
    expect(Object.keys(result.results)).toEqual(['a', 'b']);
    expect(result.results.a.n).toBe(48);
    expect(result.results.a.macroF1).toBeGreaterThan(0.8);
  });

  it('draws configurations over the whole space, seeded', () => {
    const draw = (seed: number) => {
      const r = mulberry32(seed);
      return Array.from({ length: 40 }, () => drawConfiguration(r, DEFAULT_TRAIN_CONFIG, 3));
    };
    const configs = draw(1);
    expect(draw(1)).toEqual(configs);
    expect(new Set(configs.map((c) => c.arch))).toEqual(
      new Set(['single-task', 'hard-sharing', 'mmoe', 'ple']),
    );
    expect(new Set(configs.map((c) => c.classWeights)).size).toBe(2);
    for (const c of configs) {
      expect(c.learningRate).toBeGreaterThanOrEqual(3e-4);
      expect(c.learningRate).toBeLessThanOrEqual(2e-2);
    }
    const r = mulberry32(3);
    expect(drawConfiguration(r, DEFAULT_TRAIN_CONFIG, 1).arch).toBe('single-task');
  });
});
