/**
 * The CLI's words on duplicate rows: the import's note on exact duplicates, and the leakage
 * warning of `splits --preview` and `train` when test rows repeat a training row's inputs
 * (a new user's CSV of repeated rows scored far above the real rows, and nothing said why).
 * Expected counts are written by hand from the files below.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../store/helpers';
import { foldLeakageWarning, splitLeakageWarning } from '../../src/main/cli/commands/splits';
import { cli } from './run';

let dir: string;
let cleanup: () => Promise<void>;
beforeAll(async () => {
  ({ dir, cleanup } = await makeTempDir());
});
afterAll(() => cleanup());

/** Rows 2 and 3 repeat row 1, row 5 repeats row 4: 3 duplicates, 2 distinct rows repeated. */
const REPEATED = [
  'size,colour,label',
  '1,red,a',
  '1,red,a',
  '1,red,a',
  '2,blue,b',
  '2,blue,b',
  '2,blue,a',
  '3,red,b',
  '4,green,a',
  '5,blue,b',
  '6,red,a',
  '7,green,b',
  '1,,a',
].join('\n');

describe('import: duplicate rows', () => {
  it('notes the exact duplicate rows, and gives their counts with --json', async () => {
    const csv = join(dir, 'repeated.csv');
    await writeFile(csv, `${REPEATED}\n`);
    const out = await cli('import', csv, '-p', join(dir, 'a.mtlproj'));
    expect(out.code).toBe(0);
    expect(out.stdout).toContain(
      'note: 3 rows repeat an earlier row exactly (2 distinct rows occur more than once): a split can put copies of one row in both training and test, which inflates test scores (mtl-studio splits --preview counts them)',
    );
    const json = await cli('--json', 'import', csv, '-p', join(dir, 'b.mtlproj'));
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout).duplicateRows).toEqual({ duplicates: 3, repeatedRows: 2 });
  });

  it('says nothing of duplicates in a file without any', async () => {
    const csv = join(dir, 'distinct.csv');
    await writeFile(csv, 'size,colour,label\n1,red,a\n1,red,b\n2,red,a\n');
    const out = await cli('import', csv, '-p', join(dir, 'c.mtlproj'));
    expect(out.code).toBe(0);
    expect(out.stdout).not.toContain('repeat');
    const json = await cli('--json', 'import', csv, '-p', join(dir, 'd.mtlproj'));
    expect(JSON.parse(json.stdout).duplicateRows).toEqual({ duplicates: 0, repeatedRows: 0 });
  });
});

describe('splits and train: test rows that repeat training rows', () => {
  // 20 rows with one input row (size 4, colour green), labelled a (10) and b (10): every
  // test row has a twin among the training rows. 70 / 15 / 15 stratified on label gives
  // 2 test rows (1.5 per class, largest remainders: test/services/splits.test.ts).
  let project: string;
  beforeAll(async () => {
    const csv = join(dir, 'same.csv');
    const rows = Array.from({ length: 20 }, (_, i) => `4,green,${i < 10 ? 'a' : 'b'}`);
    await writeFile(csv, `size,colour,label\n${rows.join('\n')}\n`);
    project = join(dir, 'same.mtlproj');
    const imported = await cli(
      'import',
      csv,
      '-p',
      project,
      '--role',
      'size=input',
      '--role',
      'colour=input',
    );
    expect(imported.code).toBe(0);
    expect(imported.stdout).toContain('note: 18 rows repeat an earlier row exactly');
    expect((await cli('tasks', '-p', project, '--add', 'label')).code).toBe(0);
  });

  it('splits --preview counts them and warns', async () => {
    const json = await cli('--json', 'splits', '-p', project, '--preview');
    expect(json.code).toBe(0);
    // Each test row (4,green,a or b) equals its class's training rows in every column too.
    expect(JSON.parse(json.stdout).leakage).toEqual({ leaked: 2, test: 2, exact: 2 });
    const text = await cli('splits', '-p', project, '--preview');
    expect(text.stdout).toContain(
      'warning: 2 of 2 test rows have an identical input row among the training rows (duplicate rows in the file)',
    );
  });

  it('train warns next to the scores they inflate, on a split and over folds', async () => {
    const split = await cli(
      'train',
      '-p',
      project,
      '--evaluation',
      'split',
      '--epochs',
      '1',
      '--backend',
      'cpu',
    );
    expect(split.code).toBe(0);
    expect(split.stderr).toContain(
      'warning: 2 of 2 test rows have an identical input row among the training rows',
    );
    // Cross-validation (the default below 2000 labelled rows): 5 folds, each row a test row
    // once, every one with a twin among its fold's training rows.
    const cv = await cli('train', '-p', project, '--epochs', '1', '--backend', 'cpu');
    expect(cv.code).toBe(0);
    expect(cv.stderr).toContain(
      "warning: over the 5 folds, 20 of 20 test rows have an identical input row among their fold's training rows",
    );
  });
});

describe('splits: test rows whose inputs alone repeat', () => {
  // Found by a new user: rows that differ in an ignored id column were called "duplicate
  // rows in the file", and the advice (remove the duplicates) could not remove them.
  // 20 rows, id 1…20 (ignored), size 5 in every row, label a (10) and b (10): no two rows
  // are equal in every column, yet every test row has a training row with its inputs. 70 /
  // 15 / 15 stratified on label gives 2 test rows (by hand, as above): 2 of 2 leak, 0 exact.
  it('says only the inputs repeat, and advises what fits', async () => {
    const csv = join(dir, 'ids.csv');
    const rows = Array.from({ length: 20 }, (_, i) => `${i + 1},5,${i < 10 ? 'a' : 'b'}`);
    await writeFile(csv, `id,size,label\n${rows.join('\n')}\n`);
    const project = join(dir, 'ids.mtlproj');
    const imported = await cli('import', csv, '-p', project, '--role', 'id=ignore');
    expect(imported.code).toBe(0);
    expect(imported.stdout).not.toContain('repeat an earlier row exactly');
    expect((await cli('tasks', '-p', project, '--add', 'label')).code).toBe(0);
    const json = await cli('--json', 'splits', '-p', project, '--preview');
    expect(JSON.parse(json.stdout).leakage).toEqual({ leaked: 2, test: 2, exact: 0 });
    const text = await cli('splits', '-p', project, '--preview');
    expect(text.stdout).toContain(
      'warning: 2 of 2 test rows have an identical input row among the training rows (only their input columns repeat, not the whole row: an ignored column or a label differs): the test scores partly measure memory, not new rows; the model reads only the input columns, so it cannot tell such rows apart: if they are one case written twice, keep one of them; if they are different cases, add an input column that tells them apart.',
    );
    expect(text.stdout).not.toContain('duplicate rows in the file');
  });

  it('splits the count when some are exact duplicates and some are not', () => {
    // 3 leaked test rows, 1 of them equal in every column: 2 repeat only the inputs.
    expect(splitLeakageWarning({ leaked: 3, test: 4, exact: 1 })).toBe(
      '3 of 4 test rows have an identical input row among the training rows (1 of them exact duplicate rows in the file; in the other 2 only the input columns repeat): the test scores partly measure memory, not new rows; remove the exact duplicates from the file; for the rest, the model reads only the input columns, so it cannot tell such rows apart: if they are one case written twice, keep one of them; if they are different cases, add an input column that tells them apart.',
    );
    expect(foldLeakageWarning({ leaked: 4, test: 20, exact: 4, folds: 5 })).toBe(
      "over the 5 folds, 4 of 20 test rows have an identical input row among their fold's training rows (duplicate rows in the file): the cross-validated scores partly measure memory, not new rows; remove the duplicates from the file to score on unseen rows.",
    );
    expect(splitLeakageWarning({ leaked: 0, test: 4, exact: 0 })).toBeNull();
  });
});
