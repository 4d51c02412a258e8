/**
 * Exports: what leaves the studio as a file — model bundles, predictions, reports and
 * project copies. This module gathers what a project holds about a run (run, model,
 * dataset, split, Δm, test rows) and hands it to src/main/export/, which needs no project.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { MtlError } from '../../shared/errors';
import {
  exportModelBundle,
  MAX_VERIFY_ROWS,
  type BundleExport,
  type BundleSource,
} from '../export/bundle';
import type { BundleDeltaM } from '../export/metadata';
import { chromiumPrinter, type PdfPrinter } from '../export/pdf';
import { renderReportHtml, type ReportData } from '../export/report';
import type { ReportLanguage } from '../export/reportText';
import { studioVersion } from '../export/studioVersion';
import type { FittedPreprocessing, RawCell } from '../engine/preprocessing';
import { ProjectStore } from '../store/projectStore';
import { compareRuns, DELTA_M_METRIC } from './evaluation';
import { taskOverviews } from './taskWizard';

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
  const testRows = preprocessing.image
    ? {}
    : await readTestRows(
        store,
        run.datasetId,
        run.splitId,
        preprocessing.encoders.map((e) => e.column),
      );
  const testImages = preprocessing.image
    ? await readTestImages(store, run.datasetId, run.splitId)
    : undefined;
  return {
    project: { name, file: basename(store.path) },
    dataset,
    run,
    model,
    tasks,
    split,
    deltaM,
    testRows,
    ...(testImages ? { testImages } : {}),
  };
}

/** Test images verified per export: enough to cover every class, few enough to be quick. */
const MAX_VERIFY_IMAGES = 256;

/**
 * The decoded pixels and paths of the first test images of a split, with how they were
 * decoded (an image model's bundle verifies on them).
 * @throws MtlError('SPLIT_INVALID') when the split has no test row; MtlError('NOT_FOUND')
 *   when the dataset has no decoded pixels.
 */
async function readTestImages(
  store: ProjectStore,
  datasetId: number,
  splitId: number,
): Promise<NonNullable<BundleSource['testImages']>> {
  const settings = await store.assets.pixelSettings(datasetId);
  if (!settings) {
    throw new MtlError('NOT_FOUND', `Dataset ${datasetId} has no decoded image pixels.`);
  }
  const ids = await testRowIds(store, splitId, MAX_VERIFY_IMAGES);
  const [pixels, paths] = await Promise.all([
    store.assets.readPixels(datasetId, ids, settings.column),
    readTestRows(store, datasetId, splitId, [settings.column]),
  ]);
  return {
    column: settings.column,
    colour: settings.colour,
    fit: settings.fit,
    pixels,
    paths: paths[settings.column].slice(0, ids.length).map((p) => String(p ?? '')),
  };
}

/**
 * The first `max` test row ids of a split, in the split's order.
 * @throws MtlError('SPLIT_INVALID') when the split has no test row.
 */
async function testRowIds(store: ProjectStore, splitId: number, max: number): Promise<number[]> {
  const split = await store.splits.assignment(splitId);
  const ids = split.rowIds.filter((_, i) => split.assignment[i] === 'test').slice(0, max);
  if (ids.length === 0) {
    throw new MtlError(
      'SPLIT_INVALID',
      `Split ${splitId} has no test row to verify the export on.`,
    );
  }
  return ids;
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
  const ids = await testRowIds(store, splitId, MAX_VERIFY_ROWS);
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

/**
 * What the report shows: every dataset with completed runs (or only those of `runIds`),
 * its tasks with class balance, its latest split and each run with Δm and epochs.
 * @throws MtlError('NOT_FOUND') naming a run of `runIds` that is not a completed run.
 */
export async function reportData(store: ProjectStore, runIds?: number[]): Promise<ReportData> {
  const datasets = await store.datasets.list();
  const wanted = runIds ? new Set(runIds) : null;
  const found = new Set<number>();
  const parts: ReportData['datasets'] = [];
  for (const dataset of datasets) {
    const comparison = (await compareRuns(store, dataset.id)).filter(
      (c) => !wanted || wanted.has(c.run.id),
    );
    comparison.forEach((c) => found.add(c.run.id));
    if (wanted && comparison.length === 0) continue;
    const tasks = await taskOverviews(store, dataset.id);
    parts.push({
      dataset,
      tasks: tasks.map((t) => ({
        name: t.name,
        targetColumn: t.targetColumn,
        classes: t.classes,
        classCounts: t.classCounts,
        missing: t.missing,
      })),
      split: await store.splits.latest(dataset.id),
      runs: await Promise.all(
        comparison.map(async (c) => ({
          run: c.run,
          deltaM: c.deltaM,
          baselineRunId: c.baselineRunId,
          epochs: await store.training.listEpochs(c.run.id),
        })),
      ),
    });
  }
  const missing = (runIds ?? []).filter((id) => !found.has(id));
  if (missing.length > 0) {
    throw new MtlError(
      'NOT_FOUND',
      `No completed run ${missing.join(', ')} in this project; a report shows completed runs.`,
    );
  }
  return {
    project: { name: await store.projectName(), file: basename(store.path) },
    studioVersion: studioVersion(),
    generatedAt: new Date().toISOString(),
    datasets: parts,
  };
}

/** Options of {@link writeReport}. */
export interface ReportOptions {
  /** Runs to show (default: every completed run). */
  runIds?: number[];
  lang?: ReportLanguage;
  /** Prints HTML to PDF; default: a headless Chromium found on the machine (export/pdf.ts). */
  printer?: PdfPrinter;
}

/**
 * Writes the report as self-contained HTML, or as PDF when `out` ends in .pdf; written
 * to a temporary file beside `out` and renamed, so a failure leaves nothing half-written.
 * @returns the absolute path written and its format.
 * @throws MtlError('BAD_REQUEST') for another extension; MtlError('EXPORT_FAILED') when no
 *   browser is found to print a PDF (see export/pdf.ts); what {@link reportData} throws.
 */
export async function writeReport(
  store: ProjectStore,
  out: string,
  options: ReportOptions = {},
): Promise<{ path: string; format: 'html' | 'pdf'; bytes: number }> {
  const target = resolve(out);
  const format = target.toLowerCase().endsWith('.pdf')
    ? 'pdf'
    : /\.html?$/i.test(target)
      ? 'html'
      : null;
  if (!format) {
    throw new MtlError(
      'BAD_REQUEST',
      `A report is written as .html or .pdf, not "${basename(target)}".`,
    );
  }
  if (!existsSync(dirname(target))) {
    throw new MtlError('NOT_FOUND', `The folder "${dirname(target)}" does not exist.`);
  }
  // Find the printer before the work: a missing browser is said at once.
  const printer = format === 'pdf' ? (options.printer ?? chromiumPrinter()) : null;
  const html = renderReportHtml(await reportData(store, options.runIds), options.lang ?? 'en');
  const bytes = printer ? await printer(html) : new TextEncoder().encode(html);
  const temp = `${target}.tmp-${randomBytes(4).toString('hex')}`;
  try {
    await writeFile(temp, bytes);
    await rename(temp, target);
  } catch (err) {
    await rm(temp, { force: true });
    throw err;
  }
  return { path: target, format, bytes: bytes.byteLength };
}

/**
 * Writes a consistent copy of the open project (SQLite `VACUUM INTO`, safe while this or
 * another connection writes), then verifies it: it opens as a project of the same schema
 * version and passes SQLite's integrity check. Only then is it renamed to `out`.
 * @returns the copy's path, size and what it holds.
 * @throws MtlError('BAD_REQUEST') when `out` exists or is the project itself;
 *   MtlError('EXPORT_FAILED') when the copy does not verify (it is deleted).
 */
export async function backupProject(
  store: ProjectStore,
  out: string,
): Promise<{ path: string; bytes: number; datasets: number; runs: number; schemaVersion: number }> {
  const target = resolve(out);
  if (target === resolve(store.path)) {
    throw new MtlError('BAD_REQUEST', 'A copy cannot replace the project it copies.');
  }
  if (existsSync(target)) {
    throw new MtlError('BAD_REQUEST', `"${target}" already exists; choose a new file name.`);
  }
  if (!existsSync(dirname(target))) {
    throw new MtlError('NOT_FOUND', `The folder "${dirname(target)}" does not exist.`);
  }
  const temp = join(dirname(target), `.${basename(target)}.tmp-${randomBytes(4).toString('hex')}`);
  try {
    await store.vacuumInto(temp);
    const version = await store.schemaVersion();
    const copy = await ProjectStore.open(temp);
    let summary: { datasets: number; runs: number; schemaVersion: number };
    try {
      const [integrity, copyVersion, datasets, runs] = await Promise.all([
        copy.integrityCheck(),
        copy.schemaVersion(),
        copy.datasets.list(),
        copy.training.listRuns(),
      ]);
      if (integrity.join() !== 'ok' || copyVersion !== version) {
        throw new MtlError(
          'EXPORT_FAILED',
          `The copy did not verify (integrity: ${integrity.slice(0, 3).join('; ')}; schema ${copyVersion} vs ${version}); nothing was written.`,
        );
      }
      summary = { datasets: datasets.length, runs: runs.length, schemaVersion: copyVersion };
    } finally {
      await copy.close();
    }
    await rename(temp, target);
    const { size } = await stat(target);
    return { path: target, bytes: size, ...summary };
  } finally {
    for (const suffix of ['', '-wal', '-shm']) await rm(`${temp}${suffix}`, { force: true });
  }
}
