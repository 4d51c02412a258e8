/**
 * `predict --missing-columns impute` (found by a new user: `predict -p P --run 1 new.csv`
 * on a file without the input column "year" failed, with no way on). With the option a lacking
 * column is read as missing in every row, as Orange does, warned; without it the refusal
 * names the option. Independent check: the predictions equal those of the same file with a
 * "year" column whose every cell is empty (the model imputes a missing cell the same way),
 * and inputs_missing counts the one lacking column in each row (by hand: x and c are there).
 */
import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { predictPreview, savePredictions } from '../../src/main/services/exports';
import { ProjectStore } from '../../src/main/store/projectStore';
import { makeTempDir } from '../store/helpers';
import { cli } from './run';

let cleanup: () => Promise<void>;
let dir: string;
let project: string;
beforeAll(async () => {
  ({ dir, cleanup } = await makeTempDir());
  // 30 rows: x = i mod 7, year 2000 + i mod 3, c = p/q, y = a for every third row.
  const rows = Array.from(
    { length: 30 },
    (_, i) => `${(i + 1) % 7},${2000 + (i % 3)},${i % 2 ? 'p' : 'q'},${(i + 1) % 3 ? 'b' : 'a'}`,
  );
  writeFileSync(`${dir}/train.csv`, `x,year,c,y\n${rows.join('\n')}\n`);
  writeFileSync(`${dir}/new.csv`, 'id,x,c\n1,1.5,p\n2,4,q\n3,6,p\n');
  writeFileSync(`${dir}/empty-year.csv`, 'id,x,c,year\n1,1.5,p,\n2,4,q,\n3,6,p,\n');
  writeFileSync(`${dir}/none.csv`, 'id,other\n1,5\n');
  project = `${dir}/p.mtlproj`;
  expect((await cli('import', `${dir}/train.csv`, '-p', project)).code).toBe(0);
  expect((await cli('tasks', '-p', project, '--add', 'y')).code).toBe(0);
  const trained = await cli('train', '-p', project, '--evaluation', 'split', '--epochs', '2');
  expect(trained.code, trained.stderr).toBe(0);
}, 120_000);
afterAll(() => cleanup());

const predict = (file: string, ...args: string[]) =>
  cli('predict', '-p', project, '--run', '1', `${dir}/${file}`, ...args);

describe('predict --missing-columns', () => {
  it('refuses by default, naming the option', async () => {
    const r = await predict('new.csv');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      'new.csv lacks the column "year" that the model reads (it reads x, year, c). To predict anyway, reading the absent column as missing in every row (imputed as the model imputes a missing cell), add --missing-columns impute.',
    );
    expect(r.stdout).toBe('');
  }, 60_000);

  it('impute: predicts as with the column empty in every row, and warns', async () => {
    const imputed = await predict('new.csv', '--missing-columns', 'impute');
    const empty = await predict('empty-year.csv');
    expect(imputed.code, imputed.stderr).toBe(0);
    expect(empty.code, empty.stderr).toBe(0);
    expect(imputed.stdout).toBe(empty.stdout);
    const [head, ...rows] = imputed.stdout.trim().split('\n');
    expect(head.split(',').at(-1)).toBe('inputs_missing');
    expect(rows.map((r) => r.split(',').at(-1))).toEqual(['1', '1', '1']);
    expect(imputed.stderr).toContain(
      'warning: new.csv lacks the column "year" that the model reads: read as missing in every row and imputed as the model imputes a missing cell (--missing-columns impute); the predictions rest on the other columns\n',
    );
    const json = await cli(
      '--json',
      'predict',
      '-p',
      project,
      '--run',
      '1',
      `${dir}/new.csv`,
      '--missing-columns',
      'impute',
    );
    expect(json.code, json.stderr).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({ rows: 3, missingColumns: ['year'] });
  }, 60_000);

  it('impute still refuses a file with none of the model’s columns, naming both sides', async () => {
    // Found by a new user: the refusal said the file lacks the columns and advised imputing
    // them, which was asked already. The model's columns and the file's, written by hand.
    const r = await predict('none.csv', '--missing-columns', 'impute');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      `none.csv has none of the model's 3 input columns (it reads "x", "year", "c"); its columns are "id", "other". Imputing them all would predict every row from the training data's defaults alone: name the file's columns as in training.`,
    );
    expect(r.stderr).not.toContain('add --missing-columns impute');
  }, 60_000);

  it('--dataset: refuses naming the option, and imputes with it as for a file', async () => {
    // A second dataset of the project without "year" (found by a new user: the refusal did
    // not name --missing-columns, which only the CSV path took).
    const imported = await cli('import', `${dir}/new.csv`, '-p', project, '--name', 'zoo');
    expect(imported.code, imported.stderr).toBe(0);
    const base = ['predict', '-p', project, '--run', '1', '--dataset'];
    const refused = await cli(...base, '2');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(
      'Dataset "zoo" has no column "year", which the model reads. To predict anyway, reading the absent column as missing in every row (imputed as the model imputes a missing cell), add --missing-columns impute.',
    );
    const imputed = await cli(...base, '2', '--missing-columns', 'impute');
    expect(imputed.code, imputed.stderr).toBe(0);
    expect(imputed.stderr).toContain(
      'warning: Dataset "zoo" lacks the column "year" that the model reads: read as missing in every row',
    );
    // The same rows in a file (its columns row, id, then as ours) with "year" empty in every cell predict the same (a dataset
    // imported with an empty column would type it as text, which the model refuses).
    const empty = await predict('empty-year.csv');
    expect(empty.code, empty.stderr).toBe(0);
    const predictions = (out: string) =>
      out
        .trim()
        .split('\n')
        .map((line) => line.split(','));
    const [head, ...rows] = predictions(imputed.stdout);
    const [, ...emptyRows] = predictions(empty.stdout);
    expect(head.at(-1)).toBe('inputs_missing');
    // By hand: x and c are there, year is not — one input missing in each row.
    expect(rows.map((r) => r.at(-1))).toEqual(['1', '1', '1']);
    expect(rows.map((r) => r.slice(1))).toEqual(emptyRows.map((r) => r.slice(2)));
    expect(rows.map((r) => r[0])).toEqual(['1', '2', '3']);
  }, 60_000);

  it('the studio’s Predict: the same option through the service, answered as missingColumns', async () => {
    const store = await ProjectStore.open(project, { create: false });
    try {
      await expect(predictPreview(store, 1, `${dir}/new.csv`)).rejects.toMatchObject({
        details: { reason: 'PREDICT_MISSING_COLUMNS', missing: ['year'] },
      });
      const imputed = await predictPreview(store, 1, `${dir}/new.csv`, undefined, {
        missingColumns: 'impute',
      });
      const empty = await predictPreview(store, 1, `${dir}/empty-year.csv`);
      expect(imputed.missingColumns).toEqual(['year']);
      expect(empty.missingColumns).toBeUndefined();
      expect(imputed.rows).toEqual(empty.rows);
      const saved = await savePredictions(store, 1, `${dir}/new.csv`, `${dir}/out.csv`, false, {
        missingColumns: 'impute',
      });
      expect(saved.rows).toBe(3);
      // A file with none of the model's columns: imputing is refused with its own reason (the
      // studio words it without advising to tick the box already ticked).
      await expect(
        predictPreview(store, 1, `${dir}/none.csv`, undefined, { missingColumns: 'impute' }),
      ).rejects.toMatchObject({
        details: {
          reason: 'PREDICT_NO_INPUT_COLUMNS',
          params: { file: 'none.csv', count: 3, reads: 'x, year, c', header: 'id, other' },
        },
      });
    } finally {
      await store.close();
    }
  }, 60_000);
});
