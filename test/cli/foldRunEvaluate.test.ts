/**
 * A fold run of a cross-validation on its own (found by a new user): `evaluate --run` of one
 * printed nothing (`--json`: no run), and `predict --run R --dataset D` wrote no column saying
 * which rows the run was scored on, so its test scores could not be recomputed without
 * reading the SQLite file. Penguins (344 rows, species and sex) cross-validated with 3 folds,
 * hard sharing (runs 1–3), then single-task on the same folds (runs 4–6), then one run on the
 * fixed split (run 7). Expected values are by hand: Δm as the mean over tasks of
 * 100 · (M − B) / B on test macro-F1 (Maninis et al. 2019) from both runs' stored scores, and
 * the fold's test accuracy counted from the predictions CSV against penguins.csv's labels.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../store/helpers';
import { cli, fixture } from './run';

let project: string;
let cleanup: () => Promise<void>;
const TRAIN = ['--epochs', '1', '--hidden', '8', '--backend', 'cpu'];
const CV = ['--evaluation', 'cv', '--folds', '3', '--cv-seed', '4'];

interface Scores {
  accuracy: number;
  macroF1: number;
  n: number;
}
interface EvaluatedRun {
  runId: number;
  tasks: Record<string, Scores>;
  deltaM: number | null;
  baselineRunId: number | null;
  fold?: {
    crossValidationId: number;
    fold: number;
    folds: number;
    repeat: number;
    repeats: number;
  };
  baselineEvaluationId?: number | null;
  baselineMissing?: string | null;
}

/** `evaluate --run id --json`'s one run. */
async function evaluated(id: number): Promise<EvaluatedRun> {
  const r = await cli('evaluate', '-p', project, '--run', String(id), '--json');
  expect(r.code).toBe(0);
  const doc = JSON.parse(r.stdout) as { runs: EvaluatedRun[] };
  expect(doc.runs).toHaveLength(1);
  return doc.runs[0];
}

beforeAll(async () => {
  const dir = await makeTempDir();
  project = `${dir.dir}/p.mtlproj`;
  cleanup = dir.cleanup;
  expect((await cli('import', fixture('penguins.csv'), '-p', project)).code).toBe(0);
  expect((await cli('tasks', '-p', project, '--add', 'species', 'sex')).code).toBe(0);
  expect((await cli('train', '-p', project, ...CV, ...TRAIN)).code).toBe(0);
}, 120_000);
afterAll(() => cleanup?.());

describe('evaluate --run of a fold run', () => {
  it('without a single-task cross-validation: its scores, its fold, and why no Δm', async () => {
    const run = await evaluated(1);
    expect(run.fold).toEqual({ crossValidationId: 1, fold: 1, folds: 3, repeat: 1, repeats: 1 });
    expect(Object.keys(run.tasks)).toEqual(['species', 'sex']);
    expect(run.deltaM).toBeNull();
    expect(run.baselineMissing).toContain('No completed single-task cross-validation');
    const text = await cli('evaluate', '-p', project, '--run', '1');
    expect(text.code).toBe(0);
    expect(text.stdout).toContain(
      "Run 1 is fold 1/3 of cross-validation 1: scored on that fold's test rows",
    );
    expect(text.stdout).toContain('Δm: – (No completed single-task cross-validation');
    expect(text.stdout).toContain('hard-sharing · equal');
  }, 60_000);

  it('against the same fold of a single-task cross-validation on the same folds', async () => {
    const single = await cli('train', '-p', project, ...CV, ...TRAIN, '--arch', 'single-task');
    expect(single.code).toBe(0);
    const run = await evaluated(1);
    expect(run.baselineEvaluationId).toBe(2);
    const base = await evaluated(run.baselineRunId!);
    // The same fold of cross-validation 2, which is the baseline itself (no Δm).
    expect(base.fold).toEqual({ crossValidationId: 2, fold: 1, folds: 3, repeat: 1, repeats: 1 });
    expect(base.deltaM).toBeNull();
    expect(base.baselineMissing).toBeNull();
    const byHand =
      (['species', 'sex'] as const)
        .map((t) => (100 * (run.tasks[t].macroF1 - base.tasks[t].macroF1)) / base.tasks[t].macroF1)
        .reduce((a, b) => a + b, 0) / 2;
    expect(run.deltaM).toBeCloseTo(byHand, 9);
    const text = await cli('evaluate', '-p', project, '--run', '1');
    expect(text.stdout).toContain(
      `Δm against single-task run ${run.baselineRunId}, the same fold of single-task cross-validation 2`,
    );
  }, 120_000);
});

describe('predict --run --dataset', () => {
  /** penguins.csv's species per data row (row id = data row: rows are imported in order). */
  const species = readFileSync(fixture('penguins.csv'), 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => line.split(',')[0].replace(/"/g, ''));

  it("writes each row's part of the fold's split; its test rows give the fold's scores", async () => {
    const r = await cli('predict', '-p', project, '--run', '1', '--dataset', '1');
    expect(r.code).toBe(0);
    const [header, ...lines] = r.stdout.trim().split('\n');
    expect(header.split(',').slice(0, 3)).toEqual(['row_id', 'split', 'species']);
    const rows = lines.map((l) => l.split(','));
    expect(rows).toHaveLength(344);
    expect(new Set(rows.map((c) => c[1]))).toEqual(new Set(['train', 'validation', 'test']));
    const test = rows.filter((c) => c[1] === 'test');
    const { tasks } = await evaluated(1);
    // Every row has a species: the fold's test rows are those it scored species on.
    expect(test).toHaveLength(tasks.species.n);
    const right = test.filter((c) => c[2] === species[Number(c[0]) - 1]).length;
    expect(right / test.length).toBeCloseTo(tasks.species.accuracy, 9);
  }, 60_000);

  it('a run on the fixed split: `split` in --json too', async () => {
    expect((await cli('train', '-p', project, '--evaluation', 'split', ...TRAIN)).code).toBe(0);
    const r = await cli('predict', '-p', project, '--run', '7', '--dataset', '1', '--json');
    expect(r.code).toBe(0);
    const rows = (JSON.parse(r.stdout) as { predictions: { row: number; split: string }[] })
      .predictions;
    const test = rows.filter((p) => p.split === 'test');
    expect(test.length).toBe((await evaluated(7)).tasks.species.n);
  }, 120_000);
});
