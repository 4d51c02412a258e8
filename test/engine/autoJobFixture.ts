/**
 * The instrumented Auto job of the "Auto never reads test rows" tests (autoSelect.test.ts,
 * autoEndEarly.test.ts): every cell read of the job's columns is recorded with the phase it
 * happened in.
 */
import type { TrainingJobInput } from '../../src/main/engine/job';
import type { RawCell } from '../../src/main/engine/preprocessing';
import { mulberry32 } from '../../src/main/engine/random';
import { DEFAULT_TRAIN_CONFIG, type SplitName } from '../../src/shared/domain';

/** Wraps a column so every element read is recorded with the phase it happened in. */
export function instrument(
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
export function job(
  reads: { row: number; phase: string }[],
  phase: () => string,
): TrainingJobInput {
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
