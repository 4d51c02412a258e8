/**
 * A dataset too small to leave a test row is refused before a run is stored, instead of a
 * "completed" run without scores.
 */
import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importCsv } from '../../src/main/data/importCsv';
import { defineTasks } from '../../src/main/services/tasks';
import { trainRun } from '../../src/main/services/training';
import { ProjectStore } from '../../src/main/store/projectStore';
import { makeTempDir } from '../store/helpers';

let store: ProjectStore;
let cleanup: () => Promise<void>;
let datasetId: number;

beforeAll(async () => {
  const tmp = await makeTempDir();
  cleanup = tmp.cleanup;
  const csv = `${tmp.dir}/three.csv`;
  writeFileSync(csv, 'x,z\n1,a\n2,b\n3,a\n');
  store = await ProjectStore.open(`${tmp.dir}/tiny.mtlproj`, { create: true });
  datasetId = (await importCsv(store, csv, { name: 'three' })).id;
  await defineTasks(store, datasetId, [{ column: 'z' }]);
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
      message: expect.stringMatching(/Task "z" has no labelled row in the test split \(3 rows/),
    });
    expect(await store.training.listRuns(datasetId)).toHaveLength(0);
  });
});
