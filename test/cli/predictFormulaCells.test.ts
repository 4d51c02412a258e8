/**
 * Cells of a predictions CSV that a spreadsheet would run as formulas (OWASP "CSV
 * Injection"): not only kept input cells but every cell from the user's data — the id column,
 * the predicted class names (they come from the training data) and the header's names (a kept
 * column's). Found by a new user: only kept cells were warned of. Expected values by hand from
 * the files written below: the model's two classes both start with = or @, so every row's
 * prediction is one such cell whatever the model predicts.
 */
import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { predictPreview } from '../../src/main/services/exports';
import { ProjectStore } from '../../src/main/store/projectStore';
import { FormulaCellScan, formulaCellsWarning } from '../../src/shared/formulaCells';
import { makeTempDir } from '../store/helpers';
import { cli } from './run';
import { trainXyProject } from './xyProject';

let cleanup: () => Promise<void>;
let dir: string;
let project: string;
beforeAll(async () => {
  ({ dir, cleanup } = await makeTempDir());
  // The model (test/cli/xyProject.ts): y alternates between the classes "=up" and "@down".
  // Row 1 (line 2): id "=cmd()", note "-1,5" (a signed decimal-comma number: no formula);
  // row 2 (line 3): note "+A1"; row 3 (line 4): nothing.
  writeFileSync(`${dir}/new.csv`, 'id,x,@note\n=cmd(),1,"-1,5"\n2,2,+A1\n3,3,ok\n');
  project = await trainXyProject(dir, (i) => (i % 2 ? '=up' : '@down'));
}, 120_000);
afterAll(() => cleanup());

describe('predict: every cell from the user’s data that looks like a formula is warned of', () => {
  const predict = (...args: string[]) =>
    cli('predict', '-p', project, '--run', '1', `${dir}/new.csv`, ...args);

  it('the id, the predicted classes and a kept column’s header name: count and the first three', async () => {
    const out = await predict('--keep-columns', '@note');
    expect(out.code).toBe(0);
    // Written unchanged.
    expect(out.stdout.split('\n')[0]).toBe('row,id,@note,y,y_probability,inputs_missing');
    expect(out.stdout).toContain('1,=cmd(),"-1,5",');
    // The header's "@note", id row 1, "+A1" row 2: 3 cells; the predicted classes are named
    // once each (found by a new user: every predicted row was counted), not counted.
    const warnings = out.stderr.split('\n').filter((l) => l.includes('formula'));
    // y is the third field from the end (row 1's "-1,5" holds a comma), in row order.
    const predicted = new Set(
      out.stdout
        .trim()
        .split('\n')
        .slice(1)
        .map((r) => r.split(',').at(-3)!),
    );
    expect(warnings).toEqual([
      'warning: 3 cells of the predictions would run as formulas in a spreadsheet (starting with = + - @, a tab or a carriage return), in the columns "id", "@note": ' +
        'the header\'s "@note"; column "id", row 1 (line 2): "=cmd()"; column "@note", row 2 (line 3): "+A1"; ' +
        'written as the data has them, so import the predictions into a spreadsheet as text, or clean these cells first',
      ...[...predicted].map(
        (label) =>
          `warning: class ${JSON.stringify(label)} of task "y" starts with ${JSON.stringify(label[0])}: a spreadsheet would run it as a formula in every row predicted as it (column "y"); predictions write class names unescaped (there is no option to escape them), so import the predictions into a spreadsheet as text, or rename the class in the data and train again`,
      ),
    ]);
  }, 60_000);

  it('without kept columns: the id and the predicted classes', async () => {
    const out = await predict();
    expect(out.code).toBe(0);
    // id row 1 only; the predicted classes are named apart.
    expect(out.stderr).toContain(
      'warning: 1 cell of the predictions would run as a formula in a spreadsheet (starting with = + - @, a tab or a carriage return), in the column "id": column "id", row 1 (line 2): "=cmd()"; written',
    );
    expect(out.stderr).toContain('warning: class ');
  }, 60_000);
});

describe('the Predict view’s preview (predictPreview)', () => {
  it('counts the cells of the rows it shows, not of the row read past them', async () => {
    // By hand: a limit of 2 shows rows 1-2: id "=cmd()" (row 1): 1 cell (predicted classes
    // are named apart, in classLabels); row 3 is read only to say there is more.
    const store = await ProjectStore.open(project, { create: false });
    try {
      const preview = await predictPreview(store, 1, `${dir}/new.csv`, 2);
      expect(preview.rows.map((r) => r.row)).toEqual([1, 2]);
      expect(preview.truncated).toBe(true);
      expect(preview.formulaCells?.count).toBe(1);
      const shown = new Set(preview.rows.map((r) => r.predictions[0].label));
      expect(new Set(preview.formulaCells?.classLabels?.map((c) => c.label))).toEqual(shown);
      const all = await predictPreview(store, 1, `${dir}/new.csv`, 3);
      expect(all.truncated).toBe(false);
      expect(all.formulaCells?.count).toBe(1);
    } finally {
      await store.close();
    }
  }, 60_000);
});

describe('FormulaCellScan', () => {
  it('lists the columns in the output’s column order, not as first met', () => {
    // A new user's output: header row,id,note,=cls,=cls_probability,b; met as "=cls" and
    // "=cls_probability" (header names), then note, id, b (by row).
    const scan = new FormulaCellScan();
    scan.header(['row', 'id', 'note', '=cls', '=cls_probability', 'b']);
    scan.cell('note', 1, 2, '+x');
    scan.cell('id', 1, 2, '=1+1');
    scan.cell('b', 2, 3, '@b');
    scan.cell('elsewhere', 2, 3, '@e');
    expect(scan.result()!.columns).toEqual([
      'id',
      'note',
      '=cls',
      '=cls_probability',
      'b',
      'elsewhere',
    ]);
  });

  it('counts every cell but lists only the first three; a signed number is no formula', () => {
    const scan = new FormulaCellScan();
    scan.header(['row', 'id', 'y']);
    // 1000 rows whose id is "=x<i>", and "-1,5" in another column (a number).
    for (let r = 1; r <= 1000; r++) {
      scan.cell('id', r, undefined, `=x${r}`);
      scan.cell('note', r, undefined, '-1,5');
    }
    const found = scan.result()!;
    expect(found.count).toBe(1000);
    expect(found.columns).toEqual(['id']);
    expect(found.cells).toEqual([
      { column: 'id', row: 1, value: '=x1' },
      { column: 'id', row: 2, value: '=x2' },
      { column: 'id', row: 3, value: '=x3' },
    ]);
    expect(formulaCellsWarning(found)).toBe(
      '1000 cells of the predictions would run as formulas in a spreadsheet (starting with = + - @, a tab or a carriage return), in the column "id": ' +
        'column "id", row 1: "=x1"; column "id", row 2: "=x2"; column "id", row 3: "=x3"; …; ' +
        'written as the data has them, so import the predictions into a spreadsheet as text, or clean these cells first',
    );
    expect(new FormulaCellScan().result()).toBeUndefined();
  });
});
