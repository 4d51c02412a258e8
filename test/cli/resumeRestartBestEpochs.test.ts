/**
 * `train --resume RUN` and `restart RUN` end with the summary `train` prints (found by a new
 * user: their line said one "best epoch" where the tasks, trained by single-task networks that
 * stopped early apart, kept different epochs; `train` said "best epochs: species 9, island
 * 14"). Two tasks of penguins, single-task networks, early stopping: each task keeps its own
 * epoch.
 *
 * Expected values: read independently from the stored epoch records: a task whose network
 * stopped early keeps the epoch its `stoppedTasks` entry names, one that ran to the end
 * the run's `bestEpoch`; the test asserts they differ (else it would prove nothing).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importCsv } from '../../src/main/data/importCsv';
import { PauseControl } from '../../src/main/engine/pause';
import { defineTasks } from '../../src/main/services/tasks';
import { ensureSplit, trainRun } from '../../src/main/services/training';
import { ProjectStore } from '../../src/main/store/projectStore';
import { DEFAULT_TRAIN_CONFIG, type TrainConfig } from '../../src/shared/domain';
import { makeTempDir } from '../store/helpers';
import { cli, fixture } from './run';

const TASKS = ['species', 'island'];
const CONFIG: TrainConfig = {
  ...DEFAULT_TRAIN_CONFIG,
  arch: 'single-task',
  epochs: 60,
  patience: 3,
  patienceSteps: 0,
  hiddenUnits: [8],
  seed: 1,
};

let dir: string;
let cleanup: () => Promise<void>;
let project: string;
/** A run cancelled at epoch 3 with a checkpoint (resumed), and one cancelled unstarted. */
let toResume: number;
let toRestart: number;

beforeAll(async () => {
  ({ dir, cleanup } = await makeTempDir());
  project = `${dir}/best.mtlproj`;
  const store = await ProjectStore.open(project, { create: true });
  try {
    const datasetId = (await importCsv(store, fixture('penguins.csv'), { name: 'penguins' })).id;
    await defineTasks(
      store,
      datasetId,
      TASKS.map((column) => ({ column })),
    );
    const splitId = (await ensureSplit(store, datasetId)).id;
    const controller = new AbortController();
    let runId = 0;
    await expect(
      trainRun(
        store,
        { datasetId, tasks: TASKS, config: CONFIG, splitId },
        {
          mode: 'in-process',
          signal: controller.signal,
          pause: new PauseControl(),
          checkpoints: { everyEpochs: 1, minSeconds: 0 },
          onStarted: (run) => (runId = run.id),
          onEpoch: (_id, record) => {
            if (record.epoch >= 3) controller.abort();
          },
        },
      ),
    ).rejects.toMatchObject({ code: 'TRAINING_CANCELLED' });
    toResume = runId;
    const stopped = await store.training.createRun({
      datasetId,
      splitId,
      tasks: TASKS,
      config: CONFIG,
    });
    await store.training.updateRun(stopped.id, { status: 'cancelled' });
    toRestart = stopped.id;
  } finally {
    await store.close();
  }
}, 120_000);
afterAll(() => cleanup());

/** Each task's kept epoch, read from the run's stored epoch records. */
async function keptFromRecords(runId: number): Promise<Record<string, number>> {
  const store = await ProjectStore.open(project);
  try {
    const run = await store.training.getRun(runId);
    const epochs = await store.training.listEpochs(runId);
    const kept: Record<string, number> = {};
    for (const task of TASKS) {
      const stopped = epochs.find((e) => e.stoppedTasks?.[task])?.stoppedTasks?.[task];
      kept[task] = stopped ? stopped.bestEpoch : run.bestEpoch!;
    }
    return kept;
  } finally {
    await store.close();
  }
}

describe('the summaries of train --resume and restart', () => {
  it('say each task’s kept epoch when they differ, as train does', async () => {
    const resumed = await cli('train', '-p', project, '--resume', String(toResume), '--in-process');
    expect(resumed.code, resumed.stderr).toBe(0);
    const keptResumed = await keptFromRecords(toResume);
    expect(new Set(Object.values(keptResumed)).size).toBe(2);
    expect(resumed.stdout).toContain(
      `best epochs: species ${keptResumed.species}, island ${keptResumed.island}.`,
    );
    expect(resumed.stdout).not.toMatch(/best epoch \d/);

    const restarted = await cli(
      'restart',
      String(toRestart),
      '-p',
      project,
      '--in-process',
      '--json',
    );
    expect(restarted.code, restarted.stderr).toBe(0);
    const { run } = JSON.parse(restarted.stdout) as {
      run: { id: number; bestEpochPerTask?: Record<string, number> };
    };
    const keptRestarted = await keptFromRecords(run.id);
    expect(new Set(Object.values(keptRestarted)).size).toBe(2);
    expect(run.bestEpochPerTask).toEqual(keptRestarted);
  }, 240_000);
});
