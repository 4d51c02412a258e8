/**
 * Exports: what leaves the studio as a file — model bundles, predictions, reports and
 * project copies. This module gathers what a project holds about a run (run, model,
 * dataset, split, Δm, test rows) and hands it to src/main/export/, which needs no project.
 */
import { basename } from 'node:path';
import { MtlError } from '../../shared/errors';
import {
  exportModelBundle,
  MAX_VERIFY_ROWS,
  type BundleExport,
  type BundleSource,
} from '../export/bundle';
import type { BundleDeltaM } from '../export/metadata';
import type { FittedPreprocessing, RawCell } from '../engine/preprocessing';
import type { ProjectStore } from '../store/projectStore';
import { compareRuns, DELTA_M_METRIC } from './evaluation';

/**
 * Everything the bundle of a run needs, read from the project.
 * @throws MtlError('NOT_FOUND') for an unknown run or one without a model;
 *   MtlError('BAD_REQUEST') when the run is not completed.
 */
export async function bundleSource(store: ProjectStore, runId: number): Promise<BundleSource> {
  const run = await store.training.getRun(runId);
  if (run.status !== 'completed') {
    throw new MtlError(
      'BAD_REQUEST',
      `Run ${runId} is ${run.status}; only a completed run has a model to export.`,
    );
  }
  const [model, dataset, tasks, split, name, comparison] = await Promise.all([
    store.training.getModel(runId),
    store.datasets.get(run.datasetId),
    store.tasks.list(run.datasetId),
    store.splits.get(run.splitId),
    store.projectName(),
    compareRuns(store, run.datasetId),
  ]);
  const mine = comparison.find((c) => c.run.id === runId);
  let deltaM: BundleDeltaM | null = null;
  if (mine?.baselineRunId) {
    const baseline = comparison.find((c) => c.run.id === mine.baselineRunId)!.run;
    deltaM = {
      percent: mine.deltaM,
      metric: DELTA_M_METRIC,
      baselineRunId: baseline.id,
      baseline: Object.fromEntries(
        run.tasks.map((t) => [t, baseline.results?.[t]?.[DELTA_M_METRIC] ?? NaN]),
      ),
    };
  }
  const preprocessing = model.preprocessing as FittedPreprocessing;
  const testRows = await readTestRows(
    store,
    run.datasetId,
    run.splitId,
    preprocessing.encoders.map((e) => e.column),
  );
  return {
    project: { name, file: basename(store.path) },
    dataset,
    run,
    model,
    tasks,
    split,
    deltaM,
    testRows,
  };
}

/**
 * The stored values of some columns for the first {@link MAX_VERIFY_ROWS} test rows of a split.
 * @returns column → [n] values, n ≥ 1.
 * @throws MtlError('SPLIT_INVALID') when the split has no test row.
 */
async function readTestRows(
  store: ProjectStore,
  datasetId: number,
  splitId: number,
  columns: string[],
): Promise<Record<string, RawCell[]>> {
  const split = await store.splits.assignment(splitId);
  const ids = split.rowIds
    .filter((_, i) => split.assignment[i] === 'test')
    .slice(0, MAX_VERIFY_ROWS);
  if (ids.length === 0) {
    throw new MtlError(
      'SPLIT_INVALID',
      `Split ${splitId} has no test row to verify the export on.`,
    );
  }
  const wanted = new Set(ids);
  const read = await store.datasets.readColumns(datasetId, columns, {
    fromRowId: ids[0],
    toRowId: ids[ids.length - 1],
  });
  const keep = read.rowIds.flatMap((id, i) => (wanted.has(id) ? [i] : []));
  return Object.fromEntries(columns.map((c) => [c, keep.map((i) => read.values[c][i])]));
}

/**
 * Writes the verified model bundle of a completed run (see export/bundle.ts).
 * @param out a folder, or a path ending in .zip.
 * @throws what {@link bundleSource} and {@link exportModelBundle} throw.
 */
export async function exportModel(
  store: ProjectStore,
  runId: number,
  out: string,
): Promise<BundleExport> {
  return exportModelBundle(await bundleSource(store, runId), out);
}
