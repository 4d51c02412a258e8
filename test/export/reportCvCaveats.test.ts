/**
 * The report's cross-validation section carries the caveats `train --evaluation cv` warns of:
 * test rows that repeat their fold's training rows, a task scored on fewer than 5 labelled
 * test rows in some fold, and a class with fewer labelled rows than the folds. A real project
 * (24 rows with duplicates, tasks c and d, d labelled on 13 rows), cross-validated in-process
 * twice on the same 4 folds (single-task and hard sharing), in English and Chinese; then
 * hand-made summaries for the singular wordings and a clean evaluation.
 * Expected counts are computed here by hand: leakage over the fixture's cells and the stored
 * fold assignment (not services/splits.ts or data/duplicateRows.ts), labelled test rows of d
 * per fold from the same assignment, class sizes from the fixture.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderReportHtml } from '../../src/main/export/report';
import { crossValidationCaveatsSection } from '../../src/main/export/reportCaveats';
import { REPORT_TEXT } from '../../src/main/export/reportText';
import { importCsv } from '../../src/main/data/importCsv';
import { crossValidate } from '../../src/main/services/crossValidation';
import { reportData } from '../../src/main/services/report';
import { defineTasks } from '../../src/main/services/tasks';
import { ProjectStore } from '../../src/main/store/projectStore';
import type { CrossValidationInfo, CrossValidationSummary } from '../../src/shared/domain';
import { makeTempDir } from '../store/helpers';

const FAST = { epochs: 2, patience: 0, patienceSteps: 0, hiddenUnits: [4], seed: 1 };
const K = 4;

/** One fixture row: inputs x, y; task c (every row); task d ('' = no label). */
interface Row {
  x: number;
  y: number;
  c: string;
  d: string;
}

/**
 * Rows 1–12: x = i, y = 10·i, c = a (odd) or b (even), d = p for rows 1–5, q for rows 6–7,
 * none after; rows 13–18 copy rows 1–6 in every column; row 19 has row 7's inputs but c = b
 * and no d; rows 20–24 are unique (x = 100 + k). d: p on rows 1–5 and 13–17 (10), q on rows
 * 6, 7 and 18 (3): 13 labelled rows, smallest class q with 3 rows, fewer than 4 folds.
 */
function fixtureRows(): Row[] {
  const rows: Row[] = [];
  const c = (i: number): string => (i % 2 === 1 ? 'a' : 'b');
  const d = (i: number): string => (i <= 5 ? 'p' : i <= 7 ? 'q' : '');
  for (let i = 1; i <= 12; i++) rows.push({ x: i, y: 10 * i, c: c(i), d: d(i) });
  for (let i = 1; i <= 6; i++) rows.push({ ...rows[i - 1] });
  rows.push({ x: 7, y: 70, c: 'b', d: '' });
  for (let k = 1; k <= 5; k++) rows.push({ x: 100 + k, y: k, c: c(k), d: '' });
  return rows;
}

const ROWS = fixtureRows();

let dir: string;
let cleanup: () => Promise<void>;
let store: ProjectStore;
let single: CrossValidationInfo;
let shared: CrossValidationInfo;

beforeAll(async () => {
  ({ dir, cleanup } = await makeTempDir());
  const file = join(dir, 'dup.csv');
  const lines = ['x,y,c,d', ...ROWS.map((r) => `${r.x},${r.y},${r.c},${r.d}`)];
  await writeFile(file, lines.join('\n') + '\n');
  store = await ProjectStore.open(join(dir, 'dup.mtlproj'), { create: true });
  const datasetId = (await importCsv(store, file, { name: 'dup' })).id;
  await defineTasks(store, datasetId, [{ column: 'c' }, { column: 'd' }]);
  const cv = (arch: 'single-task' | 'hard-sharing') =>
    crossValidate(
      store,
      { datasetId, method: { kind: 'fixed', config: { ...FAST, arch } }, plan: { k: K, seed: 7 } },
      { mode: 'in-process' },
    );
  single = await cv('single-task');
  shared = await cv('hard-sharing');
}, 180_000);
afterAll(async () => {
  await store?.close();
  await cleanup?.();
});

/** The fixture row of each stored row id (rows are stored in file order). */
async function rowsById(): Promise<Map<number, Row>> {
  const { rowIds } = await store.datasets.readColumns(single.datasetId, ['x']);
  return new Map(rowIds.map((id, i) => [id, ROWS[i]]));
}

/**
 * By hand over the stored folds: per fold, test rows whose (x, y) equal a training row's
 * (leaked) and those equal in every column too (exact); labelled test rows of d per fold.
 */
async function handCounts(): Promise<{
  leaked: number;
  exact: number;
  test: number;
  dTestRows: number[];
}> {
  const byId = await rowsById();
  const scheme = await store.splits.foldScheme(single.schemeId);
  let leaked = 0;
  let exact = 0;
  let test = 0;
  const dTestRows: number[] = [];
  for (const { splitId } of scheme.folds) {
    const { rowIds, assignment } = await store.splits.assignment(splitId);
    const train = rowIds.filter((_, i) => assignment[i] === 'train').map((id) => byId.get(id)!);
    const held = rowIds.filter((_, i) => assignment[i] === 'test').map((id) => byId.get(id)!);
    test += held.length;
    dTestRows.push(held.filter((r) => r.d !== '').length);
    for (const r of held) {
      if (!train.some((u) => u.x === r.x && u.y === r.y)) continue;
      leaked++;
      if (train.some((u) => u.x === r.x && u.y === r.y && u.c === r.c && u.d === r.d)) exact++;
    }
  }
  return { leaked, exact, test, dTestRows };
}

describe('caveats on cross-validated scores in the report', () => {
  it('leakage over the folds, small folds and a class below the folds, in English and Chinese', async () => {
    const { leaked, exact, test, dTestRows } = await handCounts();
    // Every row is held out once over 4 folds × 1 repeat.
    expect(test).toBe(24);
    // The fixture must leak for the check to mean anything (6 exact copies, 1 inputs-only pair).
    expect(leaked).toBeGreaterThan(0);
    const inputsOnly = leaked - exact;
    const cause =
      inputsOnly === 0
        ? 'duplicate rows in the file'
        : exact === 0
          ? 'only their input columns repeat, not the whole row: an ignored column or a label differs'
          : `${exact} of them exact duplicate rows in the file; in the other ${inputsOnly} only the input columns repeat`;
    const data = await reportData(store);
    const en = renderReportHtml(data, 'en');
    const ids = `CV${single.id}, CV${shared.id}`;
    expect(en).toContain('<h4>Caveats on these cross-validated scores</h4>');
    // Both evaluations use the same folds: one caveat naming both.
    expect(en).toContain(
      `Evaluations ${ids}: Over the ${K} folds, ${leaked} of ${test} test ${leaked === 1 ? 'rows has' : 'rows have'} an identical input row among ${leaked === 1 ? 'its' : 'their'} fold’s training rows (${cause}): the cross-validated scores partly measure memory, not new rows.`,
    );
    expect(en.match(/Over the 4 folds/g)).toHaveLength(1);
    // d: 13 labelled rows over 4 folds; every fold below 5 must hold (13 / 4 < 5 for some).
    const small = dTestRows.filter((n) => n < 5);
    expect(small.length).toBeGreaterThan(0);
    const fewest = Math.min(...small);
    expect(en).toContain(
      small.length === 1
        ? `Evaluations ${ids}: “d”: 1 of ${K} folds scores it on fewer than 5 labelled test rows (on ${fewest});`
        : `Evaluations ${ids}: “d”: ${small.length} of ${K} folds score it on fewer than 5 labelled test rows (the smallest on ${fewest});`,
    );
    // c: 24 rows, 6 held out per fold: no small-fold caveat for it.
    expect(en).not.toContain('“c”: ');
    // d's smallest class q has 3 rows (6, 7, 18) < 4 folds: at least 1 fold tests on none.
    expect(en).toContain(
      `Evaluations ${ids}: “d”: its smallest class “q” has 3 labelled rows, fewer than the 4 folds: at least 1 fold tests on no row of it`,
    );
    // In the cross-validation section, under its note (before the per-task metrics table).
    const section = en.slice(en.indexOf('<section class="cv">'));
    expect(section.indexOf('cross-validated scores</h4>')).toBeGreaterThan(0);
    expect(section.indexOf('cross-validated scores</h4>')).toBeLessThan(
      section.indexOf('</section>'),
    );

    const zh = renderReportHtml(data, 'zh-CN');
    expect(zh).toContain('<h4>这些交叉验证分数的注意事项</h4>');
    expect(zh).toContain(
      `评估 ${ids}：在 ${K} 折中，${test} 个测试行中有 ${leaked} 个在其所在折的训练行中有输入完全相同的行`,
    );
    expect(zh).toContain(
      `评估 ${ids}：“d”：${K} 折中有 ${small.length} 折的测试部分少于 5 个已标注行（最少 ${fewest} 行）`,
    );
    expect(zh).toContain(
      `评估 ${ids}：“d”：最小的类别“q”只有 3 个已标注行，少于 4 折：至少 1 折的测试部分没有它的行`,
    );
  });

  it('singular wordings, and nothing for a clean evaluation or one without a finished fold', () => {
    const summary = (id: number, folds: number, small: CrossValidationSummary['smallTestFolds']) =>
      ({
        evaluation: { id, tasks: ['sex'] },
        folds,
        smallTestFolds: small,
      }) as unknown as CrossValidationSummary;
    const html = crossValidationCaveatsSection(
      [summary(1, 5, [{ task: 'sex', fewest: 4, folds: 1 }]), summary(2, 5, []), summary(3, 0, [])],
      [
        {
          evaluationId: 1,
          leakage: { leaked: 1, test: 40, exact: 1, folds: 5 },
          classesBelowFolds: [{ task: 'sex', className: 'f', rows: 1, folds: 5 }],
        },
        {
          evaluationId: 2,
          leakage: { leaked: 0, test: 40, exact: 0, folds: 5 },
          classesBelowFolds: [],
        },
        // A stopped one: its scheme's leakage is not said (no score to qualify).
        {
          evaluationId: 3,
          leakage: { leaked: 3, test: 40, exact: 3, folds: 5 },
          classesBelowFolds: [],
        },
      ],
      REPORT_TEXT.en,
    );
    expect(html).toContain(
      'Evaluation CV1: Over the 5 folds, 1 of 40 test rows has an identical input row among its fold’s training rows (duplicate rows in the file)',
    );
    expect(html).toContain(
      'Evaluation CV1: “sex”: 1 of 5 folds scores it on fewer than 5 labelled test rows (on 4);',
    );
    // 1 row of f, 5 folds: 4 folds test on none of it.
    expect(html).toContain(
      'Evaluation CV1: “sex”: its smallest class “f” has 1 labelled row, fewer than the 5 folds: at least 4 of the folds test on no row of it',
    );
    expect(html).not.toContain('CV2');
    expect(html).not.toContain('CV3');
    expect(crossValidationCaveatsSection([summary(2, 5, [])], [], REPORT_TEXT.en)).toBe('');
  });
});
