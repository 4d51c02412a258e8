/**
 * Predicting image files with an image model (part of the predict domain, see predict.ts):
 * a folder of images, recursively, or one image file, decoded and resized exactly as the
 * studio's import did, then predicted in batches through predict.ts's batch predictor.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, dirname, extname, join, resolve, sep } from 'node:path';
import type { Writable } from 'node:stream';
import type { PixelSettings } from '../../shared/assets';
import { MtlError, reasonDetails } from '../../shared/errors';
import { throwIfCancelled } from '../data/cancellation';
import { decodeImage, ImageDecodeError } from '../data/images/decode';
import { IMAGE_EXTENSIONS } from '../data/images/source';
import { encodeImages, imageSize } from '../engine/images';
import {
  batchPredictor,
  openOutput,
  predictionColumns,
  write,
  type PredictedRow,
  type PredictionFormat,
  type Predictor,
  type PredictSummary,
} from './predict';
import { csvField } from './predictionCsv';

/** Images decoded and predicted at once by {@link predictImages}. */
const IMAGE_BATCH = 64;

/**
 * The id column of image predictions: each file's path relative to the folder, named so in
 * the CSV header and as the key of `predict --json`'s predictions.
 */
export const IMAGE_ID_COLUMN = 'path';

/**
 * The image files of a folder, recursively (an image extension), as paths relative to it
 * with '/' separators, sorted: the order {@link predictImages} predicts them in.
 * @throws MtlError('NOT_FOUND') for a folder that cannot be read.
 */
export async function imageFilesOf(root: string): Promise<string[]> {
  try {
    return (await readdir(root, { recursive: true }))
      .filter((p) => IMAGE_EXTENSIONS.has(extname(p).toLowerCase()))
      .map((p) => p.split(sep).join('/'))
      .sort();
  } catch (err) {
    throw new MtlError(
      'NOT_FOUND',
      `Cannot read the folder ${root}: ${err instanceof Error ? err.message : String(err)}`,
      { file: root },
    );
  }
}

/**
 * Predicts every image file of a folder (recursively; files with an image extension, in
 * path order, see {@link imageFilesOf}), or one image file, with an image model: each is decoded and resized
 * exactly as the studio's import did (sharp; the bundle's size, colour and fit), scaled
 * with the fitted per-channel statistics, and predicted; the output's id column,
 * {@link IMAGE_ID_COLUMN} (`path`), is the path relative to the folder.
 * @returns images predicted, time, the output's columns, and the folder's image files
 *   (more than `rows` when `limit` stopped it).
 * @throws MtlError('BAD_REQUEST', …, { reason: 'TABLE_MODEL_NEEDS_CSV' }) for a table
 *   model; MtlError('BAD_REQUEST') for a folder without images, a file without an image
 *   extension, or a file that is not a readable image (naming it); MtlError('NOT_FOUND') for a missing folder
 *   or image file;
 *   IMPORT_CANCELLED when `signal` aborts.
 */
export async function predictImages(
  predictor: Predictor,
  folder: string,
  options: PredictionFormat & {
    output?: string | Writable;
    onRows?: (rows: PredictedRow[]) => void;
    /** Predict only the first `limit` files (the Predict view's table). */
    limit?: number;
    signal?: AbortSignal;
  } = {},
): Promise<PredictSummary & { files: number }> {
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
      { file: root },
    );
  }
  const settings: PixelSettings = {
    height: prep.height,
    width: prep.width,
    channels: prep.channels,
    ...predictor.image,
  };
  const size = imageSize(prep);
  const output = openOutput(options.output);
  try {
    const columns = predictionColumns(predictor, IMAGE_ID_COLUMN, options);
    if (output.stream) await write(output.stream, `${columns.map(csvField).join(',')}\n`);
    const flush = batchPredictor(predictor, options, output.stream, options.onRows);
    for (let start = 0; start < entries.length; start += IMAGE_BATCH) {
      throwIfCancelled(options.signal);
      const paths = entries.slice(start, start + IMAGE_BATCH);
      const pixels = new Uint8Array(paths.length * size);
      await Promise.all(
        paths.map(async (path, i) => {
          const file = join(root, path);
          let bytes: Buffer;
          try {
            bytes = await readFile(file);
          } catch (err) {
            // Not found (a dangling link, deleted meanwhile) or not readable (a folder named
            // x.png, no permission): worded by its kind as the import words it (readImages.ts),
            // so a zh-CN headline does not embed the system's English.
            const code = (err as NodeJS.ErrnoException).code ?? String(err);
            const notFound = code === 'ENOENT';
            const problem = notFound ? 'file not found' : `cannot be read: ${code}`;
            throw unreadableImage(
              file,
              problem,
              {
                problem: notFound
                  ? { key: 'images.problems.FILE_NOT_FOUND', params: {} }
                  : { key: 'images.problems.FILE_UNREADABLE', params: { code } },
              },
              err instanceof Error ? err.message : String(err),
            );
          }
          try {
            pixels.set((await decodeImage(bytes, settings)).pixels, i * size);
          } catch (err) {
            const problem = err instanceof Error ? err.message : String(err);
            // The UI words a decode failure by its kind (see ImageProblemKind).
            const phrases =
              err instanceof ImageDecodeError
                ? { problem: { key: `images.problems.${err.kind}`, params: err.params ?? {} } }
                : {};
            throw unreadableImage(
              file,
              problem,
              phrases,
              err instanceof ImageDecodeError ? err.detail : problem,
            );
          }
        }),
      );
      await flush(
        encodeImages(pixels, prep),
        paths.map((_, i) => start + i + 1),
        paths,
      );
    }
    const seconds = (performance.now() - started) / 1000;
    return {
      rows: entries.length,
      seconds,
      rowsPerSecond: entries.length / seconds,
      columns,
      idColumn: IMAGE_ID_COLUMN,
      files: files.length,
      unseenCategories: [],
    };
  } catch (error) {
    await output.discard();
    throw error;
  } finally {
    await output.close();
  }
}

/**
 * The refusal of an image file that cannot be predicted (BAD_REQUEST,
 * PREDICT_IMAGE_UNREADABLE): `problem` in English for the CLI and logs, `phrases` for the UI
 * to word it in its language (images.problems.*), `detail` the raw cause.
 */
function unreadableImage(
  file: string,
  problem: string,
  phrases: { problem?: { key: string; params: Record<string, unknown> } },
  detail: string | undefined,
): MtlError {
  return new MtlError(
    'BAD_REQUEST',
    `${file} is not a readable image: ${problem}`,
    reasonDetails('PREDICT_IMAGE_UNREADABLE', { path: file, problem }, { file, phrases, detail }),
  );
}
