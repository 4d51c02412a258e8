/**
 * `train --resume RUN --json` and `restart RUN --json` list the warnings a fresh `train --json`
 * lists (found by a new user: the resumed run's document dropped the leakage warning "37 of
 * 8089 test rows …" that the fresh run had). Data made for it: 5 distinct input rows, each
 * repeated 20 times (100 rows), so every test row has an identical input row among the
 * training rows as long as the test split has fewer than 20 rows (by hand: 15 % of 100).
 * Expected: a warning "N of N test rows have an identical input row …" in each document,
 * the same as the fresh run's.
 */
import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importCsv } from '../../src/main/data/importCsv';
import { PauseControl } from '../../src/main/engine/pause';
import { defineTasks } from '../../src/main/services/tasks';
import { ensureSplit, trainRun } from '../../src/main/services/training';
import { ProjectStore } from '../../src/main/store/projectStore';
import { DEFAULT_TRAIN_CONFIG, type TrainConfig } from '../../src/shared/domain';
import { makeTempDir } from '../store/helpers';
import { cli } from './run';

const TASKS = ['y', 'z'];
const CONFIG: TrainConfig = {
  ...DEFAULT_TRAIN_CONFIG,
  epochs: 6,
  patience: 0,
  patienceSteps: 0,
  hiddenUnits: [4],
  seed: 1,
};

let dir: string;
let cleanup: () => Promise<void>;
let project: string;
let toResume = 0;
let toRestart = 0;

beforeAll(async () => {
  ({ dir, cleanup } = await makeTempDir());
  const csv = `${dir}/repeated.csv`;
  const lines = ['a,b,y,z'];
  for (let copy = 0; copy < 20; copy++)
    for (let x = 0; x < 5; x++) lines.push(`${x},${x * 2},${x % 2 ? 'odd' : 'even'},z${x % 3}`);
  writeFileSync(csv, `${lines.join('\n')}\n`);
  project = `${dir}/p.mtlproj`;
  const store = await ProjectStore.open(project, { create: true });
  try {
    const datasetId = (await importCsv(store, csv, { name: 'repeated' })).id;
    await defineTasks(
      store,
      datasetId,
      TASKS.map((column) => ({ column })),
    );
    const splitId = (await ensureSplit(store, datasetId)).id;
    const controller = new AbortController();
    await expect(
      trainRun(
        store,
        { datasetId, tasks: TASKS, config: CONFIG, splitId },
        {
          mode: 'in-process',
          signal: controller.signal,
          pause: new PauseControl(),
          checkpoints: { everyEpochs: 1, minSeconds: 0 },
          onStarted: (run) => (toResume = run.id),
          onEpoch: (_id, record) => {
            if (record.epoch >= 2) controller.abort();
          },
        },
      ),
    ).rejects.toMatchObject({ code: 'TRAINING_CANCELLED' });
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

/** The leakage warning of a --json document's warnings. */
const leakage = (warnings: string[] | undefined) =>
  (warnings ?? []).filter((w) => w.includes('an identical input row among the training rows'));

describe('warnings of a resumed or restarted run', () => {
  it('are listed as a fresh run lists them', async () => {
    const fresh = await cli(
      ...['train', '-p', project, '--json', '--evaluation', 'split', '--epochs', '2'],
      ...['--hidden', '4', '--in-process'],
    );
    expect(fresh.code, fresh.stderr).toBe(0);
    const freshWarnings = (JSON.parse(fresh.stdout) as { warnings?: string[] }).warnings;
    expect(leakage(freshWarnings)).toHaveLength(1);
    const [said] = leakage(freshWarnings);
    const counts = /^(\d+) of (\d+) test rows have/.exec(said);
    expect(counts).not.toBeNull();
    expect(counts![1]).toBe(counts![2]);

    const resumed = await cli(
      'train',
      '-p',
      project,
      '--resume',
      String(toResume),
      '--json',
      '--in-process',
    );
    expect(resumed.code, resumed.stderr).toBe(0);
    const resumedDoc = JSON.parse(resumed.stdout) as { run: { id: number }; warnings?: string[] };
    expect(resumedDoc.run.id).toBe(toResume);
    expect(resumedDoc.warnings).toEqual(freshWarnings);
    expect(resumed.stderr).toContain(`warning: ${said}`);

    const restarted = await cli(
      'restart',
      String(toRestart),
      '-p',
      project,
      '--json',
      '--in-process',
    );
    expect(restarted.code, restarted.stderr).toBe(0);
    expect((JSON.parse(restarted.stdout) as { warnings?: string[] }).warnings).toEqual(
      freshWarnings,
    );
  }, 120_000);
});
