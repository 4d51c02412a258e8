/**
 * Stored task affinities (`task_affinities`, schema v13): what is saved is read back whole
 * after the file is closed and reopened, the newest one wins, a task filter matches the set
 * in any order, a bad matrix or an unknown dataset is refused without a row, and deleting
 * the dataset deletes its results. Values are the hand-written ones saved here.
 */
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Database } from '../../src/main/store/database';
import { ProjectStore } from '../../src/main/store/projectStore';
import type { StoredTaskAffinity } from '../../src/shared/domain';
import { MtlError } from '../../src/shared/errors';
import { irisLikeDataset, irisRows, makeTempDir, rowSource } from './helpers';

let dir: string;
let cleanup: () => Promise<void>;

beforeEach(async () => {
  ({ dir, cleanup } = await makeTempDir());
});
afterEach(async () => {
  await cleanup();
});

/** A result over tasks a, b, c: a and b help each other, c is hurt by both. */
function record(datasetId: number): Omit<StoredTaskAffinity, 'id' | 'computedAt'> {
  return {
    datasetId,
    tasks: ['a', 'b', 'c'],
    taskDefinitions: [
      { name: 'a', targetColumn: 'species', classes: ['setosa', 'versicolor'] },
      { name: 'b', targetColumn: 'is big', classes: ['0', '1'] },
      { name: 'c', targetColumn: 'note', classes: ['x', 'y, z'] },
    ],
    method: 'lookahead',
    parameters: { splitId: 3, steps: 120, config: { seed: 7, learningRate: 0.01 } },
    affinity: [
      [0, 0.125, -0.5],
      [0.25, 0, -1e-7],
      [-0.0625, 3.5, 0],
    ],
    groups: [['a', 'b'], ['c']],
    samples: 40,
    lastLabelEvent: 12,
  };
}

describe('stored task affinities', () => {
  it('round-trips a result through close and reopen', async () => {
    const path = join(dir, 'p.mtlproj');
    let store = await ProjectStore.open(path, { create: true });
    const { id: datasetId } = await store.datasets.create(irisLikeDataset(), rowSource(irisRows));
    expect(await store.evaluation.storedTaskAffinity(datasetId)).toBeNull();
    const before = Date.now();
    const saved = await store.evaluation.saveTaskAffinity(record(datasetId));
    expect(saved).toEqual({ ...record(datasetId), id: saved.id, computedAt: saved.computedAt });
    expect(Date.parse(saved.computedAt)).toBeGreaterThanOrEqual(before - 1000);
    await store.close();

    store = await ProjectStore.open(path);
    try {
      expect(await store.evaluation.storedTaskAffinity(datasetId)).toEqual(saved);
    } finally {
      await store.close();
    }
  });

  it('returns the newest result, or the newest over exactly the tasks asked for', async () => {
    const store = await ProjectStore.open(join(dir, 'p.mtlproj'), { create: true });
    try {
      const { id: datasetId } = await store.datasets.create(irisLikeDataset(), rowSource(irisRows));
      const three = await store.evaluation.saveTaskAffinity(record(datasetId));
      const two = await store.evaluation.saveTaskAffinity({
        ...record(datasetId),
        tasks: ['b', 'a'],
        taskDefinitions: [
          record(datasetId).taskDefinitions[1],
          record(datasetId).taskDefinitions[0],
        ],
        affinity: [
          [0, 0.5],
          [0.75, 0],
        ],
        groups: [['b', 'a']],
      });
      expect(two.id).toBeGreaterThan(three.id);
      expect((await store.evaluation.storedTaskAffinity(datasetId))?.id).toBe(two.id);
      expect(
        (await store.evaluation.storedTaskAffinity(datasetId, { tasks: ['c', 'a', 'b'] }))?.id,
      ).toBe(three.id);
      expect(
        (await store.evaluation.storedTaskAffinity(datasetId, { tasks: ['a', 'b'] }))?.affinity,
      ).toEqual([
        [0, 0.5],
        [0.75, 0],
      ]);
      expect(
        await store.evaluation.storedTaskAffinity(datasetId, { tasks: ['a', 'c'] }),
      ).toBeNull();
      // Deleting the dataset deletes its results (ON DELETE CASCADE).
      await store.datasets.delete(datasetId);
      expect(await store.evaluation.storedTaskAffinity(datasetId)).toBeNull();
    } finally {
      await store.close();
    }
  });

  it('refuses a matrix that is not T × T and an unknown dataset, storing nothing', async () => {
    const store = await ProjectStore.open(join(dir, 'p.mtlproj'), { create: true });
    try {
      const { id: datasetId } = await store.datasets.create(irisLikeDataset(), rowSource(irisRows));
      const bad = { ...record(datasetId), affinity: [[0, 1, 2]] };
      await expect(store.evaluation.saveTaskAffinity(bad)).rejects.toMatchObject({
        code: 'BAD_REQUEST',
      });
      const err = await store.evaluation
        .saveTaskAffinity(record(datasetId + 99))
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(MtlError);
      expect((err as MtlError).code).toBe('NOT_FOUND');
      expect(await store.evaluation.storedTaskAffinity(datasetId)).toBeNull();
    } finally {
      await store.close();
    }
  });

  it('refuses task definitions missing or not matching the tasks, storing nothing', async () => {
    const store = await ProjectStore.open(join(dir, 'p.mtlproj'), { create: true });
    try {
      const { id: datasetId } = await store.datasets.create(irisLikeDataset(), rowSource(irisRows));
      const full = record(datasetId);
      for (const taskDefinitions of [
        full.taskDefinitions.slice(0, 2),
        [full.taskDefinitions[1], full.taskDefinitions[0], full.taskDefinitions[2]],
        [full.taskDefinitions[0], full.taskDefinitions[1], null],
      ]) {
        await expect(
          store.evaluation.saveTaskAffinity({
            ...full,
            taskDefinitions: taskDefinitions as typeof full.taskDefinitions,
          }),
        ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
      }
      expect(await store.evaluation.storedTaskAffinity(datasetId)).toBeNull();
    } finally {
      await store.close();
    }
  });

  it('skips a damaged stored row (bad JSON, wrong shapes) for the next valid older one', async () => {
    const store = await ProjectStore.open(join(dir, 'p.mtlproj'), { create: true });
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      const { id: datasetId } = await store.datasets.create(irisLikeDataset(), rowSource(irisRows));
      const good = await store.evaluation.saveTaskAffinity(record(datasetId));
      const db = (store as unknown as { db: Database }).db;
      // Each a copy of the good row with one column damaged as a hostile file could hold it.
      const damages: [string, string][] = [
        ['affinity', '[[0, 1'],
        ['affinity', '[[0,1,2],[0,0,"x"],[0,0,0]]'],
        ['affinity', '[[0,1],[1,0]]'],
        ['tasks', '["a","a","c"]'],
        ['groups', '[["a"],["c"]]'],
        ['task_definitions', '[null,null,null]'],
        ['created_at', '"yesterday"'],
      ];
      for (const [column, value] of damages) {
        await db.run(
          `INSERT INTO task_affinities (dataset_id, tasks, task_definitions, method, parameters,
             affinity, groups, samples, last_label_event, created_at)
           SELECT dataset_id, tasks, task_definitions, method, parameters, affinity, groups,
             samples, last_label_event, created_at FROM task_affinities WHERE id = ?`,
          [good.id],
        );
        await db.run(
          `UPDATE task_affinities SET ${column} = ? WHERE id = (SELECT MAX(id) FROM task_affinities)`,
          [column === 'created_at' ? 'yesterday' : value],
        );
      }
      expect(await store.evaluation.storedTaskAffinity(datasetId)).toEqual(good);
      expect(
        await store.evaluation.storedTaskAffinity(datasetId, { tasks: ['c', 'b', 'a'] }),
      ).toEqual(good);
      // One warning per damaged row, naming it (ids good.id + 1 … good.id + 7).
      expect(warn).toHaveBeenCalledTimes(2 * damages.length);
      expect(String(warn.mock.calls[0][0])).toContain(`Stored task affinity ${good.id + 7}`);
    } finally {
      warn.mockRestore();
      await store.close();
    }
  });
});
