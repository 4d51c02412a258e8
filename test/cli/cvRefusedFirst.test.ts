/**
 * A cross-validation that its first fold would refuse is refused before anything is stored.
 * Found by a new user: `train --tasks typ` (a typo; `--evaluation auto` cross-validates a
 * small table) printed "fold 1 of 5", failed with `No task "typ"`, and left a "failed"
 * cross-validation that `evaluate` advised continuing — which failed again; `--arch auto` on
 * a 2-row table announced 2 folds, then failed with the engine's "Cross-validation needs
 * 2 ≤ k ≤ rows; got k = 1 for 1 rows." and left another. `--evaluation split` already
 * refused the typo with nothing stored.
 * Expected by hand: the 20-row table has one task, y; the tiny tables are worked out in the
 * comments of each case (folds deal rows round-robin, so the largest test fold of n rows in
 * k folds holds ⌈n / k⌉ rows, and Auto's inner split needs at least 2 rows beside it).
 */
import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../store/helpers';
import { cli } from './run';

let cleanup: () => Promise<void>;
let dir: string;
beforeAll(async () => {
  ({ dir, cleanup } = await makeTempDir());
}, 60_000);
afterAll(() => cleanup());

/** A project of `rows` rows (x = 1 … rows, y alternating b, a) with task y; its path. */
async function project(name: string, rows: number): Promise<string> {
  const lines = Array.from({ length: rows }, (_, i) => `${i + 1},${i % 2 === 0 ? 'b' : 'a'}`);
  writeFileSync(`${dir}/${name}.csv`, `x,y\n${lines.join('\n')}\n`);
  const path = `${dir}/${name}.mtlproj`;
  expect((await cli('import', `${dir}/${name}.csv`, '-p', path)).code).toBe(0);
  expect((await cli('tasks', '-p', path, '--add', 'y')).code).toBe(0);
  return path;
}

/** How many cross-validations `evaluate --json` and runs `runs --json` list. */
async function stored(path: string): Promise<{ crossValidations: number; runs: number }> {
  const evaluation = await cli('--json', 'evaluate', '-p', path);
  const runs = await cli('--json', 'runs', '-p', path);
  expect(evaluation.code).toBe(0);
  expect(runs.code).toBe(0);
  return {
    crossValidations: (JSON.parse(evaluation.stdout) as { crossValidations: unknown[] })
      .crossValidations.length,
    runs: (JSON.parse(runs.stdout) as { runs: unknown[] }).runs.length,
  };
}

describe('an unknown task in a cross-validation', () => {
  it.each([
    ['a fixed configuration', ['--epochs', '2']],
    ['Auto', ['--arch', 'auto', '--budget', '5s']],
  ])(
    'is refused before any fold, with the split path’s words, and stores nothing (%s)',
    async (_, options) => {
      const path = await project(`typo${options.length}`, 20);
      expect(await stored(path)).toEqual({ crossValidations: 0, runs: 0 });
      // The dataset is "typo2"/"typo4" (named after its file); its only task is y.
      const said = `error: No task "typ" on dataset "typo${options.length}"; tasks: "y".`;
      const cv = await cli('train', '-p', path, '--backend', 'cpu', '--tasks', 'typ', ...options);
      expect(cv.code).toBe(1);
      expect(cv.stderr).toContain(said);
      expect(cv.stderr).not.toContain('fold 1 of');
      expect(await stored(path)).toEqual({ crossValidations: 0, runs: 0 });
      // The same typo on a split: the same line (it was already refused there).
      const split = await cli(
        'train',
        '-p',
        path,
        '--backend',
        'cpu',
        '--tasks',
        'typ',
        '--evaluation',
        'split',
        ...options,
      );
      expect(split.code).toBe(1);
      expect(split.stderr).toContain(said);
      expect(await stored(path)).toEqual({ crossValidations: 0, runs: 0 });
    },
    60_000,
  );
});

describe('a cross-validation of Auto on too few rows', () => {
  it('is refused on 2 rows, saying why and what to do, and stores nothing', async () => {
    const path = await project('two', 2);
    // 2 rows: 2 folds (the most there can be), each test fold 1 row, 2 − 1 = 1 row left for
    // Auto's inner split, which needs 2; no number of folds helps, so none is suggested.
    const r = await cli(
      'train',
      '-p',
      path,
      '--backend',
      'cpu',
      '--arch',
      'auto',
      '--budget',
      '5s',
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      'error: Auto cannot be cross-validated on dataset "two": with 2 folds of its 2 rows, a fold leaves 1 row beside its test rows',
    );
    expect(r.stderr).toContain('Train a fixed configuration instead');
    expect(r.stderr).not.toContain('--folds');
    expect(r.stderr).not.toContain('2 ≤ k ≤ rows');
    expect(r.stderr).not.toContain('fold 1 of');
    expect(await stored(path)).toEqual({ crossValidations: 0, runs: 0 });
  }, 60_000);

  it('is refused on 3 rows in 2 folds, naming the folds that fit, and stores nothing', async () => {
    const path = await project('three', 3);
    // 3 rows in 2 folds: the larger test fold holds ⌈3 / 2⌉ = 2 rows, leaving 1; in 3 folds
    // each holds 1, leaving 2: enough, so 3 folds are suggested.
    const r = await cli(
      'train',
      '-p',
      path,
      '--backend',
      'cpu',
      '--arch',
      'auto',
      '--budget',
      '5s',
      '--folds',
      '2',
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('with 2 folds of its 3 rows, a fold leaves 1 row beside');
    expect(r.stderr).toContain('use 3 folds, or add and label more rows; use --folds 3');
    expect(await stored(path)).toEqual({ crossValidations: 0, runs: 0 });
  }, 60_000);
});
