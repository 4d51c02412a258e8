/**
 * A dataset too small to leave a test row is refused before a run is stored, instead of a
 * "completed" run without scores.
 */
import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importCsv } from '../../src/main/data/importCsv';
import { defineTasks } from '../../src/main/services/tasks';
import { ensureSplit, prepareJob, trainRun } from '../../src/main/services/training';
import { DEFAULT_TRAIN_CONFIG } from '../../src/shared/domain';
import { ProjectStore } from '../../src/main/store/projectStore';
import { makeTempDir } from '../store/helpers';

let store: ProjectStore;
let cleanup: () => Promise<void>;
let datasetId: number;

beforeAll(async () => {
  const tmp = await makeTempDir();
  cleanup = tmp.cleanup;
  const csv = `${tmp.dir}/three.csv`;
  writeFileSync(csv, 'x,z,w\n1,a,p\n2,b,\n3,a,q\n');
  store = await ProjectStore.open(`${tmp.dir}/tiny.mtlproj`, { create: true });
  datasetId = (await importCsv(store, csv, { name: 'three' })).id;
  await defineTasks(store, datasetId, [{ column: 'z' }, { column: 'w' }]);
});
afterAll(async () => {
  await store.close();
  await cleanup();
});

describe('a split without test rows', () => {
  it('refuses to train, naming the task and the row count, and stores no run', async () => {
    // 3 rows × the default 15 % test fraction rounds to no test row.
    await expect(
      trainRun(store, { datasetId, config: { epochs: 2 } }, { mode: 'in-process' }),
    ).rejects.toMatchObject({
      code: 'SPLIT_INVALID',
      // Neither task has a test row: leaving tasks out cannot help, so the message says so.
      message:
        'No task has a labelled row in the test split (3 rows in all), so the run could not be scored: too few labelled rows for a test split; cross-validate instead, or label more rows.',
    });
    expect(await store.training.listRuns(datasetId)).toHaveLength(0);
  });

  it('lists every task it could not score in the error details, in task order', async () => {
    const split = await ensureSplit(store, datasetId);
    // By hand: the 3 rows of three.csv are all in the split (none in its test part); z is
    // labelled in all 3, w in rows 1 and 3 (row 2 left empty).
    await expect(
      prepareJob(store, datasetId, undefined, split.id, DEFAULT_TRAIN_CONFIG),
    ).rejects.toMatchObject({
      code: 'SPLIT_INVALID',
      details: {
        task: 'z',
        labelled: 3,
        rows: 3,
        unlabelled: [
          { task: 'z', labelled: 3, rows: 3 },
          { task: 'w', labelled: 2, rows: 3 },
        ],
        everyTask: true,
      },
    });
  });
});
