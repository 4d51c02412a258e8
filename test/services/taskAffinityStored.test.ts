/**
 * Task affinity through the services on the real store: a computed result is stored and
 * returned unchanged by `storedTaskAffinity` after the project is closed and reopened (no
 * pass: the engine is not called again), and it says what changed since — label events
 * counted here by hand (one edit, then its undo), a task's classes redefined; a read-only
 * project still measures, storing nothing.
 */
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { importCsv } from '../../src/main/data/importCsv';
import * as engine from '../../src/main/engine/taskAffinity';
import { setLabels, undoLabels } from '../../src/main/services/labelEdits';
import { estimateTaskAffinity, storedTaskAffinity } from '../../src/main/services/taskAffinity';
import { defineTasks } from '../../src/main/services/tasks';
import { ProjectStore } from '../../src/main/store/projectStore';
import { makeTempDir } from '../store/helpers';

const PENGUINS = fileURLToPath(new URL('../fixtures/penguins.csv', import.meta.url));

let dir: string;
let cleanup: () => Promise<void>;

beforeEach(async () => {
  ({ dir, cleanup } = await makeTempDir());
});
afterEach(async () => {
  vi.restoreAllMocks();
  await cleanup();
});

describe('stored task affinity (service)', () => {
  it('returns the computed result after close and reopen without recomputing', async () => {
    const path = `${dir}/affinity.mtlproj`;
    let store = await ProjectStore.open(path, { create: true });
    const datasetId = (await importCsv(store, PENGUINS, { name: 'penguins' })).id;
    await defineTasks(store, datasetId, [{ column: 'species' }, { column: 'sex' }]);
    expect(await storedTaskAffinity(store, datasetId)).toBeNull();
    const computed = await estimateTaskAffinity(store, {
      datasetId,
      steps: 30,
      config: { hiddenUnits: [8], seed: 3 },
    });
    expect(computed.id).toBeGreaterThan(0);
    expect(computed).toMatchObject({
      tasks: ['species', 'sex'],
      method: 'lookahead',
      steps: 30,
      changedSince: { labels: 0, tasks: false },
    });
    // every = 3 (engine default): look-ahead at steps 0, 3, …, 27 = 10 samples.
    expect(computed.samples).toBe(10);
    expect(computed.affinity.map((row) => row.length)).toEqual([2, 2]);
    await store.close();

    const pass = vi.spyOn(engine, 'taskAffinity');
    store = await ProjectStore.open(path);
    try {
      const stored = await storedTaskAffinity(store, datasetId);
      // Same id and time as computed: read back, not measured again (that would store anew).
      expect(stored).toEqual(computed);
      expect(await storedTaskAffinity(store, datasetId, ['sex', 'species'])).toEqual(computed);
      expect(await storedTaskAffinity(store, datasetId, ['species', 'island'])).toBeNull();
      expect(pass).not.toHaveBeenCalled();

      // One label edit: one label differs; its undo: none differs (counted by hand: row 1's
      // sex is back to what it was when computed).
      const was = (
        await store.datasets.readColumns(datasetId, ['sex'], { fromRowId: 1, toRowId: 1 })
      ).values.sex[0];
      const other = was === 'female' ? 'male' : 'female';
      await setLabels(store, datasetId, [{ rowId: 1, task: 'sex', label: other }], 'user');
      expect((await storedTaskAffinity(store, datasetId))?.changedSince).toEqual({
        labels: 1,
        tasks: false,
      });
      await undoLabels(store, datasetId);
      expect((await storedTaskAffinity(store, datasetId))?.changedSince.labels).toBe(0);
      await setLabels(store, datasetId, [{ rowId: 1, task: 'sex', label: other }], 'user');

      // A task added since: the result read for all tasks no longer covers them all; read
      // over its own tasks it is unchanged.
      const island = await store.tasks.create({
        datasetId,
        name: 'island',
        targetColumn: 'island',
        classes: ['Biscoe', 'Dream', 'Torgersen'],
        kind: 'multiclass',
        weight: null,
      });
      expect((await storedTaskAffinity(store, datasetId))?.changedSince.tasks).toBe(true);
      expect(
        (await storedTaskAffinity(store, datasetId, ['species', 'sex']))?.changedSince.tasks,
      ).toBe(false);
      await store.tasks.delete(island.id);

      // A new class of 'sex' redefines the task: the stored affinity is of the old one.
      const sex = (await store.tasks.list(datasetId)).find((t) => t.name === 'sex')!;
      await store.tasks.appendClass(sex.id, 'unknown');
      expect((await storedTaskAffinity(store, datasetId))?.changedSince).toEqual({
        labels: 1,
        tasks: true,
      });
    } finally {
      await store.close();
    }

    // A project this user cannot write: the pass still shows its result, unstored.
    store = await ProjectStore.open(path, { writable: async (p) => p !== path });
    try {
      expect(store.readOnly).not.toBeNull();
      const unstored = await estimateTaskAffinity(store, {
        datasetId,
        steps: 9,
        config: { hiddenUnits: [8], seed: 3 },
      });
      expect(unstored).toMatchObject({ id: null, steps: 9, samples: 3 });
      expect((await storedTaskAffinity(store, datasetId))?.id).toBe(computed.id);
    } finally {
      await store.close();
    }
  });

  it('stores the tasks as the pass read them when one is deleted or redefined during it', async () => {
    const store = await ProjectStore.open(`${dir}/during.mtlproj`, { create: true });
    try {
      const datasetId = (await importCsv(store, PENGUINS, { name: 'penguins' })).id;
      await defineTasks(store, datasetId, [
        { column: 'species' },
        { column: 'sex' },
        { column: 'island' },
      ]);
      const before = await store.tasks.list(datasetId);
      const original = engine.taskAffinity;
      // While the pass runs: 'island' is deleted and 'sex' gains a class.
      vi.spyOn(engine, 'taskAffinity').mockImplementation(async (...args) => {
        await store.tasks.delete(before.find((t) => t.name === 'island')!.id);
        await store.tasks.appendClass(before.find((t) => t.name === 'sex')!.id, 'unknown');
        return original(...args);
      });
      const computed = await estimateTaskAffinity(store, {
        datasetId,
        steps: 6,
        config: { hiddenUnits: [8], seed: 3 },
      });
      // The definitions stored are those listed before the pass (read here, before it).
      const stored = await store.evaluation.storedTaskAffinity(datasetId);
      expect(stored?.taskDefinitions).toEqual(
        ['species', 'sex', 'island'].map((name) => {
          const t = before.find((d) => d.name === name)!;
          return { name, targetColumn: t.targetColumn, classes: t.classes };
        }),
      );
      expect(computed.changedSince.tasks).toBe(true);
      // Read again later: no throw, still changed.
      expect((await storedTaskAffinity(store, datasetId))?.changedSince.tasks).toBe(true);
    } finally {
      await store.close();
    }
  });
});
