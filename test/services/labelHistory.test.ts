/**
 * The Label view's "Recent edits" (labels.history) names labels as the labelling grid does: a
 * new user saw a boolean task's edit as `1 → 0` where the grid's buttons said yes / no. The
 * CSV here is written by the test: its `smoker` column holds yes / no, which the import
 * stores as the cells 1 / 0 and the task's classes name "no", "yes" (the expected names are
 * those classes, read back from the task the project defined, not from the code under test).
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importCsv } from '../../src/main/data/importCsv';
import { setLabels, undoLabels } from '../../src/main/services/labelEdits';
import { labelHistory } from '../../src/main/services/labels';
import { defineTasks } from '../../src/main/services/tasks';
import { ProjectStore } from '../../src/main/store/projectStore';
import { makeTempDir } from '../store/helpers';

let store: ProjectStore;
let datasetId: number;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  const tmp = await makeTempDir();
  const csv = join(tmp.dir, 'smokers.csv');
  const rows = ['age,smoker,region'];
  for (let i = 0; i < 20; i++)
    rows.push(`${30 + i},${i % 2 ? 'yes' : 'no'},${i % 3 ? 'north' : 'south'}`);
  await writeFile(csv, rows.join('\n') + '\n');
  store = await ProjectStore.open(join(tmp.dir, 'history.mtlproj'), { create: true });
  datasetId = (await importCsv(store, csv, { name: 'smokers' })).id;
  await defineTasks(store, datasetId, [{ column: 'smoker' }, { column: 'region' }]);
  cleanup = async () => {
    await store.close();
    await tmp.cleanup();
  };
}, 60_000);
afterAll(() => cleanup());

describe('label history', () => {
  it('names a boolean task’s labels by its classes, not its cells 1 / 0', async () => {
    const smoker = (await store.tasks.list(datasetId)).find((t) => t.name === 'smoker')!;
    const column = (await store.datasets.get(datasetId)).columns.find((c) => c.name === 'smoker')!;
    expect(column.type).toBe('boolean');
    expect(smoker.classes).toEqual(['no', 'yes']);
    // Row 2 is the file's second data line: "yes" (i = 1).
    await setLabels(store, datasetId, [{ rowId: 2, task: 'smoker', label: 'no' }], 'user');
    await setLabels(store, datasetId, [{ rowId: 3, task: 'region', label: 'south' }], 'user');
    await undoLabels(store, datasetId);

    const history = await labelHistory(store, datasetId, { limit: 8 });
    const stored = await store.labels.history(datasetId, { limit: 8 });
    // The stored cells stay 1 / 0; only the names are added.
    expect(history.map(({ oldLabel: _o, newLabel: _n, ...e }) => e)).toEqual(stored);
    expect(history.map((e) => [e.action, e.task, e.oldLabel, e.newLabel])).toEqual([
      ['undo', 'region', 'south', 'north'],
      ['edit', 'region', 'north', 'south'],
      ['edit', 'smoker', 'yes', 'no'],
    ]);
    expect(stored.at(-1)).toMatchObject({ oldValue: 1, newValue: 0 });
    // One item's history as well.
    expect((await labelHistory(store, datasetId, { rowId: 2 })).map((e) => e.newLabel)).toEqual([
      'no',
    ]);
  });
});
