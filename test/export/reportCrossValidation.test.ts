/**
 * The report of a project whose only runs are cross-validation folds (penguins, species and
 * sex, 2 folds): it shows each evaluation — per task mean ± std over the folds and Δm against
 * the single-task evaluation with its paired tests — instead of "No completed run".
 * Expected means and standard deviations are computed here by hand from the stored fold runs
 * (sample std, n − 1), independently of services/evaluation.ts.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importCsv } from '../../src/main/data/importCsv';
import { crossValidate } from '../../src/main/services/crossValidation';
import { compareCrossValidations } from '../../src/main/services/evaluation';
import { writeReport } from '../../src/main/services/exports';
import { defineTasks } from '../../src/main/services/tasks';
import { ProjectStore } from '../../src/main/store/projectStore';
import type { CrossValidationInfo } from '../../src/shared/domain';
import { makeTempDir } from '../store/helpers';

const PENGUINS = fileURLToPath(new URL('../fixtures/penguins.csv', import.meta.url));
const FAST = { epochs: 3, patience: 0, patienceSteps: 0, hiddenUnits: [8], seed: 1 };

let store: ProjectStore;
let dir: string;
let datasetId: number;
let cleanup: () => Promise<void>;
let single: CrossValidationInfo;
let shared: CrossValidationInfo;

beforeAll(async () => {
  const tmp = await makeTempDir();
  ({ dir, cleanup } = tmp);
  store = await ProjectStore.open(join(dir, 'cv.mtlproj'), { create: true });
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
}, 120_000);
afterAll(async () => {
  await store.close();
  await cleanup();
});

/** Mean ± sample std (n − 1) to three decimals, by hand. */
function handMeanStd(values: number[]): string {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const variance = values.reduce((a, v) => a + (v - mean) ** 2, 0) / (values.length - 1);
  return `${mean.toFixed(3)} ± ${Math.sqrt(variance).toFixed(3)}`;
}

describe('report of cross-validation folds', () => {
  it('shows every evaluation with mean ± std per task and Δm with its tests', async () => {
    const out = join(dir, 'r.html');
    await writeReport(store, out, { lang: 'en' });
    const html = await readFile(out, 'utf8');
    expect(html).not.toContain('No completed run.');
    expect(html).toContain('Cross-validation');
    expect(html).toContain(`CV${single.id}`);
    expect(html).toContain(`CV${shared.id}`);
    expect(html).toContain('Hard parameter sharing · Equal');

    const runs = new Map((await store.training.listRuns(datasetId)).map((r) => [r.id, r]));
    for (const evaluation of [single, shared]) {
      const folds = evaluation.runs.map((f) => runs.get(f.runId)!.results!);
      expect(folds).toHaveLength(2);
      for (const task of ['species', 'sex']) {
        expect(html).toContain(handMeanStd(folds.map((m) => m[task].macroF1)));
        expect(html).toContain(handMeanStd(folds.map((m) => m[task].balancedAccuracy)));
      }
    }
    // Δm as the Compare view shows it (its own tests check Δm by hand), against the
    // single-task evaluation, with the p-values of both paired tests.
    const summary = (await compareCrossValidations(store, datasetId)).find(
      (s) => s.evaluation.id === shared.id,
    )!;
    const d = summary.deltaM!;
    expect(d.baselineEvaluationId).toBe(single.id);
    // Signed as a fixed split's Δm ("+5.29 %"): "+" before a positive mean, "-" before a
    // negative one, none where it rounds to 0.00.
    const mean = Math.abs(d.summary.mean).toFixed(2);
    const sign = Number(mean) === 0 ? '' : d.summary.mean < 0 ? '-' : '+';
    expect(html).toContain(`${sign}${mean} ± ${d.summary.std.toFixed(2)}`);
    expect(html).toContain(`vs CV${single.id}`);
    expect(html).toContain('Wilcoxon p = ');
    // Two folds cannot reach p < 0.05 with Wilcoxon (smallest two-sided p is 0.5), and the
    // t-test's p decides alone: Δm is coloured only when a test says so.
    const significant = d.tests.some((x) => x.p !== null && x.p < 0.05);
    const cell = html.match(/<span class="(good|bad|)">[^<]*<\/span> <span class="muted">\(vs CV/);
    expect(cell?.[1] !== '').toBe(significant);
  });

  it('reports one evaluation when asked for one of its fold runs, in Chinese', async () => {
    const out = join(dir, 'r-zh.html');
    await writeReport(store, out, { lang: 'zh-CN', runIds: [shared.runs[0].runId] });
    const html = await readFile(out, 'utf8');
    expect(html).toContain('交叉验证');
    expect(html).toContain(`CV${shared.id}`);
    expect(html).not.toContain(`CV${single.id}<`);
  });
});
