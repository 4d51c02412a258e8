/**
 * Predicting new data with a trained model: from a bundle alone (no project) or from a
 * run of an open project, over a dataset of the project here, and through this module's
 * batch predictor over a CSV file streamed in batches (bounded memory, any size:
 * predictCsv.ts) or image files (predictImages.ts); the output's columns, header and file:
 * predictOutput.ts. The same preprocessing as in training: values are encoded by the
 * engine's `transform`; missing values and unseen categories are handled exactly as in
 * training.
 */
import { FormulaCellScan, looksLikeFormula, type FormulaCells } from '../../shared/formulaCells';
import { basename } from 'node:path';
import type { Writable } from 'node:stream';
import * as tf from '@tensorflow/tfjs';
import type { ImageColour, ImageFit } from '../../shared/assets';
import type { ColumnType, FinalModelInfo } from '../../shared/domain';
import { MtlError, reasonDetails } from '../../shared/errors';
import { throwIfCancelled } from '../data/cancellation';
import { pointDotColumns, readsDecimalComma } from '../data/cellValues';
import { selectBackend } from '../engine/backend';
import { imageSize } from '../engine/images';
import { deserializeNetwork, type NetworkTopology } from '../engine/modelIO';
import {
  countUnseenCategories,
  transform,
  type FittedPreprocessing,
  type RawCell,
  type UnseenCategories,
} from '../engine/preprocessing';
import { predictProbabilities } from '../engine/trainer';
import type { ProjectStore } from '../store/projectStore';
import { FusedKernel } from '../engine/kernel/fusedKernel';
import { loadLayersModel, readBundle } from './bundleLoad';
import { kernelFor } from './kernelGraph';
import type { BundleMetadata } from './metadata';
import {
  outputGuard,
  predictionColumns,
  withPredictionOutput,
  type PredictionFormat,
} from './predictOutput';
import { predictionCsvOutput } from './predictionCsv';
import { countFarOutside, type FarOutsideValues } from './predictRange';
import {
  MOST_MISSING_ROWS_LISTED,
  mostInputsMissing,
  splitCells,
  splitColumnName,
  type PredictedRow,
  type PredictPassOptions,
  type PredictSummary,
} from './predictPass';

/** A model ready to predict: its input columns, preprocessing, tasks and forward pass. */
export interface Predictor {
  /** Where it came from, for messages: a bundle path or "run 3". */
  source: string;
  /** A run's project file: a prediction never writes over it (see outputGuard.ts). */
  project?: string;
  /** A bundle's folder or .zip: a prediction never writes over it either. */
  bundle?: string;
  /** What runs the forward pass. */
  forward: ForwardEngine;
  /** Input columns the model reads, with the type they had in training. */
  columns: { name: string; type: ColumnType }[];
  /**
   * Whether a numeric input column it reads was imported with the decimal-comma option: a CSV
   * it predicts is then read so too unless `decimalComma` is given ({@link predictCsv}).
   */
  decimalComma?: boolean;
  /**
   * A run's numeric input columns imported with the decimal-comma option before a dot before
   * exactly three digits was read as grouping thousands (an old `dotThousands` note,
   * data/cellValues.ts pointDotColumns): the model learned "1.000" in them as 1, so with a
   * decimal comma a CSV's such cells are read as decimal points there too (predictCsv.ts).
   * Absent or empty for every other model.
   */
  pointDotColumns?: string[];
  /**
   * Table models: the text encoding the model's dataset was imported with ('windows-1254');
   * a CSV it predicts is read so too unless `encoding` is given or the file is certainly
   * another ({@link predictCsv}). Absent for bundles written before it was kept: detected.
   */
  csvEncoding?: string;
  preprocessing: FittedPreprocessing;
  tasks: { name: string; labels: string[] }[];
  /**
   * Per task (in `tasks`' order), the dataset column its labels came from: a CSV file with
   * that column is scored against it (predictScores.ts). Absent: each task's name.
   */
  targetColumns?: string[];
  /**
   * Image models (bundles): how an image file becomes pixels, as in the studio's import
   * (the size and channels are `preprocessing.image`'s).
   */
  image?: { colour: ImageColour; fit: ImageFit };
  /**
   * Forward pass.
   * @param features row-major [n, featureCount]; @returns per task [n, k_t] probabilities.
   */
  predict(features: Float32Array, n: number): Float32Array[];
  /** Frees the model's tensors. */
  dispose(): void;
  /**
   * Notes on the model for the user, in English (`predict` prints each as a "note:" line on
   * stderr): a bundle written before file checksums were kept says its files are unchecked.
   */
  notes?: string[];
  /**
   * A bundle of a cross-validation's final model (its metadata's `crossValidation`, with
   * `training.refit.rows` 'all-labelled'): its origin run and what it trained on, for the
   * note `predict` prints as for `--run`. Absent otherwise (a run's predictor: the caller
   * reads the run).
   */
  finalModel?: {
    runId: number;
    finalOf: FinalModelInfo;
    /** Each task's labelled rows, or null (a bundle written before they were kept). */
    labelledRowsPerTask: Record<string, number> | null;
  };
}

/** Which code runs a predictor's forward pass. */
export type ForwardEngine = 'fused-kernel' | 'tfjs';

/** Rows the fused kernel predicts at once (larger inputs go in chunks). */
const KERNEL_BATCH = 8192;

/**
 * A forward pass through the fused kernel, in chunks of `maxBatch` rows.
 * @param width values per input row; @param classes per task, its number of classes.
 * @returns features [n, width] → per task [n, classes_t] probabilities.
 */
function kernelForward(
  kernel: FusedKernel,
  maxBatch: number,
  width: number,
  classes: number[],
): Predictor['predict'] {
  return (features, n) => {
    if (n <= maxBatch) return kernel.predict(features, n);
    const out = classes.map((k) => new Float32Array(n * k));
    for (let start = 0; start < n; start += maxBatch) {
      const size = Math.min(maxBatch, n - start);
      const part = kernel.predict(features.subarray(start * width, (start + size) * width), size);
      part.forEach((p, t) => out[t].set(p, start * classes[t]));
    }
    return out;
  };
}

/** Options of {@link bundlePredictor} and {@link runPredictor}. */
export interface PredictorOptions {
  /**
   * 'auto' (default): the fused WebAssembly kernel when it can run the network (dense
   * graphs: single-task, hard sharing, MMoE, PLE) and is available, else tfjs;
   * 'tfjs': always tfjs (the bundle exactly as a TensorFlow.js user runs it).
   */
  forward?: 'auto' | 'tfjs';
}

/**
 * The predictor of a bundle folder or .zip, needing nothing else. The layers model is
 * loaded with tfjs; its forward pass runs in the fused kernel when it can (see
 * kernelGraph.ts), several times faster than tfjs's kernels for these small networks.
 * @throws what readBundle throws (NOT_FOUND, BAD_REQUEST for a file that is not a bundle),
 *   MtlError('BUNDLE_INVALID') when its files do not fit together or differ from the
 *   checksums recorded on export (see loadLayersModel).
 */
export async function bundlePredictor(
  path: string,
  options: PredictorOptions = {},
): Promise<Predictor> {
  await selectBackend();
  const bundle = await readBundle(path);
  const model = await loadLayersModel(bundle);
  const { input, tasks } = bundle.metadata;
  const preprocessing: FittedPreprocessing =
    input.kind === 'image'
      ? {
          version: 1,
          encoders: [],
          featureNames: [],
          skipped: [],
          image: {
            version: 1,
            height: input.height,
            width: input.width,
            channels: input.channels,
            mean: input.mean,
            std: input.std,
          },
        }
      : {
          version: 1,
          encoders: input.columns.map((c) => c.encoding),
          featureNames: input.featureNames,
          skipped: input.skipped,
        };
  const kernel = options.forward === 'tfjs' ? null : kernelFor(model, KERNEL_BATCH);
  // Columns imported when "1.000" read as 1 with a decimal comma: read so here too.
  const pointDot = (input.kind === 'table' && input.pointDotColumns) || [];
  const notes = [
    ...(bundle.metadata.files === undefined ? [noChecksumsNote(bundle.path)] : []),
    ...pointDot.map(pointDotNote),
  ];
  const classes = tasks.map((t) => t.labels.length);
  return {
    source: bundle.path,
    bundle: bundle.path,
    forward: kernel ? 'fused-kernel' : 'tfjs',
    columns:
      input.kind === 'image' ? [] : input.columns.map((c) => ({ name: c.name, type: c.type })),
    decimalComma: input.kind === 'table' && input.decimalComma === true,
    ...(pointDot.length > 0 ? { pointDotColumns: pointDot } : {}),
    ...(input.kind === 'table' && input.csvEncoding ? { csvEncoding: input.csvEncoding } : {}),
    preprocessing,
    ...(input.kind === 'image'
      ? { image: { colour: input.colour, fit: input.fit as ImageFit } }
      : {}),
    tasks: tasks.map((t) => ({ name: t.name, labels: t.labels })),
    // A bundle checked before targetColumn was required may lack it: the task's name.
    targetColumns: tasks.map((t) => t.targetColumn ?? t.name),
    predict: kernel
      ? kernelForward(kernel, KERNEL_BATCH, input.features, classes)
      : (features, n) => {
          // One batch of n rows (predict's default splits into batches of 32, ≈ 20 kernels
          // each); the typed arrays are read outside tidy, whose result walk would visit
          // every element of a returned typed array.
          const outputs = tf.tidy(() => {
            const x = tf.tensor2d(features, [n, input.features]);
            const out = model.predict(x, { batchSize: n });
            return Array.isArray(out) ? out : [out];
          });
          try {
            return outputs.map((t) => t.dataSync() as Float32Array);
          } finally {
            tf.dispose(outputs);
          }
        },
    dispose: () => model.dispose(),
    ...(notes.length > 0 ? { notes } : {}),
    ...bundleFinalModel(bundle.metadata),
  };
}

/**
 * The note for a bundle whose metadata.json records no file checksums (written before they
 * were kept), e.g. `the model bundle /m/penguins-model records no file checksums (it was
 * exported before they were kept): damage to its files cannot be detected; export the model
 * again to add them`.
 */
export function noChecksumsNote(bundlePath: string): string {
  return `the model bundle ${bundlePath} records no file checksums (it was exported before they were kept): damage to its files cannot be detected; export the model again to add them`;
}

/**
 * The note of a run predictor's column of {@link Predictor.pointDotColumns}, e.g. `column
 * 'weight' was imported with --decimal-comma before a dot before three digits was read as
 * grouping thousands: the model learned "1.000" there as 1 (a decimal point), so this
 * prediction reads such cells so too (other numbers as --decimal-comma reads them); to read
 * them as 1000, import the data again with --decimal-comma and train a new model`.
 */
export function pointDotNote(column: string): string {
  return `column '${column}' was imported with --decimal-comma before a dot before three digits was read as grouping thousands: the model learned "1.000" there as 1 (a decimal point), so this prediction reads such cells so too (other numbers as --decimal-comma reads them); to read them as 1000, import the data again with --decimal-comma and train a new model`;
}

/**
 * The predictor of a completed run of an open project (the engine's own network, in the
 * fused kernel when it can run it).
 * @throws MtlError('NOT_FOUND') for an unknown run or one without a model.
 */
export async function runPredictor(
  store: ProjectStore,
  runId: number,
  options: PredictorOptions = {},
): Promise<Predictor> {
  const run = await store.training.getRun(runId);
  const model = await store.training.getModel(runId);
  const dataset = await store.datasets.get(run.datasetId);
  const targetOf = new Map(
    (await store.tasks.list(run.datasetId)).map((t) => [t.name, t.targetColumn]),
  );
  await selectBackend(run.config.backend);
  const topology = model.topology as NetworkTopology;
  const preprocessing = model.preprocessing as FittedPreprocessing;
  const network = deserializeNetwork(topology, model);
  const typeOf = new Map(dataset.columns.map((c) => [c.name, c.type]));
  const read = preprocessing.encoders.map((e) => e.column);
  // Columns imported when "1.000" read as 1 with a decimal comma: read so here too.
  const pointDot = preprocessing.image ? [] : pointDotColumns(dataset.columns, read);
  // An image run reads scaled pixels (tfjs runs its CNN); a table run its features.
  const settings = preprocessing.image ? await store.assets.pixelSettings(run.datasetId) : null;
  const width = preprocessing.image
    ? imageSize(preprocessing.image)
    : preprocessing.featureNames.length;
  const kernel =
    options.forward === 'tfjs' || !network.denseGraph || preprocessing.image
      ? null
      : FusedKernel.forInference(network.denseGraph, width, KERNEL_BATCH);
  return {
    ...(settings ? { image: { colour: settings.colour, fit: settings.fit } } : {}),
    source: `run ${runId}`,
    project: store.path,
    forward: kernel ? 'fused-kernel' : 'tfjs',
    columns: preprocessing.encoders.map((e) => ({
      name: e.column,
      type: typeOf.get(e.column) ?? (e.kind === 'numeric' ? 'numeric' : 'categorical'),
    })),
    decimalComma: readsDecimalComma(dataset.columns, read),
    ...(pointDot.length > 0
      ? { pointDotColumns: pointDot, notes: pointDot.map(pointDotNote) }
      : {}),
    ...(preprocessing.image ? {} : { csvEncoding: dataset.encoding }),
    preprocessing,
    tasks: topology.tasks.map((t) => ({ name: t.name, labels: t.classes })),
    targetColumns: topology.tasks.map((t) => targetOf.get(t.name) ?? t.name),
    predict: kernel
      ? kernelForward(
          kernel,
          KERNEL_BATCH,
          width,
          topology.tasks.map((t) => t.classes.length),
        )
      : (features, n) =>
          predictProbabilities(
            network,
            features,
            width,
            Int32Array.from({ length: n }, (_, i) => i),
          ),
    dispose: () => network.dispose(),
  };
}

/**
 * Streams batches: preprocess, predict, format; the shared core of CSV, dataset and image input.
 * @param header the CSV header's column names ({@link predictionColumns}); written to `out`
 *   ({@link predictionCsvOutput}) in one write with the first batch's rows, once they are
 *   computed, so a batch that fails (a transform, the forward pass) leaves nothing on `out`
 *   (stdout is written directly); `writeHeader()` writes it alone when no row came.
 * @returns a function that takes one batch (column → [n] stored values, or the features
 *   [n, featureCount] themselves; row numbers; ids; kept cells; CSV input's [n] file lines,
 *   which the formula warning names) and resolves to per task the [n] predicted class
 *   indices (empty for an empty batch), which predictScores.ts scores.
 */
export function batchPredictor(
  predictor: Predictor,
  format: PredictionFormat,
  out: Writable | null,
  onRows: ((rows: PredictedRow[]) => void) | undefined,
  header: string[],
) {
  const { tasks } = predictor;
  const unseen = new Map<string, UnseenCategories>();
  const farOutside = new Map<string, FarOutsideValues>();
  let rowsAllInputsMissing = 0;
  let rowsMostInputsMissing = 0;
  const mostInputsMissingRows: number[] = [];
  /** Input columns that give features, once each (an encoder per column). */
  const featureColumns = [...new Set(predictor.preprocessing.encoders.map((e) => e.column))];
  // Cells a spreadsheet would run as formulas (CSV injection): header names once, then per
  // batch the ids, kept cells and predicted class names (a class name comes from training data).
  const formulas = new FormulaCellScan();
  formulas.header(header);
  const formulaLabels = tasks.map((t) => t.labels.map(looksLikeFormula));
  const csv = out
    ? predictionCsvOutput(
        out,
        header,
        tasks.map((t) => t.labels),
        format,
      )
    : null;
  const flush = async (
    columns: Record<string, RawCell[]> | Float32Array,
    rows: number[],
    ids: (string | null)[] | null,
    kept: { names: readonly string[]; cells: string[][] } | null = null,
    lines: readonly number[] | null = null,
  ) => {
    const n = rows.length;
    if (n === 0) return [];
    // The id column follows `row` in the header (predictionLayout).
    for (let r = 0; r < n; r++) {
      const line = lines?.[r];
      if (ids) formulas.cell(header[1], rows[r], line, ids[r] ?? '');
      if (kept)
        for (let j = 0; j < kept.names.length; j++)
          formulas.cell(kept.names[j], rows[r], line, kept.cells[j][r]);
    }
    // Table input: per row, how many of the model's inputs are missing (null) — only the
    // columns that give features (preprocessing drops a column with no training value).
    let inputsMissing: Int32Array | null = null;
    let farOutsideColumns: string[][] | null = null;
    if (!(columns instanceof Float32Array)) {
      countUnseenCategories(predictor.preprocessing, columns, unseen);
      farOutsideColumns = countFarOutside(predictor.preprocessing, columns, farOutside, rows);
      inputsMissing = new Int32Array(n);
      for (const column of featureColumns) {
        const cells = columns[column];
        for (let r = 0; r < n; r++) if (cells[r] === null) inputsMissing[r] += 1;
      }
      const inputs = featureColumns.length;
      for (let r = 0; r < n; r++) {
        if (inputs > 0 && inputsMissing[r] === inputs) rowsAllInputsMissing++;
        if (mostInputsMissing(inputsMissing[r], inputs)) {
          rowsMostInputsMissing++;
          if (mostInputsMissingRows.length < MOST_MISSING_ROWS_LISTED)
            mostInputsMissingRows.push(rows[r]);
        }
      }
    }
    const features =
      columns instanceof Float32Array ? columns : transform(predictor.preprocessing, columns);
    const probs = predictor.predict(features, n);
    const best = tasks.map((t, ti) => {
      const k = t.labels.length;
      const p = probs[ti];
      const arg = new Int32Array(n);
      for (let r = 0; r < n; r++) {
        let b = 0;
        for (let c = 1; c < k; c++) if (p[r * k + c] > p[r * k + b]) b = c;
        arg[r] = b;
      }
      return arg;
    });
    // A class name is named once, not counted per row (found by a new user: INCOME's
    // "-10.000)" made every prediction warn of "164 cells").
    tasks.forEach((t, ti) => {
      if (!formulaLabels[ti].includes(true)) return;
      for (let r = 0; r < n; r++) {
        const b = best[ti][r];
        if (formulaLabels[ti][b]) formulas.classLabel(t.name, t.labels[b]);
      }
    });
    if (csv) await csv.batch({ rows, ids, kept: kept?.cells, probs, best, inputsMissing });
    if (onRows) {
      onRows(
        rows.map((row, r) => ({
          row,
          id: ids ? ids[r] : null,
          ...(kept
            ? { kept: Object.fromEntries(kept.names.map((name, j) => [name, kept.cells[j][r]])) }
            : {}),
          predictions: tasks.map((t, ti) => ({
            label: t.labels[best[ti][r]],
            probability: probs[ti][r * t.labels.length + best[ti][r]],
          })),
          ...(format.allProbs
            ? {
                probabilities: tasks.map((t, ti) =>
                  Array.from(probs[ti].subarray(r * t.labels.length, (r + 1) * t.labels.length)),
                ),
              }
            : {}),
          ...(inputsMissing ? { inputsMissing: inputsMissing[r] } : {}),
          ...(farOutsideColumns && farOutsideColumns[r].length > 0
            ? { farOutside: farOutsideColumns[r] }
            : {}),
        })),
      );
    }
    return best;
  };
  /** The unseen categories met so far, in the model's column order. */
  const unseenCategories = (): UnseenCategories[] =>
    predictor.preprocessing.encoders.flatMap((e) => {
      const entry = unseen.get(e.column);
      return entry ? [entry] : [];
    });
  /** Numeric inputs with values far outside the training data so far, in the model's column order. */
  const farOutsideSummary = (): { farOutside?: FarOutsideValues[] } => {
    const found = predictor.preprocessing.encoders.flatMap((e) => {
      const entry = farOutside.get(e.column);
      return entry ? [entry] : [];
    });
    return found.length > 0 ? { farOutside: found } : {};
  };
  const formulaSummary = (): { formulaCells?: FormulaCells } => {
    const found = formulas.result();
    return found ? { formulaCells: found } : {};
  };
  return Object.assign(flush, {
    unseenCategories,
    /** Writes the header if no batch wrote it (no row predicted). */
    writeHeader: async () => {
      await csv?.writeHeader();
    },
    /** Rows so far whose every input was missing (table input). */
    rowsAllInputsMissing: () => rowsAllInputsMissing,
    /**
     * What table input's summary says of the batches so far: rows, time and rate, the output
     * columns, the id column, unseen categories, values far outside the training data and
     * rows with every input missing.
     * @param rows rows predicted; @param started when prediction began (performance.now(), ms).
     */
    summary: (rows: number, started: number, idColumn: string | null) => {
      const seconds = (performance.now() - started) / 1000;
      return {
        rows,
        seconds,
        rowsPerSecond: rows / seconds,
        columns: header,
        idColumn,
        unseenCategories: unseenCategories(),
        rowsAllInputsMissing,
        rowsMostInputsMissing,
        mostInputsMissingRows: [...mostInputsMissingRows],
        ...farOutsideSummary(),
        ...formulaSummary(),
      };
    },
  });
}

/**
 * Predicts every row of a dataset of the project, in chunks of row ids.
 * @param options.missingColumns the model's input columns the dataset lacks: refused
 *   ('refuse', the default) or, with 'impute', read as missing in every row (imputed as the
 *   model imputes a missing cell; listed as the summary's `missingColumns`), as predictCsv
 *   does for a file; a dataset with none of the model's columns is refused either way.
 * @throws MtlError('BAD_REQUEST') when the dataset lacks an input column of the model (reason
 *   PREDICT_DATASET_MISSING_COLUMN, details `missing`: all of them, in the model's order) or
 *   has it with an incompatible type (numeric in training, text here, or the reverse).
 */
export async function predictDataset(
  predictor: Predictor,
  store: ProjectStore,
  datasetId: number,
  options: PredictPassOptions & {
    /** Row ids read per chunk (default 50 000). */
    chunkRows?: number;
    missingColumns?: 'refuse' | 'impute';
  } = {},
): Promise<PredictSummary> {
  const started = performance.now();
  const dataset = await store.datasets.get(datasetId);
  refuseImageModel(predictor, `dataset "${dataset.name}"`);
  const typeOf = new Map(dataset.columns.map((c) => [c.name, c.type]));
  const numericLike = (t: ColumnType) => t === 'numeric' || t === 'boolean';
  const missing = predictor.columns.filter((c) => !typeOf.has(c.name)).map((c) => c.name);
  const imputed =
    options.missingColumns === 'impute' && missing.length < predictor.columns.length ? missing : [];
  if (missing.length > 0 && imputed.length === 0) {
    const list = missing.map((m) => `"${m}"`).join(', ');
    throw new MtlError(
      'BAD_REQUEST',
      `Dataset "${dataset.name}" has no column${missing.length > 1 ? 's' : ''} ${list}, which the model reads.`,
      reasonDetails(
        'PREDICT_DATASET_MISSING_COLUMN',
        { dataset: dataset.name, column: missing.join(', ') },
        { missing },
      ),
    );
  }
  for (const c of predictor.columns) {
    const type = typeOf.get(c.name);
    if (type === undefined) continue;
    if (numericLike(type) !== numericLike(c.type)) {
      throw new MtlError(
        'BAD_REQUEST',
        `Column "${c.name}" of dataset "${dataset.name}" is ${type}; the model was trained on it as ${c.type}.`,
        reasonDetails(
          'PREDICT_COLUMN_TYPE',
          {
            dataset: dataset.name,
            column: c.name,
            type,
            trained: c.type,
          },
          // The renderer words both types in the user's language (types.<type>).
          { phrases: { type: { key: `types.${type}` }, trained: { key: `types.${c.type}` } } },
        ),
      );
    }
  }
  return withPredictionOutput(
    options.output,
    outputGuard(predictor, null, store.path),
    async (stream) => {
      const splitName = splitColumnName(predictor);
      const columns = predictionColumns(predictor, {
        idColumn: null,
        allProbs: options.allProbs,
        rowColumn: 'row_id',
        inputsMissing: true,
        kept: options.rowSplit ? [splitName] : [],
      });
      const flush = batchPredictor(predictor, options, stream, options.onRows, columns);
      const names = predictor.columns.map((c) => c.name).filter((n) => typeOf.has(n));
      const chunk = options.chunkRows ?? 50_000;
      // Imported rows have ids 1…rowCount (as streaming training assumes); chunks by id range.
      let count = 0;
      let empty = 0;
      for (let from = 1; count < dataset.rowCount && empty < 100; from += chunk) {
        throwIfCancelled(options.signal);
        const read = await store.datasets.readColumns(datasetId, names, {
          fromRowId: from,
          toRowId: from + chunk - 1,
        });
        empty = read.rowIds.length === 0 ? empty + 1 : 0;
        // An imputed column (not in the dataset) is missing in every row.
        const values: Record<string, RawCell[]> = { ...read.values };
        for (const name of imputed)
          values[name] = new Array<RawCell>(read.rowIds.length).fill(null);
        await flush(
          values,
          read.rowIds,
          null,
          splitCells(splitName, options.rowSplit, read.rowIds),
        );
        count += read.rowIds.length;
      }
      await flush.writeHeader();
      return {
        ...flush.summary(count, started, null),
        ...(imputed.length > 0 ? { missingColumns: imputed } : {}),
      };
    },
  );
}

/**
 * Refuse table input (a CSV file, a dataset: `what`, as the message names it) to an image
 * model, which predicts folders of images (predictImages.ts).
 * @throws MtlError('BAD_REQUEST', …, { reason: 'IMAGE_MODEL_NEEDS_FOLDER' }) when an image
 *   model is given table input (`what`).
 */
export function refuseImageModel(predictor: Predictor, what: string): void {
  if (predictor.preprocessing.image) {
    throw new MtlError(
      'BAD_REQUEST',
      `${predictor.source} is an image model: give it a folder of images (or one image file), not ${what}.`,
      reasonDetails('IMAGE_MODEL_NEEDS_FOLDER', { file: basename(what) }),
    );
  }
}

/**
 * The final model a bundle's metadata describes (Predictor.finalModel): its cross-validation
 * estimate's id and rows, and the refit's epochs; nothing for any other bundle.
 */
function bundleFinalModel(metadata: BundleMetadata): Pick<Predictor, 'finalModel'> {
  const cv = metadata.crossValidation;
  const refit = metadata.training.refit;
  if (!cv || refit?.rows !== 'all-labelled') return {};
  return {
    finalModel: {
      runId: metadata.origin.runId,
      finalOf: {
        evaluationId: cv.evaluationId,
        labelledRows: cv.labelledRows,
        epochs: refit.epochs,
        epochsPerTask: refit.epochsPerTask,
      },
      labelledRowsPerTask: cv.labelledRowsPerTask ?? null,
    },
  };
}
