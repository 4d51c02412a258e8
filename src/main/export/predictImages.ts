/**
 * Predicting image files with an image model (part of the predict domain, see predict.ts):
 * a folder of images, recursively, or one image file, decoded and resized exactly as the
 * studio's import did, then predicted in batches through predict.ts's batch predictor and
 * written through predictOutput.ts.
 */
import { readFile, realpath, stat } from 'node:fs/promises';
import { basename, dirname, extname, join, resolve } from 'node:path';
import type { PixelSettings } from '../../shared/assets';
import { MtlError, reasonDetails } from '../../shared/errors';
import { throwIfCancelled } from '../data/cancellation';
import { DAMAGED_KINDS, damagedReason, decodeImage, ImageDecodeError } from '../data/images/decode';
import { isInside } from '../data/images/readImages';
import { IMAGE_EXTENSIONS, listFiles } from '../data/images/source';
import { encodeImages, imageSize } from '../engine/images';
import { batchPredictor, type Predictor } from './predict';
import {
  splitCells,
  splitColumnName,
  type PredictPassOptions,
  type PredictSummary,
} from './predictPass';
import type { ProjectStore } from '../store/projectStore';
import { outputGuard, predictionColumns, withPredictionOutput } from './predictOutput';

/** Images decoded and predicted at once by {@link predictImages}. */
const IMAGE_BATCH = 64;

/**
 * The id column of image predictions: each file's path relative to the folder, named so in
 * the CSV header and as the key of `predict --json`'s predictions.
 */
export const IMAGE_ID_COLUMN = 'path';

/**
 * The image files of a folder, recursively (an image extension; hidden entries left out as
 * the importer's listFiles does), as paths relative to it with '/' separators, in natural order as an import lists them (img 2 before img 10): the
 * order {@link predictImages} predicts them in.
 * @throws MtlError('NOT_FOUND') for a folder that cannot be read.
 */
export async function imageFilesOf(root: string): Promise<string[]> {
  try {
    // The importer's own listing (hidden files and folders left out: ._photo.png,
    // .thumbnails/), already sorted.
    return (await listFiles(root)).filter((p) => IMAGE_EXTENSIONS.has(extname(p).toLowerCase()));
  } catch (err) {
    throw new MtlError(
      'NOT_FOUND',
      `Cannot read the folder ${root}: ${err instanceof Error ? err.message : String(err)}`,
      { file: root },
    );
  }
}

/** An image file of the folder that {@link predictImages} skipped (`onCorrupt: 'skip'`). */
export interface SkippedImage {
  /** Path relative to the folder, '/' separators (as the output's `path` column names it). */
  path: string;
  /**
   * The file's position in the folder's listing (1-based, path order): the `row` number it
   * would have had in the output, which therefore has a gap there.
   */
  row: number;
  /** Why, in English (the CLI's words). */
  problem: string;
  /** The UI's key (images.problems.*) and parameters to word the problem in its language. */
  phrase: { key: string; params: Record<string, unknown> };
}

/** What to do with an image file that cannot be predicted: refuse all (default), or skip it. */
export type OnCorrupt = 'skip' | 'refuse';

/**
 * Predicts every image file of a folder (recursively; files with an image extension, in
 * path order, see {@link imageFilesOf}), or one image file, with an image model: each is decoded and resized
 * exactly as the studio's import did (sharp; the bundle's size, colour and fit), scaled
 * with the fitted per-channel statistics, and predicted; the output's id column,
 * {@link IMAGE_ID_COLUMN} (`path`), is the path relative to the folder; the `row` column is
 * each file's position in the folder's listing (1-based), so a skipped file leaves its
 * number out (it is in `skipped` with that `row`).
 * @returns images predicted, time, the output's columns, and the folder's image files
 *   (more than `rows` when `limit` stopped it).
 * @throws MtlError('BAD_REQUEST', …, { reason: 'TABLE_MODEL_NEEDS_CSV' }) for a table
 *   model; MtlError('BAD_REQUEST') for a folder without images (reason PREDICT_NO_IMAGES), a file without an image
 *   extension, or (unless `onCorrupt: 'skip'`) a file that is not a readable image or whose
 *   real path (links resolved) lies outside the folder, naming it (reason
 *   PREDICT_IMAGE_UNREADABLE; the outside one's phrase images.problems.OUTSIDE_PREDICT_FOLDER, as the
 *   import refuses it: readImages.ts); MtlError('NOT_FOUND') for a missing folder
 *   or image file;
 *   IMPORT_CANCELLED when `signal` aborts.
 */
export async function predictImages(
  predictor: Predictor,
  folder: string,
  options: PredictPassOptions & {
    /** Predict only the first `limit` files (the Predict view's table). */
    limit?: number;
    /**
     * An unreadable, corrupt or outside-the-folder file: 'refuse' (default) refuses the whole
     * folder naming it; 'skip' predicts the others and lists it in `skipped` (as
     * `import-images --on-corrupt` does).
     */
    onCorrupt?: OnCorrupt;
  } = {},
): Promise<PredictSummary & { files: number; skipped: SkippedImage[] }> {
  const started = performance.now();
  const prep = predictor.preprocessing.image;
  if (!prep || !predictor.image) {
    throw new MtlError(
      'BAD_REQUEST',
      `${predictor.source} reads table columns, not images: give it a CSV file.`,
      reasonDetails('TABLE_MODEL_NEEDS_CSV', {}),
    );
  }
  // One image file is predicted alone (named by its file name); a folder, recursively.
  const given = resolve(folder);
  const info = await stat(given).catch(() => null);
  if (!info && IMAGE_EXTENSIONS.has(extname(given).toLowerCase())) {
    // Found in review: a missing photo.png was reported as a folder that cannot be read.
    throw new MtlError('NOT_FOUND', `Image file not found: ${given}`, { file: given });
  }
  const single = info?.isFile() === true;
  if (single && !IMAGE_EXTENSIONS.has(extname(given).toLowerCase())) {
    throw new MtlError(
      'BAD_REQUEST',
      `${given} is not an image file (${[...IMAGE_EXTENSIONS].join(', ')}): give an image model a folder of images or one image.`,
      { file: given },
    );
  }
  const root = single ? dirname(given) : given;
  const files = single ? [basename(given)] : await imageFilesOf(root);
  const entries = files.slice(0, options.limit ?? files.length);
  if (files.length === 0) {
    throw new MtlError(
      'BAD_REQUEST',
      `${root} holds no image file (${[...IMAGE_EXTENSIONS].join(', ')}).`,
      // The Predict view's headline: "No images found in <folder>" (not "not accepted").
      reasonDetails('PREDICT_NO_IMAGES', { path: root }, { file: root }),
    );
  }
  const settings: PixelSettings = {
    height: prep.height,
    width: prep.width,
    channels: prep.channels,
    ...predictor.image,
  };
  const size = imageSize(prep);
  const onCorrupt = options.onCorrupt ?? 'refuse';
  const skipped: SkippedImage[] = [];
  // The folder may itself be reached through a link (~/data → /mnt/data); one image given
  // alone was chosen by name, so only a folder's files are held to it.
  const realRoot = single ? null : await realpath(root).catch(() => root);
  return withPredictionOutput(
    options.output,
    outputGuard(predictor, single ? given : null),
    async (stream) => {
      const columns = predictionColumns(predictor, {
        idColumn: IMAGE_ID_COLUMN,
        allProbs: options.allProbs,
      });
      // The header is written with the first batch's rows once predicted, as predictCsv's: on
      // stdout a corrupt image of the first batch (refused) or a failed pass leaves nothing.
      const flush = batchPredictor(predictor, options, stream, options.onRows, columns);
      for (let start = 0; start < entries.length; start += IMAGE_BATCH) {
        throwIfCancelled(options.signal);
        const paths = entries.slice(start, start + IMAGE_BATCH);
        const outcomes = await Promise.all(
          paths.map((path) => readForPrediction(root, realRoot, path, settings)),
        );
        const good: { path: string; row: number; pixels: Uint8Array }[] = [];
        outcomes.forEach((outcome, i) => {
          if ('pixels' in outcome) {
            good.push({ path: paths[i], row: start + i + 1, pixels: outcome.pixels });
            return;
          }
          if (onCorrupt === 'refuse') throw outcome.error;
          skipped.push({ ...outcome.skipped, row: start + i + 1 });
        });
        if (good.length === 0) continue;
        const pixels = new Uint8Array(good.length * size);
        good.forEach((g, i) => pixels.set(g.pixels, i * size));
        await flush(
          encodeImages(pixels, prep),
          good.map((g) => g.row),
          good.map((g) => g.path),
        );
      }
      await flush.writeHeader();
      const seconds = (performance.now() - started) / 1000;
      const rows = entries.length - skipped.length;
      return {
        rows,
        seconds,
        rowsPerSecond: rows / seconds,
        skipped,
        columns,
        idColumn: IMAGE_ID_COLUMN,
        files: files.length,
        unseenCategories: [],
        rowsAllInputsMissing: 0,
        rowsMostInputsMissing: 0,
        mostInputsMissingRows: [],
      };
    },
  );
}

/**
 * Reads and decodes one image file of the folder for prediction.
 * @param realRoot the folder's real path, or null for one image given alone (not checked)
 * @returns its pixels, or the refusal (`error`, thrown with `onCorrupt: 'refuse'`) and the
 *   entry of `skipped` for it: a file whose real path lies outside the folder (not read),
 *   one that cannot be read, or one that does not decode.
 */
async function readForPrediction(
  root: string,
  realRoot: string | null,
  path: string,
  settings: PixelSettings,
): Promise<{ pixels: Uint8Array } | { error: MtlError; skipped: Omit<SkippedImage, 'row'> }> {
  const file = join(root, path);
  // `said`: what the error says after "FILE is not a readable image: " (default `problem`).
  const refuse = (
    problem: string,
    phrase: { key: string; params: Record<string, unknown> },
    detail: string | undefined,
    said = problem,
  ) => ({
    error: unreadableImage(file, said, { problem: phrase }, detail, realRoot !== null),
    skipped: { path, problem, phrase },
  });
  let bytes: Buffer;
  try {
    const real = realRoot === null ? file : await realpath(file);
    if (realRoot !== null && !isInside(realRoot, real)) {
      // As the import refuses it (readImages.ts): a shared folder must not make the studio
      // read files elsewhere on the disk.
      return refuse(
        `links to ${real}, outside the folder being predicted; copy the file into the folder instead of linking to it`,
        { key: 'images.problems.OUTSIDE_PREDICT_FOLDER', params: { target: real } },
        undefined,
      );
    }
    bytes = await readFile(real);
  } catch (err) {
    // Not found (a dangling link, deleted meanwhile) or not readable (a folder named
    // x.png, no permission): worded by its kind as the import words it (readImages.ts),
    // so a zh-CN headline does not embed the system's English.
    const code = (err as NodeJS.ErrnoException).code ?? String(err);
    const notFound = code === 'ENOENT';
    return refuse(
      notFound ? 'file not found' : `cannot be read: ${code}`,
      notFound
        ? { key: 'images.problems.FILE_NOT_FOUND', params: {} }
        : { key: 'images.problems.FILE_UNREADABLE', params: { code } },
      err instanceof Error ? err.message : String(err),
    );
  }
  try {
    return { pixels: (await decodeImage(bytes, settings)).pixels };
  } catch (err) {
    // The UI words a decode failure by its kind (see ImageProblemKind).
    if (!(err instanceof ImageDecodeError)) {
      const problem = err instanceof Error ? err.message : String(err);
      return refuse(problem, { key: 'images.problems.UNREADABLE', params: {} }, problem);
    }
    const phrase = { key: `images.problems.${err.kind}`, params: err.params ?? {} };
    // A damaged file reads the same refused or skipped (found by a new user: "(Warning
    // treated as error due to failOn setting)" refused, "(vipspng: libpng read error)"
    // skipped, for the same file): the reason alone, libvips's words only in the detail.
    const damaged = damagedReason(err);
    if (damaged !== null) return refuse(damaged, phrase, err.detail);
    // The decoder's own words (its detail), not its "not a readable image (why)", which
    // would say it twice; a too-large image by its size, the decoder's note aside.
    return refuse(
      err.message,
      phrase,
      err.detail,
      // A damaged BMP, worded by its own reader, reads as in the preview and the import.
      err.kind === 'TOO_LARGE' || DAMAGED_KINDS.has(err.kind)
        ? err.message
        : (err.detail ?? err.message),
    );
  }
}

/**
 * The refusal of an image file that cannot be predicted (BAD_REQUEST,
 * PREDICT_IMAGE_UNREADABLE): `problem` in English for the CLI and logs, `phrases` for the UI
 * to word it in its language (images.problems.*), `detail` the raw cause. In a folder,
 * `details.remedy` `{ onCorrupt: 'skip' }` names the option that predicts the other images
 * (the CLI words it "; use --on-corrupt skip", as for import-images); one image given alone
 * has no other to predict, so no remedy.
 */
function unreadableImage(
  file: string,
  problem: string,
  phrases: { problem?: { key: string; params: Record<string, unknown> } },
  detail: string | undefined,
  inFolder: boolean,
): MtlError {
  return new MtlError(
    'BAD_REQUEST',
    `${file} is not a readable image: ${problem}`,
    reasonDetails(
      'PREDICT_IMAGE_UNREADABLE',
      { path: file, problem },
      { file, phrases, detail, ...(inFolder ? { remedy: { onCorrupt: 'skip' } } : {}) },
    ),
  );
}

/** Rows of a dataset read and predicted at once by {@link predictDatasetImages}. */
const DATASET_IMAGE_BATCH = 256;

/**
 * Predicts every image of an image dataset of the project with an image model (`predict -p P
 * --run R --dataset D`): the pixels the import stored (decoded once, as the training
 * pipeline reads them: store.assets.readPixels), scaled with the model's fitted statistics.
 * The output's row column is `row_id` (as for a table dataset), its id column
 * {@link IMAGE_ID_COLUMN} the stored path, then (with `rowSplit`) the run's split of the row.
 * @throws MtlError('BAD_REQUEST') when the dataset has no stored images, or stores them
 *   decoded otherwise than the model reads them (size, channels, colour or fit), suggesting
 *   the folder form; NOT_FOUND for an unknown dataset or a row without stored pixels;
 *   IMPORT_CANCELLED when `signal` aborts.
 */
export async function predictDatasetImages(
  predictor: Predictor,
  store: ProjectStore,
  datasetId: number,
  options: PredictPassOptions = {},
): Promise<PredictSummary> {
  const started = performance.now();
  const prep = predictor.preprocessing.image;
  const dataset = await store.datasets.get(datasetId);
  if (!prep || !predictor.image) {
    throw new MtlError('BAD_REQUEST', `${predictor.source} reads table columns, not images.`);
  }
  const column = dataset.columns.find((c) => c.type === 'image' && c.role === 'input');
  const stored = column ? await store.assets.pixelSettings(datasetId, column.name) : null;
  const folderForm = `give the images' folder instead: mtl-studio predict … <folder>`;
  if (!column || !stored) {
    throw new MtlError(
      'BAD_REQUEST',
      `Dataset "${dataset.name}" holds no decoded images for this image model; ${folderForm}.`,
    );
  }
  const wanted = `${prep.width}×${prep.height}×${prep.channels} ${predictor.image.colour} "${predictor.image.fit}"`;
  const has = `${stored.width}×${stored.height}×${stored.channels} ${stored.colour} "${stored.fit}"`;
  if (wanted !== has) {
    throw new MtlError(
      'BAD_REQUEST',
      `The model reads images decoded as ${wanted}; dataset "${dataset.name}" stores them as ${has}: ${folderForm}.`,
    );
  }
  return withPredictionOutput(
    options.output,
    outputGuard(predictor, null, store.path),
    async (stream) => {
      const splitName = splitColumnName(predictor);
      const columns = predictionColumns(predictor, {
        idColumn: IMAGE_ID_COLUMN,
        allProbs: options.allProbs,
        rowColumn: 'row_id',
        kept: options.rowSplit ? [splitName] : [],
      });
      const flush = batchPredictor(predictor, options, stream, options.onRows, columns);
      const { rowIds, values } = await store.datasets.readColumns(datasetId, [column.name]);
      // Rows without an image (none after an import; kept out rather than refused).
      const rows = rowIds
        .map((rowId, i) => ({ rowId, path: values[column.name][i] }))
        .filter((r) => r.path !== null && r.path !== '');
      for (let start = 0; start < rows.length; start += DATASET_IMAGE_BATCH) {
        throwIfCancelled(options.signal);
        const batch = rows.slice(start, start + DATASET_IMAGE_BATCH);
        const ids = batch.map((r) => r.rowId);
        const pixels = await store.assets.readPixels(datasetId, ids, column.name);
        await flush(
          encodeImages(pixels, prep),
          ids,
          batch.map((r) => String(r.path)),
          splitCells(splitName, options.rowSplit, ids),
        );
      }
      await flush.writeHeader();
      const seconds = (performance.now() - started) / 1000;
      return {
        rows: rows.length,
        seconds,
        rowsPerSecond: rows.length / seconds,
        columns,
        idColumn: IMAGE_ID_COLUMN,
        unseenCategories: [],
        rowsAllInputsMissing: 0,
        rowsMostInputsMissing: 0,
        mostInputsMissingRows: [],
      };
    },
  );
}
