/**
 * A cross-validation's final model in `evaluate` (text, `--run`, `--json`), the rows its
 * summary says it trained on when its tasks' labelled rows differ, and `predict --model` of
 * its bundle. Expected by hand: 30 rows; task y is empty on rows 5, 15 and 25 (27 labelled),
 * task z labelled on all 30, so the final model trains on 30 rows with at least one label
 * (y 27, z 30). Its estimate is checked against the mean and sample standard deviation of
 * the fold runs' own test macro-F1 (`runs --json`), computed here, not by the studio.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../store/helpers';
import { cli } from './run';

let cleanup: () => Promise<void>;
let dir: string;
let project: string;
const TRAIN = ['--epochs', '4', '--patience', '2', '--backend', 'cpu', '--hidden', '8'];

beforeAll(async () => {
  ({ dir, cleanup } = await makeTempDir());
  const rows = Array.from(
    { length: 30 },
    (_, i) =>
      `${100 + i},${(i + 1) % 10 === 5 ? '' : i % 2 === 0 ? 'a' : 'b'},${i % 3 === 0 ? 'p' : 'q'}`,
  );
  writeFileSync(`${dir}/two.csv`, `x,y,z\n${rows.join('\n')}\n`);
  writeFileSync(`${dir}/new.csv`, `x\n101\n118\n`);
  project = `${dir}/two.mtlproj`;
  expect((await cli('import', `${dir}/two.csv`, '-p', project)).code).toBe(0);
  expect((await cli('tasks', '-p', project, '--add', 'y', 'z')).code).toBe(0);
}, 60_000);
afterAll(() => cleanup());

/** Mean and sample standard deviation (n − 1), by hand. */
function meanStd(values: number[]): { mean: number; std: number } {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const variance = values.reduce((a, v) => a + (v - mean) ** 2, 0) / (values.length - 1);
  return { mean, std: Math.sqrt(variance) };
}

describe('a final model in evaluate, its rows per task, and predict --model of its bundle', () => {
  it('shows the final model with its cross-validation estimate, not a misleading Δm note', async () => {
    const trained = await cli(
      'train',
      '-p',
      project,
      '--evaluation',
      'cv',
      '--folds',
      '3',
      '--final',
      ...TRAIN,
    );
    expect(trained.code).toBe(0);
    // y has 27 labels, z 30: not "all 30 labelled rows".
    expect(trained.stdout).toMatch(
      /Run \d+: Final model of cross-validation #\d+, trained on 30 rows with at least one label \(y 27, z 30\) for \d+ epochs?\./,
    );
    expect(trained.stdout).not.toContain('all 30 labelled rows');

    const { runs } = JSON.parse((await cli('--json', 'runs', '-p', project)).stdout) as {
      runs: {
        id: number;
        fold?: { crossValidationId: number };
        finalOf?: { crossValidationId: number };
        results: Record<string, { macroF1: number }> | null;
      }[];
    };
    const final = runs.find((r) => r.finalOf)!;
    const cvId = final.finalOf!.crossValidationId;
    const folds = runs.filter((r) => r.fold?.crossValidationId === cvId);
    expect(folds).toHaveLength(3);
    const expected = {
      y: meanStd(folds.map((f) => f.results!.y.macroF1)),
      z: meanStd(folds.map((f) => f.results!.z.macroF1)),
    };

    const json = await cli('--json', 'evaluate', '-p', project);
    expect(json.code).toBe(0);
    const doc = JSON.parse(json.stdout) as {
      runs: {
        runId: number;
        finalModel?: {
          crossValidationId: number;
          estimate: {
            folds: number;
            labelledRows: number;
            labelledRowsPerTask: Record<string, number>;
            metrics: Record<string, { macroF1: { mean: number; std: number; n: number } }>;
          } | null;
        };
      }[];
    };
    const row = doc.runs.find((r) => r.runId === final.id)!;
    expect(row.finalModel!.crossValidationId).toBe(cvId);
    const estimate = row.finalModel!.estimate!;
    expect(estimate.folds).toBe(3);
    expect(estimate.labelledRows).toBe(30);
    expect(estimate.labelledRowsPerTask).toEqual({ y: 27, z: 30 });
    for (const task of ['y', 'z'] as const) {
      expect(estimate.metrics[task].macroF1.mean).toBeCloseTo(expected[task].mean, 9);
      expect(estimate.metrics[task].macroF1.std).toBeCloseTo(expected[task].std, 9);
      expect(estimate.metrics[task].macroF1.n).toBe(3);
    }
    // An ordinary fold run carries no finalModel.
    expect(doc.runs.find((r) => r.runId === folds[0].id)?.finalModel).toBeUndefined();

    const line = `run ${final.id}: final model of cross-validation ${cvId} (trained on all labelled rows; no test score) — its expected score is cross-validation ${cvId}'s mean ± std over 3 folds: y macro-F1 ${expected.y.mean.toFixed(3)} ± ${expected.y.std.toFixed(3)}`;
    const text = await cli('evaluate', '-p', project);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain(line);
    expect(text.stdout).toContain(
      `; z macro-F1 ${expected.z.mean.toFixed(3)} ± ${expected.z.std.toFixed(3)}`,
    );
    expect(text.stdout).not.toContain('Δm needs a completed single-task run');
    const one = await cli('evaluate', '-p', project, '--run', String(final.id));
    expect(one.code).toBe(0);
    expect(one.stdout).toContain(line);
    // No empty table, no Δm note.
    expect(one.stdout).not.toContain('ROC-AUC');
    expect(one.stdout).not.toContain('Δm needs');

    // The note of export gives each task's rows; predict --model of the bundle notes it the
    // same (its metadata keeps each task's rows), and its README says them too.
    const id = String(final.id);
    const note = `note: run ${id} is the final model of cross-validation ${cvId}: trained on 30 rows with at least one label (y 27, z 30) for `;
    const exported = await cli('export', 'model', '-p', project, '--run', id, '-o', `${dir}/b`);
    expect(exported.code).toBe(0);
    expect(exported.stderr).toContain(note);
    expect(readFileSync(`${dir}/b/README.md`, 'utf8')).toContain(
      'trained on 30 rows with at least one label (y 27, z 30) for',
    );
    const predicted = await cli('predict', '--model', `${dir}/b`, `${dir}/new.csv`);
    expect(predicted.code).toBe(0);
    expect(predicted.stderr).toContain(note);
    const predictedJson = await cli('--json', 'predict', '--model', `${dir}/b`, `${dir}/new.csv`);
    expect(predictedJson.code).toBe(0);
    expect(JSON.parse(predictedJson.stdout).finalModel).toMatchObject({
      crossValidationId: cvId,
      labelledRows: 30,
      labelledRowsPerTask: { y: 27, z: 30 },
    });
  }, 240_000);
});
