/**
 * The report's task-affinity section (export/reportAffinity.ts) of a project with a stored
 * task affinity (penguins, tasks species, island and sex; no run needed: a report lists every
 * dataset): the heat-map, the recommended grouping and the negative cells, in English and
 * Chinese, in the HTML, the PDF (checked with poppler's pdftotext) and the CLI's `report`;
 * without a stored affinity one line says how to measure it; a dataset of one task has no
 * section; a cross-validation's negative transfer is warned with the task's group.
 *
 * The fixture's affinity is stored here with the numbers below (the 3 × 3 matrix of
 * test/renderer/affinityChart.test.ts), and every expected value is computed by hand from them
 * in the comments, not by the code under test.
 */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importCsv } from '../../src/main/data/importCsv';
import { findChromium } from '../../src/main/export/pdf';
import { affinitySection } from '../../src/main/export/reportAffinity';
import { REPORT_TEXT } from '../../src/main/export/reportText';
import { reportData, writeReport } from '../../src/main/services/exports';
import { setLabels } from '../../src/main/services/labelEdits';
import { storedTaskAffinity } from '../../src/main/services/taskAffinity';
import { defineTasks } from '../../src/main/services/tasks';
import { ensureSplit } from '../../src/main/services/training';
import { ProjectStore } from '../../src/main/store/projectStore';
import type { CrossValidationSummary } from '../../src/shared/domain';
import { cli } from '../cli/run';
import { UNDER_CI } from '../e2e/chromium';
import { makeTempDir } from '../store/helpers';
import { hasCommand } from './pdfTools';

const PENGUINS = fileURLToPath(new URL('../fixtures/penguins.csv', import.meta.url));
const run = promisify(execFile);

const TASKS = ['species', 'island', 'sex'];
// Z[i][j]: the relative change of task j's loss after a look-ahead step on task i.
const Z = [
  [0, 0.00199, -0.00069],
  [0.01303, 0, -0.00441],
  [0.00519, -0.00082, 0],
];
// Recommended grouping by hand (Σ_j mean_{i ∈ group(j), i ≠ j} Z_{i→j}; alone scores 0):
// {species, island} {sex}: 0.01303 + 0.00199 = 0.01502, the largest of
// {species, sex}: 0.00519 − 0.00069 = 0.00450; {island, sex}: −0.00082 − 0.00441 < 0;
// all three: (0.01303 + 0.00519)/2 + (0.00199 − 0.00082)/2 + (−0.00069 − 0.00441)/2 = 0.00715.
const GROUPS = [['species', 'island'], ['sex']];

let dir: string;
let cleanup: () => Promise<void>;
let path: string;
let store: ProjectStore;
let datasetId: number;
let splitId: number;
let computedAt: string;

beforeAll(async () => {
  ({ dir, cleanup } = await makeTempDir());
  path = join(dir, 'affinity report.mtlproj');
  store = await ProjectStore.open(path, { create: true, name: 'Affinity' });
  datasetId = (await importCsv(store, PENGUINS, { name: 'penguins' })).id;
  await defineTasks(
    store,
    datasetId,
    TASKS.map((column) => ({ column })),
  );
  splitId = (await ensureSplit(store, datasetId, { seed: 5 })).id;
  const tasks = await store.tasks.list(datasetId);
  const stored = await store.evaluation.saveTaskAffinity({
    datasetId,
    tasks: TASKS,
    taskDefinitions: TASKS.map((name) => {
      const t = tasks.find((x) => x.name === name)!;
      return { name, targetColumn: t.targetColumn, classes: t.classes };
    }),
    method: 'lookahead',
    parameters: { splitId, steps: 300, config: {} },
    affinity: Z,
    groups: GROUPS,
    samples: 100,
    lastLabelEvent: await store.labels.lastEventId(datasetId),
  });
  computedAt = stored.computedAt;
  // A second dataset of one task: nothing to relate, no section (as the Compare view).
  const one = (await importCsv(store, PENGUINS, { name: 'one task' })).id;
  await defineTasks(store, one, [{ column: 'species' }]);
}, 60_000);
afterAll(async () => {
  await store?.close();
  await cleanup?.();
});

/** The stored time as the section writes it ("2026-12-05 11:50 UTC"). */
const when = (): string => `${computedAt.replace('T', ' ').slice(0, 16)} UTC`;

describe('report: task affinity', () => {
  it('reads the same stored affinity the Compare view shows', async () => {
    const data = await reportData(store);
    expect(data.datasets.map((d) => d.dataset.name)).toEqual(['penguins', 'one task']);
    expect(data.datasets[0].affinity).toEqual(await storedTaskAffinity(store, datasetId));
    expect(data.datasets[1].affinity).toBeUndefined();
  });

  it('shows the heat-map, grouping and negative cells, in English and Chinese', async () => {
    const en = join(dir, 'en.html');
    await writeReport(store, en, { lang: 'en' });
    const html = await readFile(en, 'utf8');
    const section = html.slice(html.indexOf('<section class="affinity">'));
    expect(html.match(/<section class="affinity">/g)).toHaveLength(1);
    expect(section).toContain('<h3>Task affinity</h3>');
    expect(section).toContain(
      `Computed ${when()} on the training rows of split ${splitId}: 300 optimizer steps, 100 look-ahead samples.`,
    );
    expect(section).toContain('Fifty et al.');
    expect(section).toContain('NeurIPS 2021');
    // Cells: 100 × Z to two decimals, with the unit (1.303 → 1.30, −0.069 → −0.07, …).
    for (const cell of ['0.20 %', '-0.07 %', '1.30 %', '-0.44 %', '0.52 %', '-0.08 %']) {
      expect(section).toContain(`>${cell}<`);
    }
    // Colour scale: ±max |cell| = ±1.303 → "1.30 %" and "-1.30 %".
    expect(section).toContain('>-1.30 %<');
    expect(section).toContain(
      'Recommended grouping: <strong>{ species, island }</strong> <strong>sex alone</strong>',
    );
    // Negative cells, row-major, |100 × Z| to three decimals.
    expect(section).toContain(
      '<li>a step on species raises the loss of sex by 0.069 %</li>' +
        '<li>a step on island raises the loss of sex by 0.441 %</li>' +
        '<li>a step on sex raises the loss of island by 0.082 %</li>',
    );
    expect(section).not.toContain('changed since');

    const zh = join(dir, 'zh.html');
    await writeReport(store, zh, { lang: 'zh-CN' });
    const zhHtml = await readFile(zh, 'utf8');
    expect(zhHtml).toContain('<h3>任务亲和度</h3>');
    expect(zhHtml).toContain(
      `计算于 ${when()}，使用划分 ${splitId} 的训练行：300 个优化步，100 个前瞻样本。`,
    );
    expect(zhHtml).toContain(
      '推荐分组： <strong>{ species, island }</strong> <strong>sex 单独</strong>',
    );
    expect(zhHtml).toContain('<li>在 island 上训练一步使 sex 的损失升高 0.441 %</li>');
    expect(zhHtml).toContain('>1.30 %<');
  });

  it('writes no [object Object], NaN or undefined into its CSS, markup or text', async () => {
    for (const lang of ['en', 'zh-CN'] as const) {
      const out = join(dir, `clean-${lang}.html`);
      await writeReport(store, out, { lang });
      const html = await readFile(out, 'utf8');
      // The heat-map and its colour scale (a gradient bar, whose hover style once read
      // "fill:[object Object]") are in the file.
      const section = html.slice(html.indexOf('<section class="affinity">'));
      expect(section).toContain('<svg');
      expect(section).toContain('<linearGradient');
      expect(html).not.toContain('[object Object]');
      const css = [...html.matchAll(/<style[^>]*>([\s\S]*?)<\/style>/g)].map((m) => m[1]);
      expect(css.length).toBeGreaterThan(0);
      for (const rules of css) expect(rules, lang).not.toMatch(/\bNaN\b|\bundefined\b/);
      // A static file has no hover: no ":hover" rule of the charts' renderer.
      expect(html).not.toContain(':hover');
      const text = html.replace(/<style[^>]*>[\s\S]*?<\/style>/g, '').replace(/<[^>]*>/g, ' ');
      expect(text, lang).not.toMatch(/\bNaN\b|\bundefined\b/);
      // Attribute values (SVG paths, sizes) too.
      for (const [, value] of html.matchAll(/="([^"]*)"/g)) {
        expect(value, lang).not.toMatch(/\bNaN\b|\bundefined\b/);
      }
    }
  });

  it('prints the section to PDF (checked with pdftotext), and the CLI report has it', async () => {
    const out = join(dir, 'cli.html');
    const done = await cli('report', '-p', path, '-o', out);
    expect(done.code, done.stderr).toBe(0);
    const html = await readFile(out, 'utf8');
    expect(html).toContain('Recommended grouping: <strong>{ species, island }</strong>');
    expect(html).toContain('>1.30 %<');

    if (findChromium() === null || !(await hasCommand('pdftotext'))) {
      if (UNDER_CI) throw new Error('Affinity PDF: no Chromium or pdftotext under CI.');
      console.warn('No Chromium or pdftotext: the affinity section of the PDF is not checked.');
      return;
    }
    for (const lang of ['en', 'zh-CN'] as const) {
      const pdf = join(dir, `affinity-${lang}.pdf`);
      await writeReport(store, pdf, { lang });
      const { stdout } = await run('pdftotext', ['-layout', pdf, '-']);
      // Words as pdftotext lays them out: spaces collapsed.
      const text = stdout.replace(/\s+/g, ' ');
      expect(text).toContain(REPORT_TEXT[lang].affinity);
      for (const cell of ['0.20 %', '-0.07 %', '1.30 %', '-0.44 %', '0.52 %', '-0.08 %']) {
        expect(text, `${lang}: ${cell}`).toContain(cell);
      }
      expect(text).toContain(
        lang === 'en'
          ? 'Recommended grouping: { species, island } sex alone'
          : '推荐分组： { species, island } sex 单独',
      );
      expect(text).toContain(
        lang === 'en'
          ? 'a step on island raises the loss of sex by 0.441 %'
          : '在 island 上训练一步使 sex 的损失升高 0.441 %',
      );
    }
  }, 120_000);

  it('says what changed since it was computed', async () => {
    // One label edit on a task of the affinity: 1 label differs now.
    const was = (await store.datasets.readColumns(datasetId, ['sex'], { fromRowId: 1, toRowId: 1 }))
      .values.sex[0];
    await setLabels(
      store,
      datasetId,
      [{ rowId: 1, task: 'sex', label: was === 'female' ? 'male' : 'female' }],
      'user',
    );
    const out = join(dir, 'changed.html');
    await writeReport(store, out, { lang: 'en' });
    expect(await readFile(out, 'utf8')).toContain(
      '<span class="bad">1 label changed since.</span>',
    );
  });

  it('says in one line how to measure it when none is stored', () => {
    const t = REPORT_TEXT.en;
    const html = affinitySection(
      { affinity: null, datasetId: 2, projectFile: 'my runs.mtlproj', crossValidations: [] },
      t,
    );
    expect(html).toBe(
      '<section class="affinity"><h3>Task affinity</h3><p class="muted">No task affinity measured for this dataset: measure it with “Measure affinity” in the studio’s Compare view, or on the command line with mtl-studio affinity -p \'my runs.mtlproj\' -d 2.</p></section>',
    );
  });

  it("warns of a cross-validation's negative transfer with the task's recommended group", async () => {
    const affinity = await storedTaskAffinity(store, datasetId);
    // Only the fields the warning reads (services/evaluation.ts fills the rest).
    const cv = {
      evaluation: {
        id: 7,
        method: { kind: 'fixed', config: { arch: 'hard-sharing', weighting: 'equal' } },
      },
      negativeTransfer: ['island', 'sex'],
      taskChange: {
        island: { mean: -2.46, worseFolds: 4, folds: 5 },
        sex: { mean: -1.04, worseFolds: 5, folds: 5 },
      },
    } as unknown as CrossValidationSummary;
    const html = affinitySection(
      { affinity, datasetId, projectFile: 'a.mtlproj', crossValidations: [cv] },
      REPORT_TEXT.en,
    );
    // −2.46 to one decimal: −2.5; island shares { species, island }; sex is alone: no group.
    expect(html).toContain(
      '<p class="warning bad">Negative transfer: “island” is worse in CV7 Hard parameter sharing · Equal than alone in 4 of 5 folds (-2.5 % on average). Its recommended group: { species, island }.</p>',
    );
    expect(html).toContain(
      '<p class="warning bad">Negative transfer: “sex” is worse in CV7 Hard parameter sharing · Equal than alone in 5 of 5 folds (-1.0 % on average).</p>',
    );
  });
});
