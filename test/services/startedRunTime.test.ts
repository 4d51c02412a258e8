/**
 * The run a start or a resume announces (TrainHooks.onStarted: the `training.started` event
 * and the answer to training.start/resume) carries the run's stored start. A new user saw
 * "It has trained for 0 s" when cancelling a run 7 s in and '–' as its Time (the announced
 * run had startedAt null), and a resumed run's Time at once at 37 s for 7 s trained (it
 * kept the start from before its downtime; the store moves it later on resume).
 *
 * Expected values: the stored run (store.training.getRun), an independent read of the file;
 * for the resume, by hand: a run stored as started 60 s and finished 52.9 s before the resume
 * trained 7.1 s, so its start moves to 7.1 s before the resume (trainingCheckpoints.reopenRun).
 */
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importCsv } from '../../src/main/data/importCsv';
import { PauseControl } from '../../src/main/engine/pause';
import { defineTasks } from '../../src/main/services/tasks';
import { RUN_INTERRUPTED, trainRun, type TrainHooks } from '../../src/main/services/training';
import { resumeRun } from '../../src/main/services/trainingResume';
import { ProjectStore } from '../../src/main/store/projectStore';
import type { RunInfo } from '../../src/shared/domain';
import { makeTempDir } from '../store/helpers';

const PENGUINS = fileURLToPath(new URL('../fixtures/penguins.csv', import.meta.url));

let dir: string;
let cleanup: () => Promise<void>;
beforeAll(async () => {
  ({ dir, cleanup } = await makeTempDir());
});
afterAll(() => cleanup());

/**
 * Trains (trainRun or resumeRun) in this process until the run is announced and recorded
 * epoch `stopAt`, then stops it as a studio shutdown does. @returns the announced run.
 */
async function announcedThenStopped(
  train: (hooks: TrainHooks) => Promise<RunInfo>,
  stopAt: number,
): Promise<RunInfo> {
  const controller = new AbortController();
  const pause = new PauseControl();
  let announced: RunInfo | null = null;
  let reached!: () => void;
  const paused = new Promise<void>((resolve) => (reached = resolve));
  const done = train({
    mode: 'in-process',
    signal: controller.signal,
    pause,
    checkpoints: { everyEpochs: 1, minSeconds: 0 },
    onStarted: (run) => (announced = run),
    onEpoch: (_runId, record) => {
      if (record.epoch !== stopAt) return;
      pause.pause();
      reached();
    },
  });
  await Promise.race([paused, done]);
  controller.abort(RUN_INTERRUPTED);
  await expect(done).rejects.toMatchObject({ code: 'TRAINING_INTERRUPTED' });
  expect(announced).not.toBeNull();
  return announced!;
}

describe('the run announced as started carries its stored start', () => {
  it('a new run, and a resumed run with its start moved later by its downtime', async () => {
    const store = await ProjectStore.open(join(dir, 'p.mtlproj'), { create: true });
    try {
      const { id } = await importCsv(store, PENGUINS, { name: 'penguins' });
      await defineTasks(store, id, [{ column: 'species' }]);
      const config = { epochs: 30, patience: 0, batchSize: 16, hiddenUnits: [8], seed: 3 };
      const started = await announcedThenStopped(
        (hooks) => trainRun(store, { datasetId: id, config }, hooks),
        2,
      );
      const stored = await store.training.getRun(started.id);
      expect(started.startedAt).not.toBeNull();
      expect(started.startedAt).toBe(stored.startedAt);

      // Trained 7.1 s, then down 52.9 s.
      const now = Date.now();
      await store.training.updateRun(started.id, {
        startedAt: new Date(now - 60_000).toISOString(),
        finishedAt: new Date(now - 52_900).toISOString(),
      });
      const before = Date.now();
      const resumed = await announcedThenStopped((hooks) => resumeRun(store, started.id, hooks), 4);
      const after = Date.now();
      expect(resumed).toMatchObject({ status: 'running', finishedAt: null });
      const start = Date.parse(resumed.startedAt!);
      // 7.1 s before the resume (ms rounding of the stored times: ±2 ms).
      expect(start).toBeGreaterThanOrEqual(before - 7_100 - 2);
      expect(start).toBeLessThanOrEqual(after - 7_100 + 2);
    } finally {
      await store.close();
    }
  });
});
