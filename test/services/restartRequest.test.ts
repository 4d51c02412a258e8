/**
 * Restarting a stopped run: a plain run restarts with its own configuration; an Auto run is
 * refused (review: an "Auto (cancelled)" run restarted as a plain run of Auto's base config).
 */
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importCsv } from '../../src/main/data/importCsv';
import { defineTasks } from '../../src/main/services/tasks';
import { ensureSplit, restartRequest } from '../../src/main/services/training';
import { ProjectStore } from '../../src/main/store/projectStore';
import { DEFAULT_TRAIN_CONFIG } from '../../src/shared/domain';
import { makeTempDir } from '../store/helpers';

const PENGUINS = fileURLToPath(new URL('../fixtures/penguins.csv', import.meta.url));

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

const stopped = async (auto: boolean) => {
  const run = await store.training.createRun({
    datasetId,
    splitId,
    tasks: ['species'],
    config: { ...DEFAULT_TRAIN_CONFIG, epochs: 3 },
    auto,
  });
  await store.training.updateRun(run.id, { status: 'cancelled' });
  return run.id;
};

describe('restartRequest', () => {
  it('restarts a cancelled plain run with its own configuration', async () => {
    const id = await stopped(false);
    expect(await restartRequest(store, id)).toMatchObject({
      datasetId,
      splitId,
      tasks: ['species'],
      config: { epochs: 3 },
      restartOf: id,
    });
  });

  it('refuses a cancelled Auto run, saying to start Auto again', async () => {
    const id = await stopped(true);
    expect((await store.training.getRun(id)).auto).toBe(true);
    await expect(restartRequest(store, id)).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringMatching(/is an Auto run; .*Start Auto again/),
    });
  });
});
