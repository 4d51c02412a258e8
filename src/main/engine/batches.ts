/**
 * What the training loop reads: tasks, input rows (table features or image pixels), labels,
 * splits, and mini-batches from memory or from a streaming source; plus the one-hot and
 * class-weight helpers of the masked loss.
 */
import type { ImagePreprocessing } from './images';
import { shuffleInPlace } from './random';

/** A task to train: its name and ordered classes. */
export interface TrainingTask {
  name: string;
  classes: string[];
}

/**
 * Rows of network input as stored: tables as preprocessed float32 features
 * [n, numFeatures]; images as uint8 pixels [n, height, width, channels] (NHWC, 0…255,
 * numFeatures = height · width · channels), turned into float32 per batch by the engine
 * with the image preprocessing (engine/images.ts).
 */
export type InputRows = Float32Array | Uint8Array;

/**
 * Everything the loop trains on, already preprocessed (tables) or with fitted image scaling
 * (images: `TrainingData<Uint8Array>`).
 */
export interface TrainingData<X extends InputRows = Float32Array> {
  /** Tables: row-major features [n, numFeatures], float32. Images: see {@link InputRows}. */
  features: X;
  numFeatures: number;
  /**
   * Image inputs: their shape and per-channel scaling fitted on the training split
   * (fitImagePreprocessing); `features` then holds uint8 pixels. Absent for tables.
   */
  image?: ImagePreprocessing;
  /** Per task, [n] class index per row, −1 where the label is missing (masked out). */
  labels: Int32Array[];
  /** Row indices (into the n rows) of each split. */
  train: Int32Array;
  validation: Int32Array;
}

/**
 * One mini-batch: input rows [size, numFeatures] (float32 features, or uint8 pixels
 * [size, height, width, channels] for images; see {@link InputRows}) and per task [size]
 * labels (−1 = missing).
 */
export interface Batch {
  x: InputRows;
  size: number;
  labels: Int32Array[];
}

/**
 * Where training batches come from: memory ({@link inMemoryBatches}), a table streamed
 * from the project store in chunks (engine/streaming.ts), or stored images read in chunks
 * (engine/imageStreaming.ts), so data larger than memory trains with bounded memory.
 */
export interface BatchSource {
  /** Per task, [k] counts of labelled training rows per class. */
  classCounts: number[][];
  /** Number of training rows (labelled for at least one task or not). */
  rows: number;
  /**
   * The mini-batches of one epoch, in an order drawn from `random` (seeded by the run).
   * @param batchSize rows per batch (the last may be smaller).
   */
  epoch(batchSize: number, random: () => number): AsyncIterable<Batch> | Iterable<Batch>;
  /**
   * The permutation of the training rows carried from epoch to epoch, when the source
   * keeps one: a checkpoint saves it, a resumed run sets it back (in place).
   */
  readonly order?: Int32Array;
  /**
   * Tables held in memory: the rows the batches are gathered from, so the fused kernel can
   * hold them resident and gather each batch itself instead of iterating {@link epoch}.
   * `shuffle` draws the next epoch's order exactly as {@link epoch} does (same permutation,
   * same draws from `random`): order[start … start + batchSize) is the batch.
   */
  readonly resident?: ResidentSource;
}

/** Every row of an in-memory table (see {@link BatchSource.resident}). */
export interface ResidentSource {
  /** Row-major [n, numFeatures] float32 features of all n rows. */
  features: Float32Array;
  /** Per task [n] class index, −1 = missing. */
  labels: Int32Array[];
  /** Shuffles the training rows' order for the next epoch (in place) and returns it. */
  shuffle(random: () => number): Int32Array;
}

/** Rows scored each epoch (validation), held in memory. */
export interface EvaluationSet {
  /** Row-major [n, numFeatures] (uint8 pixels for images; see {@link InputRows}). */
  features: InputRows;
  /** Per task [n]. */
  labels: Int32Array[];
  /** Which of the n rows to score. */
  rows: Int32Array;
}

/** Training data as a batch source plus an in-memory validation set. */
export interface SourceData {
  numFeatures: number;
  /** Image inputs: shape and fitted scaling; batches and validation rows are then uint8 pixels. */
  image?: ImagePreprocessing;
  batches: BatchSource;
  validation: EvaluationSet;
}

/**
 * Batches of in-memory data: each epoch shuffles the training rows (the permutation carries
 * over between epochs) and gathers them into batches. Tables (float32 features) are also
 * offered as {@link BatchSource.resident} rows.
 */
export function inMemoryBatches(data: TrainingData<InputRows>): BatchSource {
  const order = Int32Array.from(data.train);
  const shuffle = (random: () => number) => {
    shuffleInPlace(order, random);
    return order;
  };
  const features = data.features;
  return {
    classCounts: classCountsOf(data.labels, data.train),
    rows: order.length,
    order,
    resident:
      features instanceof Float32Array ? { features, labels: data.labels, shuffle } : undefined,
    *epoch(batchSize, random) {
      shuffle(random);
      for (let start = 0; start < order.length; start += batchSize) {
        const rows = order.subarray(start, Math.min(start + batchSize, order.length));
        yield {
          x: gatherRows(data.features, data.numFeatures, rows),
          size: rows.length,
          labels: data.labels.map((labels) => gatherLabels(labels, rows)),
        };
      }
    },
  };
}

/**
 * Per task, counts of labelled rows per class among `rows` (the training split), as a
 * {@link BatchSource} reports them: [max class seen + 1] counts (classes above the largest
 * one seen are left out).
 * @param labels per task [n] class index or −1; @param rows indices into the n rows.
 */
export function classCountsOf(labels: Int32Array[], rows: ArrayLike<number>): number[][] {
  return labels.map((taskLabels) => {
    const counts: number[] = [];
    for (let i = 0; i < rows.length; i++) {
      const y = taskLabels[rows[i]];
      if (y >= 0) counts[y] = (counts[y] ?? 0) + 1;
    }
    return Array.from(counts, (c) => c ?? 0);
  });
}

/**
 * One-hot targets of a batch for one task, with all-zero rows where the label is missing;
 * with class weights, row r's entry is classWeights[y_r] instead of 1.
 * @param labels [n] class index or −1; @param rows batch row indices; @param k classes.
 * @param classWeights optional [k] weight per class.
 * @returns the row-major [rows.length, k] values, the number of labelled rows, and the sum
 *   of their weights (= count without class weights).
 */
export function oneHotBatch(
  labels: Int32Array,
  rows: ArrayLike<number>,
  k: number,
  classWeights?: ArrayLike<number>,
): { values: Float32Array; count: number; weight: number } {
  const values = new Float32Array(rows.length * k);
  let count = 0;
  let weight = 0;
  for (let i = 0; i < rows.length; i++) {
    const y = labels[rows[i]];
    if (y >= 0) {
      const w = classWeights ? classWeights[y] : 1;
      values[i * k + y] = w;
      count++;
      weight += w;
    }
  }
  return { values, count, weight };
}

/**
 * 'balanced' class weights of one task, as sklearn's
 * compute_class_weight('balanced'): w_c = n / (k · count_c) over the labelled rows among
 * `rows` (n of them). A class with no labelled row gets 1 (it never occurs in a batch).
 * @param labels [n_all] class index or −1; @param rows the rows to count (training split).
 * @returns [k] weights (float64).
 */
export function balancedClassWeights(
  labels: Int32Array,
  rows: ArrayLike<number>,
  k: number,
): Float64Array {
  const counts = new Array<number>(k).fill(0);
  for (let i = 0; i < rows.length; i++) {
    const y = labels[rows[i]];
    if (y >= 0) counts[y]++;
  }
  return balancedFromCounts(counts, k);
}

/**
 * 'balanced' class weights from class counts: w_c = n / (k · count_c), n = Σ counts; a
 * class without rows gets 1. @returns [k] weights.
 */
export function balancedFromCounts(counts: ArrayLike<number>, k: number): Float64Array {
  let n = 0;
  for (let c = 0; c < k; c++) n += counts[c] ?? 0;
  return Float64Array.from({ length: k }, (_, c) =>
    (counts[c] ?? 0) > 0 ? n / (k * counts[c]) : 1,
  );
}

/** Rows of a row-major matrix [n, width] → a new [rows.length, width] of the same type. */
export function gatherRows<T extends InputRows>(
  features: T,
  width: number,
  rows: ArrayLike<number>,
): T {
  const out = (
    features instanceof Uint8Array
      ? new Uint8Array(rows.length * width)
      : new Float32Array(rows.length * width)
  ) as T;
  for (let i = 0; i < rows.length; i++) {
    // A plain loop: cheaper than a subarray + set per row for the narrow rows of tables.
    const from = rows[i] * width;
    const to = i * width;
    for (let j = 0; j < width; j++) out[to + j] = features[from + j];
  }
  return out;
}

/** Labels of some rows: [rows.length] from [n] (−1 stays −1). */
export function gatherLabels(labels: Int32Array, rows: ArrayLike<number>): Int32Array {
  const out = new Int32Array(rows.length);
  for (let i = 0; i < rows.length; i++) out[i] = labels[rows[i]];
  return out;
}
