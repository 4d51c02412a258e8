/**
 * Images read through a PixelReader in chunks (engine/imageStreaming.ts): the streamed job
 * trains on the same batches as the in-memory job of the same seed — the in-memory path is
 * the reference (its scaling and training are checked in images.test.ts and against the
 * tfjs cpu backend in cnnKernel.test.ts) — and reads are bounded by the chunk size.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../src/main/engine/backend';
import { chunkRowsFor, type PixelReader } from '../../src/main/engine/imageStreaming';
import { runTrainingJob, type TrainingJobInput } from '../../src/main/engine/job';
import type { SplitName } from '../../src/shared/domain';
import { MtlError } from '../../src/shared/errors';
import { testConfig } from './synthetic';
import { IMAGE_TASKS, squares } from './syntheticImages';

beforeAll(async () => {
  await selectBackend('wasm');
});

const SHAPE = { height: 10, width: 10, channels: 3 };
const IMAGE_BYTES = 10 * 10 * 3;

/** The squares images as a job; row ids are 101…100+n (not indices, to catch mix-ups). */
function job(n: number): { input: Omit<TrainingJobInput, 'config'>; pixels: Uint8Array } {
  const data = squares(n, SHAPE, 5);
  const assignment: SplitName[] = Array.from({ length: n }, () => 'train');
  data.validation.forEach((r) => (assignment[r] = 'validation'));
  data.test.forEach((r) => (assignment[r] = 'test'));
  return {
    pixels: data.features,
    input: {
      rowIds: Array.from({ length: n }, (_, i) => 101 + i),
      assignment,
      inputs: [],
      image: { pixels: data.features, shape: SHAPE },
      targets: IMAGE_TASKS.map((task, t) => ({
        task,
        type: 'categorical' as const,
        values: Array.from(data.labels[t], (y) => (y < 0 ? null : task.classes[y])),
      })),
    },
  };
}

/** A reader over pixels in memory that records the size of every read. */
function recordingReader(pixels: Uint8Array, reads: number[]): PixelReader {
  return {
    async read(rowIds) {
      reads.push(rowIds.length);
      const out = new Uint8Array(rowIds.length * IMAGE_BYTES);
      rowIds.forEach((id, k) =>
        out.set(
          pixels.subarray((id - 101) * IMAGE_BYTES, (id - 100) * IMAGE_BYTES),
          k * IMAGE_BYTES,
        ),
      );
      // Let the trainer run between reads, as a store read would.
      await new Promise((resolve) => setImmediate(resolve));
      return out;
    },
  };
}

describe('chunkRowsFor', () => {
  it('rounds the rows of about chunkBytes down to whole batches', () => {
    // 8 MiB of 28×28 grey images = 10 699.8 images → 167 batches of 64 = 10 688 rows.
    expect(chunkRowsFor({ height: 28, width: 28, channels: 1 }, 8 * 2 ** 20, 64)).toBe(10_688);
    // Less than one batch's bytes: still one batch.
    expect(chunkRowsFor(SHAPE, 1000, 16)).toBe(16);
  });
});

describe('streamed image training', () => {
  it('trains, scores and saves exactly what the in-memory job of the same seed does', async () => {
    const { input, pixels } = job(200);
    const config = testConfig({
      arch: 'hard-sharing',
      trunk: 'cnn',
      convFilters: [4, 8],
      hiddenUnits: [16],
      epochs: 3,
      batchSize: 16,
      augmentFlip: 'horizontal',
      augmentShift: 1,
    });
    const memory = await runTrainingJob({ ...input, config });
    const reads: number[] = [];
    // Chunks of 3 batches (48 rows) of the 120 training rows: 3 reads an epoch.
    const chunkBytes = 50 * IMAGE_BYTES;
    const streamed = await runTrainingJob(
      { ...input, image: { shape: SHAPE, chunkBytes }, config },
      { pixels: recordingReader(pixels, reads) },
    );
    expect(streamed.epochs.map((e) => e.trainLoss)).toEqual(memory.epochs.map((e) => e.trainLoss));
    expect(streamed.epochs.map((e) => e.tasks)).toEqual(memory.epochs.map((e) => e.tasks));
    expect(streamed.preprocessing).toEqual(memory.preprocessing);
    expect(streamed.predictions).toEqual(memory.predictions);
    expect(streamed.results).toEqual(memory.results);
    expect(Buffer.from(streamed.weights.weights).equals(Buffer.from(memory.weights.weights))).toBe(
      true,
    );
    // No read asked for more than one chunk: 50 rows for scaling, validation and test,
    // 48 (3 whole batches) for training.
    expect(Math.max(...reads)).toBeLessThanOrEqual(50);
    expect(reads.filter((r) => r === 48).length).toBeGreaterThanOrEqual(2 * 3);
  });

  it('refuses streamed images without a reader, and passes on a reader error', async () => {
    const { input } = job(60);
    const config = testConfig({ trunk: 'cnn', convFilters: [4], hiddenUnits: [8], epochs: 1 });
    const streamedInput = { ...input, image: { shape: SHAPE }, config };
    await expect(runTrainingJob(streamedInput)).rejects.toThrow(/pixel reader/);
    const failing: PixelReader = {
      read: async (rowIds) => {
        throw new MtlError('NOT_FOUND', `Row ${rowIds[0]} of dataset 1 has no image`);
      },
    };
    await expect(runTrainingJob(streamedInput, { pixels: failing })).rejects.toThrow(
      /Row 101 of dataset 1 has no image/,
    );
  });

  it('refuses a reader that returns the wrong number of bytes, naming both', async () => {
    const { input, pixels } = job(60);
    const config = testConfig({ trunk: 'cnn', convFilters: [4], hiddenUnits: [8], epochs: 1 });
    const short: PixelReader = {
      read: async (rowIds) => pixels.subarray(0, (rowIds.length - 1) * IMAGE_BYTES),
    };
    await expect(
      runTrainingJob({ ...input, image: { shape: SHAPE }, config }, { pixels: short }),
    ).rejects.toThrow(/gave \d+ bytes for \d+ images of 10×10×3/);
  });
});
