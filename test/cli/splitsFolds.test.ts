/**
 * `splits` lists the folds of a cross-validation, grouped by fold scheme and marked as folds,
 * in the table and in --json (`foldSchemes`). Found by a new user: cross-validation's fold
 * splits were nowhere to be seen, nor their ids. Expected by hand: 20 rows, y alternating a
 * and b, cross-validated with 2 folds: each fold holds 5 a and 5 b (stratified dealing:
 * engine/crossValidation.ts), so each fold's split has 10 test rows and 10 training and
 * validation rows; one method trained, so one run per fold. x runs 100…119 (no two rows
 * alike): 0 of 10 test rows leak in either fold.
 */
import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../store/helpers';
import { cli } from './run';

let cleanup: () => Promise<void>;
let project: string;
beforeAll(async () => {
  let dir: string;
  ({ dir, cleanup } = await makeTempDir());
  const rows = Array.from({ length: 20 }, (_, i) => `${100 + i},${i % 2 === 0 ? 'a' : 'b'}`);
  writeFileSync(`${dir}/folds.csv`, `x,y\n${rows.join('\n')}\n`);
  project = `${dir}/folds.mtlproj`;
  expect((await cli('import', `${dir}/folds.csv`, '-p', project)).code).toBe(0);
  expect((await cli('tasks', '-p', project, '--add', 'y')).code).toBe(0);
  const args = ['--evaluation', 'cv', '--folds', '2', '--epochs', '1', '--backend', 'cpu'];
  const trained = await cli('train', '-p', project, ...args);
  expect(trained.code).toBe(0);
}, 120_000);
afterAll(() => cleanup());

interface Listed {
  splits: { id: number }[];
  foldSchemes: {
    id: number;
    k: number;
    repeats: number;
    stratifiedOn: string[];
    folds: {
      splitId: number;
      repeat: number;
      fold: number;
      counts: { train: number; validation: number; test: number };
      runs: number;
      leakage: { leaked: number; test: number; exact: number };
    }[];
  }[];
}

describe('splits lists the folds of a cross-validation', () => {
  it('in --json, as a fold scheme apart from the training splits', async () => {
    const listed = JSON.parse((await cli('--json', 'splits', '-p', project)).stdout) as Listed;
    expect(listed.foldSchemes).toHaveLength(1);
    const [scheme] = listed.foldSchemes;
    expect(scheme).toMatchObject({ k: 2, repeats: 1, stratifiedOn: ['y'] });
    expect(scheme.folds.map((f) => [f.repeat, f.fold, f.counts.test, f.runs])).toEqual([
      [0, 0, 10, 1],
      [0, 1, 10, 1],
    ]);
    for (const f of scheme.folds) {
      expect(f.counts.train + f.counts.validation).toBe(10);
      expect(f.leakage).toEqual({ leaked: 0, test: 10, exact: 0 });
    }
    // A fold's split is never listed as a training split.
    const foldIds = new Set(scheme.folds.map((f) => f.splitId));
    expect(listed.splits.filter((s) => foldIds.has(s.id))).toEqual([]);
  }, 60_000);

  it('in the table, each fold marked with its id, and 0 leaks as "0 of 10"', async () => {
    const listed = JSON.parse((await cli('--json', 'splits', '-p', project)).stdout) as Listed;
    const [scheme] = listed.foldSchemes;
    const text = await cli('splits', '-p', project);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain(
      `Cross-validation folds, scheme ${scheme.id}: 2-fold × 1 (seed 42), stratified on y; 15 % of each fold's training rows held out for validation.`,
    );
    // The table's cells of the row that names fold k.
    const cells = (k: number): string[] =>
      (text.stdout.split('\n').find((l) => l.includes(`fold ${k}/2 (repeat 1/1)`)) ?? '')
        .split('│')
        .map((c) => c.trim())
        .filter((c) => c !== '');
    scheme.folds.forEach((f, k) => {
      expect(cells(k + 1)).toEqual([
        String(f.splitId),
        `fold ${k + 1}/2 (repeat 1/1)`,
        `${f.counts.train} / ${f.counts.validation} / 10`,
        '1',
        '0 of 10',
      ]);
    });
  }, 60_000);
});
