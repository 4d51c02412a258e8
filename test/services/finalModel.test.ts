/**
 * The final model of a completed cross-validation (services/finalModel.ts), on the real
 * store with in-process training: it trains on exactly the labelled rows (counted here from
 * the fixture CSV itself, not through the store), for the median of the folds' stored
 * early-stopping epochs (recomputed here by hand from the stored fold runs), with no test
 * score, linked to its cross-validation; its bundle exports and predicts.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crossValidate } from '../../src/main/services/crossValidation';
import { exportModel, predictPreview } from '../../src/main/services/exports';
import {
  finalEpochs,
  finalModelAvailability,
  median,
  trainFinalModel,
} from '../../src/main/services/finalModel';
import { setLabels } from '../../src/main/services/labelEdits';
import { ensureSplit, restartRequest } from '../../src/main/services/training';
import type { ProjectStore } from '../../src/main/store/projectStore';
import { makeTempDir } from '../store/helpers';
import { PENGUINS, penguinsProject } from './helpers';

// Early stopping on (patience 2) so the folds stop at different epochs.
const CONFIG = { epochs: 12, patience: 2, patienceSteps: 0, hiddenUnits: [8], seed: 3 };

let store: ProjectStore;
let datasetId: number;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  ({ store, datasetId, cleanup } = await penguinsProject('final'));
});
afterAll(() => cleanup());

/** Rows of the fixture whose "sex" cell is not empty, read from the CSV text itself. */
function sexLabelledRows(): number {
  const [header, ...lines] = readFileSync(PENGUINS, 'utf8').trim().split('\n');
  const column = header.split(',').indexOf('"sex"');
  return lines.filter((line) => line.split(',')[column] !== '').length;
}

describe('median and finalEpochs', () => {
  it('take the middle fold (odd), the mean of the two middle ones (even), per task', () => {
    expect(median([7, 3, 5])).toBe(5);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    // a: median(2, 9, 4) = 4; b: median(1, 1, 6) = 1; the run lasts the longest, 4.
    expect(
      finalEpochs(
        [
          { a: 2, b: 1 },
          { a: 9, b: 1 },
          { a: 4, b: 6 },
        ],
        ['a', 'b'],
      ),
    ).toEqual({ epochs: 4, perTask: { a: 4, b: 1 } });
  });
});

describe('the final model of a cross-validation', () => {
  it('trains on every labelled row for the median of the folds’ epochs, unscored', async () => {
    const cv = await crossValidate(
      store,
      { datasetId, tasks: ['sex'], method: { kind: 'fixed', config: CONFIG }, plan: { k: 3 } },
      { mode: 'in-process' },
    );
    expect(cv.status).toBe('completed');
    // The folds' kept epochs, read from the stored runs; their median by hand.
    const folds = await Promise.all(cv.runs.map((r) => store.training.getRun(r.runId)));
    const best = folds.map((r) => r.bestEpoch!).sort((a, b) => a - b);
    const expected = best[1]; // 3 folds: the middle one
    const before = await ensureSplit(store, datasetId);

    const run = await trainFinalModel(store, cv.id, { mode: 'in-process' });
    expect(run.status).toBe('completed');
    expect(run.finalOf).toEqual({
      evaluationId: cv.id,
      labelledRows: sexLabelledRows(),
      epochs: expected,
      epochsPerTask: { sex: expected },
    });
    expect(sexLabelledRows()).toBe(333);
    // Trained on exactly those rows, all of them training rows: no validation, no test.
    const split = await store.splits.assignment(run.splitId);
    expect(split.rowIds).toHaveLength(333);
    expect(split.assignment.every((s) => s === 'train')).toBe(true);
    // As many epochs as the median, no early stopping, no schedule; no test score.
    expect(await store.training.listEpochs(run.id)).toHaveLength(expected);
    expect(run.config).toMatchObject({ epochs: expected, patience: 0, lrSchedule: 'none' });
    expect(run.config.hiddenUnits).toEqual([8]);
    expect(run.results).toBeNull();
    // Its split is not the one the next ordinary run takes.
    expect((await ensureSplit(store, datasetId)).id).toBe(before.id);

    // A second final model on unchanged labels would be the same model: refused, naming the
    // first (the studio's button and `train --final-of-cv` share this rule).
    await expect(trainFinalModel(store, cv.id, { mode: 'in-process' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      details: { reason: 'FINAL_MODEL_EXISTS', runId: run.id },
    });
    // A stopped final model is not restarted as a plain run (its split has no test row).
    // (Trained with the first set aside, then restored for the export below.)
    await store.training.deleteRun(run.id);
    const stopped = await trainFinalModel(store, cv.id, { mode: 'in-process' });
    await store.training.restoreRun(run.id);
    expect(stopped.id).not.toBe(run.id);
    await store.training.updateRun(stopped.id, { status: 'interrupted' });
    await expect(restartRequest(store, stopped.id)).rejects.toThrow(
      `Run ${stopped.id} is the final model of cross-validation CV${cv.id}`,
    );

    const tmp = await makeTempDir();
    try {
      const bundle = await exportModel(store, run.id, `${tmp.dir}/final`);
      // The bundle carries the cross-validation's estimate, not empty test metrics: the
      // mean and sample standard deviation (n − 1) of the 3 folds' test macro-F1 and
      // accuracy, computed here from the stored fold runs.
      const meanStd = (xs: number[]) => {
        const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
        const std = Math.sqrt(xs.reduce((a, x) => a + (x - mean) ** 2, 0) / (xs.length - 1));
        return { mean, std, n: xs.length };
      };
      const f1 = meanStd(folds.map((r) => r.results!.sex.macroF1));
      const accuracy = meanStd(folds.map((r) => r.results!.sex.accuracy));
      const cvMeta = bundle.metadata.crossValidation!;
      expect(cvMeta).toMatchObject({
        evaluationId: cv.id,
        folds: 3,
        scheme: { k: 3, repeats: 1 },
        labelledRows: 333,
      });
      expect(cvMeta.metrics.sex.macroF1.mean).toBeCloseTo(f1.mean, 10);
      expect(cvMeta.metrics.sex.macroF1.std).toBeCloseTo(f1.std, 10);
      expect(cvMeta.metrics.sex.macroF1.n).toBe(3);
      expect(cvMeta.metrics.sex.accuracy.mean).toBeCloseTo(accuracy.mean, 10);
      expect(cvMeta.metrics.sex.accuracy.std).toBeCloseTo(accuracy.std, 10);
      expect(bundle.metadata.metrics).toEqual({});
      expect(bundle.metadata.training.refit?.rows).toBe('all-labelled');
      const readme = readFileSync(`${tmp.dir}/final/README.md`, 'utf8');
      expect(readme).toContain(
        `This is the final model of cross-validation #${cv.id}: trained on all 333 labelled rows for ${expected} epoch`,
      );
      expect(readme).toContain(`| ${f1.mean.toFixed(3)} ± ${f1.std.toFixed(3)} |`);
      const preview = await predictPreview(store, run.id, PENGUINS, 5);
      expect(preview.rows).toHaveLength(5);
      expect(preview.tasks.map((t) => t.name)).toEqual(['sex']);
    } finally {
      await tmp.cleanup();
    }
  }, 120_000);

  it('tells the studio whether a final model can be trained, by the same rule', async () => {
    // The first test left a completed final model of its cross-validation (and a stopped one).
    const runs = await store.training.listRuns(datasetId);
    const final = runs
      .filter((r) => r.finalOf && r.status === 'completed')
      .sort((a, b) => b.id - a.id)[0];
    const cvId = final.finalOf!.evaluationId;
    // Unchanged labels: refused as trainFinalModel refuses it, naming that run.
    const refused = await finalModelAvailability(store, cvId);
    expect(refused).toMatchObject({
      allowed: false,
      error: { code: 'BAD_REQUEST', details: { reason: 'FINAL_MODEL_EXISTS', runId: final.id } },
    });
    // One row relabelled (row 1's sex flipped): allowed, naming the model it would replace.
    const read = await store.datasets.readColumns(datasetId, ['sex']);
    const sex = read.values.sex[read.rowIds.indexOf(1)];
    await setLabels(
      store,
      datasetId,
      [{ rowId: 1, task: 'sex', label: sex === 'male' ? 'female' : 'male' }],
      'user',
    );
    expect(await finalModelAvailability(store, cvId)).toEqual({
      allowed: true,
      labelsChangedSince: final.id,
    });
    // A cross-validation that is not one: NOT_FOUND as it comes.
    await expect(finalModelAvailability(store, 9999)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('refuses a cross-validation that did not complete, or one of Auto', async () => {
    const running = await store.evaluation.createCrossValidation({
      schemeId: (await store.splits.foldSchemes(datasetId))[0].id,
      tasks: ['sex'],
      method: { kind: 'auto', budgetSeconds: 1, seed: 1 },
    });
    await expect(trainFinalModel(store, running.id)).rejects.toThrow(/is running/);
    await store.evaluation.finishCrossValidation(running.id, 'completed');
    await expect(trainFinalModel(store, running.id)).rejects.toThrow(/evaluated Auto/);
  });
});
