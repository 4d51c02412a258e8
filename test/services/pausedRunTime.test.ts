/**
 * A paused run's time leaves its pauses out (found by a new user: "trained for 109 s" after
 * 2 s of training and a long pause; the CLI's `runs` and the report read the same stored
 * times). The run pauses after an epoch; while it is paused the clock is moved 600 s on
 * (fake Date: no timed test), then it resumes, or is cancelled while still paused.
 *
 * Expected values, by hand: the 600 s jump is the pause, so the stored start moves at least
 * 600 s later than the announced one, and the stored finished − started is the training
 * alone (a 4-epoch run on penguins: well under 600 s; without the fix it is ≥ 600 s). A run
 * cancelled while paused ends when it paused: before the jump.
 */
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { importCsv } from '../../src/main/data/importCsv';
import { PauseControl } from '../../src/main/engine/pause';
import { defineTasks } from '../../src/main/services/tasks';
import { trainRun } from '../../src/main/services/training';
import { ProjectStore } from '../../src/main/store/projectStore';
import type { RunInfo } from '../../src/shared/domain';
import { trainedSeconds } from '../../src/shared/trainedTime';
import { makeTempDir } from '../store/helpers';

const PENGUINS = fileURLToPath(new URL('../fixtures/penguins.csv', import.meta.url));
const JUMP_MS = 600_000;

let dir: string;
let cleanup: () => Promise<void>;
beforeAll(async () => {
  ({ dir, cleanup } = await makeTempDir());
});
afterAll(() => cleanup());
afterEach(() => {
  vi.useRealTimers();
});

/**
 * Trains 4 epochs in this process, pausing after epoch 2 and moving the clock on by
 * JUMP_MS while paused, then `after` (resume, or cancel while paused).
 * @returns the run as announced at its start, its stored form, and the time it paused (ms).
 */
async function pausedRun(
  store: ProjectStore,
  datasetId: number,
  after: 'resume' | 'cancel',
): Promise<{ announced: RunInfo; stored: RunInfo; pausedAt: number }> {
  vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true });
  const controller = new AbortController();
  const pause = new PauseControl();
  let announced: RunInfo | null = null;
  let pausedAt = 0;
  const config = { epochs: 4, patience: 0, batchSize: 16, hiddenUnits: [8], seed: 3 };
  const done = trainRun(
    store,
    { datasetId, config },
    {
      mode: 'in-process',
      signal: controller.signal,
      pause,
      onStarted: (run) => (announced = run),
      onEpoch: (_runId, record) => {
        if (record.epoch !== 2) return;
        pause.pause();
        pausedAt = Date.now();
        vi.setSystemTime(pausedAt + JUMP_MS);
        if (after === 'resume') pause.resume();
        else controller.abort();
      },
    },
  );
  if (after === 'resume') await done;
  else await expect(done).rejects.toMatchObject({ code: 'TRAINING_CANCELLED' });
  expect(announced).not.toBeNull();
  return { announced: announced!, stored: await store.training.getRun(announced!.id), pausedAt };
}

describe('a paused run’s stored time', () => {
  it('leaves out a pause it resumed from, and one it was cancelled in', async () => {
    const store = await ProjectStore.open(join(dir, 'p.mtlproj'), { create: true });
    try {
      const { id } = await importCsv(store, PENGUINS, { name: 'penguins' });
      await defineTasks(store, id, [{ column: 'species' }]);

      const resumed = await pausedRun(store, id, 'resume');
      expect(resumed.stored.status).toBe('completed');
      const moved =
        Date.parse(resumed.stored.startedAt!) - Date.parse(resumed.announced.startedAt!);
      expect(moved).toBeGreaterThanOrEqual(JUMP_MS);
      const trained = trainedSeconds(resumed.stored, Date.now())!;
      expect(trained).toBeGreaterThan(0);
      expect(trained).toBeLessThan(JUMP_MS / 1000);

      const cancelled = await pausedRun(store, id, 'cancel');
      expect(cancelled.stored.status).toBe('cancelled');
      // Its start is the announced one; its end is when it paused (±2 ms of ISO rounding).
      expect(cancelled.stored.startedAt).toBe(cancelled.announced.startedAt);
      expect(Math.abs(Date.parse(cancelled.stored.finishedAt!) - cancelled.pausedAt)).toBeLessThan(
        2,
      );
      expect(trainedSeconds(cancelled.stored, Date.now())!).toBeLessThan(JUMP_MS / 1000);
    } finally {
      await store.close();
    }
  });
});
