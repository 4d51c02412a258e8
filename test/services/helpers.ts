/**
 * Test set-up shared by the service tests: a new project holding penguins.csv with the
 * tasks species and sex, as most training tests start from.
 */
import { fileURLToPath } from 'node:url';
import { importCsv } from '../../src/main/data/importCsv';
import { defineTasks } from '../../src/main/services/tasks';
import { ProjectStore } from '../../src/main/store/projectStore';
import { makeTempDir } from '../store/helpers';

/** The penguins fixture (344 rows; species, island, sex and four measurements). */
export const PENGUINS = fileURLToPath(new URL('../fixtures/penguins.csv', import.meta.url));

/**
 * Creates `<temp dir>/<name>.mtlproj` with penguins.csv imported as dataset "penguins" and
 * the tasks species and sex defined on it.
 * @returns the open store, the dataset's id and `cleanup`, which closes the store and
 *   removes the temporary folder.
 */
export async function penguinsProject(
  name: string,
): Promise<{ store: ProjectStore; datasetId: number; cleanup: () => Promise<void> }> {
  const tmp = await makeTempDir();
  const store = await ProjectStore.open(`${tmp.dir}/${name}.mtlproj`, { create: true });
  const datasetId = (await importCsv(store, PENGUINS, { name: 'penguins' })).id;
  await defineTasks(store, datasetId, [{ column: 'species' }, { column: 'sex' }]);
  return {
    store,
    datasetId,
    cleanup: async () => {
      await store.close();
      await tmp.cleanup();
    },
  };
}
