/**
 * Stratified k-fold assignment. Expected properties are counted directly from the labels
 * (no reference implementation needed): each class of the first task, and the rows missing
 * its label, land in every fold within ±1 of an equal share; the same seed gives the same
 * folds; every row is a test row exactly once per repetition.
 */
import { describe, expect, it } from 'vitest';
import {
  foldAssignments,
  jointKeys,
  stratifiedKFold,
  systematicSample,
} from '../../src/main/engine/crossValidation';
import { mulberry32 } from '../../src/main/engine/random';

/** 103 rows: task A with classes 60/30/8 and 5 missing; task B binary, 10 missing. */
function labels(): (string | null)[][] {
  const r = mulberry32(7);
  const a: (string | null)[] = [];
  const b: (string | null)[] = [];
  for (let i = 0; i < 103; i++) {
    a.push(i < 60 ? 'x' : i < 90 ? 'y' : i < 98 ? 'z' : null);
    b.push(i % 10 === 3 ? null : r() < 0.3 ? 'yes' : 'no');
  }
  return [a, b];
}

function countBy<T>(items: T[]): Map<T, number> {
  const m = new Map<T, number>();
  for (const x of items) m.set(x, (m.get(x) ?? 0) + 1);
  return m;
}

describe('stratified k-fold', () => {
  const tasks = labels();
  const keys = jointKeys(tasks);

  it('spreads every class of the first task and its missing labels within ±1 per fold', () => {
    const fold = stratifiedKFold(keys, 5, 11);
    for (const value of ['x', 'y', 'z', null]) {
      const perFold = [0, 1, 2, 3, 4].map(
        (f) => tasks[0].filter((v, i) => v === value && fold[i] === f).length,
      );
      expect(Math.max(...perFold) - Math.min(...perFold)).toBeLessThanOrEqual(1);
    }
    // Fold sizes 103 / 5: 20 or 21 rows.
    const sizes = [...countBy([...fold]).values()];
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
  });

  it('keeps the second task balanced too (within a few rows)', () => {
    const fold = stratifiedKFold(keys, 5, 11);
    const yes = [0, 1, 2, 3, 4].map(
      (f) => tasks[1].filter((v, i) => v === 'yes' && fold[i] === f).length,
    );
    // At most ±1 per joint key of task A's 4 values.
    expect(Math.max(...yes) - Math.min(...yes)).toBeLessThanOrEqual(4);
  });

  it('is seeded: same seed, same folds; another seed, other folds', () => {
    expect([...stratifiedKFold(keys, 5, 11)]).toEqual([...stratifiedKFold(keys, 5, 11)]);
    expect([...stratifiedKFold(keys, 5, 12)]).not.toEqual([...stratifiedKFold(keys, 5, 11)]);
  });

  it('refuses k < 2 or k > rows', () => {
    expect(() => stratifiedKFold(keys, 1, 1)).toThrow(/2 ≤ k ≤ rows/);
    expect(() => stratifiedKFold(['a', 'b'], 3, 1)).toThrow(/k = 3 for 2 rows/);
  });
});

describe('fold assignments', () => {
  const tasks = labels();
  const keys = jointKeys(tasks);
  const plan = { k: 5, repeats: 2, seed: 3, validationFraction: 0.15 };
  const folds = foldAssignments(keys, plan);

  it('makes k × repeats folds; each row is a test row once per repetition', () => {
    expect(folds).toHaveLength(10);
    for (const repeat of [0, 1]) {
      const mine = folds.filter((f) => f.repeat === repeat);
      for (let i = 0; i < 103; i++) {
        expect(mine.filter((f) => f.assignment[i] === 'test')).toHaveLength(1);
      }
    }
    // Repetitions reshuffle.
    expect(folds[0].assignment).not.toEqual(folds[5].assignment);
  });

  it('holds out ≈ 15 % of the training folds for validation, stratified', () => {
    for (const f of folds) {
      const c = countBy(f.assignment);
      const rest = c.get('train')! + c.get('validation')!;
      expect(Math.abs(c.get('validation')! - 0.15 * rest)).toBeLessThanOrEqual(1);
      // Each class of task A in the validation split within ±1 of its share.
      for (const value of ['x', 'y', 'z']) {
        const inRest = tasks[0].filter((v, i) => v === value && f.assignment[i] !== 'test').length;
        const inVal = tasks[0].filter(
          (v, i) => v === value && f.assignment[i] === 'validation',
        ).length;
        expect(Math.abs(inVal - 0.15 * inRest)).toBeLessThanOrEqual(1.5);
      }
    }
  });

  it('systematic sampling takes round(f·N) ± 1 elements', () => {
    const items = Array.from({ length: 40 }, (_, i) => i);
    expect(systematicSample(items, 0.25, 0.3)).toHaveLength(10);
    expect(systematicSample(items, 0, 0.3)).toHaveLength(0);
  });
});
