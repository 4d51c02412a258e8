/**
 * A small trained penguins project shared by the export tests: tasks species and sex (so
 * island stays a categorical input and the numeric inputs have missing values), one
 * short run per architecture, trained in-process.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ArchitectureName, RunInfo } from '../../src/shared/domain';
import { importCsv } from '../../src/main/data/importCsv';
import { defineTasks } from '../../src/main/services/tasks';
import { ensureSplit, trainRun } from '../../src/main/services/training';
import { ProjectStore } from '../../src/main/store/projectStore';

export const PENGUINS = fileURLToPath(new URL('../fixtures/penguins.csv', import.meta.url));

/** Every architecture, the baseline first (Δm needs it). */
export const ALL_ARCHS: ArchitectureName[] = [
  'single-task',
  'hard-sharing',
  'mmoe',
  'ple',
  'cross-stitch',
];

/** A trained project: the open store, its dataset and one completed run per architecture. */
export interface TrainedProject {
  dir: string;
  path: string;
  store: ProjectStore;
  datasetId: number;
  runs: Map<ArchitectureName, RunInfo>;
  cleanup: () => Promise<void>;
}

/**
 * Creates the project in a fresh temp folder and trains `archs` (small networks, few
 * epochs: the tests check the export, not the accuracy).
 */
export async function trainedPenguins(archs = ALL_ARCHS): Promise<TrainedProject> {
  const dir = await mkdtemp(join(tmpdir(), 'mtl-export-'));
  const path = join(dir, 'penguins.mtlproj');
  const store = await ProjectStore.open(path, { create: true, name: 'Penguins' });
  const datasetId = (await importCsv(store, PENGUINS, { name: 'penguins' })).id;
  await defineTasks(store, datasetId, [{ column: 'species' }, { column: 'sex' }]);
  await ensureSplit(store, datasetId, { seed: 5 });
  const runs = new Map<ArchitectureName, RunInfo>();
  for (const arch of archs) {
    const run = await trainRun(
      store,
      {
        datasetId,
        config: {
          arch,
          epochs: 8,
          patience: 0,
          seed: 11,
          hiddenUnits: [16, 8],
          expertUnits: [12, 8],
          numExperts: 3,
          numLevels: 2,
          headUnits: arch === 'mmoe' ? 6 : 0,
        },
      },
      { mode: 'in-process' },
    );
    runs.set(arch, run);
  }
  return {
    dir,
    path,
    store,
    datasetId,
    runs,
    cleanup: async () => {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
