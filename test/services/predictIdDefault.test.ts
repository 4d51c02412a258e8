/**
 * The studio's Predict on a table whose names column the import ignored. Found by a new user
 * (a zoo table, one animal per row): Save as CSV wrote `row,type,…` only, so the predictions
 * could not be matched to the animals. Now the column the dataset imported as an identifier
 * (ignored, one value per row: shared/predictIdColumn.ts) is the default id column, answered
 * as the preview's `idColumn` and written after `row`; null asks for none.
 * Expected values from the 24-row CSV written below: `animal` holds 24 distinct names, more
 * than the 20 values a categorical column may have (inference.ts), so it is imported as text
 * and ignored; the file predicted lists a3, a1, a2 in that order.
 */
import { writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { predictPreview, savePredictions } from '../../src/main/services/exports';
import { ProjectStore } from '../../src/main/store/projectStore';
import { cli } from '../cli/run';
import { makeTempDir } from '../store/helpers';

let dir: string;
let cleanup: () => Promise<void>;
let store: ProjectStore;
let runId: number;
let newFile: string;
beforeAll(async () => {
  ({ dir, cleanup } = await makeTempDir());
  const csv = `${dir}/zoo.csv`;
  const rows = Array.from({ length: 24 }, (_, i) => {
    const legs = [0, 2, 4, 6][i % 4];
    return `a${i + 1},${legs},${i % 3 === 0},${legs === 0 ? 'fish' : legs === 2 ? 'bird' : 'beast'}`;
  });
  writeFileSync(csv, ['animal,legs,tail,type', ...rows, ''].join('\n'));
  const project = `${dir}/zoo.mtlproj`;
  expect((await cli('import', csv, '-p', project)).code).toBe(0);
  expect((await cli('tasks', '-p', project, '--add', 'type')).code).toBe(0);
  const trained = await cli('train', '-p', project, '--epochs', '2', '--evaluation', 'split');
  expect(trained.code, trained.stderr).toBe(0);
  newFile = `${dir}/new.csv`;
  writeFileSync(newFile, 'animal,legs,tail\na3,4,false\na1,0,true\na2,2,false\n');
  store = await ProjectStore.open(project);
  runId = (await store.training.listRuns()).find((r) => r.status === 'completed')!.id;
}, 180_000);
afterAll(async () => {
  await store?.close();
  await cleanup?.();
});

describe('the default id column of Predict', () => {
  it('is the ignored names column, shown and saved after the row', async () => {
    const preview = await predictPreview(store, runId, newFile);
    expect(preview.idColumn).toBe('animal');
    expect(preview.rows.map((r) => r.id)).toEqual(['a3', 'a1', 'a2']);
    const out = `${dir}/saved.csv`;
    await savePredictions(store, runId, newFile, out);
    const lines = (await readFile(out, 'utf8')).split('\n');
    expect(lines[0]).toMatch(/^row,animal,type,type_probability/);
    expect(lines[1]).toMatch(/^1,a3,/);
  });

  it('is none when the user chooses none', async () => {
    const preview = await predictPreview(store, runId, newFile, undefined, { idColumn: null });
    expect(preview.idColumn).toBeNull();
    expect(preview.rows.map((r) => r.id)).toEqual([null, null, null]);
    const out = `${dir}/saved-no-id.csv`;
    await savePredictions(store, runId, newFile, out, false, { idColumn: null });
    expect((await readFile(out, 'utf8')).split('\n')[0]).toMatch(/^row,type,type_probability/);
  });
});
