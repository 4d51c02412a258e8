/**
 * Image training with the pixels read from the project store in chunks, so a data set of
 * images larger than memory trains with bounded memory (Fashion-MNIST's 70 000 images, or
 * tens of thousands of 64×64 RGB photos).
 *
 * The engine never sees the store: it reads images through a {@link PixelReader} (row ids
 * in, uint8 pixels out), which the training service implements over SQLite — in this
 * process, or across the training child process's IPC channel (worker/protocol.ts).
 *
 * Same batches as in memory: each epoch shuffles the training rows with the run's seeded
 * stream exactly as {@link inMemoryBatches} does (a global shuffle, not one local to a
 * chunk), then reads them in chunks of a whole number of batches, each chunk's read
 * overlapping the training of the previous one. The per-channel scaling is fitted with the
 * same exact integer sums. So a streamed run trains on the same mini-batches, in the same
 * order, as the in-memory run of the same seed, and gives the same network.
 */
import { MtlError } from '../../shared/errors';
import type { MultiTaskNetwork } from './architectures/types';
import {
  classCountsOf,
  gatherLabels,
  type Batch,
  type BatchSource,
  type EvaluationSet,
} from './batches';
import { ImageStatsFitter, imageSize, type ImagePreprocessing, type ImageShape } from './images';
import { predictionChunkRows, predictProbabilities } from './prediction';
import { shuffleInPlace } from './random';

/**
 * Stored images by row id: the narrow interface through which the engine reads pixels it
 * does not hold.
 */
export interface PixelReader {
  /**
   * @param rowIds row ids as stored (at most 100 000 per call; ids may repeat).
   * @returns uint8 [rowIds.length, height, width, channels] (NHWC), image k = row rowIds[k].
   * @throws whatever the store throws (e.g. MtlError('NOT_FOUND') for a row without image).
   */
  read(rowIds: readonly number[]): Promise<Uint8Array>;
}

/** Pixel bytes read at a time by default (8 MiB: 10 688 Fashion-MNIST images, 640 of 64×64×3). */
export const DEFAULT_CHUNK_BYTES = 8 * 2 ** 20;
/**
 * Most pixel bytes of validation images held in memory by default (64 MiB: every validation
 * image of Fashion-MNIST; the first 5 461 of 64×64×3 images, in row order).
 */
export const DEFAULT_MAX_VALIDATION_BYTES = 64 * 2 ** 20;

/** Images of a job read through a reader. */
export interface StreamedImages {
  reader: PixelReader;
  shape: ImageShape;
  /** [n] row id of each of the job's rows (indices below are into these n rows). */
  rowIds: readonly number[];
  /** Pixel bytes per read (default {@link DEFAULT_CHUNK_BYTES}). */
  chunkBytes?: number;
}

/**
 * Rows per read: about `chunkBytes` of pixels, rounded down to a multiple of `multiple`
 * (at least one multiple).
 */
export function chunkRowsFor(shape: ImageShape, chunkBytes: number, multiple: number): number {
  const rows = Math.floor(chunkBytes / imageSize(shape));
  return Math.max(1, Math.floor(rows / multiple)) * multiple;
}

/** The row ids of some row indices. */
function idsOf(images: StreamedImages, rows: ArrayLike<number>): number[] {
  return Array.from(rows, (r) => images.rowIds[r]);
}

/** Reads and checks one chunk: [rows.length, height, width, channels] bytes. */
async function readChunk(images: StreamedImages, rows: ArrayLike<number>): Promise<Uint8Array> {
  const pixels = await images.reader.read(idsOf(images, rows));
  const expected = rows.length * imageSize(images.shape);
  if (pixels.length !== expected) {
    const { height, width, channels } = images.shape;
    throw new MtlError(
      'BAD_REQUEST',
      `The pixel reader gave ${pixels.length} bytes for ${rows.length} images of ${height}×${width}×${channels} (${expected} expected).`,
    );
  }
  return pixels;
}

/**
 * Reads the images of some rows, in chunks of about `images.chunkBytes`, into one array
 * (Auto's search holds its non-test images in memory: engine/autoJob.ts).
 * @param rows indices into `images.rowIds`.
 * @returns uint8 [rows.length, height, width, channels] (NHWC), image k = row rows[k].
 * @throws MtlError('BAD_REQUEST') when the reader gives the wrong number of bytes, and what
 *   the reader throws.
 */
export async function readImageRows(
  images: StreamedImages,
  rows: ArrayLike<number>,
): Promise<Uint8Array> {
  const size = imageSize(images.shape);
  const out = new Uint8Array(rows.length * size);
  const chunk = chunkRowsFor(images.shape, images.chunkBytes ?? DEFAULT_CHUNK_BYTES, 1);
  for (let start = 0; start < rows.length; start += chunk) {
    const part = Array.from(
      { length: Math.min(chunk, rows.length - start) },
      (_, k) => rows[start + k],
    );
    out.set(await readChunk(images, part), start * size);
  }
  return out;
}

/**
 * Fits the per-channel scaling on the training images, read in chunks (row order); equal
 * to fitImagePreprocessing on the same images held in memory (exact integer sums).
 * @param trainRows indices of the training rows. @throws MtlError('BAD_REQUEST') when
 *   there is no training row, and what the reader throws.
 */
export async function fitStreamedImages(
  images: StreamedImages,
  trainRows: Int32Array,
): Promise<ImagePreprocessing> {
  const fitter = new ImageStatsFitter(images.shape);
  const chunk = chunkRowsFor(images.shape, images.chunkBytes ?? DEFAULT_CHUNK_BYTES, 1);
  for (let start = 0; start < trainRows.length; start += chunk)
    fitter.update(await readChunk(images, trainRows.subarray(start, start + chunk)));
  return fitter.finish();
}

/**
 * The rows scored each epoch, held in memory: the first rows of `rows` whose pixels fit in
 * `maxBytes` (all of them for any data set whose validation split is under 64 MiB).
 * @param labels per task [n] labels of all job rows. @returns an evaluation set over the
 *   kept rows (features = their pixels, rows 0…k−1).
 */
export async function streamedEvaluationSet(
  images: StreamedImages,
  rows: Int32Array,
  labels: Int32Array[],
  maxBytes = DEFAULT_MAX_VALIDATION_BYTES,
): Promise<EvaluationSet> {
  const kept = rows.subarray(0, Math.max(1, Math.floor(maxBytes / imageSize(images.shape))));
  const size = imageSize(images.shape);
  const features = new Uint8Array(kept.length * size);
  const chunk = chunkRowsFor(images.shape, images.chunkBytes ?? DEFAULT_CHUNK_BYTES, 1);
  for (let start = 0; start < kept.length; start += chunk)
    features.set(await readChunk(images, kept.subarray(start, start + chunk)), start * size);
  return {
    features,
    labels: labels.map((l) => gatherLabels(l, kept)),
    rows: Int32Array.from({ length: kept.length }, (_, i) => i),
  };
}

/**
 * Training batches of images read through the reader: each epoch shuffles the training
 * rows as {@link inMemoryBatches} does, reads them in chunks of a whole number of batches
 * (about `chunkBytes` each; the next chunk is read while the current one trains), and
 * yields the batches of each chunk. Memory: two chunks of pixels.
 * @param train indices of the training rows; @param labels per task [n] labels.
 */
export function streamedImageBatches(
  images: StreamedImages,
  train: Int32Array,
  labels: Int32Array[],
): BatchSource {
  const order = Int32Array.from(train);
  const size = imageSize(images.shape);
  return {
    classCounts: classCountsOf(labels, train),
    rows: order.length,
    order,
    async *epoch(batchSize: number, random: () => number): AsyncGenerator<Batch> {
      shuffleInPlace(order, random);
      const chunk = chunkRowsFor(images.shape, images.chunkBytes ?? DEFAULT_CHUNK_BYTES, batchSize);
      const read = (start: number): Promise<Uint8Array> | null => {
        if (start >= order.length) return null;
        const pending = readChunk(images, order.slice(start, start + chunk));
        // Awaited below; a read still pending when training stops must not go unhandled.
        pending.catch(() => undefined);
        return pending;
      };
      let next = read(0);
      for (let start = 0; start < order.length; start += chunk) {
        const rows = order.slice(start, start + chunk);
        const pixels = await next!;
        next = read(start + chunk);
        for (let from = 0; from < rows.length; from += batchSize) {
          const to = Math.min(from + batchSize, rows.length);
          const batchRows = rows.subarray(from, to);
          yield {
            x: pixels.subarray(from * size, to * size),
            size: to - from,
            labels: labels.map((l) => gatherLabels(l, batchRows)),
          };
        }
      }
    },
  };
}

/**
 * Class probabilities of some rows, their images read in chunks (a multiple of the
 * forward pass's rows, so the numbers equal an in-memory {@link predictProbabilities}).
 * @param rows indices of the rows; @param image the fitted image preprocessing.
 * @returns per task, row-major [rows.length, numClasses_t] (float32).
 */
export async function predictStreamedImages(
  network: MultiTaskNetwork,
  images: StreamedImages,
  rows: Int32Array,
  image: ImagePreprocessing,
): Promise<Float32Array[]> {
  const size = imageSize(images.shape);
  const perPass = predictionChunkRows(size, true);
  const chunk = chunkRowsFor(images.shape, images.chunkBytes ?? DEFAULT_CHUNK_BYTES, perPass);
  let out: Float32Array[] | null = null;
  for (let start = 0; start < rows.length; start += chunk) {
    const part = rows.subarray(start, start + chunk);
    const pixels = await readChunk(images, part);
    const probs = predictProbabilities(
      network,
      pixels,
      size,
      Int32Array.from({ length: part.length }, (_, i) => i),
      image,
    );
    out ??= probs.map((p) => new Float32Array((rows.length * p.length) / part.length));
    probs.forEach((p, t) => out![t].set(p, (start * p.length) / part.length));
  }
  return out ?? [];
}
