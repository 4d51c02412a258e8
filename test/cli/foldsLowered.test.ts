/**
 * Cross-validation on a table of fewer labelled rows than the default 5 folds uses fewer
 * folds, and `train` says so (found by a new user: a 4-row table trained "fold 1 of 4" with
 * no word why). Expected by hand: 4 labelled rows → 4 folds (each tests one row); 5 or more
 * rows keep the default 5; below 2 rows cross-validation is refused, so no note.
 */
import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { foldsLoweredLine } from '../../src/main/cli/commands/training';
import { makeTempDir } from '../store/helpers';
import { cli } from './run';

let cleanup: () => Promise<void>;
let dir: string;
beforeAll(async () => {
  ({ dir, cleanup } = await makeTempDir());
});
afterAll(() => cleanup());

const NOTE =
  'cross-validation with 4 folds, not the default 5: the dataset has only 4 labelled rows, and each fold tests at least one (--folds 2–4 chooses)';

describe('fewer folds than the default', () => {
  it('is said by the note, for 2 to 4 labelled rows only', () => {
    expect(foldsLoweredLine(4)).toBe(NOTE);
    expect(foldsLoweredLine(2)).toBe(
      'cross-validation with 2 folds, not the default 5: the dataset has only 2 labelled rows, and each fold tests at least one',
    );
    expect(foldsLoweredLine(5)).toBeNull();
    expect(foldsLoweredLine(1999)).toBeNull();
    expect(foldsLoweredLine(1)).toBeNull();
    expect(foldsLoweredLine(0)).toBeNull();
  });

  it('train on a 4-row table notes it before the first fold, and lists it with --json', async () => {
    writeFileSync(`${dir}/four.csv`, 'x,y\n1,a\n2,b\n3,a\n4,b\n');
    const project = `${dir}/four.mtlproj`;
    expect((await cli('import', `${dir}/four.csv`, '-p', project)).code).toBe(0);
    expect((await cli('tasks', '-p', project, '--add', 'y')).code).toBe(0);
    const text = await cli('train', '-p', project, '--epochs', '1', '--in-process');
    expect(text.code).toBe(0);
    // The note first, then the warning its fold count explains (by hand: classes a and b
    // have 2 rows each, fewer than 4 folds, so 2 folds test on no row of a), then fold 1.
    expect(text.stderr).toContain(
      `note: ${NOTE}\nwarning: task "y": its smallest class "a" has 2 labelled rows, fewer than the 4 folds: at least 2 of the folds test on no row of it and its scores swing from fold to fold; label more rows of it, or give --folds 2.\nfold 1 of 4\n`,
    );
    const json = await cli(
      '--json',
      'train',
      '-p',
      project,
      '--epochs',
      '1',
      '--in-process',
      '--fresh',
    );
    expect(json.code).toBe(0);
    expect((JSON.parse(json.stdout) as { notes: string[] }).notes).toEqual([NOTE]);
    // --folds given: the user chose, nothing to say.
    const chosen = await cli(
      'train',
      '-p',
      project,
      '--epochs',
      '1',
      '--in-process',
      '--folds',
      '2',
    );
    expect(chosen.code).toBe(0);
    expect(chosen.stderr).not.toContain('not the default');
  }, 120_000);
});
