/**
 * The report of a dataset with long names (a user's file): a 30-class task named
 * occupation_category_of_the_primary_respondent_household (55 characters, no space) whose
 * classes are "Category number N with a rather long descriptive label", four classes that
 * begin alike ("Agricultural and fishery workers" …), 15 short classes, and a binary task
 * named very_long_binary_task_name_for_testing_layout. Before: the Tasks table ran over three
 * pages one word a line, every class-balance bar read "Category numb…", a 30-row matrix
 * part went on to a second page without its column numbers, its caption wrapped "…21–30
 * of" / "30", the 15-class matrix was split beside half a page of white, and the zh-CN
 * headers wrapped one character a line ("运/行", "最/佳/轮/次", "无基/线").
 *
 * The data are made here (a fixed pseudo-random sequence); one short hard-sharing run gives
 * the matrices (2 epochs: the layout is tested, not accuracy). Expected layout by hand: the
 * 30-class matrix in 3 parts of 10 and the 15-class one whole (reportWide.test.ts checks the
 * width model's numbers). The PDF (Chromium; without one skipped, saying why, or failing
 * under CI) is read with pdftotext -layout and -bbox; its pages go to
 * test-results/report-long/ as PNG for a look by eye.
 */
import { execFile } from 'node:child_process';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importCsv } from '../../src/main/data/importCsv';
import { balanceLabels } from '../../src/main/export/reportCharts';
import { REPORT_TEXT } from '../../src/main/export/reportText';
import { repoRoot } from '../../src/main/server/setup';
import { writeReport } from '../../src/main/services/exports';
import { defineTasks } from '../../src/main/services/tasks';
import { ensureSplit, trainRun } from '../../src/main/services/training';
import { ProjectStore } from '../../src/main/store/projectStore';
import { makeTempDir } from '../store/helpers';
import { missingPdfTools, pdfWords, REPORT_MARGIN_PT } from './pdfTools';

const run = promisify(execFile);
const SHOTS = join(repoRoot, 'test-results', 'report-long');
const LONG = 'occupation_category_of_the_primary_respondent_household';
const BINARY = 'very_long_binary_task_name_for_testing_layout';
const CATEGORIES = Array.from(
  { length: 30 },
  (_, i) => `Category number ${i} with a rather long descriptive label`,
);
const SECTORS = [
  'Agricultural and fishery workers',
  'Agricultural and forestry managers',
  'Agricultural and animal producers',
  'Clerks',
];
const FIFTEEN = Array.from({ length: 15 }, (_, i) => `Class ${i + 1}`);

let dir: string;
let cleanup: () => Promise<void>;
let store: ProjectStore;

beforeAll(async () => {
  ({ dir, cleanup } = await makeTempDir());
  // 600 rows from a fixed linear congruential sequence: every class present (row i has
  // category i mod 30, sector i mod 4, class i mod 15), the inputs noise.
  let seed = 7;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const rows = [`x1,x2,${LONG},sector,fifteen,${BINARY}`];
  for (let i = 0; i < 600; i += 1) {
    rows.push(
      [
        (next() * 20).toFixed(2),
        next().toFixed(3),
        CATEGORIES[i % 30],
        SECTORS[i % 4],
        FIFTEEN[i % 15],
        next() < 0.5 ? 'yes' : 'no',
      ].join(','),
    );
  }
  await writeFile(join(dir, 'long.csv'), rows.join('\n') + '\n');
  store = await ProjectStore.open(join(dir, 'long.mtlproj'), { create: true, name: 'Long' });
  const datasetId = (await importCsv(store, join(dir, 'long.csv'), { name: 'long' })).id;
  const tasks = await defineTasks(
    store,
    datasetId,
    [LONG, 'sector', 'fifteen', BINARY].map((column) => ({ column })),
  );
  expect(tasks.map((t) => t.classes.length)).toEqual([30, 4, 15, 2]);
  await ensureSplit(store, datasetId, { seed: 5 });
  const fast = { epochs: 2, patience: 0, patienceSteps: 0, hiddenUnits: [16], seed: 1 };
  await trainRun(
    store,
    { datasetId, config: { ...fast, arch: 'hard-sharing' } },
    { mode: 'in-process' },
  );
  await rm(SHOTS, { recursive: true, force: true });
  await mkdir(SHOTS, { recursive: true });
}, 120_000);
afterAll(async () => {
  await store?.close();
  await cleanup?.();
});

/** The class-balance section of a report's HTML: from its heading to the next h2/h3. */
function balanceSection(html: string): string {
  const at = html.indexOf(`<h3>${REPORT_TEXT.en.classBalance}</h3>`);
  expect(at).toBeGreaterThan(0);
  const end = html.slice(at + 4).search(/<h[23][ >]/);
  return html.slice(at, at + 4 + end);
}

/** The axis labels of each class-balance chart's SVG, chart by chart. */
function axisTexts(section: string): string[] {
  return [...section.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);
}

describe('long names, HTML', () => {
  it('shortens class-balance labels keeping what tells them apart', () => {
    // By hand, at 14 units: "Category number " and " with a rather long descriptive label"
    // are shared with the other names; "14" stays, then the shared end as far as it fits
    // (14 − 1 lead − 2 − 1 trailing ellipsis = 10 units: " with a ra").
    expect(balanceLabels(CATEGORIES, 14)[14]).toBe('…14 with a ra…');
    // At 47 units the shared start, "14" and the end's first 47 − 18 − 1 = 28 units
    // (" with a rather long descript", counted by hand).
    expect(balanceLabels(CATEGORIES, 47)[14]).toBe(
      'Category number 14 with a rather long descript…',
    );
    // "Agricultural and " is shared with another name: the rest stays; "Clerks" fits.
    expect(balanceLabels(SECTORS, 20)).toEqual([
      '…fishery workers',
      '…forestry managers',
      '…animal producers',
      'Clerks',
    ]);
    // Two names alike but in their middle read the same cut in the middle ("abcd…qrst"):
    // numbered as the matrices number them, then cut (4 units, "…", 4 units).
    expect(balanceLabels(['abcdefghij1klmnopqrst', 'abcdefghij2klmnopqrst'], 9)).toEqual([
      '1 ab…qrst',
      '2 ab…qrst',
    ]);
  });

  it('keeps every class apart in the class balance and splits only the matrix that needs it', async () => {
    const out = join(dir, 'long-en.html');
    await writeReport(store, out, { lang: 'en' });
    const html = await readFile(out, 'utf8');
    const texts = axisTexts(balanceSection(html));
    // Each category's number in one label of its own ("Category number 14 with a …").
    for (let i = 0; i < 30; i += 1) {
      expect(
        texts.filter((x) => x.startsWith(`Category number ${i} `)),
        `category ${i}`,
      ).toHaveLength(1);
    }
    // The sectors: the words that tell them apart are shown.
    for (const word of ['fishery', 'forestry', 'animal', 'Clerks']) {
      expect(
        texts.some((x) => x.includes(word)),
        word,
      ).toBe(true);
    }
    // 30 classes in 3 parts of 10; the 15 short ones whole (no part caption).
    expect(html.match(/predicted classes \d+–\d+ of 30/g)).toEqual([
      'predicted classes 1–10 of 30',
      'predicted classes 11–20 of 30',
      'predicted classes 21–30 of 30',
    ]);
    expect(html).not.toContain('of 15</span>');
    expect(html).toContain('<caption>fifteen</caption>');
    // The long names may break at their underscores, in the Tasks table too.
    expect(html).toContain(
      '<td class="long-name">occupation_<wbr>category_<wbr>of_<wbr>the_<wbr>primary_<wbr>respondent_<wbr>household</td>',
    );
  });
});

describe('long names, PDF', () => {
  it('keeps the Tasks table on one page, the labels apart, the matrix headers repeated, zh-CN headers whole', async () => {
    const why = await missingPdfTools("the long-names report's PDF");
    if (why !== null) {
      console.warn(why);
      return;
    }
    for (const lang of ['en', 'zh-CN'] as const) {
      const t = REPORT_TEXT[lang];
      const out = join(dir, `long-${lang}.pdf`);
      await writeReport(store, out, { lang });
      const { stdout: text } = await run('pdftotext', ['-layout', out, '-'], {
        maxBuffer: 1 << 26,
      });
      const pages = text.split('\f').map((p) => p.split('\n'));
      /** The first page (0-based) at or after `from` with a line passing `test`, else -1. */
      const pageOf = (test: (line: string) => boolean, from = 0) =>
        pages.findIndex((lines, p) => p >= from && lines.some(test));

      // The Tasks table: its header and its last row (the binary task's "no, yes") on the
      // same page (before: the 30 class names one word a line over pages 2–4).
      const head = pageOf((l) => l.includes(t.target) && l.includes(t.classes));
      expect(head, lang).toBeGreaterThanOrEqual(0);
      expect(
        pageOf((l) => /\bno, yes\b/.test(l)),
        lang,
      ).toBe(head);

      // The class balance: every category's number and each sector's own words printed.
      const balance = pageOf((l) => l.trim() === t.classBalance);
      const balanceText = pages
        .slice(balance, balance + 2)
        .flat()
        .join('\n');
      for (let i = 0; i < 30; i += 1) {
        expect(balanceText, `${lang} category ${i}`).toMatch(
          new RegExp(`Category number ${i} with`),
        );
      }
      for (const word of ['fishery', 'forestry', 'animal']) expect(balanceText).toContain(word);

      // The 30-class matrix: each part's caption on one line; every page from its caption
      // to its last row (class 30) shows the part's column numbers; at least one part runs
      // onto a second page (else this checks nothing).
      const matrices = pageOf((l) => l.includes(t.confusion));
      let continued = 0;
      for (const [from, to] of [
        [1, 10],
        [11, 20],
        [21, 30],
      ]) {
        const part = t.confusionPart
          .replace('{from}', String(from))
          .replace('{to}', String(to))
          .replace('{n}', '30');
        const first = pageOf((l) => l.includes(part), matrices);
        expect(first, `${lang} caption "${part}" on one line`).toBeGreaterThanOrEqual(0);
        const numbers = Array.from({ length: to - from + 1 }, (_, k) => from + k).join('\\s+');
        const header = new RegExp(`(^|\\s)${numbers}\\s*$`);
        // Class 30's row: the first line after the caption led by "30" and a category name.
        const last = pageOf((l) => /^\s*30\s+Category number 29\b/.test(l), first);
        expect(last, `${lang} part ${from}–${to} row 30`).toBeGreaterThanOrEqual(first);
        for (let p = first; p <= last; p += 1) {
          expect(
            pages[p].some((l) => header.test(l)),
            `${lang} page ${p + 1}: columns ${from}–${to}`,
          ).toBe(true);
        }
        if (last > first) continued += 1;
      }
      expect(continued, lang).toBeGreaterThan(0);
      // The 15 classes in one part: their column numbers 1 … 15 on one line.
      const fifteenHeader = new RegExp(
        `(^|\\s)${Array.from({ length: 15 }, (_, k) => k + 1).join('\\s+')}\\s*$`,
      );
      expect(
        pageOf((l) => fifteenHeader.test(l), matrices),
        lang,
      ).toBeGreaterThan(0);

      // Where every word lies: inside the A4 text area (12 mm margins, half a point given);
      // in zh-CN the runs table's headers "运行" and "最佳轮次" each one word on one row,
      // and Δm's "无基线" one word.
      const margin = REPORT_MARGIN_PT;
      const words = await pdfWords(out);
      for (const w of words) {
        expect(w.x1, `${lang} page ${w.page + 1}: "${w.word}" ends at ${w.x1}`).toBeLessThanOrEqual(
          w.width - margin + 0.5,
        );
        expect(w.x0, `${lang} page ${w.page + 1}: "${w.word}"`).toBeGreaterThanOrEqual(
          margin - 0.5,
        );
      }
      if (lang === 'zh-CN') {
        const best = words.filter((w) => w.word === t.bestEpoch);
        expect(best.length, 'zh-CN 最佳轮次 one word').toBeGreaterThan(0);
        expect(
          words.some(
            (w) =>
              w.word === t.run && best.some((b) => b.page === w.page && Math.abs(b.y0 - w.y0) < 1),
          ),
          'zh-CN 运行 one word, on the row of 最佳轮次',
        ).toBe(true);
        expect(
          words.some((w) => w.word === t.noBaseline),
          'zh-CN 无基线 one word',
        ).toBe(true);
      }
      await run('pdftoppm', ['-png', '-r', '70', out, join(SHOTS, `page-${lang}`)]);
    }
  });
});
