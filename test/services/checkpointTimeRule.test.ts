/**
 * The checkpoint time rule (engine/checkpoint.ts CHECKPOINT_TIME_RULE_SECONDS, 30 s): a run
 * checkpointed every N epochs also checkpoints once 30 s have passed since the last one, so
 * a run of slow epochs loses at most about 30 s (plus the epoch under way) when killed. Found
 * by a new user: a 60 000-row table stopped after ~10 s of training had no checkpoint to
 * resume from. The policy is tested as a pure function fed fake times; the resume with the
 * training clock (`performance.now`) faked: every epoch recorded adds 10 s, so with a policy
 * of every 1 000 epochs (the epoch rule never fires in 30) the only checkpoints are the time
 * rule's, the first after epoch 3 or 4 (30 s needs three 10 s epochs; the fourth when the
 * epoch's event reaches this test after the trainer's check).
 */
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { importCsv } from '../../src/main/data/importCsv';
import { CHECKPOINT_TIME_RULE_SECONDS, checkpointDue } from '../../src/main/engine/checkpoint';
import { PauseControl } from '../../src/main/engine/pause';
import { defineTasks } from '../../src/main/services/tasks';
import { RUN_INTERRUPTED, trainRun } from '../../src/main/services/training';
import { resumeRun } from '../../src/main/services/trainingResume';
import { ProjectStore } from '../../src/main/store/projectStore';
import type { CheckpointPolicy, TrainConfig } from '../../src/shared/domain';
import { makeTempDir } from '../store/helpers';

const PENGUINS = fileURLToPath(new URL('../fixtures/penguins.csv', import.meta.url));

let dir: string;
let cleanup: () => Promise<void>;
beforeAll(async () => {
  ({ dir, cleanup } = await makeTempDir());
});
afterAll(() => cleanup());
afterEach(() => vi.restoreAllMocks());

describe('the checkpoint time rule', () => {
  it('makes a checkpoint due 30 s after the last one, whatever the epochs', () => {
    expect(CHECKPOINT_TIME_RULE_SECONDS).toBe(30);
    const every50: CheckpointPolicy = { everyEpochs: 50, minSeconds: 10 };
    // By hand: 7 of every 50 epochs since the last (at 3): the epoch rule does not hold; the
    // time rule holds from 30 s on.
    expect(checkpointDue(every50, 10, 3, 29.9)).toBe(false);
    expect(checkpointDue(every50, 10, 3, 30)).toBe(true);
    // 50 epochs and 10 s: the policy's own rules.
    expect(checkpointDue(every50, 53, 3, 10)).toBe(true);
    expect(checkpointDue(every50, 53, 3, 9)).toBe(false);
    // Never sooner than the policy's minSeconds: 60 s apart, every epoch.
    expect(checkpointDue({ everyEpochs: 1, minSeconds: 60 }, 9, 8, 45)).toBe(false);
    expect(checkpointDue({ everyEpochs: 1, minSeconds: 60 }, 9, 8, 60)).toBe(true);
    // No epoch ended since the last checkpoint: nothing new to save.
    expect(checkpointDue(every50, 3, 3, 100)).toBe(false);
  });

  it('leaves a checkpoint a run killed later resumes from, to the same end', async () => {
    const project = join(dir, 'time.mtlproj');
    const config: Partial<TrainConfig> = {
      epochs: 30,
      patience: 0,
      batchSize: 16,
      hiddenUnits: [16],
      seed: 5,
    };
    const policy: CheckpointPolicy = { everyEpochs: 1000, minSeconds: 0 };
    const store = await ProjectStore.open(project, { create: true });
    try {
      const { id } = await importCsv(store, PENGUINS, { name: 'penguins' });
      await defineTasks(store, id, [{ column: 'species' }, { column: 'sex' }]);
      // The training clock: real time plus 10 s per epoch recorded.
      const realNow = performance.now.bind(performance);
      let epochsSeen = 0;
      vi.spyOn(performance, 'now').mockImplementation(() => realNow() + epochsSeen * 10_000);
      const controller = new AbortController();
      const pause = new PauseControl();
      let reached!: () => void;
      const paused = new Promise<void>((resolve) => (reached = resolve));
      const done = trainRun(
        store,
        { datasetId: id, config },
        {
          mode: 'in-process',
          signal: controller.signal,
          pause,
          checkpoints: policy,
          onEpoch: (_runId, record) => {
            epochsSeen = record.epoch;
            if (record.epoch !== 5) return;
            pause.pause();
            reached();
          },
        },
      );
      await Promise.race([paused, done]);
      // Stopped as a studio shutdown stops it: stored interrupted.
      controller.abort(RUN_INTERRUPTED);
      await expect(done).rejects.toMatchObject({ code: 'TRAINING_INTERRUPTED' });
      vi.restoreAllMocks();
      const stopped = await store.training.getRun(1);
      expect(stopped.status).toBe('interrupted');
      // Without the time rule every 1 000 epochs would have saved none.
      expect([3, 4]).toContain(stopped.checkpointEpoch);
      const resumed = await resumeRun(store, 1, { mode: 'in-process' });
      expect(resumed.status).toBe('completed');
      expect((await store.training.listEpochs(1)).map((e) => e.epoch)).toEqual(
        Array.from({ length: 30 }, (_, i) => i + 1),
      );
    } finally {
      await store.close();
    }
  }, 120_000);
});
