/**
 * Restarting a stopped run: a plain run restarts with its own configuration; an Auto run
 * restarts as Auto with its search's budget, seed and brackets (review: an "Auto
 * (cancelled)" run restarted as one plain run of Auto's base configuration); an Auto run
 * stored without those settings (an earlier build's JSON null placeholder) is refused.
 */
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importCsv } from '../../src/main/data/importCsv';
import { trainAutoRun } from '../../src/main/services/autoTraining';
import { ensureFoldScheme } from '../../src/main/services/crossValidation';
import { defineTasks } from '../../src/main/services/tasks';
import { ensureSplit, restartRequest } from '../../src/main/services/training';
import { Database } from '../../src/main/store/database';
import { ProjectStore } from '../../src/main/store/projectStore';
import { DEFAULT_TRAIN_CONFIG } from '../../src/shared/domain';
import { makeTempDir } from '../store/helpers';

const PENGUINS = fileURLToPath(new URL('../fixtures/penguins.csv', import.meta.url));
const CONFIG = {
  ...DEFAULT_TRAIN_CONFIG,
  epochs: 3,
  patience: 0,
  patienceSteps: 0,
  hiddenUnits: [8],
  seed: 1,
};

let store: ProjectStore;
let datasetId: number;
let splitId: number;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  const tmp = await makeTempDir();
  cleanup = tmp.cleanup;
  store = await ProjectStore.open(`${tmp.dir}/restart.mtlproj`, { create: true });
  datasetId = (await importCsv(store, PENGUINS, { name: 'penguins' })).id;
  await defineTasks(store, datasetId, [{ column: 'species' }]);
  splitId = (await ensureSplit(store, datasetId)).id;
});
afterAll(async () => {
  await store.close();
  await cleanup();
});

/** A cancelled run, Auto (with these search settings) or plain. */
const stopped = async (auto?: { budgetSeconds: number; seed: number; brackets: number }) => {
  const run = await store.training.createRun({
    datasetId,
    splitId,
    tasks: ['species'],
    config: CONFIG,
    ...(auto ? { auto } : {}),
  });
  await store.training.updateRun(run.id, { status: 'cancelled' });
  return run.id;
};

describe('restartRequest', () => {
  it('restarts a cancelled plain run with its own configuration', async () => {
    // Stored without a checkpoint policy, as every run before schema v14: the default
    // (engine/checkpoint.ts, every epoch at most one per 10 s), as its resume would use.
    const id = await stopped();
    expect(await restartRequest(store, id)).toEqual({
      kind: 'train',
      request: {
        datasetId,
        splitId,
        tasks: ['species'],
        config: CONFIG,
        restartOf: id,
        checkpoints: { everyEpochs: 1, minSeconds: 10 },
      },
    });
  });

  it('restarts a plain run with the checkpoint policy stored with it (none: false)', async () => {
    // Stored by hand, so the request must repeat exactly these values; a run stored without
    // one (before schema v14, as above) gets the default.
    for (const checkpointPolicy of [{ everyEpochs: 3, minSeconds: 0.5 }, false as const]) {
      const run = await store.training.createRun({
        datasetId,
        splitId,
        tasks: ['species'],
        config: CONFIG,
        checkpointPolicy,
      });
      await store.training.updateRun(run.id, { status: 'interrupted' });
      expect(await restartRequest(store, run.id)).toEqual({
        kind: 'train',
        request: {
          datasetId,
          splitId,
          tasks: ['species'],
          config: CONFIG,
          restartOf: run.id,
          checkpoints: checkpointPolicy,
        },
      });
    }
  });

  it('restarts a cancelled Auto run as Auto, with its budget, seed and brackets', async () => {
    const id = await stopped({ budgetSeconds: 0.5, seed: 7, brackets: 2 });
    const run = await store.training.getRun(id);
    expect(run.auto).toBe(true);
    expect(run.autoSettingsMissing).toBeUndefined(); // its settings are stored: Restart is enabled
    // Its search never finished: no search to show yet.
    await expect(store.training.autoSearch(id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const restart = await restartRequest(store, id);
    expect(restart).toEqual({
      kind: 'auto',
      request: {
        datasetId,
        splitId,
        tasks: ['species'],
        budgetSeconds: 0.5,
        seed: 7,
        brackets: 2,
        base: CONFIG,
        restartOf: id,
      },
    });
    if (restart.kind !== 'auto') throw new Error('not auto');
    // Trained as Auto: a new Auto run recording the one it restarts, searched with the
    // stored settings.
    // Even given a caller's policy (train passes its options), an Auto run saves none.
    const again = await trainAutoRun(store, restart.request, {
      mode: 'in-process',
      checkpoints: { everyEpochs: 1, minSeconds: 0 },
    });
    expect(again).toMatchObject({
      status: 'completed',
      auto: true,
      restartOf: id,
      checkpointPolicy: false,
    });
    expect((await store.training.getRun(again.id)).checkpointPolicy).toBe(false);
    expect(await store.training.autoSearch(again.id)).toMatchObject({
      budgetSeconds: 0.5,
      seed: 7,
      brackets: 2,
    });
    expect(await store.training.autoSettings(again.id)).toEqual({
      budgetSeconds: 0.5,
      seed: 7,
      brackets: 2,
    });
  });

  it('refuses an Auto run stored without its settings, saying to start Auto again', async () => {
    const id = await stopped({ budgetSeconds: 1, seed: 1, brackets: 1 });
    // An earlier build's placeholder: JSON null.
    const path = store.path;
    await store.close();
    const db = await Database.open(path, { create: false });
    await db.run("UPDATE auto_searches SET search = 'null' WHERE run_id = ?", [id]);
    await db.close();
    store = await ProjectStore.open(path);
    // The renderer disables Restart for it (RunDetail): the run says its settings are missing.
    expect(await store.training.getRun(id)).toMatchObject({
      auto: true,
      autoSettingsMissing: true,
    });
    await expect(restartRequest(store, id)).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringMatching(/is an Auto run stored without .*Start Auto again/),
      // Translated in the renderer (en + zh-CN, errors.reasons; test/contract/ui.test.ts).
      details: { reason: 'AUTO_RESTART_NO_SETTINGS', params: { id } },
    });
  });

  it('refuses a fold run of a cross-validation: it would train outside it, as a plain run', async () => {
    // A new user cancelled a 5-fold cross-validation during fold 2 and pressed Restart on
    // that fold: it trained a plain run on the fold's split (listed as split #2, outside the
    // cross-validation, which stayed at 1 of 5 folds).
    const scheme = await ensureFoldScheme(store, datasetId, { k: 3 });
    const cv = await store.evaluation.createCrossValidation({
      schemeId: scheme.id,
      tasks: ['species'],
      method: { kind: 'fixed', config: CONFIG },
    });
    const fold = scheme.folds[1];
    const run = await store.training.createRun({
      datasetId,
      splitId: fold.splitId,
      tasks: ['species'],
      config: CONFIG,
    });
    await store.evaluation.addFoldRun(cv.id, fold.repeat, fold.fold, run.id);
    await store.training.updateRun(run.id, { status: 'cancelled' });
    await expect(restartRequest(store, run.id)).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringMatching(
        new RegExp(
          `Run ${run.id} is a fold of cross-validation CV${cv.id}.*continue the cross-validation instead`,
        ),
      ),
    });
  });
});
