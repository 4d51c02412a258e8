/**
 * Training on a 2-row table. Found by a new user: the automatic choice picked 5-fold
 * cross-validation and failed with "Cross-validation needs 2 ≤ k ≤ rows; got k = 5 for 2
 * rows."; `--evaluation split` advised leaving out every task with --tasks. Now the
 * automatic choice takes as many folds as the rows allow (2), too many folds asked for is a
 * typed error naming `--folds 2`, printed like the CLI's other errors, and a split where no
 * task has a labelled test row says the table has too few labelled rows.
 * Expected numbers from the 2-row CSV written below (both rows labelled for both tasks).
 */
import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { autoCrossValidates, defaultFolds } from '../../src/main/services/crossValidation';
import { smallTestFolds } from '../../src/main/services/evaluation';
import type { RunInfo } from '../../src/shared/domain';
import { makeTempDir } from '../store/helpers';
import { cli } from './run';

let cleanup: () => Promise<void>;
let project: string;
beforeAll(async () => {
  let dir: string;
  ({ dir, cleanup } = await makeTempDir());
  const csv = `${dir}/two.csv`;
  writeFileSync(csv, 'x,colour,size\n1,red,S\n2,blue,M\n');
  project = `${dir}/two.mtlproj`;
  expect((await cli('import', csv, '-p', project)).code).toBe(0);
  expect((await cli('tasks', '-p', project, '--add', 'colour', 'size')).code).toBe(0);
});
afterAll(() => cleanup());

describe('a 2-row table', () => {
  it('the automatic choice never asks for more folds than labelled rows', () => {
    expect([0, 1, 2, 3, 5, 1999, 2000].map(autoCrossValidates)).toEqual([
      false,
      false,
      true,
      true,
      true,
      true,
      false,
    ]);
    expect([2, 3, 4, 5, 6, 500].map(defaultFolds)).toEqual([2, 3, 4, 5, 5, 5]);
  });

  it('cross-validates with 2 folds when nothing is asked for', async () => {
    const { code, stdout, stderr } = await cli('train', '-p', project, '--epochs', '2');
    expect(stderr).not.toContain('error');
    expect(code).toBe(0);
    expect(stdout).toContain('2-fold × 1 (seed 42), 2 of 2 fold runs completed, completed.');
  });

  it('warns that folds testing on 1 row each give near-meaningless scores', async () => {
    // 2 rows, 2 folds: each fold's test part is 1 row, labelled for both tasks, so each task
    // has 2 of 2 folds under 5 labelled test rows, the smallest on 1.
    const { code, stdout, stderr } = await cli('--json', 'train', '-p', project, '--epochs', '2');
    expect(code).toBe(0);
    const out = JSON.parse(stdout);
    expect(out.crossValidation.smallTestFolds).toEqual([
      { task: 'colour', fewest: 1, folds: 2 },
      { task: 'size', fewest: 1, folds: 2 },
    ]);
    const warning = (task: string) =>
      `task "${task}": 2 of 2 folds score it on fewer than 5 labelled test rows (the smallest on 1): its cross-validated scores are close to meaningless; label more rows before trusting them.`;
    // Each class has 1 row, fewer than the 2 folds: said before training (shared/foldClasses.ts;
    // class order blue, red and M, S: the first of the tied smallest).
    const small = (task: string, cls: string) =>
      `task "${task}": its smallest class "${cls}" has 1 labelled row, fewer than the 2 folds: at least 1 fold tests on no row of it and its scores swing from fold to fold; label more rows of it.`;
    expect(out.warnings).toEqual([
      small('colour', 'blue'),
      small('size', 'M'),
      warning('colour'),
      warning('size'),
    ]);
    expect(stderr).toContain(`warning: ${warning('colour')}\n`);
  });

  it('counts a fold under 5 labelled test rows, a task without scores as 0 rows', () => {
    // Stored `n` per fold by hand: colour 5, 4, 6 → one fold under 5 (4); size 5, 5, 7 → none;
    // shape has no stored scores → 0 in each of the 3 folds.
    const run = (colour: number, size: number) =>
      ({ results: { colour: { n: colour }, size: { n: size } } }) as unknown as RunInfo;
    expect(smallTestFolds(['colour', 'size', 'shape'], [run(5, 5), run(4, 5), run(6, 7)])).toEqual([
      { task: 'colour', fewest: 4, folds: 1 },
      { task: 'shape', fewest: 0, folds: 3 },
    ]);
  });

  it('refuses more folds than rows in a typed error naming --folds 2', async () => {
    const args = ['train', '-p', project, '--epochs', '2', '--evaluation', 'cv', '--folds', '3'];
    const plain = await cli(...args);
    expect(plain.code).toBe(1);
    // Worded as the CLI's other errors: "error: …", the way out as its flag.
    expect(plain.stderr.trim().split('\n').at(-1)).toBe(
      'error: Cross-validation with 3 folds needs at least 3 rows; dataset "two" has 2; use --folds 2',
    );
    const json = await cli('--json', ...args);
    expect(json.code).toBe(1);
    const { error } = JSON.parse(json.stdout);
    expect(error.code).toBe('SPLIT_INVALID');
    expect(error.details).toMatchObject({
      reason: 'FOLDS_EXCEED_ROWS',
      params: { k: 3, rows: 2, max: 2 },
      remedy: { folds: 2 },
    });
  });

  it('with --evaluation split, says the table has too few labelled rows', async () => {
    const { code, stderr } = await cli(
      'train',
      '-p',
      project,
      '--epochs',
      '2',
      '--evaluation',
      'split',
    );
    expect(code).toBe(1);
    expect(stderr.trim().split('\n').at(-1)).toBe(
      'error: No task has a labelled row in the test split (2 rows in all): too few labelled rows for a test split; use cross-validation (--evaluation cv) or label more rows.',
    );
  });
});
