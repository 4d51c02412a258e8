/**
 * Exports: what leaves the studio as a file — model bundles, predictions, reports and
 * project copies. This module gathers what a project holds about a run (run, model,
 * dataset, split, Δm, test rows) and hands it to src/main/export/, which needs no project.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, extname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import {
  MAX_PREDICT_IMAGES,
  MAX_PREDICT_PREVIEW,
  type FileThumbnail,
  type ModelExportView,
  type PredictionPreview,
  type SkippedLines,
  type WrittenFile,
} from '../../shared/contract';
import type { SplitName } from '../../shared/datasets';
import { type RunInfo } from '../../shared/domain';
import type { EncodingNote } from '../../shared/encodings';
import { MtlError, reasonDetails } from '../../shared/errors';
import { datasetIdentifierColumns } from '../../shared/predictIdColumn';
import { THUMBNAIL_MIME, thumbnailImage } from '../data/images/decode';
import { IMAGE_EXTENSIONS } from '../data/images/source';
import type { BadLinesSeen } from '../data/badLines';
import { KnownRows } from '../data/duplicateRows';
import {
  exportModelBundle,
  MAX_VERIFY_ROWS,
  type BundleExport,
  type BundleSource,
} from '../export/bundle';
import type { BundleDeltaM } from '../export/metadata';
import { runPredictor, type Predictor } from '../export/predict';
import type { PredictedRow } from '../export/predictPass';
import { predictCsv, type PredictCsvOptions } from '../export/predictCsv';
import { predictImages, type OnCorrupt } from '../export/predictImages';
import { refuseMissingFolder, refuseProjectPath, refuseUnsafeOutput } from '../export/outputGuard';
import type { FittedPreprocessing, RawCell } from '../engine/preprocessing';
import { ProjectStore } from '../store/projectStore';
import { dataUrl } from './assets';
import { compareCrossValidations, compareRuns, DELTA_M_METRIC } from './evaluation';
import { finalModelEstimate, labelledRowsPerTask } from './finalModelEstimate';

export { reportData, writeReport, type ReportOptions } from './report';

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
      reasonDetails(
        'RUN_NOT_COMPLETED',
        { id: runId, status: run.status },
        // The renderer words the status in the user's language (status.<status>).
        { phrases: { status: { key: `status.${run.status}` } } },
      ),
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
  // An Auto run on a small table refitted on every non-test row (engine/autoSelect.ts).
  const final = run.auto ? (await store.training.autoSearch(runId)).final : undefined;
  const crossValidation = run.finalOf
    ? finalModelEstimate(
        run,
        await compareCrossValidations(store, run.datasetId),
        await labelledRowsPerTask(store, run),
      )
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
    ...(crossValidation ? { crossValidation } : {}),
    ...(run.finalOf
      ? {
          refit: {
            rows: 'all-labelled' as const,
            epochs: run.finalOf.epochs,
            epochsPerTask: run.finalOf.epochsPerTask,
          },
        }
      : {}),
    ...(final?.refitEpochs !== undefined
      ? {
          refit: {
            rows: 'training+validation' as const,
            epochs: final.refitEpochs,
            epochsPerTask: final.refitEpochsPerTask ?? {},
          },
        }
      : {}),
  };
}

/**
 * Which rows of its dataset a run's model trained on, as `predict --dataset` writes them in
 * its `split` column: row id → 'train' (the model trained on the row), 'validation' (held
 * out from its weights: early stopping and, for Auto, selection read it) or 'test' (held out
 * from everything). The run's stored split says so, except for an Auto run that refitted its
 * chosen configuration on every non-test row (AutoFinal.refitEpochs, engine/autoRefit.ts):
 * its model trained on the split's validation rows too, so they read 'train' (scoring them
 * would be optimistic). A cross-validation's final model's split holds training rows only
 * (store/splits.ts createFinalSplit), so its rows read 'train'; a fold run's are its fold's
 * (test: the fold's held-out rows). A row outside the split (unlabelled when it was made) is
 * absent from the map.
 * @param store the open project.
 * @param run the run (its id, split, and whether it is an Auto run).
 * @returns the map, and `refit` true when the run's validation rows were written as 'train'.
 * @throws MtlError('NOT_FOUND') for a split that no longer exists.
 */
export async function modelRowSplit(
  store: ProjectStore,
  run: Pick<RunInfo, 'id' | 'splitId' | 'auto'>,
): Promise<{ rowSplit: Map<number, SplitName>; refit: boolean }> {
  const { rowIds, assignment } = await store.splits.assignment(run.splitId);
  // An Auto run without a stored search (NOT_FOUND) has no refit on record: its split stands.
  const final = run.auto
    ? await store.training.autoSearch(run.id).then(
        (s) => s.final,
        (err: unknown) => {
          if (err instanceof MtlError && err.code === 'NOT_FOUND') return undefined;
          throw err;
        },
      )
    : undefined;
  const refit = final?.refitEpochs !== undefined;
  const rowSplit = new Map(
    rowIds.map((id, i) => [id, refit && assignment[i] === 'validation' ? 'train' : assignment[i]]),
  );
  return { rowSplit, refit };
}

/**
 * A run's training rows over the columns its model reads, to look up the rows of a file it
 * predicts (export/predictCsv.ts `trainingRows`: its scores count those equal to one): the
 * rows {@link modelRowSplit} says the model trained on ('train': a split's training rows, an
 * Auto refit's validation rows too, every row of a cross-validation's final model, a fold
 * run's fold's), their stored cells of `columns` (a column the dataset lacks reads as
 * missing), compared as data/duplicateRows.ts compares a split's test rows with its
 * training rows (its leakage).
 * @param store the open project; @param run the run (its dataset, split, Auto flag).
 * @param columns the model's input columns (Predictor.columns' names).
 * @returns the rows; `testRows`: how many rows of the split are held out as test (0 for a
 *   final model), for the caveat's advice; `datasetId` the run's dataset.
 * @throws MtlError('NOT_FOUND') for a split or dataset that no longer exists.
 */
export async function runTrainingRows(
  store: ProjectStore,
  run: Pick<RunInfo, 'id' | 'splitId' | 'auto' | 'datasetId'>,
  columns: readonly string[],
): Promise<{ rows: KnownRows; testRows: number; datasetId: number }> {
  const { rowSplit } = await modelRowSplit(store, run);
  const dataset = await store.datasets.get(run.datasetId);
  const stored = new Set(dataset.columns.map((c) => c.name));
  const read = await store.datasets.readColumns(
    run.datasetId,
    columns.filter((c) => stored.has(c)),
  );
  const train: number[] = [];
  read.rowIds.forEach((id, i) => {
    if (rowSplit.get(id) === 'train') train.push(i);
  });
  let testRows = 0;
  for (const part of rowSplit.values()) if (part === 'test') testRows++;
  const cells = columns.map((c) => {
    const values = read.values[c];
    return train.map((i) => (values ? (values[i] ?? null) : null));
  });
  return { rows: new KnownRows(columns, cells), testRows, datasetId: run.datasetId };
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
 * The first `max` test row ids of a split, in the split's order; for a split without test
 * rows that holds training rows only (a cross-validation's final model, trained on every
 * labelled row), its first rows (the export checks that the bundle predicts as the studio
 * does, not how well).
 * @throws MtlError('SPLIT_INVALID') when the split has no test row (and is not such a split).
 */
async function testRowIds(store: ProjectStore, splitId: number, max: number): Promise<number[]> {
  const split = await store.splits.assignment(splitId);
  const onlyTraining = split.assignment.every((s) => s === 'train');
  const ids = split.rowIds
    .filter((_, i) => onlyTraining || split.assignment[i] === 'test')
    .slice(0, max);
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
 * @param options.overwrite false: an existing bundle folder or .zip is refused with reason
 *   OUTPUT_EXISTS (the studio asks first); default true (the CLI replaces it and says so).
 * @throws what {@link bundleSource} and {@link exportModelBundle} throw; what
 *   refuseUnsafeOutput throws (export/outputGuard.ts), before the model is read.
 */
export async function exportModel(
  store: ProjectStore,
  runId: number,
  out: string,
  options: { overwrite?: boolean } = {},
): Promise<BundleExport> {
  refuseUnsafeOutput(out, { project: store.path });
  return exportModelBundle(await bundleSource(store, runId), out, options);
}

/**
 * What the studio is told of a written bundle (`exports.model`): its files and how it was
 * verified. A cross-validation's final model (`training.refit.rows` 'all-labelled') has no
 * test rows, so its verification ran on rows it trained on (`verifiedOn` 'training'; found by
 * a new user: the studio said "verified on 344 test rows").
 * @param done what {@link exportModel} wrote.
 */
export function modelExportView(done: BundleExport): ModelExportView {
  return {
    path: done.path,
    kind: done.kind,
    files: done.files,
    verifiedRows: done.metadata.verification.rows,
    verifiedOn: done.metadata.training.refit?.rows === 'all-labelled' ? 'training' : 'test',
    maxAbsDifference: done.metadata.verification.maxAbsDifference,
    replaced: done.replaced,
  };
}

/**
 * Whether `path` is read as images (a folder, or one image file) or as a CSV file.
 * @throws MtlError('NOT_FOUND') when nothing is there.
 */
async function isFolder(path: string): Promise<boolean> {
  const found = await stat(path).catch(() => null);
  if (!found) {
    throw new MtlError(
      'NOT_FOUND',
      `Nothing is at "${path}".`,
      reasonDetails('PATH_MISSING', { path }, { file: path }),
    );
  }
  // One image file is read as a folder of one (predictImages takes either).
  return found.isDirectory() || IMAGE_EXTENSIONS.has(extname(path).toLowerCase());
}

/** Runs `work` with the predictor of a completed run, freeing its model afterwards. */
async function withRunPredictor<T>(
  store: ProjectStore,
  runId: number,
  work: (predictor: Predictor) => Promise<T>,
): Promise<T> {
  const predictor = await runPredictor(store, runId);
  try {
    return await work(predictor);
  } finally {
    predictor.dispose();
  }
}

/**
 * How the studio's Predict reads a CSV file: decimal comma, encoding, the input columns copied
 * to the output, whether a missing input column is refused or read as empty in every row, and
 * whether a line with a wrong number of fields refuses the file or is skipped.
 */
export interface StudioCsvOptions {
  decimalComma?: boolean;
  encoding?: string;
  keepColumns?: readonly string[] | 'all';
  missingColumns?: 'refuse' | 'impute';
  badLines?: 'error' | 'skip';
  /**
   * The id column written beside each row's predictions; null: none; absent: the default of
   * shared/predictIdColumn.ts (a column named "id", else one the run's dataset imported as
   * an identifier, e.g. `animal`), answered as the preview's `idColumn`.
   */
  idColumn?: string | null;
}

/**
 * The identifier columns of a run's dataset (shared/predictIdColumn.ts
 * datasetIdentifierColumns), the candidates for a predicted file's default id column.
 * @throws MtlError('NOT_FOUND') for an unknown run (or dataset).
 */
async function runIdentifierColumns(store: ProjectStore, runId: number): Promise<string[]> {
  const run = await store.training.getRun(runId);
  return datasetIdentifierColumns(await store.datasets.get(run.datasetId));
}

/**
 * predictCsv's options for a {@link StudioCsvOptions}: the studio offers to skip bad lines (its
 * checkbox), so a bad line's refusal carries that remedy (`{ badLines: 'skip' }`), as the
 * CLI's names `--bad-lines skip`.
 */
function studioCsvOptions(csv: StudioCsvOptions): Partial<PredictCsvOptions> {
  return {
    decimalComma: csv.decimalComma,
    encoding: csv.encoding,
    keepColumns: csv.keepColumns,
    missingColumns: csv.missingColumns,
    badLines: csv.badLines,
    badLinesSkippable: true,
    ...(csv.idColumn !== undefined ? { idColumn: csv.idColumn } : {}),
  };
}

/**
 * The Predict view's table: a run's predictions of the first rows of a CSV file, or of the
 * first image files of a folder (decoded with the run's dataset's settings, see
 * export/predict.ts predictImages — the function `mtl-studio predict -p P --run R images/`
 * runs).
 * @param limit most rows answered (default and cap: MAX_PREDICT_PREVIEW rows of a CSV file,
 *   MAX_PREDICT_IMAGES images of a folder).
 * @param csv.decimalComma a CSV file's numbers are written with a decimal comma ("0,5"),
 *   as `mtl-studio predict --decimal-comma` reads them.
 * @param csv.encoding a CSV file's text encoding, as `mtl-studio predict --encoding`; absent:
 *   the one the run's dataset was imported with, unless the file is certainly another (the
 *   answer's `encodingNotes` say which, as the CLI's note lines).
 * @param csv.keepColumns columns of the CSV file copied into each row's `kept`, as
 *   {@link savePredictions} writes them (the answer's `kept` names them as written); the
 *   answer's `header` lists the file's columns to choose from, `idColumn` the id column.
 * @param csv.missingColumns 'impute': the run's input columns the file lacks are read as
 *   missing in every row (answered as `missingColumns`), as `predict --missing-columns`.
 * @param csv.badLines 'skip': lines with a wrong number of fields are left out (answered as
 *   `skippedLines`, for the part of the file read); 'error' (default) refuses the file with
 *   the remedy `{ badLines: 'skip' }`, as `predict --bad-lines`.
 * @param onCorrupt images: skip an image that cannot be predicted (answered in `skipped`)
 *   or refuse the folder (default), as `predict --on-corrupt`.
 * @throws MtlError('NOT_FOUND') for a missing path or run; MtlError('BAD_REQUEST', …,
 *   { reason }) for a folder given to a table run (TABLE_MODEL_NEEDS_CSV) or a file given
 *   to an image run (IMAGE_MODEL_NEEDS_FOLDER), columns to keep from a folder
 *   (KEEP_COLUMNS_NOT_CSV) or that the file lacks (KEEP_COLUMNS_UNKNOWN, …_SIMILAR); what
 *   predictCsv and predictImages throw.
 */
export async function predictPreview(
  store: ProjectStore,
  runId: number,
  path: string,
  limit?: number,
  csv: StudioCsvOptions = {},
  onCorrupt?: OnCorrupt,
): Promise<PredictionPreview> {
  const folder = await isFolder(path);
  return withRunPredictor(store, runId, async (predictor) => {
    const rows: PredictedRow[] = [];
    const onRows = (batch: PredictedRow[]) => rows.push(...batch);
    const view = (r: PredictedRow) => ({
      row: r.row,
      id: r.id,
      predictions: r.predictions,
      ...(r.inputsMissing !== undefined ? { inputsMissing: r.inputsMissing } : {}),
      ...(r.kept !== undefined ? { kept: r.kept } : {}),
      ...(r.farOutside !== undefined ? { farOutside: r.farOutside } : {}),
    });
    const tasks = predictor.tasks;
    if (folder) {
      // A table run's own refusal of a folder (TABLE_MODEL_NEEDS_CSV) comes first.
      if (predictor.image) refuseKeptImages(path, csv.keepColumns);
      const wanted = Math.min(limit ?? MAX_PREDICT_IMAGES, MAX_PREDICT_IMAGES);
      const summary = await predictImages(predictor, path, { limit: wanted, onRows, onCorrupt });
      const prep = predictor.preprocessing.image!;
      return {
        input: 'images',
        tasks,
        inputColumns: [],
        image: { width: prep.width, height: prep.height, ...predictor.image! },
        rows: rows.map(view),
        // Files left unread by the limit only: a skipped image was read (and is listed).
        truncated: summary.files > summary.rows + summary.skipped.length,
        files: summary.files,
        unseenCategories: summary.unseenCategories,
        skipped: summary.skipped,
      };
    }
    const wanted = Math.min(limit ?? MAX_PREDICT_PREVIEW, MAX_PREDICT_PREVIEW);
    // The row past `wanted` is read, not predicted: it says whether the file has more.
    // The notes on the file's encoding are said with a refusal too (a Turkish file read as
    // windows-1252 that lacks a column: the note says how to read its names right).
    let notes: { encodingNotes: EncodingNote[]; encoding: string } | null = null;
    // The run's training rows: the scores say how many of the rows scored are among them.
    let testRows = 0;
    const trainingRows = async () => {
      const training = await runTrainingRows(
        store,
        await store.training.getRun(runId),
        predictor.columns.map((c) => c.name),
      );
      testRows = training.testRows;
      return training.rows;
    };
    const summary = await predictCsv(predictor, path, {
      limit: wanted,
      onRows,
      ...studioCsvOptions(csv),
      trainingRows,
      identifierColumns: await runIdentifierColumns(store, runId),
      onEncoding: (encodingNotes, encoding) => (notes = { encodingNotes, encoding }),
    }).catch((error: unknown) => {
      throw withEncodingNotes(error, notes);
    });
    return {
      input: 'table',
      tasks,
      inputColumns: predictor.columns.map((c) => c.name),
      header: summary.header ?? [],
      idColumn: summary.idColumn,
      kept: summary.kept ?? [],
      rows: rows.map(view),
      truncated: summary.more === true,
      unseenCategories: summary.unseenCategories,
      renamedColumns: summary.renamedColumns ?? [],
      encoding: summary.encoding,
      encodingNotes: summary.encodingNotes ?? [],
      ...(summary.missingColumns ? { missingColumns: summary.missingColumns } : {}),
      ...(summary.farOutside ? { farOutside: summary.farOutside } : {}),
      ...(summary.formulaCells ? { formulaCells: summary.formulaCells } : {}),
      ...(summary.skippedLines ? { skippedLines: skippedLinesView(summary.skippedLines) } : {}),
      ...(predictor.pointDotColumns?.length ? { pointDotColumns: predictor.pointDotColumns } : {}),
      ...(summary.scores
        ? {
            scores: summary.scores.map((s) => ({
              task: s.task,
              column: s.column,
              rows: s.rows,
              accuracy: s.accuracy,
              macroF1: s.macroF1,
              unknownLabelRows: s.unknownLabelRows,
              unknownLabels: s.unknownLabels,
              ...(s.similarLabels ? { similarLabels: s.similarLabels } : {}),
              ...(s.trainingRows !== undefined
                ? { trainingRows: s.trainingRows, heldOutSplit: testRows > 0 }
                : {}),
            })),
          }
        : {}),
    };
  });
}

/**
 * Refuses columns to keep (`keepColumns`) for a folder of images, which has no columns.
 * @throws MtlError('BAD_REQUEST', reason KEEP_COLUMNS_NOT_CSV) when `keepColumns` is given.
 */
function refuseKeptImages(path: string, keepColumns: readonly string[] | 'all' | undefined): void {
  if (keepColumns === undefined) return;
  const file = basename(path);
  throw new MtlError(
    'BAD_REQUEST',
    `Columns can be kept from a CSV file only; ${file} is a folder of images, which has none.`,
    reasonDetails('KEEP_COLUMNS_NOT_CSV', { file }),
  );
}

/**
 * `error` with the notes on the encoding its file was read with (`details.encodingNotes`, and
 * `details.encoding` the encoding read with), when it is an MtlError and there are notes;
 * else `error` unchanged. The Predict view shows them beside the error.
 */
function withEncodingNotes(
  error: unknown,
  notes: { encodingNotes: EncodingNote[]; encoding: string } | null,
): unknown {
  if (!(error instanceof MtlError) || notes === null || notes.encodingNotes.length === 0) {
    return error;
  }
  return new MtlError(error.code, error.message, { ...error.details, ...notes });
}

/**
 * `out` with `extension` (e.g. '.csv') appended when its file name has none: what a name
 * typed into the studio's save field means ("pred-ui" → "pred-ui.csv"; a new user found
 * "pred-ui" written without one). A name with any extension is kept as typed.
 */
export function withDefaultExtension(out: string, extension: string): string {
  return extname(basename(out)) === '' ? `${out}${extension}` : out;
}

/**
 * Predicts every row of a CSV file, or every image file of a folder, with a run's model and
 * writes the predictions CSV to `out` (the columns `mtl-studio predict` writes); `csv` as
 * for {@link predictPreview}. An `out` whose name has no extension gets `.csv`
 * ({@link withDefaultExtension}). `csv.keepColumns` copies those columns of the CSV file
 * into the predictions, as `mtl-studio predict --keep-columns` (export/predictCsv.ts
 * keptColumns: the file's order, an unknown name refused, one named as a prediction column
 * written as `<name> (input)`); refused for a folder of images.
 * @param overwrite false: an existing file at `out` is refused with reason OUTPUT_EXISTS
 *   (the studio asks, then sends true). Never replaced, whatever `overwrite` says: the open
 *   project, the file being predicted, any SQLite database, a read-only file.
 * @returns the file written, the rows (images) predicted, the images skipped
 *   (`onCorrupt: 'skip'`; 0 otherwise) and the lines with a wrong number of fields skipped
 *   (`csv.badLines: 'skip'`; absent when none).
 * @throws what {@link predictPreview} throws; what refuseUnsafeOutput throws
 *   (export/outputGuard.ts), before the model is read.
 */
export async function savePredictions(
  store: ProjectStore,
  runId: number,
  path: string,
  out: string,
  allProbs = false,
  csv: StudioCsvOptions = {},
  onCorrupt?: OnCorrupt,
  overwrite = true,
): Promise<WrittenFile & { rows: number; skipped: number; skippedLines?: SkippedLines }> {
  // The Predict view's name: "pred-ui" is written as pred-ui.csv (the path answered says so).
  out = withDefaultExtension(out, '.csv');
  const folder = await isFolder(path);
  refuseUnsafeOutput(out, {
    project: store.path,
    inputs: [path],
    overwrite,
    writer: 'a prediction',
  });
  let skipped = 0;
  const summary = await withRunPredictor(store, runId, async (predictor) => {
    if (!folder) {
      return predictCsv(predictor, path, {
        output: out,
        allProbs,
        ...studioCsvOptions(csv),
        identifierColumns: await runIdentifierColumns(store, runId),
      });
    }
    if (predictor.image) refuseKeptImages(path, csv.keepColumns);
    const images = await predictImages(predictor, path, { output: out, allProbs, onCorrupt });
    skipped = images.skipped.length;
    return images;
  });
  const { size } = await stat(out);
  return {
    path: resolve(out),
    bytes: size,
    rows: summary.rows,
    skipped,
    ...(summary.skippedLines ? { skippedLines: skippedLinesView(summary.skippedLines) } : {}),
  };
}

/** The contract's view of the bad lines a CSV file's predictions left out. */
function skippedLinesView(seen: BadLinesSeen): SkippedLines {
  return { count: seen.count, lines: [...seen.lines] };
}

/** Thumbnails made at once by {@link fileThumbnails} (sharp runs each on its own thread). */
const THUMBNAIL_CONCURRENCY = 8;

/**
 * Thumbnails of image files of a folder (or of the one image file `folder` names), made
 * with sharp as the import makes them (WebP,
 * ≤ 96 px): what the Predict view shows beside each prediction, asked for as rows scroll.
 * @param files paths relative to `folder` ('/' separators), as predictImages names them.
 * @returns one per file, in order; `dataUrl` null for a file that cannot be read.
 * @throws MtlError('BAD_REQUEST') naming a path outside the folder or without an image
 *   extension (nothing else is read).
 */
export async function fileThumbnails(folder: string, files: string[]): Promise<FileThumbnail[]> {
  // The one image predicted alone: its file is named relative to its own folder.
  const given = resolve(folder);
  const root = (await stat(given).catch(() => null))?.isFile() ? dirname(given) : given;
  const targets = files.map((file) => {
    const target = resolve(root, file);
    const inside = relative(root, target);
    if (inside === '' || isAbsolute(inside) || inside === '..' || inside.startsWith(`..${sep}`)) {
      throw new MtlError('BAD_REQUEST', `"${file}" is not a file inside ${root}.`);
    }
    if (!IMAGE_EXTENSIONS.has(extname(target).toLowerCase())) {
      throw new MtlError('BAD_REQUEST', `"${file}" is not an image file.`);
    }
    return target;
  });
  const out: FileThumbnail[] = files.map((file) => ({ file, dataUrl: null }));
  for (let start = 0; start < targets.length; start += THUMBNAIL_CONCURRENCY) {
    await Promise.all(
      targets.slice(start, start + THUMBNAIL_CONCURRENCY).map(async (target, i) => {
        try {
          const webp = await thumbnailImage(await readFile(target));
          out[start + i].dataUrl = dataUrl(THUMBNAIL_MIME, webp);
        } catch {
          // Unreadable or vanished since it was predicted: the row shows no picture.
        }
      }),
    );
  }
  return out;
}

/**
 * Writes a consistent copy of the open project (SQLite `VACUUM INTO`, safe while this or
 * another connection writes), then verifies it: it opens as a project of the same schema
 * version and passes SQLite's integrity check. Only then is it renamed to `out`.
 * @returns the copy's path, size and what it holds.
 * @throws MtlError('BAD_REQUEST') when `out` exists or is the project itself (reason
 *   OUTPUT_IS_PROJECT, see export/outputGuard.ts); MtlError('EXPORT_FAILED') when the copy
 *   does not verify (it is deleted).
 */
export async function backupProject(
  store: ProjectStore,
  out: string,
): Promise<{ path: string; bytes: number; datasets: number; runs: number; schemaVersion: number }> {
  const target = resolve(out);
  // First: under a file (`-o afile/b`), the checks below would fail with Node's ENOTDIR.
  refuseMissingFolder(target);
  // Any other existing file is refused below: a copy never replaces anything.
  refuseProjectPath(target, store.path, 'a backup');
  if (existsSync(target)) {
    throw new MtlError(
      'BAD_REQUEST',
      `"${target}" already exists; choose a new file name.`,
      reasonDetails('FILE_EXISTS', { path: target }, { path: target }),
    );
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
