/**
 * Three defects found by a new user, each checked through the built CLI:
 * 1. In a project of 2 datasets, `train -d 2` on a dataset without a task suggested
 *    `mtl-studio tasks -p p.mtlproj --add …`, which is refused there ("choose one with
 *    --dataset"): every suggested dataset-scoped command now carries `-d N` (program.ts
 *    scopeWords).
 * 2. `evaluate` printed nothing, exit 0, with nothing to show: a cancelled run (`--run`), a
 *    dataset without a run.
 * 3. `affinity --tasks a,b` said `No task "a,b"`: it now splits at commas as `tasks --add`.
 * Expected texts written by hand from the fixture (penguins.csv: species, island, …, sex,
 * year) and the order things are made below (dataset 1 "penguins", dataset 2 "pen2", run 1).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importCsv } from '../../src/main/data/importCsv';
import { defineTasks } from '../../src/main/services/tasks';
import { ensureSplit } from '../../src/main/services/training';
import { ProjectStore } from '../../src/main/store/projectStore';
import { DEFAULT_TRAIN_CONFIG } from '../../src/shared/domain';
import { makeTempDir } from '../store/helpers';
import { cli, fixture } from './run';

let cleanup: () => Promise<void>;
let project: string;
let cancelled: number;

beforeAll(async () => {
  let dir: string;
  ({ dir, cleanup } = await makeTempDir());
  project = `${dir}/p.mtlproj`;
  const store = await ProjectStore.open(project, { create: true });
  try {
    // Dataset 1 with tasks species, island and sex; one cancelled run without a checkpoint.
    const first = (await importCsv(store, fixture('penguins.csv'), { name: 'penguins' })).id;
    await defineTasks(store, first, [
      { column: 'species' },
      { column: 'island' },
      { column: 'sex' },
    ]);
    const splitId = (await ensureSplit(store, first)).id;
    const run = await store.training.createRun({
      datasetId: first,
      splitId,
      tasks: ['species'],
      config: { ...DEFAULT_TRAIN_CONFIG, epochs: 2 },
    });
    await store.training.updateRun(run.id, { status: 'cancelled' });
    cancelled = run.id;
  } finally {
    await store.close();
  }
  // Dataset 2 through the CLI, species marked as a target (no task).
  const imported = await cli(
    'import',
    fixture('penguins.csv'),
    '-p',
    project,
    '--name',
    'pen2',
    '--role',
    'species=target',
  );
  expect(imported.code).toBe(0);
});
afterAll(() => cleanup());

describe('hints name -d in a project of several datasets', () => {
  it('train -d 2 without a task suggests tasks -p … -d 2', async () => {
    const train = await cli('train', '-p', project, '-d', '2');
    expect(train.code).toBe(1);
    // species is the one column marked as a target in dataset 2 "pen2".
    expect(train.stderr).toBe(
      `error: Dataset "pen2" has no task yet; define at least one: species is marked as a target, and a role defines no task: add its task (mtl-studio tasks -p ${project} -d 2 --add species, or the Tasks view).\n`,
    );
    // The command suggested runs as shown.
    const tasks = await cli('tasks', '-p', project, '-d', '2', '--add', 'species');
    expect(tasks.code).toBe(0);
    const removed = await cli('tasks', '-p', project, '-d', '2', '--remove', 'species');
    expect(removed.code).toBe(0);
  }, 60_000);
});

describe('evaluate says why it has nothing to show', () => {
  it('a cancelled run: refused as an unknown run is, with how it goes on', async () => {
    const out = await cli('evaluate', '-p', project, '--run', String(cancelled));
    expect(out.code).toBe(1);
    // No checkpoint was saved: restarted from its first epoch (trainingStop.ts wording).
    expect(out.stderr).toBe(
      `error: Run ${cancelled} is cancelled, not completed: nothing to evaluate. Train it again from its first epoch with: mtl-studio restart ${cancelled} -p ${project}\n`,
    );
    expect(out.stdout).toBe('');
  }, 30_000);

  it('a dataset without a completed run: said on stdout, exit 0, and as --json note', async () => {
    const out = await cli('evaluate', '-p', project, '-d', '2');
    expect(out.code).toBe(0);
    expect(out.stdout).toBe(
      `No completed run on dataset "pen2" yet: train one with mtl-studio train -p ${project} -d 2\n`,
    );
    // Dataset 1 has only the cancelled run: nothing completed there either.
    const json = await cli('--json', 'evaluate', '-p', project, '-d', '1');
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual({
      crossValidations: [],
      runs: [],
      note: `No completed run on dataset "penguins" yet: train one with mtl-studio train -p ${project} -d 1`,
    });
  }, 30_000);
});

describe('affinity --tasks splits at commas', () => {
  it('as tasks --add does: a,b is the tasks a and b', async () => {
    // --stored reads only: nothing is stored, so the refusal names the tasks as read.
    const out = await cli(
      'affinity',
      '-p',
      project,
      '-d',
      '1',
      '--tasks',
      'species,island,sex',
      '--stored',
    );
    expect(out.code).toBe(1);
    expect(out.stderr).toBe(
      `error: No task affinity stored for dataset 1 over species, island, sex; measure it with: mtl-studio affinity -p ${project} -d 1 --tasks species island sex\n`,
    );
  }, 30_000);
});
