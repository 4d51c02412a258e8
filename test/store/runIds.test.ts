/**
 * A run's id is never given to another run, even after the run is removed for good. Found
 * when a cross-validation was continued: its stopped fold runs are deleted softly and purged
 * when the project is next opened; SQLite's plain INTEGER PRIMARY KEY then hands the newest
 * removed id (max(id) + 1) to the next run, so a report or a studio window still showing the
 * old run would name a different one. Expected ids written by hand: runs 1, 2, 3; 3 deleted
 * and purged; the next run is 4 (SQLite's AUTOINCREMENT, https://sqlite.org/autoinc.html).
 */
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ProjectStore } from '../../src/main/store/projectStore';
import { DEFAULT_TRAIN_CONFIG } from '../../src/shared/domain';
import { irisLikeDataset, irisRows, makeTempDir, rowSource } from './helpers';

let dir: string;
let cleanup: () => Promise<void>;
let store: ProjectStore;
beforeEach(async () => {
  ({ dir, cleanup } = await makeTempDir());
  store = await ProjectStore.open(join(dir, 'p.mtlproj'), { create: true, name: 'Ids' });
});
afterEach(async () => {
  await store.close();
  await cleanup();
});

/** A dataset with a task and a split; `newRun()` stores a run of it. */
async function prepare(s: ProjectStore) {
  const dataset = await s.datasets.create(irisLikeDataset(), rowSource(irisRows));
  await s.tasks.create({
    datasetId: dataset.id,
    name: 'Big',
    targetColumn: 'is big',
    classes: ['0', '1'],
    kind: 'binary',
    weight: null,
  });
  const split = await s.splits.create({
    datasetId: dataset.id,
    seed: 3,
    fractions: { train: 0.6, validation: 0.2, test: 0.2 },
    stratifiedOn: null,
    rowIds: [1, 2, 3, 4, 5],
    assignment: ['train', 'train', 'test', 'validation', 'test'],
  });
  return (on: ProjectStore = s) =>
    on.training.createRun({
      datasetId: dataset.id,
      splitId: split.id,
      tasks: ['Big'],
      config: DEFAULT_TRAIN_CONFIG,
    });
}

describe('run ids', () => {
  it('are not reused after the newest run is deleted and purged', async () => {
    const newRun = await prepare(store);
    expect([(await newRun()).id, (await newRun()).id, (await newRun()).id]).toEqual([1, 2, 3]);
    await store.training.updateRun(3, { status: 'cancelled' });
    await store.training.deleteRun(3);
    expect(await store.training.purgeDeletedRuns()).toEqual([3]);
    expect((await newRun()).id).toBe(4);
  });

  it('are not reused after a reopen purged the newest run', async () => {
    const newRun = await prepare(store);
    await newRun();
    await newRun();
    await store.training.updateRun(2, { status: 'cancelled' });
    await store.training.deleteRun(2);
    await store.close();
    // Opening purges the runs deleted softly (projectStore.ts).
    store = await ProjectStore.open(join(dir, 'p.mtlproj'));
    await expect(store.training.getRun(2)).rejects.toThrow('Run 2');
    expect((await newRun(store)).id).toBe(3);
  });
});
