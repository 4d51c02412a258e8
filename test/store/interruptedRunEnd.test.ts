/**
 * The end time of a run whose process died: when it last stored work, not when the project
 * was opened again. Found by a new user: a run killed (kill -9) ~7 s into training and
 * reopened 20 s later showed Time 32.4 s, and `runs --json` gave finishedAt = the reopening.
 *
 * Expected values, by hand from the clock the test sets (only Date is faked, so SQLite's
 * callbacks run as usual): started 10:00:00, epochs stored at 10:00:03 and 10:00:07, a
 * checkpoint at 10:00:09, the project reopened at 10:00:27. A run with epochs ends at its last
 * epoch (7 s, not 27 s); a checkpoint stored after it counts; a run that stored nothing ends
 * as it started (0 s); one whose last epoch was stored by an earlier version (no time in its
 * record) ends at its checkpoint, else at its start. A cross-validation stopped with its fold
 * run ends when that run does. One killed between two folds (created 09:59:30, fold 0 started
 * 10:00:00, its last epoch at 10:00:05, completed 10:00:10) ends at 10:00:10 with no next
 * fold run, at 10:00:11 when that run was created (queued, never started) just before the
 * kill, not at the reopening (10:00:40); one that stored nothing of a fold ends as created.
 * A resumed run keeps its earlier time: started 10:00:00, epochs at 10:00:03 and 10:00:07
 * (checkpoint after epoch 2 at 10:00:07), killed, so ended 10:00:07 (7 s); resumed at 10:05:00
 * (start moved to 10:04:53) and killed before its first new epoch: it ends at the resume,
 * 10:05:00, still 7 s, not at its moved start (0 s). Resumed again at 10:10:00 (start
 * 10:09:53), epoch 3 stored at 10:10:04, killed: it ends at 10:10:04, 11 s.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Database } from '../../src/main/store/database';
import { ProjectStore } from '../../src/main/store/projectStore';
import { DEFAULT_TRAIN_CONFIG, type EpochRecord } from '../../src/shared/domain';
import { irisLikeDataset, irisRows, makeTempDir, rowSource } from './helpers';

const now = (): string => new Date().toISOString();
const at = (time: string): void => void vi.setSystemTime(new Date(`2026-01-02T${time}.000Z`));

const epoch = (n: number): EpochRecord => ({
  epoch: n,
  trainLoss: 1 / n,
  valLoss: 1 / n,
  tasks: { species: { trainLoss: 0.5, valLoss: 0.5, valAccuracy: 0.5, valMacroF1: 0.4 } },
  seconds: 0.25,
});

/**
 * A dataset of `irisRows` in `store` with task 'species' and a two-fold scheme (seed 1): row
 * i is a test row of fold i % 2; of the others, those with i % 4 = 1 validate, the rest train.
 */
async function twoFoldProject(store: ProjectStore) {
  const ds = await store.datasets.create(irisLikeDataset(), rowSource(irisRows));
  const rowIds = irisRows.map((_, i) => i + 1);
  const scheme = await store.splits.createFoldScheme({
    datasetId: ds.id,
    k: 2,
    repeats: 1,
    seed: 1,
    validationFraction: 0.25,
    stratifiedOn: [],
    rowIds,
    folds: [0, 1].map((fold) => ({
      repeat: 0,
      fold,
      assignment: rowIds.map((_, i) =>
        i % 2 === fold ? 'test' : i % 4 === 1 ? 'validation' : 'train',
      ),
    })),
  });
  await speciesTask(store, ds.id);
  return { ds, scheme };
}

/**
 * A dataset of `irisRows` in `store` with task 'species' and one split: row i trains, validates
 * or tests by i % 3.
 */
async function splitProject(store: ProjectStore) {
  const ds = await store.datasets.create(irisLikeDataset(), rowSource(irisRows));
  const split = await store.splits.create({
    datasetId: ds.id,
    seed: 1,
    fractions: { train: 0.5, validation: 0.25, test: 0.25 },
    stratifiedOn: null,
    rowIds: irisRows.map((_, i) => i + 1),
    assignment: irisRows.map((_, i) => (['train', 'validation', 'test'] as const)[i % 3]),
  });
  await speciesTask(store, ds.id);
  return { ds, split };
}

/** Task 'species' (setosa, virginica) of dataset `datasetId`. */
async function speciesTask(store: ProjectStore, datasetId: number): Promise<void> {
  await store.tasks.create({
    datasetId,
    name: 'species',
    targetColumn: 'species',
    classes: ['setosa', 'virginica'],
    kind: 'binary',
    weight: null,
  });
}

afterEach(() => {
  vi.useRealTimers();
});

describe('a run interrupted by its process dying', () => {
  it('ends when it last stored an epoch or checkpoint, not when the project is reopened', async () => {
    const { dir, cleanup } = await makeTempDir();
    const path = join(dir, 'runs.mtlproj');
    try {
      vi.useFakeTimers({ toFake: ['Date'] });
      at('09:59:00');
      let store = await ProjectStore.open(path, { create: true });
      const { ds, split } = await splitProject(store);
      const request = {
        datasetId: ds.id,
        splitId: split.id,
        tasks: ['species'],
        config: DEFAULT_TRAIN_CONFIG,
      };
      const started = '2026-01-02T10:00:00.000Z';
      const ids: Record<'epochs' | 'checkpoint' | 'nothing' | 'oldRecord', number> = {
        epochs: 0,
        checkpoint: 0,
        nothing: 0,
        oldRecord: 0,
      };
      for (const name of Object.keys(ids) as (keyof typeof ids)[]) {
        const run = await store.training.createRun(request);
        await store.training.updateRun(run.id, { status: 'running', startedAt: started });
        ids[name] = run.id;
      }
      at('10:00:03');
      for (const id of [ids.epochs, ids.checkpoint, ids.oldRecord])
        await store.training.addEpoch(id, epoch(1));
      at('10:00:07');
      for (const id of [ids.epochs, ids.checkpoint, ids.oldRecord])
        await store.training.addEpoch(id, epoch(2));
      at('10:00:09');
      for (const id of [ids.checkpoint, ids.oldRecord])
        await store.training.checkpoints.save(id, 2, new Uint8Array([1]));
      await store.close();
      const db = await Database.open(path, { create: false });
      // A process that no longer exists trained them: a pid above any Linux pid_max.
      await db.run("UPDATE runs SET owner_pid = ? WHERE status = 'running'", [2 ** 30]);
      // The last epoch as an earlier version stored it (no storedAt), its checkpoint kept.
      await db.run('UPDATE run_epochs SET record = ? WHERE run_id = ? AND epoch = 2', [
        JSON.stringify(epoch(2)),
        ids.oldRecord,
      ]);
      await db.close();

      at('10:00:27');
      store = await ProjectStore.open(path);
      const finished = async (id: number) => {
        const run = await store.training.getRun(id);
        expect(run.status).toBe('interrupted');
        return run.finishedAt;
      };
      expect(await finished(ids.epochs)).toBe('2026-01-02T10:00:07.000Z');
      expect(await finished(ids.checkpoint)).toBe('2026-01-02T10:00:09.000Z');
      expect(await finished(ids.nothing)).toBe(started);
      expect(await finished(ids.oldRecord)).toBe('2026-01-02T10:00:09.000Z');
      // The time stamp stays out of the records given back.
      expect(await store.training.listEpochs(ids.epochs)).toEqual([epoch(1), epoch(2)]);
      await store.close();
    } finally {
      await cleanup();
    }
  });

  it('ends the cross-validation it stopped at the same time', async () => {
    const { dir, cleanup } = await makeTempDir();
    const path = join(dir, 'cv.mtlproj');
    try {
      vi.useFakeTimers({ toFake: ['Date'] });
      at('09:59:00');
      let store = await ProjectStore.open(path, { create: true });
      const { ds, scheme } = await twoFoldProject(store);
      const evaluation = await store.evaluation.createCrossValidation({
        schemeId: scheme.id,
        tasks: ['species'],
        method: { kind: 'fixed', config: DEFAULT_TRAIN_CONFIG },
      });
      const fold0 = await store.training.createRun({
        datasetId: ds.id,
        splitId: scheme.folds[0].splitId,
        tasks: ['species'],
        config: DEFAULT_TRAIN_CONFIG,
      });
      await store.evaluation.addFoldRun(evaluation.id, 0, 0, fold0.id);
      await store.training.updateRun(fold0.id, {
        status: 'running',
        startedAt: '2026-01-02T10:00:00.000Z',
      });
      at('10:00:07');
      await store.training.addEpoch(fold0.id, epoch(1));
      await store.close();
      const db = await Database.open(path, { create: false });
      await db.run('UPDATE runs SET owner_pid = ? WHERE id = ?', [2 ** 30, fold0.id]);
      await db.close();

      at('10:00:27');
      store = await ProjectStore.open(path);
      expect((await store.training.getRun(fold0.id)).finishedAt).toBe('2026-01-02T10:00:07.000Z');
      expect(await store.evaluation.crossValidation(evaluation.id)).toMatchObject({
        status: 'interrupted',
        finishedAt: '2026-01-02T10:00:07.000Z',
      });
      await store.close();
    } finally {
      await cleanup();
    }
  });

  it('ends a cross-validation killed between folds at its last fold work', async () => {
    const { dir, cleanup } = await makeTempDir();
    const path = join(dir, 'cvfolds.mtlproj');
    try {
      vi.useFakeTimers({ toFake: ['Date'] });
      at('09:59:00');
      let store = await ProjectStore.open(path, { create: true });
      const { ds, scheme } = await twoFoldProject(store);
      const request = (fold: number) => ({
        datasetId: ds.id,
        splitId: scheme.folds[fold].splitId,
        tasks: ['species'],
        config: DEFAULT_TRAIN_CONFIG,
      });
      const newCv = () =>
        store.evaluation.createCrossValidation({
          schemeId: scheme.id,
          tasks: ['species'],
          method: { kind: 'fixed', config: DEFAULT_TRAIN_CONFIG },
        });
      at('09:59:30');
      const [betweenFolds, nextQueued, nothing] = [await newCv(), await newCv(), await newCv()];
      const fold0: Record<number, number> = {};
      for (const cv of [betweenFolds, nextQueued]) {
        at('10:00:00');
        const run = await store.training.createRun(request(0));
        await store.evaluation.addFoldRun(cv.id, 0, 0, run.id);
        await store.training.updateRun(run.id, { status: 'running', startedAt: now() });
        at('10:00:05');
        await store.training.addEpoch(run.id, epoch(1));
        at('10:00:10');
        await store.training.updateRun(run.id, { status: 'completed', finishedAt: now() });
        fold0[cv.id] = run.id;
      }
      at('10:00:11');
      const queued = await store.training.createRun(request(1));
      await store.evaluation.addFoldRun(nextQueued.id, 0, 1, queued.id);
      await store.close();
      const db = await Database.open(path, { create: false });
      // The process that ran them no longer exists: a pid above any Linux pid_max.
      await db.run('UPDATE cv_evaluations SET owner_pid = ?', [2 ** 30]);
      await db.run('UPDATE runs SET owner_pid = ? WHERE id = ?', [2 ** 30, queued.id]);
      await db.close();

      at('10:00:40');
      store = await ProjectStore.open(path);
      const ended = async (id: number) => {
        const cv = await store.evaluation.crossValidation(id);
        expect(cv.status).toBe('interrupted');
        return cv.finishedAt;
      };
      expect(await ended(betweenFolds.id)).toBe('2026-01-02T10:00:10.000Z');
      expect(await ended(nextQueued.id)).toBe('2026-01-02T10:00:11.000Z');
      expect(await ended(nothing.id)).toBe('2026-01-02T09:59:30.000Z');
      // Its completed fold run is left as it was.
      expect((await store.training.getRun(fold0[betweenFolds.id])).finishedAt).toBe(
        '2026-01-02T10:00:10.000Z',
      );
      await store.close();
    } finally {
      await cleanup();
    }
  });

  it('a resumed run killed before its first new epoch keeps the time it trained before', async () => {
    const { dir, cleanup } = await makeTempDir();
    const path = join(dir, 'resumed.mtlproj');
    /** Closes the store, lets the run's process be gone, reopens it at `time`. */
    const killedAndReopenedAt = async (store: ProjectStore, id: number, time: string) => {
      await store.close();
      const db = await Database.open(path, { create: false });
      await db.run('UPDATE runs SET owner_pid = ? WHERE id = ?', [2 ** 30, id]);
      await db.close();
      at(time);
      return ProjectStore.open(path);
    };
    const seconds = (run: { startedAt: string | null; finishedAt: string | null }) =>
      (Date.parse(run.finishedAt!) - Date.parse(run.startedAt!)) / 1000;
    try {
      vi.useFakeTimers({ toFake: ['Date'] });
      at('09:59:00');
      let store = await ProjectStore.open(path, { create: true });
      const { ds, split } = await splitProject(store);
      const { id } = await store.training.createRun({
        datasetId: ds.id,
        splitId: split.id,
        tasks: ['species'],
        config: DEFAULT_TRAIN_CONFIG,
      });
      await store.training.updateRun(id, {
        status: 'running',
        startedAt: '2026-01-02T10:00:00.000Z',
      });
      at('10:00:03');
      await store.training.addEpoch(id, epoch(1));
      at('10:00:07');
      await store.training.addEpoch(id, epoch(2));
      await store.training.checkpoints.save(id, 2, new Uint8Array([1]));
      store = await killedAndReopenedAt(store, id, '10:00:27');
      expect(await store.training.getRun(id)).toMatchObject({
        status: 'interrupted',
        finishedAt: '2026-01-02T10:00:07.000Z',
      });

      at('10:05:00');
      await store.training.checkpoints.reopenRun(id, 2);
      expect((await store.training.getRun(id)).startedAt).toBe('2026-01-02T10:04:53.000Z');
      store = await killedAndReopenedAt(store, id, '10:06:00');
      let run = await store.training.getRun(id);
      expect(run).toMatchObject({ status: 'interrupted', finishedAt: '2026-01-02T10:05:00.000Z' });
      expect(seconds(run)).toBe(7);

      at('10:10:00');
      await store.training.checkpoints.reopenRun(id, 2);
      expect((await store.training.getRun(id)).startedAt).toBe('2026-01-02T10:09:53.000Z');
      at('10:10:04');
      await store.training.addEpoch(id, epoch(3));
      store = await killedAndReopenedAt(store, id, '10:11:00');
      run = await store.training.getRun(id);
      expect(run).toMatchObject({ status: 'interrupted', finishedAt: '2026-01-02T10:10:04.000Z' });
      expect(seconds(run)).toBe(11);
      // The time stamps stay out of the records given back.
      expect(await store.training.listEpochs(id)).toEqual([epoch(1), epoch(2), epoch(3)]);
      await store.close();
    } finally {
      await cleanup();
    }
  });
});
