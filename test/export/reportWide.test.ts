/**
 * The report of a project whose tables grow wide: seven tasks cross-validated (their
 * per-task macro-F1 columns ran past the A4 text area at four tasks, and the printed PDF cut
 * the right columns off) and an 18-class task (its confusion matrix was cut at the page's
 * right edge after 15 columns). The layout is chosen by count (reportCrossValidation.ts,
 * reportConfusion.ts): one row per task, numbered classes, a matrix split into parts.
 *
 * The project: the first 1 200 rows of income_marketing (the smallest fixture with five or
 * more categorical columns) with one column added, INCOME.SEX, the row's INCOME and SEX
 * joined ("[75.000- F"): 9 × 2 = 18 classes, a many-class task made from the fixture's own
 * values. A short hard-sharing run (its confusion matrices) and 2-fold cross-validations of
 * single-task and hard-sharing (tiny networks, 2 epochs: the layout is tested, not accuracy).
 * A second dataset of the same rows has three tasks (MARITAL.STATUS, OCCUPATION,
 * HOUSEHOLD.SIZE) cross-validated over 3 × 2 folds, with a third evaluation stopped before
 * its first fold: its table, one column per task, lost its right border on paper.
 *
 * Expected numbers come from the store, not from the report's code: per-task mean ± sample
 * std over the fold runs by hand, the confusion counts as the run stored them. The PDF
 * (Chromium; without one skipped, saying why, or failing under CI: test/e2e/chromium.ts) is
 * read with poppler: pdftotext -layout for the texts, pdftotext -bbox for where every word
 * lies, pdftoppm for the table rules (test/export/tableRules.ts); its pages go to
 * test-results/report-wide/ as PNG for a look by eye.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importCsv } from '../../src/main/data/importCsv';
import {
  confusionColumnsPerPart,
  confusionLabelled,
  confusionParts,
  labelWidth,
} from '../../src/main/export/reportConfusion';
import { REPORT_TEXT } from '../../src/main/export/reportText';
import { repoRoot } from '../../src/main/server/setup';
import { crossValidate } from '../../src/main/services/crossValidation';
import { compareCrossValidations } from '../../src/main/services/evaluation';
import { writeReport } from '../../src/main/services/exports';
import { defineTasks } from '../../src/main/services/tasks';
import { ensureSplit, trainRun } from '../../src/main/services/training';
import { ProjectStore } from '../../src/main/store/projectStore';
import type { CrossValidationInfo, RunInfo } from '../../src/shared/domain';
import { makeTempDir } from '../store/helpers';
import { parsePgm, tableRules } from './tableRules';
import { missingPdfTools, pdfWords, REPORT_MARGIN_PT } from './pdfTools';

const run = promisify(execFile);
const INCOME = fileURLToPath(new URL('../fixtures/income_marketing.csv', import.meta.url));
const SHOTS = join(repoRoot, 'test-results', 'report-wide');
const TASKS = ['INCOME.SEX', 'SEX', 'MARITAL.STATUS', 'AGE', 'EDUCATION', 'OCCUPATION', 'LANGUAGE'];
/** The second dataset's tasks: three columns per task were already too wide with 6 folds. */
const THREE = ['MARITAL.STATUS', 'OCCUPATION', 'HOUSEHOLD.SIZE'];
const FAST = { epochs: 2, patience: 0, patienceSteps: 0, hiddenUnits: [16], seed: 1 };

let dir: string;
let cleanup: () => Promise<void>;
let store: ProjectStore;
let datasetId: number;
let trained: RunInfo;
let single: CrossValidationInfo;
let shared: CrossValidationInfo;
/** Every finished evaluation of both datasets, with its dataset and tasks. */
const evaluations: Array<{ info: CrossValidationInfo; datasetId: number; tasks: string[] }> = [];

beforeAll(async () => {
  ({ dir, cleanup } = await makeTempDir());
  // The first 1 200 data rows, each with INCOME.SEX appended (empty when either is missing;
  // neither has a missing value in these rows, see the class counts below).
  const lines = (await readFile(INCOME, 'utf8')).split(/\r?\n/).slice(0, 1201);
  const csv = lines.map((line, i) => {
    if (i === 0) return `${line},"INCOME.SEX"`;
    const [income, sex] = line.split(',').map((cell) => cell.replace(/"/g, ''));
    return `${line},${income && sex ? `"${income} ${sex}"` : ''}`;
  });
  await writeFile(join(dir, 'income.csv'), csv.join('\n') + '\n');
  store = await ProjectStore.open(join(dir, 'wide.mtlproj'), { create: true, name: 'Wide' });
  datasetId = (await importCsv(store, join(dir, 'income.csv'), { name: 'income' })).id;
  const tasks = await defineTasks(
    store,
    datasetId,
    TASKS.map((column) => ({ column })),
  );
  // Classes counted in the fixture's rows (INCOME 9 × SEX 2; the others as the fixture's
  // README lists them, every class present in these 1 200 rows).
  expect(tasks.map((t) => t.classes.length)).toEqual([18, 2, 5, 7, 6, 9, 3]);
  await ensureSplit(store, datasetId, { seed: 5 });
  trained = await trainRun(
    store,
    { datasetId, config: { ...FAST, arch: 'hard-sharing' } },
    { mode: 'in-process' },
  );
  const cv = (arch: 'single-task' | 'hard-sharing') =>
    crossValidate(
      store,
      { datasetId, method: { kind: 'fixed', config: { ...FAST, arch } }, plan: { k: 2, seed: 3 } },
      { mode: 'in-process' },
    );
  single = await cv('single-task');
  shared = await cv('hard-sharing');
  evaluations.push(...[single, shared].map((info) => ({ info, datasetId, tasks: TASKS })));

  const threeId = (await importCsv(store, join(dir, 'income.csv'), { name: 'income3' })).id;
  await defineTasks(
    store,
    threeId,
    THREE.map((column) => ({ column })),
  );
  const plan = { k: 3, repeats: 2, seed: 5 };
  for (const arch of ['single-task', 'hard-sharing'] as const) {
    const info = await crossValidate(
      store,
      { datasetId: threeId, method: { kind: 'fixed', config: { ...FAST, arch } }, plan },
      { mode: 'in-process' },
    );
    evaluations.push({ info, datasetId: threeId, tasks: THREE });
  }
  // Stopped as its first fold begins: "stopped (cancelled) — 0 of 6 folds finished".
  const stop = new AbortController();
  await crossValidate(
    store,
    { datasetId: threeId, method: { kind: 'fixed', config: { ...FAST, arch: 'mmoe' } }, plan },
    { mode: 'in-process', signal: stop.signal, onFold: () => stop.abort() },
  ).catch(() => undefined);
  // A fresh folder: no page of an earlier, longer report is left among this one's.
  await rm(SHOTS, { recursive: true, force: true });
  await mkdir(SHOTS, { recursive: true });
}, 180_000);
afterAll(async () => {
  await store?.close();
  await cleanup?.();
});

/** Mean ± sample std (n − 1) to three decimals, by hand. */
function handMeanStd(values: number[]): string {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const variance = values.reduce((a, v) => a + (v - mean) ** 2, 0) / (values.length - 1);
  return `${mean.toFixed(3)} ± ${Math.sqrt(variance).toFixed(3)}`;
}

/** Per evaluation and task, the three score cells by hand from its stored fold runs. */
async function handScores(): Promise<
  Array<{ id: number; task: string; accuracy: string; balanced: string; macroF1: string }>
> {
  const runs = new Map((await store.training.listRuns()).map((r) => [r.id, r]));
  return evaluations.flatMap(({ info, tasks }) => {
    const folds = info.runs.map((f) => runs.get(f.runId)!.results!);
    expect(folds).toHaveLength(tasks === TASKS ? 2 : 6);
    return tasks.map((task) => ({
      id: info.id,
      task,
      accuracy: handMeanStd(folds.map((m) => m[task].accuracy)),
      balanced: handMeanStd(folds.map((m) => m[task].balancedAccuracy)),
      macroF1: handMeanStd(folds.map((m) => m[task].macroF1)),
    }));
  });
}

/** A string as a regular expression matching it literally. */
function literal(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

describe('layout decided by count', () => {
  it('numbers the classes of a matrix that would not fit with its names, and splits a wide one', () => {
    // Widths by hand: a CJK character counts 2, anything else 1.
    expect(labelWidth('Married')).toBe(7);
    expect(labelWidth('已婚')).toBe(4);
    expect(labelWidth('')).toBe(0);
    // Named columns: (classes + 1) × max(36, 7 px × widest + 17) ≤ 700 px.
    // MARITAL.STATUS: 6 × (7 × 8 + 17 = 73) = 438 → names.
    expect(confusionLabelled(['Divorced', 'Married', 'Single', 'Together', 'Widowed'], 469)).toBe(
      true,
    );
    // Four of OCCUPATION's classes, "Student, HS or College" (22) the widest:
    // 5 × (7 × 22 + 17 = 171) = 855 > 700 → numbers.
    expect(
      confusionLabelled(['Homemaker', 'Military', 'Retired', 'Student, HS or College'], 10),
    ).toBe(false);
    // 9 short classes: more than the 8 named at most → numbers.
    expect(confusionLabelled(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i'], 10)).toBe(false);
    // Columns per part, by hand: (700 − 8 slack − row header) px / column, a column
    // max(36, 7.5 × digits + 17) px, a row header 17 (padding, border) + 28 (the number) +
    // the widest name at 7 px a letter, at most 156 (12em).
    // 30 names of 35 or 36 letters (past 156 px): 17 + 28 + 156 = 201;
    // (692 − 201) / 36 = 13.6 → 13; 4 digits, 47 px → 10.4 → 10; 6 digits, 62 px → 7.9 → 7.
    const long = Array.from({ length: 30 }, (_, i) => `Category number ${i} with a long label`);
    expect(confusionColumnsPerPart(long, 57)).toBe(13);
    expect(confusionColumnsPerPart(long, 1234)).toBe(10);
    expect(confusionColumnsPerPart(long, 123456)).toBe(7);
    // 15 classes "Class 1" … "Class 15" (8 letters, 56 px): 17 + 28 + 56 = 101;
    // (692 − 101) / 36 = 16.4 → 16: all 15 in one part (the 203 px once counted for any
    // row header split them into 1–8 and 9–15 beside half a page of white).
    const fifteen = Array.from({ length: 15 }, (_, i) => `Class ${i + 1}`);
    expect(confusionColumnsPerPart(fifteen, 40)).toBe(16);
    expect(confusionParts(15, confusionColumnsPerPart(fifteen, 40))).toEqual([[0, 15]]);
    // 18 classes at 12 a part: two of 9, not 12 and 6; 24 at 10: three of 8.
    expect(confusionParts(18, 12)).toEqual([
      [0, 9],
      [9, 18],
    ]);
    expect(confusionParts(24, 10)).toEqual([
      [0, 8],
      [8, 16],
      [16, 24],
    ]);
    expect(confusionParts(5, 12)).toEqual([[0, 5]]);
  });

  it('lists three or more cross-validated tasks as rows and numbers and splits the 18-class matrix (HTML)', async () => {
    const out = join(dir, 'wide-en.html');
    await writeReport(store, out, { lang: 'en' });
    const html = await readFile(out, 'utf8');
    await writeFile(join(SHOTS, 'report-wide-en.html'), html);
    // One row per task: no "task · Macro-F1" column header, a task column instead, and each
    // evaluation's task rows grouped in one <tbody> (kept on one page).
    expect(html.match(/<table class="cv-table task-rows">/g)).toHaveLength(2);
    expect(html).not.toMatch(/(INCOME\.SEX|MARITAL\.STATUS) · Macro-F1/);
    expect(html.match(/<tbody class="cv-evaluation"><tr><td rowspan="7">CV/g)).toHaveLength(2);
    // The three-task dataset's: two finished, one stopped (its sentence may wrap).
    expect(html.match(/<tbody class="cv-evaluation"><tr><td rowspan="3">CV/g)).toHaveLength(3);
    expect(html).toContain(
      '<td class="num stopped" rowspan="3">stopped (cancelled) — 0 of 6 folds finished</td>',
    );
    for (const s of await handScores()) {
      expect(html).toContain(`<td>${s.task}</td><td class="num">${s.macroF1}</td>`);
    }
    // The 18-class matrix: two parts of 9 predicted classes, each with all 18 rows.
    expect(html).toContain('INCOME.SEX <span class="part">· predicted classes 1–9 of 18</span>');
    expect(html).toContain('INCOME.SEX <span class="part">· predicted classes 10–18 of 18</span>');
    expect(html).toContain(REPORT_TEXT.en.confusionNumbered);
    // SEX (2 classes, "F" and "M") keeps its names as column headers.
    expect(html).toContain('<caption>SEX</caption><thead><tr><th class="corner">');
  });
});

describe('PDF of the wide report', () => {
  it('prints every task, score and count inside the page, its tables closed (pdftotext, pdftoppm)', async () => {
    const why = await missingPdfTools("the wide report's PDF");
    if (why !== null) {
      console.warn(why);
      return;
    }
    const scores = await handScores();
    // Δm as the Compare view shows it (its own tests check Δm by hand).
    const summary = (await compareCrossValidations(store, datasetId)).find(
      (s) => s.evaluation.id === shared.id,
    )!;
    // Signed as a fixed split's Δm: "+" before a positive mean, none where it rounds to 0.00.
    const dm = summary.deltaM!.summary;
    const dmMean = Math.abs(dm.mean).toFixed(2);
    const dmSign = Number(dmMean) === 0 ? '' : dm.mean < 0 ? '-' : '+';
    const delta = `${dmSign}${dmMean} ± ${dm.std.toFixed(2)}`;
    for (const lang of ['en', 'zh-CN'] as const) {
      const t = REPORT_TEXT[lang];
      const out = join(dir, `wide-${lang}.pdf`);
      await writeReport(store, out, { lang });
      const { stdout: text } = await run('pdftotext', ['-layout', out, '-'], {
        maxBuffer: 1 << 26,
      });
      const lines = text.split('\n');

      // Cross-validation, one row per task: the task and its macro-F1 on one printed line;
      // then the metrics table's line: task, accuracy, balanced accuracy, macro-F1.
      for (const s of scores) {
        const cv = new RegExp(`${literal(s.task)}\\s+${literal(s.macroF1)}`);
        expect(
          lines.some((l) => cv.test(l)),
          `${lang} CV${s.id} ${s.task} ${s.macroF1}`,
        ).toBe(true);
        const metrics = new RegExp(
          [s.task, s.accuracy, s.balanced, s.macroF1].map(literal).join('\\s+'),
        );
        expect(
          lines.some((l) => metrics.test(l)),
          `${lang} CV${s.id} ${s.task} metrics`,
        ).toBe(true);
      }
      expect(text, lang).toContain(delta);

      // Every count of every confusion matrix, row by row in order, after the matrices'
      // heading: a row's counts (a part's columns) contiguous on one line, that line led by
      // the row's number in a numbered matrix.
      const heading = lines.findIndex((l) => l.includes(t.confusion));
      expect(heading, lang).toBeGreaterThan(0);
      const matrices = lines.slice(heading);
      for (const task of TASKS) {
        const m = trained.results![task];
        const labels = m.perClass.map((c) => c.label);
        const numbered = !confusionLabelled(labels, Math.max(...m.confusion.flat()));
        const parts = numbered
          ? confusionParts(
              labels.length,
              confusionColumnsPerPart(labels, Math.max(...m.confusion.flat())),
            )
          : [[0, labels.length] as [number, number]];
        if (task === 'INCOME.SEX') expect(parts).toHaveLength(2);
        for (const [from, to] of parts) {
          const caption =
            parts.length > 1
              ? `${task} · ${t.confusionPart
                  .replace('{from}', String(from + 1))
                  .replace('{to}', String(to))
                  .replace('{n}', String(labels.length))}`
              : task;
          let at = matrices.findIndex((l) =>
            new RegExp(`(^|\\s)${literal(caption)}(\\s|$)`).test(l),
          );
          expect(at, `${lang} caption ${caption}`).toBeGreaterThanOrEqual(0);
          m.confusion.forEach((row, i) => {
            const counts = row.slice(from, to).join(' ');
            const found = matrices.findIndex((l, k) => {
              if (k <= at) return false;
              const tokens = l.trim().split(/\s+/);
              if (numbered && tokens[0] !== String(i + 1)) return false;
              if (!numbered && !l.includes(labels[i])) return false;
              return ` ${tokens.join(' ')} `.includes(` ${counts} `);
            });
            expect(found, `${lang} ${caption} row ${i + 1}: ${counts}`).toBeGreaterThan(at);
            at = found;
          });
        }
      }

      // Where every word lies: within the A4 page's text area, 12 mm (34.02 pt) from either
      // edge (the report's @page margin), give or take half a point.
      const words = await pdfWords(out);
      expect(new Set(words.map((w) => w.page)).size, lang).toBeGreaterThan(3);
      const margin = REPORT_MARGIN_PT;
      for (const w of words) {
        expect(
          w.x1,
          `${lang} page ${w.page + 1}: "${w.word}" ends at x ${w.x1}`,
        ).toBeLessThanOrEqual(w.width - margin + 0.5);
        expect(
          w.x0,
          `${lang} page ${w.page + 1}: "${w.word}" starts at x ${w.x0}`,
        ).toBeGreaterThanOrEqual(margin - 0.5);
      }

      // Every table's horizontal rules end at its right border (a cut table's ran to the
      // clip with nothing closing them), and none is wider than the text area: the widest
      // (the tasks and cross-validation tables fill it) is at least 98 % of it, so the page
      // was not printed shrunk either. 150 dpi: a 1px border covers a whole pixel row.
      const shots = await mkdtemp(join(dir, `wide-${lang}-`));
      await run('pdftoppm', ['-gray', '-r', '150', out, join(shots, 'page')]);
      const textWidth = (186 / 25.4) * 150;
      let widest = 0;
      for (const page of (await readdir(shots)).filter((f) => f.endsWith('.pgm')).sort()) {
        for (const rule of tableRules(parsePgm(await readFile(join(shots, page))), 100, 8)) {
          widest = Math.max(widest, rule.x1 - rule.x0 + 1);
          expect(rule.closed, `${lang} ${page}: rule at y=${rule.y} x=${rule.x0}..${rule.x1}`).toBe(
            true,
          );
        }
      }
      expect(widest, lang).toBeGreaterThan(0.98 * textWidth);
      expect(widest, lang).toBeLessThanOrEqual(textWidth);
      await run('pdftoppm', ['-png', '-r', '70', out, join(SHOTS, `page-${lang}`)]);
    }
  });
});
