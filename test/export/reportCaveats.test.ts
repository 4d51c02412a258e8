/**
 * The report carries the caveats the Train view and `train` give beside test scores — a
 * new user's report of zoo (101 rows, 14 test rows, 10 of them repeating a training row)
 * showed Δm as a plain result. Real projects, trained in-process for 2 epochs: a small table
 * whose hand-made split puts duplicates of training rows in its test split (both caveats, in
 * English and Chinese), and a clean table of 2 000 unique rows (neither). Hand-made report
 * data for the per-task small test split and for runs sharing a caveat. Expected counts and
 * texts by hand from the fixtures (comments say how).
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderReportHtml } from '../../src/main/export/report';
import { caveatsSection } from '../../src/main/export/reportCaveats';
import { REPORT_TEXT } from '../../src/main/export/reportText';
import { importCsv } from '../../src/main/data/importCsv';
import { reportData } from '../../src/main/services/report';
import { defineTasks } from '../../src/main/services/tasks';
import { trainRun } from '../../src/main/services/training';
import { ensureSplit } from '../../src/main/services/trainingJobs';
import { ProjectStore } from '../../src/main/store/projectStore';
import type { RunInfo, SplitName } from '../../src/shared/domain';
import { makeTempDir } from '../store/helpers';
import { handDataset, handReport, handRun } from './reportFixtures';

/** A small, short run: the tests check the report, not the accuracy. */
const TRAIN: Partial<RunInfo['config']> = {
  arch: 'single-task',
  epochs: 2,
  patience: 0,
  seed: 3,
  hiddenUnits: [4],
};

/**
 * Rows 1–10: x = i, y = 10·i, c = a (odd i) or b (even); rows 11–16 copy rows 1–6 in every
 * column; row 17 has row 7's inputs (7, 70) but label b (row 7 is a); rows 18–21 are unique
 * (x = 100 + k). 21 rows, all labelled.
 */
function smallCsv(): string {
  const lines = ['x,y,c'];
  const c = (i: number): string => (i % 2 === 1 ? 'a' : 'b');
  for (let i = 1; i <= 10; i++) lines.push(`${i},${10 * i},${c(i)}`);
  for (let i = 1; i <= 6; i++) lines.push(`${i},${10 * i},${c(i)}`);
  lines.push('7,70,b');
  for (let k = 1; k <= 4; k++) lines.push(`${100 + k},${k},${c(k)}`);
  return lines.join('\n') + '\n';
}

/**
 * 2 000 rows with unique decimal x (0.731·i: 1, 2, 3… would read as a row id, an ignored
 * column, and the inputs y alone would repeat): no row repeats another's inputs.
 */
function largeCsv(): string {
  const lines = ['x,y,c'];
  for (let i = 1; i <= 2000; i++) {
    lines.push(`${(i * 0.731).toFixed(3)},${i % 7},${i % 3 === 0 ? 'a' : 'b'}`);
  }
  return lines.join('\n') + '\n';
}

let dir: string;
let cleanup: () => Promise<void>;
const stores: ProjectStore[] = [];

/** A project of one CSV with task c, its split made by `split`, and one trained run. */
async function project(
  name: string,
  csv: string,
  split: (store: ProjectStore, datasetId: number) => Promise<unknown>,
): Promise<{ store: ProjectStore; runId: number }> {
  const file = join(dir, `${name}.csv`);
  await writeFile(file, csv);
  const store = await ProjectStore.open(join(dir, `${name}.mtlproj`), { create: true });
  stores.push(store);
  const datasetId = (await importCsv(store, file, { name })).id;
  await defineTasks(store, datasetId, [{ column: 'c' }]);
  await split(store, datasetId);
  const run = await trainRun(store, { datasetId, config: TRAIN }, { mode: 'in-process' });
  return { store, runId: run.id };
}

let small: { store: ProjectStore; runId: number };
let large: { store: ProjectStore; runId: number };

beforeAll(async () => {
  ({ dir, cleanup } = await makeTempDir());
  small = await project('small', smallCsv(), async (store, datasetId) => {
    const { rowIds } = await store.datasets.readColumns(datasetId, ['x']);
    // Rows 1–10 train, 18–19 validation, 11–17 and 20–21 test (file order = row order).
    const assignment: SplitName[] = rowIds.map((_, i) => {
      const row = i + 1;
      if (row <= 10) return 'train';
      return row === 18 || row === 19 ? 'validation' : 'test';
    });
    await store.splits.create({
      datasetId,
      seed: 1,
      fractions: { train: 10 / 21, validation: 2 / 21, test: 9 / 21 },
      stratifiedOn: null,
      rowIds,
      assignment,
    });
  });
  large = await project('large', largeCsv(), (store, datasetId) =>
    ensureSplit(store, datasetId, { seed: 5 }),
  );
}, 120_000);
afterAll(async () => {
  for (const s of stores) await s.close();
  await cleanup?.();
});

describe('caveats in the report', () => {
  it('a small table whose test rows repeat training rows: both caveats, in English and Chinese', async () => {
    const data = await reportData(small.store);
    const en = renderReportHtml(data, 'en');
    // 9 test rows (11–17, 20, 21); 7 repeat a training row's inputs (11–16 rows 1–6, 17 row
    // 7's), 6 of them in every column (11–16), 1 in the inputs only (17: its label differs).
    expect(en).toContain('<h4>Caveats on these test scores</h4>');
    expect(en).toContain(
      `Run #${small.runId}: 7 of 9 test rows have an identical input row among the training rows (6 of them exact duplicate rows in the file; in the other 1 only the input columns repeat): the test scores partly measure memory, not new rows. Remove the exact duplicates from the file;`,
    );
    // 21 labelled rows: below 2 000 the studio cross-validates (autoCrossValidates).
    expect(en).toContain(
      `Run #${small.runId}: 21 labelled rows: one test split this small cannot tell methods apart; cross-validation is recommended.`,
    );
    // The task is scored on 9 test rows, not fewer than 5: no per-task caveat.
    expect(en).not.toContain('close to meaningless');
    const zh = renderReportHtml(data, 'zh-CN');
    expect(zh).toContain('<h4>这些测试分数的注意事项</h4>');
    expect(zh).toContain(
      `运行 #${small.runId}：9 个测试行中有 7 个在训练行中有输入完全相同的行（其中 6 个是文件中完全重复的行；其余 1 个只是输入列重复）`,
    );
    expect(zh).toContain(`运行 #${small.runId}：21 个有标签的行：这么小的测试集无法区分不同方法`);
  });

  it('a clean table of 2 000 unique rows: neither caveat', async () => {
    const en = renderReportHtml(await reportData(large.store), 'en');
    expect(en).toContain(`#${large.runId}`);
    // The fixture holds: x is an input (a wrong row lists it), not an ignored row id.
    expect(en).toContain('<span class="input-name">x</span>');
    expect(en).not.toContain('Caveats on these test scores');
    expect(en).not.toContain('identical input row');
    expect(en).not.toContain('cannot tell methods apart');
  });

  it('names every run a caveat holds for once, and a task scored on fewer than 5 test rows', () => {
    const caveats = { leakage: { leaked: 2, test: 3, exact: 2 }, smallTableRows: 40 };
    const one = handRun(1, ['sex']);
    const two = { ...handRun(2, ['sex']), results: { sex: { n: 1 } } } as unknown as RunInfo;
    const html = caveatsSection(
      [
        { run: one, deltaM: null, baselineRunId: null, epochs: [], caveats },
        { run: two, deltaM: 7.68, baselineRunId: 1, epochs: [], caveats },
      ],
      REPORT_TEXT.en,
    );
    // Shared by both runs: said once, naming both.
    expect(html.match(/2 of 3 test rows/g)).toHaveLength(1);
    expect(html).toContain(
      'Runs #1, #2: 2 of 3 test rows have an identical input row among the training rows (duplicate rows in the file)',
    );
    expect(html).toContain('Runs #1, #2: 40 labelled rows');
    // Run 2 scores sex on 1 labelled test row (< 5): singular wording, run 2 alone.
    expect(html).toContain(
      'Run #2: “sex”: the test split scores it on 1 labelled test row, fewer than 5;',
    );
    // A run without caveats gathered (hand-made, or a final model) adds nothing.
    const plain = renderReportHtml(
      handReport({
        dataset: handDataset(),
        runs: [{ run: one, deltaM: null, baselineRunId: null, epochs: [] }],
      }),
      'en',
    );
    expect(plain).not.toContain('Caveats');
  });
});
