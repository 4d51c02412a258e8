/**
 * Deleting a dataset while another process trains on it (found by a new user: the studio
 * deleted the dataset `mtl-studio train` was training, and the CLI ended with "Run 11 not
 * found"). The refusal now comes from the store, for a run of any live process; a run whose
 * process is gone is marked interrupted first and no longer blocks.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importCsv } from '../../src/main/data/importCsv';
import { StudioSession } from '../../src/main/services/session';
import { ensureSplit } from '../../src/main/services/training';
import { defineTasks } from '../../src/main/services/tasks';
import { Database } from '../../src/main/store/database';
import { DEFAULT_TRAIN_CONFIG } from '../../src/shared/domain';
import { PENGUINS } from './helpers';

let dir: string;
/** The stand-in for the CLI process that trains: a node that idles until killed. */
let owner: ChildProcess;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mtl-delete-elsewhere-'));
  owner = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
  await new Promise((resolve) => owner.once('spawn', resolve));
});
afterAll(async () => {
  if (owner.exitCode === null && owner.signalCode === null) owner.kill('SIGKILL');
  await rm(dir, { recursive: true, force: true });
});

describe('deleting a dataset another process trains on', () => {
  it('is refused while that process lives, and done once it is gone', async () => {
    const session = new StudioSession({
      stateDir: join(dir, 'state'),
      trainingMode: 'in-process',
      externalChangePollMs: null,
    });
    const file = join(dir, 'shared.mtlproj');
    await session.createProject(file);
    const store = session.requireStore();
    const datasetId = (await importCsv(store, PENGUINS, { name: 'penguins' })).id;
    await defineTasks(store, datasetId, [{ column: 'species' }]);
    const split = await ensureSplit(store, datasetId);
    const run = await store.training.createRun({
      datasetId,
      splitId: split.id,
      tasks: ['species'],
      config: DEFAULT_TRAIN_CONFIG,
    });
    await store.training.updateRun(run.id, { status: 'running' });
    // createRun recorded this test's pid; the run belongs to the child process instead.
    const db = await Database.open(file, { create: false });
    await db.run('UPDATE runs SET owner_pid = ? WHERE id = ?', [owner.pid!, run.id]);
    await db.close();

    await expect(session.deleteDataset(datasetId)).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: `Run ${run.id} is training on this dataset; cancel it before deleting the dataset.`,
      details: { reason: 'DATASET_IN_TRAINING', params: { id: run.id } },
    });
    expect((await store.datasets.list()).map((d) => d.id)).toEqual([datasetId]);

    // The owner killed: its run is interrupted on the way, and the dataset goes.
    owner.kill('SIGKILL');
    await new Promise((resolve) => owner.once('exit', resolve));
    await session.deleteDataset(datasetId);
    expect(await store.datasets.list()).toEqual([]);
    await session.dispose();
  }, 60_000);
});
