/**
 * The main job on bundled data: Palmer penguins (CC0; Horst, Hill & Gorman 2020), tasks
 * species, island and sex, single-task baselines vs one hard-sharing model, with Δm.
 */
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MtlError } from '../../shared/errors';
import { importCsv } from '../data/importCsv';
import { deltaMAgainst } from '../services/evaluation';
import { defineTasks } from '../services/tasks';
import { ensureSplit, trainRun } from '../services/training';
import { ProjectStore } from '../store/projectStore';

/**
 * The bundled penguins CSV: resources/ of the nearest folder above this module with a
 * package.json (src/main/cli when run from source, out/cli when compiled).
 */
export const PENGUINS_CSV = ((): string => {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5 && !existsSync(join(dir, 'package.json')); i++) dir = dirname(dir);
  return resolve(dir, 'resources/penguins.csv');
})();

/** What `mtl-studio demo --json` prints. */
export interface DemoReport {
  project: string;
  backend: string;
  runs: {
    runId: number;
    arch: string;
    bestEpoch: number | null;
    tasks: Record<string, { accuracy: number; macroF1: number; rocAuc: number | null }>;
  }[];
  /** Δm (percent) of hard-sharing against the single-task baseline on test macro-F1. */
  deltaM: number | null;
}

/**
 * Runs the demo: import, define tasks, split (seeded, stratified on species), train the
 * single-task baseline and hard-sharing, score both on the test split.
 * @param options.project project file to create (default: new file in the temp folder).
 * @param options.signal stops the training: the run in training is stored as cancelled.
 * @param options.stopped the error to end with when `signal` stopped a run, built while the
 *   project is still open (default: the engine's TRAINING_CANCELLED as it is).
 * @throws MtlError('TRAINING_CANCELLED') when `signal` stopped a run.
 */
export async function runDemo(options: {
  project?: string;
  epochs?: number;
  seed?: number;
  log?: (line: string) => void;
  signal?: AbortSignal;
  stopped?: (store: ProjectStore, project: string) => Promise<Error>;
}): Promise<DemoReport> {
  const project =
    options.project ?? join(mkdtempSync(join(tmpdir(), 'mtl-studio-demo-')), 'penguins.mtlproj');
  const log = options.log ?? (() => {});
  const store = await ProjectStore.open(project, { create: true, name: 'Palmer penguins demo' });
  try {
    const dataset = await importCsv(store, PENGUINS_CSV, { name: 'penguins' });
    log(`imported ${dataset.rowCount} rows of penguins.csv`);
    await defineTasks(store, dataset.id, [
      { column: 'species' },
      { column: 'island' },
      { column: 'sex' },
    ]);
    const split = await ensureSplit(store, dataset.id, { seed: options.seed ?? 42 });
    const config = {
      seed: options.seed ?? 42,
      ...(options.epochs ? { epochs: options.epochs } : {}),
    };
    const baseline = await trainRun(
      store,
      { datasetId: dataset.id, splitId: split.id, config: { ...config, arch: 'single-task' } },
      {
        signal: options.signal,
        onBackend: (b) => log(`single-task baselines training on ${b}`),
      },
    );
    const shared = await trainRun(
      store,
      { datasetId: dataset.id, splitId: split.id, config: { ...config, arch: 'hard-sharing' } },
      {
        signal: options.signal,
        onBackend: (b) => log(`hard-sharing model training on ${b}`),
      },
    );
    const runs = [baseline, shared].map((run) => ({
      runId: run.id,
      arch: run.config.arch,
      bestEpoch: run.bestEpoch,
      tasks: Object.fromEntries(
        Object.entries(run.results ?? {}).map(([task, m]) => [
          task,
          { accuracy: m.accuracy, macroF1: m.macroF1, rocAuc: m.rocAuc },
        ]),
      ),
    }));
    return {
      project,
      backend: shared.backend ?? 'unknown',
      runs,
      deltaM: deltaMAgainst(shared, baseline),
    };
  } catch (error) {
    const stopped =
      options.signal?.aborted &&
      error instanceof MtlError &&
      error.code === 'TRAINING_CANCELLED' &&
      options.stopped;
    throw stopped ? await stopped(store, project) : error;
  } finally {
    await store.close();
  }
}
