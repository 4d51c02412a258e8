/**
 * `predict --keep-columns`: input columns copied from the CSV file into the predictions, as
 * Orange's and scikit-learn users expect to keep them (found by a new user: the predictions
 * had only the row and the predicted classes). Expected by hand: the kept cells are the
 * file's own texts (written below), in the file's column order after `row` and `id` and
 * before the predictions; the prediction columns are the same as without the option.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseKeepColumns } from '../../src/main/cli/commands/exports';
import { keptColumns } from '../../src/main/export/predictCsv';
import { predictionColumns, predictionLayout } from '../../src/main/export/predictOutput';
import { predictPreview, savePredictions } from '../../src/main/services/exports';
import { ProjectStore } from '../../src/main/store/projectStore';
import { makeTempDir } from '../store/helpers';
import { cli } from './run';
import { trainXyProject } from './xyProject';

let cleanup: () => Promise<void>;
let dir: string;
let project: string;
beforeAll(async () => {
  ({ dir, cleanup } = await makeTempDir());
  // The model: test/cli/xyProject.ts (30 rows, x = (i + 1) mod 7, y = a for every third row).
  writeFileSync(
    `${dir}/new.csv`,
    'name,id,x,note,y\nAda,1,1.5,"has, comma",a\nBob,2,4, padded ,b\n',
  );
  writeFileSync(`${dir}/noy.csv`, 'name,id,x\nAda,1,1.5\n');
  project = await trainXyProject(dir);
}, 120_000);
afterAll(() => cleanup());

/** The CSV's lines split at commas outside quotes (enough for these files). */
const lines = (csv: string) => csv.trim().split('\n');

describe('predict --keep-columns', () => {
  const predict = (...args: string[]) =>
    cli('predict', '-p', project, '--run', '1', `${dir}/new.csv`, ...args);

  it('copies the named columns in the file’s order, before the predictions', async () => {
    const plain = await predict();
    const kept = await predict('--keep-columns', 'note,name');
    expect(plain.code).toBe(0);
    expect(kept.code).toBe(0);
    const [plainHead, ...plainRows] = lines(plain.stdout);
    const [head, ...rows] = lines(kept.stdout);
    expect(plainHead).toBe('row,id,y,y_probability,inputs_missing');
    // Named note,name; written as the file orders them: name before note.
    expect(head).toBe('row,id,name,note,y,y_probability,inputs_missing');
    // The cells as written (a comma quoted, surrounding spaces kept and so quoted).
    expect(rows[0]).toBe(plainRows[0].replace(/^1,1,/, '1,1,Ada,"has, comma",'));
    expect(rows[1]).toBe(plainRows[1].replace(/^2,2,/, '2,2,Bob," padded ",'));
  }, 60_000);

  it('all keeps every column but the id; --json rows carry them too', async () => {
    // The file's y is also the task's name (a checking file's answers): kept as "y (input)",
    // beside the prediction, which is the same as without the option (found by a new user:
    // `--keep-columns all` refused every checking file).
    const plain = await predict();
    const all = await predict('--keep-columns', 'all');
    expect(all.code, all.stderr).toBe(0);
    const [head, ...rows] = lines(all.stdout);
    expect(head).toBe('row,id,name,x,note,y (input),y,y_probability,inputs_missing');
    // The cells as written in new.csv (y: a, b), then the predictions as without the option.
    expect(rows[0]).toBe(lines(plain.stdout)[1].replace(/^1,1,/, '1,1,Ada,1.5,"has, comma",a,'));
    expect(rows[1]).toBe(lines(plain.stdout)[2].replace(/^2,2,/, '2,2,Bob,4," padded ",b,'));
    const keptY = await cli(
      '--json',
      'predict',
      '-p',
      project,
      '--run',
      '1',
      `${dir}/new.csv`,
      '--keep-columns',
      'y',
    );
    expect(keptY.code, keptY.stderr).toBe(0);
    const [one] = JSON.parse(keptY.stdout).predictions;
    expect(one['y (input)']).toBe('a');
    expect(one.y).toMatchObject({ label: expect.any(String) });
    const noY = await cli('predict', '-p', project, '--run', '1', `${dir}/noy.csv`);
    const allNoY = await cli(
      'predict',
      '-p',
      project,
      '--run',
      '1',
      `${dir}/noy.csv`,
      '--keep-columns',
      'all',
    );
    expect(allNoY.code).toBe(0);
    const [headNoY, row] = lines(allNoY.stdout);
    expect(headNoY).toBe('row,id,name,x,y,y_probability,inputs_missing');
    expect(row).toBe(lines(noY.stdout)[1].replace(/^1,1,/, '1,1,Ada,1.5,'));
    const json = await cli(
      '--json',
      'predict',
      '-p',
      project,
      '--run',
      '1',
      `${dir}/new.csv`,
      '--keep-columns',
      'x, name',
    );
    expect(json.code).toBe(0);
    const first = JSON.parse(json.stdout).predictions[0];
    expect(first).toMatchObject({ row: 1, id: '1', name: 'Ada', x: '1.5' });
  }, 60_000);

  it('refuses an unknown column, naming it and the file’s columns', async () => {
    const unknown = await predict('--keep-columns', 'name,colour');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain(
      'new.csv has no column "colour" to keep (--keep-columns); its columns are "name", "id", "x", "note", "y".\n',
    );
    expect(unknown.stdout).toBe('');
    // A usage error comes before the pass starts (it said "Predicting with run 1…" first).
    expect(unknown.stderr).not.toContain('Predicting with');
  }, 60_000);

  it('suggests the file’s name that differs only in case', async () => {
    const cased = await predict('--keep-columns', 'Name');
    expect(cased.code).toBe(1);
    expect(cased.stderr).toContain(
      'new.csv has no column "Name" to keep (--keep-columns); its columns are "name", "id", "x", "note", "y". Did you mean "name" for "Name"? Columns are matched by their exact name.',
    );
    expect(cased.stderr).not.toContain('Predicting with');
  }, 60_000);

  it('refuses the id column and dataset input', async () => {
    const id = await predict('--keep-columns', 'id');
    expect(id.code).toBe(1);
    expect(id.stderr).toContain(
      'The kept column "id" has the name of a column the predictions write (the id column, written already)',
    );
    const dataset = await cli(
      'predict',
      '-p',
      project,
      '--run',
      '1',
      '--dataset',
      '1',
      '--keep-columns',
      'x',
    );
    expect(dataset.code).toBe(1);
    expect(dataset.stderr).toContain('--keep-columns copies columns of a CSV file');
  }, 60_000);

  it('the studio’s service (savePredictions) writes the same file', async () => {
    const cli = await predict('--keep-columns', 'note,name');
    const store = await ProjectStore.open(project, { create: false });
    try {
      const out = `${dir}/saved.csv`;
      await savePredictions(store, 1, `${dir}/new.csv`, out, false, {
        keepColumns: ['note', 'name'],
      });
      expect(readFileSync(out, 'utf8')).toBe(cli.stdout);
      await expect(
        savePredictions(store, 1, `${dir}/new.csv`, `${dir}/bad.csv`, false, {
          keepColumns: ['colour'],
        }),
      ).rejects.toMatchObject({ code: 'BAD_REQUEST', details: { columns: ['colour'] } });
    } finally {
      await store.close();
    }
  }, 60_000);

  it('the Predict view’s preview (predictPreview) offers the header and shows kept cells', async () => {
    // By hand from new.csv: header name,id,x,note,y; id column "id"; y, named as the task,
    // kept as "y (input)"; the cells as written.
    const store = await ProjectStore.open(project, { create: false });
    try {
      const plain = await predictPreview(store, 1, `${dir}/new.csv`);
      expect([plain.header, plain.idColumn, plain.kept]).toEqual([
        ['name', 'id', 'x', 'note', 'y'],
        'id',
        [],
      ]);
      expect(plain.rows[0].kept).toBeUndefined();
      const kept = await predictPreview(store, 1, `${dir}/new.csv`, undefined, {
        keepColumns: ['y', 'name'],
      });
      expect(kept.kept).toEqual(['name', 'y (input)']);
      expect(kept.rows.map((r) => r.kept)).toEqual([
        { name: 'Ada', 'y (input)': 'a' },
        { name: 'Bob', 'y (input)': 'b' },
      ]);
      // The refusals carry reasons the studio words (i18n/errors.ts): did you mean "name"?
      await expect(
        predictPreview(store, 1, `${dir}/new.csv`, undefined, { keepColumns: ['Name'] }),
      ).rejects.toMatchObject({
        details: {
          reason: 'KEEP_COLUMNS_UNKNOWN_SIMILAR',
          params: { file: 'new.csv', columns: '“Name”', count: 1, similar: '“name”' },
        },
      });
      await expect(
        predictPreview(store, 1, `${dir}/new.csv`, undefined, { keepColumns: ['a', 'b'] }),
      ).rejects.toMatchObject({
        details: {
          reason: 'KEEP_COLUMNS_UNKNOWN',
          params: {
            columns: '“a”, “b”',
            count: 2,
            header: '“name”, “id”, “x”, “note”, “y”',
          },
        },
      });
      await expect(
        predictPreview(store, 1, `${dir}/new.csv`, undefined, { keepColumns: ['id'] }),
      ).rejects.toMatchObject({
        details: { reason: 'KEEP_COLUMN_IS_ID', params: { column: 'id' } },
      });
    } finally {
      await store.close();
    }
  }, 60_000);

  it('is documented in --help', async () => {
    const help = await cli('predict', '--help');
    expect(help.stdout).toContain('--keep-columns <a,b,…|all>');
    expect(help.stdout.replace(/\s+/g, ' ')).toContain('is written as "species (input)"');
  });
});

describe('keep-columns parts', () => {
  it('parses the option', () => {
    expect(parseKeepColumns(undefined)).toBeUndefined();
    expect(parseKeepColumns('all')).toBe('all');
    expect(parseKeepColumns(' b, a ,')).toEqual(['b', 'a']);
    expect(() => parseKeepColumns(' , ')).toThrow(/names no column/);
  });

  it('orders kept columns as the header, all without the id', () => {
    const header = ['a', 'id', 'b', 'c'];
    expect(keptColumns('f.csv', header, 'id', ['c', 'a'])).toEqual([
      { name: 'a', at: 0 },
      { name: 'c', at: 3 },
    ]);
    expect(keptColumns('f.csv', header, 'id', 'all').map((k) => k.name)).toEqual(['a', 'b', 'c']);
    expect(() => keptColumns('f.csv', header, null, ['z', 'q'])).toThrow(
      'f.csv has no columns "z", "q" to keep',
    );
    const predictor = { tasks: [{ name: 't', labels: ['u', 'v'] }] };
    expect(
      predictionColumns(predictor, { idColumn: 'id', inputsMissing: true, kept: ['a', 'c'] }),
    ).toEqual(['row', 'id', 'a', 'c', 't', 't_probability', 'inputs_missing']);
    // Named as a column the predictions write: kept under "<name> (input)".
    expect(
      predictionLayout(predictor, { idColumn: null, inputsMissing: true, kept: ['row', 'a', 't'] }),
    ).toEqual({
      columns: ['row', 'row (input)', 'a', 't (input)', 't', 't_probability', 'inputs_missing'],
      kept: ['row (input)', 'a', 't (input)'],
    });
    expect(
      predictionColumns(predictor, {
        idColumn: null,
        inputsMissing: true,
        kept: ['t_probability'],
      }),
    ).toContain('t_probability (input)');
    // Unless that name is taken too (the file has both), or it is the id column.
    expect(() =>
      predictionColumns(predictor, {
        idColumn: null,
        inputsMissing: true,
        kept: ['t', 't (input)'],
      }),
    ).toThrow(
      'The kept column "t" has the name of a column the predictions write (task "t"), and "t (input)", the name it would be kept under, is taken too',
    );
    expect(() =>
      predictionColumns(predictor, { idColumn: 'id', inputsMissing: true, kept: ['id'] }),
    ).toThrow('(the id column, written already)');
    expect(() => keptColumns('f.csv', ['Sex', 'x'], null, ['sex'])).toThrow(
      'Did you mean "Sex" for "sex"?',
    );
  });
});

describe('predict --keep-columns: cells a spreadsheet would run as formulas', () => {
  // Found by a new user: "=cmd()" was copied into the output CSV without a word (OWASP "CSV
  // Injection"). It is still copied unchanged, but warned of: column, row and line, value.
  it('warns naming the column and first row; a signed number is no formula', async () => {
    // Rows (line): 1 (2) "-1.5" a number; 2 (3) "=cmd()"; 3 (4) "@SUM(A1)"; 4 (5) "-" a mark.
    writeFileSync(`${dir}/formula.csv`, 'x,note\n1,-1.5\n2,=cmd()\n3,@SUM(A1)\n4,-\n');
    const out = await cli(
      'predict',
      '-p',
      project,
      '--run',
      '1',
      `${dir}/formula.csv`,
      '--keep-columns',
      'note',
    );
    expect(out.code).toBe(0);
    expect(out.stdout).toContain('=cmd()');
    expect(out.stderr).toContain(
      'warning: 2 cells of the predictions would run as formulas in a spreadsheet (starting with = + - @, a tab or a carriage return), in the column "note": column "note", row 2 (line 3): "=cmd()"; column "note", row 3 (line 4): "@SUM(A1)"; written as the data has them',
    );
    const plain = await cli('predict', '-p', project, '--run', '1', `${dir}/formula.csv`);
    expect(plain.stderr).not.toContain('formula');
  });

  it('tells formulas from numbers', async () => {
    const { looksLikeFormula } = await import('../../src/shared/formulaCells');
    expect(['=1+1', '+cmd', '-2+3', '@x', '\t=x', '-A1'].map(looksLikeFormula)).toEqual([
      true,
      true,
      true,
      true,
      true,
      true,
    ]);
    expect(['-1.5', '+3e2', '-', 'a=b', '1', '', '-.5'].map(looksLikeFormula)).toEqual([
      false,
      false,
      false,
      false,
      false,
      false,
      false,
    ]);
    // Signed numbers as decimal-comma locales write them (a new user's "-1,5") are numbers;
    // an expression after one is not.
    expect(['-1,5', '-1.000,5', '+0,25', '-1,5+A1'].map(looksLikeFormula)).toEqual([
      false,
      false,
      false,
      true,
    ]);
  });
});
