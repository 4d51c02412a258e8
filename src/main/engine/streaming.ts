/**
 * Training on a table streamed from the project store in chunks of rows, so memory stays
 * bounded by the chunk size (plus a capped validation sample), whatever the table's size.
 *
 * Pass 1 reads every chunk once: fits the preprocessing on the training rows (Welford, see
 * PreprocessingFitter), counts classes, and keeps up to `maxValidationRows` validation rows.
 * Each epoch then visits the chunks in a seeded random order and the rows of each chunk in
 * a seeded random order: a shuffle that is local to a chunk, the usual compromise of
 * streaming loaders (e.g. tf.data's shuffle buffer).
 */
import type { ColumnType, SplitName } from '../../shared/domain';
import { MtlError } from '../../shared/errors';
import type { ColumnRange } from '../store/columnReads';
import type { ProjectStore } from '../store/projectStore';
import {
  encodeLabels,
  PreprocessingFitter,
  transform,
  type FittedPreprocessing,
  type RawCell,
} from './preprocessing';
import { shuffleInPlace } from './random';
import {
  trainFromSource,
  type Batch,
  type BatchSource,
  type TrainOptions,
  type TrainOutcome,
  type TrainingTask,
} from './trainer';

/** What to stream. */
export interface StreamingInput {
  store: ProjectStore;
  datasetId: number;
  splitId: number;
  inputs: { name: string; type: ColumnType }[];
  targets: { task: TrainingTask; column: string; type: ColumnType }[];
  /** Rows read from SQLite at a time (default 50 000). */
  chunkRows?: number;
  /** Most validation rows kept in memory (default 20 000; the first ones in row order). */
  maxValidationRows?: number;
}

/** Result: the trained network (caller disposes) and the fitted preprocessing. */
export interface StreamingOutcome extends TrainOutcome {
  preprocessing: FittedPreprocessing;
  trainRows: number;
}

const SPLIT_CODE: Record<SplitName, number> = { train: 1, validation: 2, test: 3 };

/**
 * Trains with batches streamed from the store.
 * @throws MtlError('BAD_REQUEST') when row ids are not 1…rowCount (streaming reads ranges),
 *   and everything {@link trainFromSource} throws.
 */
export async function trainStreaming(
  input: StreamingInput,
  options: TrainOptions,
): Promise<StreamingOutcome> {
  const { store, datasetId } = input;
  const chunkRows = input.chunkRows ?? 50_000;
  const maxValidation = input.maxValidationRows ?? 20_000;
  const dataset = await store.datasets.get(datasetId);
  const n = dataset.rowCount;
  // Split of each row as one byte (row ids are 1…n for imported datasets).
  const split = new Uint8Array(n + 1);
  const assignment = await store.splits.assignment(input.splitId);
  assignment.rowIds.forEach((id, i) => {
    if (id < 1 || id > n)
      throw new MtlError('BAD_REQUEST', `Row id ${id} is outside 1…${n}; cannot stream.`);
    split[id] = SPLIT_CODE[assignment.assignment[i]];
  });
  const columns = [
    ...new Set([...input.inputs.map((c) => c.name), ...input.targets.map((t) => t.column)]),
  ];
  const chunks = Array.from({ length: Math.ceil(n / chunkRows) }, (_, c) => ({
    fromRowId: c * chunkRows + 1,
    toRowId: Math.min((c + 1) * chunkRows, n),
  }));

  // Pass 1: fit on training rows, count classes, keep a validation sample.
  const fitter = new PreprocessingFitter(input.inputs);
  const classCounts = input.targets.map((t) => new Array<number>(t.task.classes.length).fill(0));
  const validation: Record<string, RawCell[]> = Object.fromEntries(columns.map((c) => [c, []]));
  let trainRows = 0;
  let validationRows = 0;
  const read = (range: ChunkRange) => prefetch(store, datasetId, columns, range);
  let ahead = chunks.length > 0 ? read(chunks[0]) : null;
  for (let c = 0; c < chunks.length; c++) {
    const { rowIds, values } = await ahead!.result;
    // The next chunk is read in SQLite's thread while this one is scanned.
    ahead = c + 1 < chunks.length ? read(chunks[c + 1]) : null;
    const train = rowsOf(rowIds, split, SPLIT_CODE.train);
    trainRows += train.length;
    fitter.update(values, train);
    input.targets.forEach((t, k) => {
      const labels = encodeLabels(values[t.column], t.task.classes, t.type);
      for (const r of train) if (labels[r] >= 0) classCounts[k][labels[r]]++;
    });
    for (const r of rowsOf(rowIds, split, SPLIT_CODE.validation)) {
      if (validationRows >= maxValidation) break;
      for (const c of columns) validation[c].push(values[c][r]);
      validationRows++;
    }
  }
  if (validationRows === 0) {
    throw new MtlError(
      'BAD_REQUEST',
      'The split has no validation row; streaming training needs some for early stopping.',
    );
  }
  const preprocessing = fitter.finish();
  const numFeatures = preprocessing.featureNames.length;

  const batches: BatchSource = {
    classCounts,
    rows: trainRows,
    async *epoch(batchSize: number, random: () => number): AsyncGenerator<Batch> {
      const order = shuffleInPlace(chunks.slice(), random) as typeof chunks;
      // Only the training rows: SQLite leaves the others out (no text built, none parsed).
      const trainOnly = (range: ChunkRange) =>
        read({ ...range, inSplit: { splitId: input.splitId, part: 'train' } });
      let ahead = order.length > 0 ? trainOnly(order[0]) : null;
      for (let c = 0; c < order.length; c++) {
        const { rowIds, values } = await ahead!.result;
        // Read the next chunk while this one trains: SQLite runs the query (and builds its
        // text) in its own thread; the main thread only parses it when it arrives.
        ahead = c + 1 < order.length ? trainOnly(order[c + 1]) : null;
        const rows = shuffleInPlace(rowsOf(rowIds, split, SPLIT_CODE.train), random) as number[];
        const features = transform(preprocessing, values, rows);
        const labels = input.targets.map((t) =>
          gather(encodeLabels(values[t.column], t.task.classes, t.type), rows),
        );
        for (let start = 0, b = 0; start < rows.length; start += batchSize, b++) {
          // Let the read's callbacks run between steps (the trainer itself yields to the
          // event loop only every 100 ms), so the next chunk is ready when this one ends.
          if (ahead && !ahead.settled && b % YIELD_EVERY_BATCHES === YIELD_EVERY_BATCHES - 1)
            await new Promise((resolve) => setImmediate(resolve));
          const end = Math.min(start + batchSize, rows.length);
          yield {
            x: features.subarray(start * numFeatures, end * numFeatures),
            size: end - start,
            labels: labels.map((l) => l.subarray(start, end)),
          };
        }
      }
    },
  };
  const outcome = await trainFromSource(
    {
      numFeatures,
      batches,
      validation: {
        features: transform(preprocessing, validation),
        labels: input.targets.map((t) =>
          encodeLabels(validation[t.column], t.task.classes, t.type),
        ),
        rows: Int32Array.from({ length: validationRows }, (_, i) => i),
      },
    },
    options,
  );
  return { ...outcome, preprocessing, trainRows };
}

/** A chunk: the rows with fromRowId ≤ row_id ≤ toRowId (optionally of one split part). */
type ChunkRange = ColumnRange;

/** Batches trained between two turns of the event loop while a chunk is being read. */
const YIELD_EVERY_BATCHES = 8;

/** A chunk read started ahead of its use, and whether it has ended. */
interface Prefetch {
  result: Promise<{ rowIds: number[]; values: Record<string, RawCell[]> }>;
  settled: boolean;
}

/**
 * Starts reading one chunk now. A failure surfaces where `result` is awaited; a read
 * left behind (training stopped or cancelled first) fails silently.
 */
function prefetch(
  store: ProjectStore,
  datasetId: number,
  columns: string[],
  range: ChunkRange,
): Prefetch {
  const ahead: Prefetch = {
    result: store.datasets.readColumns(datasetId, columns, range),
    settled: false,
  };
  ahead.result.then(
    () => (ahead.settled = true),
    () => (ahead.settled = true),
  );
  return ahead;
}

/** Indices (into a chunk) of the chunk's rows in one split. */
function rowsOf(rowIds: number[], split: Uint8Array, code: number): number[] {
  const rows: number[] = [];
  for (let i = 0; i < rowIds.length; i++) if (split[rowIds[i]] === code) rows.push(i);
  return rows;
}

/** `all[rows[i]]` for each i. */
function gather(all: Int32Array, rows: number[]): Int32Array {
  const out = new Int32Array(rows.length);
  for (let i = 0; i < rows.length; i++) out[i] = all[rows[i]];
  return out;
}
