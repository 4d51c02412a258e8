/**
 * The real Fashion-MNIST fixture (test/fixtures/fashion-mnist: 500 PNG files and a manifest
 * with label, group and is_footwear, some cells empty) imported into a new project at 28 px
 * grey with its three tasks defined, as the image tests need it.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { importImages } from '../../src/main/data/images';
import { defineTasks } from '../../src/main/services/tasks';
import { trainRun } from '../../src/main/services/training';
import { ProjectStore } from '../../src/main/store/projectStore';
import type { RunInfo, TrainConfig } from '../../src/shared/domain';

/** The fixture folder. */
export const FASHION = fileURLToPath(new URL('../fixtures/fashion-mnist', import.meta.url));
/** Its label columns, defined as tasks in this order. */
export const FASHION_TASKS = ['label', 'group', 'is_footwear'];

/**
 * A project `fashion.mtlproj` in `dir` holding the fixture as a dataset with its tasks.
 * @returns the open store (the caller closes it) and the dataset's id.
 */
export async function fashionProject(
  dir: string,
): Promise<{ store: ProjectStore; datasetId: number }> {
  const store = await ProjectStore.open(join(dir, 'fashion.mtlproj'), { create: true, name: 'f' });
  const { dataset } = await importImages(store, FASHION, { size: 28, colour: 'grey' });
  await defineTasks(
    store,
    dataset.id,
    FASHION_TASKS.map((column) => ({ column })),
  );
  return { store, datasetId: dataset.id };
}

/**
 * {@link fashionProject} with one small hard-sharing CNN run trained in this process on
 * all three tasks (the export paths are under test, not accuracy).
 * @param config the run's configuration over the defaults (filters, units, epochs).
 */
export async function fashionRun(
  dir: string,
  config: Partial<TrainConfig>,
): Promise<{ store: ProjectStore; datasetId: number; run: RunInfo }> {
  const { store, datasetId } = await fashionProject(dir);
  const run = await trainRun(
    store,
    { datasetId, config: { arch: 'hard-sharing', ...config } },
    { mode: 'in-process' },
  );
  return { store, datasetId, run };
}
