/**
 * Image import rate: synthetic card PNGs (src/main/data/images/cards.ts) are written to a
 * temporary folder (not timed), then imported into a fresh project — read, SHA-256, decode,
 * resize, thumbnail and store in one transaction — and timed. Also times reading the
 * training pixels back in batches (`ProjectStore.assets.readPixels`), as training does.
 */
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { generateCards } from '../src/main/data/images/cards';
import { mulberry32, shuffleInPlace } from '../src/main/engine/random';
import { importImages } from '../src/main/data/images';
import { defaultConcurrency } from '../src/main/data/images/readImages';
import { ProjectStore } from '../src/main/store/projectStore';

/** What the image-import section measured. */
export interface ImageImportResult {
  images: number;
  /** Side of the source PNG files in pixels. */
  sourceSize: number;
  /** Bytes of the source files. */
  sourceBytes: number;
  /** Training pixels: side and colour. */
  size: number;
  colour: 'rgb' | 'grey';
  concurrency: number;
  /** Seconds to write the cards (not part of the import rate). */
  generateSeconds: number;
  importSeconds: number;
  imagesPerSecond: number;
  /** Source megabytes (10^6 bytes) imported per second. */
  megabytesPerSecond: number;
  /** Size of the project file (with its WAL) after the import, MiB. */
  projectMiB: number;
  /** Reading all training pixels back in batches of `batchSize` shuffled row ids. */
  readPixels: { batchSize: number; rowsPerSecond: number };
}

async function fileSize(path: string): Promise<number> {
  return (await stat(path).catch(() => null))?.size ?? 0;
}

/**
 * Generates `images` cards of `sourceSize` px and times their import at `size` px RGB.
 * @param images number of PNG files (≥ 10 000 for the real numbers)
 */
export async function runImageImport(options: {
  images: number;
  sourceSize?: number;
  size?: number;
  log: (line: string) => void;
}): Promise<ImageImportResult> {
  const { images, log } = options;
  const sourceSize = options.sourceSize ?? 128;
  const size = options.size ?? 64;
  const dir = await mkdtemp(join(tmpdir(), 'mtl-bench-images-'));
  try {
    const cardsDir = join(dir, 'cards');
    let t = performance.now();
    const cards = await generateCards(cardsDir, { count: images, seed: 1, size: sourceSize });
    const generateSeconds = (performance.now() - t) / 1000;
    let sourceBytes = 0;
    for (const card of cards) sourceBytes += await fileSize(join(cardsDir, card.path));
    log(`images: ${images} cards generated in ${generateSeconds.toFixed(1)} s`);

    const projectFile = join(dir, 'bench.mtlproj');
    const store = await ProjectStore.open(projectFile, { create: true });
    try {
      const concurrency = defaultConcurrency();
      t = performance.now();
      const result = await importImages(store, cardsDir, { size, colour: 'rgb', concurrency });
      const importSeconds = (performance.now() - t) / 1000;
      log(`images: imported ${result.imported} in ${importSeconds.toFixed(1)} s`);

      const batchSize = 256;
      // Shuffled, as an epoch reads them: batches are not runs of neighbouring rows.
      const order = shuffleInPlace(
        Array.from({ length: result.imported }, (_, i) => i + 1),
        mulberry32(1),
      ) as number[];
      t = performance.now();
      for (let i = 0; i < order.length; i += batchSize) {
        await store.assets.readPixels(result.dataset.id, order.slice(i, i + batchSize));
      }
      const readSeconds = (performance.now() - t) / 1000;
      const projectBytes = (await fileSize(projectFile)) + (await fileSize(`${projectFile}-wal`));
      return {
        images: result.imported,
        sourceSize,
        sourceBytes,
        size,
        colour: 'rgb',
        concurrency,
        generateSeconds,
        importSeconds,
        imagesPerSecond: result.imported / importSeconds,
        megabytesPerSecond: sourceBytes / 1e6 / importSeconds,
        projectMiB: projectBytes / 2 ** 20,
        readPixels: { batchSize, rowsPerSecond: order.length / readSeconds },
      };
    } finally {
      await store.close();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
