/**
 * The report of a cross-validation's final model (train --final-of-cv; penguins, species and
 * sex, 2 folds): it says what the model is ("final model of cross-validation N, trained on all
 * M labelled rows for E epochs"), shows the cross-validation's estimate (mean ± std over the
 * folds) as such instead of an empty test-metrics table, the cross-validation's Δm instead of
 * "no baseline", no best epoch and no validation curves — in English and Chinese.
 * Expected means, standard deviations and Δm are computed here by hand from the stored fold
 * runs (sample std, n − 1; Δm per fold = mean over tasks of 100 · (M − B) / B, Maninis et al.
 * 2019), independently of services/evaluation.ts.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importCsv } from '../../src/main/data/importCsv';
import { crossValidate } from '../../src/main/services/crossValidation';
import { finalDeltaCell, finalModelParagraph } from '../../src/main/export/reportFinal';
import type { ReportFinalModel } from '../../src/main/export/reportData';
import { REPORT_TEXT } from '../../src/main/export/reportText';
import { compareCrossValidations } from '../../src/main/services/evaluation';
import { writeReport } from '../../src/main/services/exports';
import { trainFinalModel } from '../../src/main/services/finalModel';
import { defineTasks } from '../../src/main/services/tasks';
import { ProjectStore } from '../../src/main/store/projectStore';
import type { CrossValidationInfo, RunInfo } from '../../src/shared/domain';
import { makeTempDir } from '../store/helpers';

const PENGUINS = fileURLToPath(new URL('../fixtures/penguins.csv', import.meta.url));
const FAST = { epochs: 3, patience: 0, patienceSteps: 0, hiddenUnits: [8], seed: 1 };
const TASKS = ['species', 'sex'];

let store: ProjectStore;
let dir: string;
let datasetId: number;
let cleanup: () => Promise<void>;
let single: CrossValidationInfo;
let shared: CrossValidationInfo;
let final: RunInfo;
let runs: Map<number, RunInfo>;

beforeAll(async () => {
  const tmp = await makeTempDir();
  ({ dir, cleanup } = tmp);
  store = await ProjectStore.open(join(dir, 'final.mtlproj'), { create: true });
  datasetId = (await importCsv(store, PENGUINS, { name: 'penguins' })).id;
  await defineTasks(store, datasetId, [{ column: 'species' }, { column: 'sex' }]);
  const cv = (arch: 'single-task' | 'hard-sharing') =>
    crossValidate(
      store,
      { datasetId, method: { kind: 'fixed', config: { ...FAST, arch } }, plan: { k: 2, seed: 3 } },
      { mode: 'in-process' },
    );
  single = await cv('single-task');
  shared = await cv('hard-sharing');
  final = await trainFinalModel(store, shared.id, { mode: 'in-process' });
  runs = new Map((await store.training.listRuns(datasetId)).map((r) => [r.id, r]));
}, 180_000);
afterAll(async () => {
  await store.close();
  await cleanup();
});

/** Mean ± sample std (n − 1) to `digits` decimals, by hand. */
function handMeanStd(values: number[], digits = 3): string {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const variance = values.reduce((a, v) => a + (v - mean) ** 2, 0) / (values.length - 1);
  return `${mean.toFixed(digits)} ± ${Math.sqrt(variance).toFixed(digits)}`;
}

/** Mean ± sample std of a signed change (Δm), by hand: "+" before a positive mean, none at 0. */
function handSignedMeanStd(values: number[], digits: number): string {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const variance = values.reduce((a, v) => a + (v - mean) ** 2, 0) / (values.length - 1);
  const abs = Math.abs(mean).toFixed(digits);
  const sign = Number(abs) === 0 ? '' : mean < 0 ? '-' : '+';
  return `${sign}${abs} ± ${Math.sqrt(variance).toFixed(digits)}`;
}

/** The text of the HTML without tags, charts and repeated spaces. */
function text(html: string): string {
  return html
    .replace(/<svg[\s\S]*?<\/svg>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ');
}

/** The final model's own section (from its heading to the next run's or the end). */
function finalSection(html: string): string {
  const start = html.indexOf(`#${final.id} · `, html.indexOf('<section class="run">'));
  const from = html.lastIndexOf('<section class="run">', start);
  return html.slice(from, html.indexOf('</section>', from));
}

describe('report of a final model of a cross-validation', () => {
  it('says what the model is, with the estimate and Δm of its cross-validation', async () => {
    expect(final.finalOf?.evaluationId).toBe(shared.id);
    const out = join(dir, 'final.html');
    await writeReport(store, out, { lang: 'en' });
    const html = await readFile(out, 'utf8');
    const all = text(html);
    const epochs = final.finalOf!.epochs;
    // 344 penguins, 333 with a sex: the tasks trained on different rows.
    expect(all).toContain(
      `Final model of cross-validation ${shared.id}, trained on 344 rows with at least one label (species 344, sex 333) for ${epochs} epoch`,
    );
    expect(all).toMatch(/\((median of the folds’ best epochs|every fold ran to the maximum)\)/);
    expect(all).toContain(`final model of cross-validation ${shared.id}`);
    // No test scores: the test-metrics table lists no run (no other run has test scores).
    expect(all).not.toContain('Per-task test metrics Run');
    expect(all).toContain('Final models: cross-validation estimate (not test scores)');
    // The pointer to that section names it without a position (it comes before the model's
    // own section, where "below" was wrong).
    expect(all).toContain(
      'each fold scored on its own held-out rows (see the section “Final models: cross-validation estimate (not test scores)”)',
    );
    expect(all).not.toContain('(below, under');
    const folds = shared.runs.map((f) => runs.get(f.runId)!.results!);
    for (const task of TASKS) {
      for (const metric of ['accuracy', 'balancedAccuracy', 'macroF1'] as const)
        expect(all).toContain(handMeanStd(folds.map((m) => m[task][metric])));
    }
    // Δm of the cross-validation: per fold against the single-task fold of the same number.
    const baseline = new Map(
      single.runs.map((f) => [`${f.repeat}/${f.fold}`, runs.get(f.runId)!.results!]),
    );
    const perFold = shared.runs.map((f) => {
      const m = runs.get(f.runId)!.results!;
      const b = baseline.get(`${f.repeat}/${f.fold}`)!;
      return (
        TASKS.reduce((a, t) => a + (100 * (m[t].macroF1 - b[t].macroF1)) / b[t].macroF1, 0) /
        TASKS.length
      );
    });
    const row = all.slice(all.indexOf(`#${final.id} Hard parameter sharing`));
    expect(row).toContain(
      `${handSignedMeanStd(perFold, 2)} % (cross-validation ${shared.id} vs CV${single.id})`,
    );
    expect(all).not.toContain('no baseline');
    // No best epoch, no validation series, no confusion matrix in its own section.
    const section = finalSection(html);
    expect(text(section)).toContain('Learning curve: training loss (no validation split)');
    expect(section).not.toContain('validation loss');
    expect(section).not.toContain('validation macro-F1');
    expect(section).not.toContain('Confusion matrices');
    expect(all).not.toMatch(new RegExp(`#${final.id} [^#]* ${final.bestEpoch} –`));
  });

  it('says the same in Chinese', async () => {
    const out = join(dir, 'final-zh.html');
    await writeReport(store, out, { lang: 'zh-CN' });
    const all = text(await readFile(out, 'utf8'));
    expect(all).toContain(`交叉验证 ${shared.id} 的最终模型，在 344 个至少有一个标签的行`);
    expect(all).toContain('最终模型：交叉验证估计（不是测试分数）');
    expect(all).toContain('（见“最终模型：交叉验证估计（不是测试分数）”一节）');
    expect(all).not.toContain('见下方“');
    expect(all).toContain('学习曲线：训练损失（无验证集）');
    expect(all).toContain(`交叉验证 ${shared.id} 对比 CV${single.id}`);
    expect(all).not.toContain('无基线');
    expect(all).not.toContain('各任务测试指标 运行');
  });

  it("reports the final model alone, with its cross-validation's Δm", async () => {
    const out = join(dir, 'final-only.html');
    await writeReport(store, out, { lang: 'en', runIds: [final.id] });
    const all = text(await readFile(out, 'utf8'));
    expect(all).toContain(`(cross-validation ${shared.id} vs CV${single.id})`);
    expect(all).toContain('Final models: cross-validation estimate (not test scores)');
  });
});

describe('final model wording without a baseline or an estimate', () => {
  const base: ReportFinalModel = {
    info: { evaluationId: 4, labelledRows: 27, epochs: 1, epochsPerTask: { colour: 1 } },
    perTask: { colour: 27 },
    estimate: null,
    summary: null,
    allFoldsAtMax: true,
  };
  it('says the rows, one epoch, the maximum, and that there is no estimate', () => {
    expect(finalModelParagraph(base, REPORT_TEXT.en)).toContain(
      'Final model of cross-validation 4, trained on all 27 labelled rows for 1 epoch (every fold ran to the maximum)',
    );
    expect(finalModelParagraph(base, REPORT_TEXT.en)).toContain(
      'Cross-validation 4 has no completed fold left to estimate it',
    );
    expect(finalDeltaCell(base, REPORT_TEXT.en)).toBe(
      'none: cross-validation 4 has no completed fold',
    );
  });
  it('says why there is no Δm when its cross-validation has no single-task baseline', async () => {
    const summary = (await compareCrossValidations(store, datasetId)).find(
      (s) => s.evaluation.id === shared.id,
    )!;
    const none = { ...base, summary: { ...summary, deltaM: null } };
    expect(finalDeltaCell(none, REPORT_TEXT.en)).toBe(
      'none: cross-validation 4 has no single-task cross-validation on the same folds to compare with',
    );
    expect(finalDeltaCell(none, REPORT_TEXT['zh-CN'])).toBe(
      '无：交叉验证 4 在同一折划分上没有可对比的单任务交叉验证',
    );
  });
});
