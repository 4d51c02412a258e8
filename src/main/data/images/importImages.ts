/**
 * Imports a folder of images (or a manifest) as a dataset: a rows table with the image
 * path column (type 'image') and one categorical column per label, and per row an asset
 * holding the original file's bytes, a thumbnail and the decoded training pixels. Images
 * are decoded with bounded concurrency and streamed into ONE store transaction, so a
 * refused corrupt image, a cancellation or any error leaves the project as it was.
 */
import { basename } from 'node:path';
import {
  DEFAULT_IMAGE_SIZE,
  type CorruptImagePolicy,
  type DuplicateImagePolicy,
  type ImageColour,
  type ImageFit,
  type ImageImportProgress,
  type StoredImages,
  type ImageProblem,
  type PixelSettings,
} from '../../../shared/assets';
import { counted } from '../../../shared/counted';
import type { ColumnProfile } from '../../../shared/domain';
import { MtlError, reasonDetails } from '../../../shared/errors';
import type { AssetStore, NewImageRow } from '../../store/assets';
import type { DatasetStore, NewColumn } from '../../store/datasets';
import { throwIfCancelled } from '../cancellation';
import { cellGrammar } from '../cellValues';
import { checkDatasetNameFree } from '../importCsv';
import { ColumnStats, buildProfile } from '../profile';
import { decodeImage, FORMAT_MIME, pixelSettings, THUMBNAIL_MIME } from './decode';
import { PROGRESS_EVERY_IMAGES } from './preview';
import { imageProblem, readImages } from './readImages';
import {
  defaultDatasetName,
  namedLevelImages,
  scanImageSource,
  type ImageSourceOptions,
} from './source';
import { duplicateGroups, ImageStatsBuilder } from './stats';
import {
  SmallImageCounter,
  smallImages,
  smallSideBelow,
  type SmallImage,
} from '../../../shared/smallImages';

/** Default square input size in pixels (kept in shared/assets.ts, which the CLI's help reads without loading sharp). */
export { DEFAULT_IMAGE_SIZE };

/** The store methods an image import needs (lets tests use a fake). */
export interface ImageDatasetWriter {
  datasets: Pick<DatasetStore, 'list'>;
  assets: Pick<AssetStore, 'createImageDataset'>;
}

/** Options of {@link importImages}. */
export interface ImportImagesOptions extends ImageSourceOptions {
  /** Dataset name, unique in the project; default: the folder's (or manifest's) name. */
  name?: string;
  /** Square input size in pixels, MIN_IMAGE_SIZE … MAX_IMAGE_SIZE (default 64). */
  size?: number;
  /** Colour of the training pixels (default 'rgb'). */
  colour?: ImageColour;
  /** How images are brought to the square (default 'cover'). */
  fit?: ImageFit;
  /** A corrupt or unreadable image: 'refuse' the import (default) or 'skip' it. */
  onCorrupt?: CorruptImagePolicy;
  /** A file equal to an earlier one: 'keep' it (default; it is flagged) or 'skip' it. */
  duplicates?: DuplicateImagePolicy;
  /**
   * Leave out the images much smaller than `size` (shorter side < size / 4; see
   * src/shared/smallImages.ts), listed in the result's `skippedSmall`. Default false: they
   * are kept (enlarged) and only warned about in `small`.
   */
  skipSmall?: boolean;
  /** Images decoded at once (default 2–4 by cores). */
  concurrency?: number;
  onProgress?: (progress: ImageImportProgress) => void;
}

/** Profile placeholder stored until the import's last row is known. */
const PENDING_PROFILE: ColumnProfile = {
  missing: 0,
  distinct: 0,
  numeric: null,
  topCategories: null,
};

/** Label cells are already settled (null = missing): only '' counts as missing here. */
const LABEL_GRAMMAR = cellGrammar({ missingTokens: [''] });

/**
 * The error of an import (or its preview) that finds no image file.
 * @param root absolute folder the image paths are relative to (the manifest's folder)
 * @param nonImages number of files that are not images
 * @returns MtlError('BAD_REQUEST') "No image files in ROOT", reason NO_IMAGES
 */
export function noImageFilesError(root: string, nonImages: number): MtlError {
  return new MtlError(
    'BAD_REQUEST',
    `No image files in ${root}`,
    reasonDetails('NO_IMAGES', { path: root }, { nonImages }),
  );
}

/**
 * Import the images of a folder or manifest as a new dataset.
 *
 * The dataset's columns: the image column (named 'path', or the manifest's path column;
 * type 'image', role 'input', cells = relative paths) and one categorical column per label
 * column (role 'ignore' until a task is defined on it, so labels never leak into inputs).
 * Rows follow the source order (sorted paths, or manifest order); row_id is 1-based.
 *
 * @param store the store (see ImageDatasetWriter)
 * @param path a folder or a manifest CSV (see scanImageSource for layouts and options)
 * @returns the stored dataset and what was skipped, ignored or flagged
 * @throws MtlError 'BAD_REQUEST' (dataset name taken — checked before any decoding; size
 *   out of range; no image found; every image corrupt), 'IMAGE_DECODE' (policy 'refuse': the
 *   first corrupt or missing image, by its path and reason; details.reason
 *   'IMAGE_UNREADABLE', details.problem its ImageProblem (kind for a translated text, the
 *   decoder's own detail), details.remedy `{ onCorrupt: 'skip' }` the option that would
 *   skip it), 'IMPORT_CANCELLED', and the
 *   errors of scanImageSource. In every case nothing is stored.
 */
export async function importImages(
  store: ImageDatasetWriter,
  path: string,
  options: ImportImagesOptions = {},
): Promise<StoredImages> {
  let settings: PixelSettings;
  try {
    settings = pixelSettings(
      options.size ?? DEFAULT_IMAGE_SIZE,
      options.colour ?? 'rgb',
      options.fit ?? 'cover',
    );
  } catch (error) {
    throw new MtlError('BAD_REQUEST', (error as Error).message);
  }
  const onCorrupt = options.onCorrupt ?? 'refuse';
  const keepDuplicates = (options.duplicates ?? 'keep') === 'keep';
  const skipSmallBelow = options.skipSmall === true ? smallSideBelow(settings.width) : 0;
  const { signal, onProgress } = options;
  if (options.name !== undefined) await checkDatasetNameFree(store, options.name);

  const source = await scanImageSource(path, {
    ...options,
    onFiles: (files) => onProgress?.({ phase: 'scan', images: files, totalImages: 0, bytes: 0 }),
  });
  const name = options.name ?? defaultDatasetName(source);
  if (options.name === undefined) await checkDatasetNameFree(store, name);
  const where = source.manifest ?? basename(source.root);
  if (source.entries.length === 0) {
    throw noImageFilesError(source.root, source.nonImages.length);
  }
  throwIfCancelled(signal);

  const imageStats = new ImageStatsBuilder();
  const small = new SmallImageCounter();
  const labelStats = source.labelColumns.map(() => new ColumnStats(LABEL_GRAMMAR));
  const byHash = new Map<string, string[]>();
  const skipped: ImageProblem[] = [];
  const skippedDuplicates: string[] = [];
  const skippedSmall: SmallImage[] = [];
  const totalImages = source.entries.length;
  let imported = 0;
  /** Paths of the stored images (rows), for the level counts. */
  const stored: string[] = [];
  let bytes = 0;
  let done = 0;

  async function* rows(): AsyncGenerator<NewImageRow, void, undefined> {
    for await (const outcome of readImages(source.entries, (file) => decodeImage(file, settings), {
      root: source.root,
      concurrency: options.concurrency,
      signal,
    })) {
      done++;
      if (done % PROGRESS_EVERY_IMAGES === 0 || done === totalImages) {
        onProgress?.({ phase: 'decode', images: done, totalImages, bytes });
      }
      const { entry } = outcome;
      if (!outcome.ok) {
        // 'refuse': every bad file is gathered, the import refused once all are read.
        skipped.push(imageProblem(outcome));
        continue;
      }
      const seen = byHash.get(outcome.sha256);
      if (seen) seen.push(entry.path);
      else byHash.set(outcome.sha256, [entry.path]);
      if (seen && !keepDuplicates) {
        skippedDuplicates.push(entry.path);
        continue;
      }
      const { info, pixels, thumbnail } = outcome.result;
      if (Math.min(info.width, info.height) < skipSmallBelow) {
        skippedSmall.push({ path: entry.path, width: info.width, height: info.height });
        continue;
      }
      imported++;
      stored.push(entry.path);
      bytes += outcome.bytes.length;
      imageStats.add(info, outcome.bytes.length, seen !== undefined);
      small.add(entry.path, info.width, info.height);
      entry.labels.forEach((label, k) => labelStats[k].add(label ?? ''));
      yield {
        cells: [entry.path, ...entry.labels],
        asset: {
          sourcePath: entry.path,
          mime: FORMAT_MIME[info.format],
          sha256: outcome.sha256,
          original: outcome.bytes,
          width: info.width,
          height: info.height,
          channels: info.channels,
          thumbnail,
          thumbnailMime: THUMBNAIL_MIME,
          pixels,
        },
      };
    }
    if (onCorrupt === 'refuse' && skipped.length > 0) throw refusedImport(skipped);
    if (imported === 0) {
      throw new MtlError(
        'BAD_REQUEST',
        `${totalImages === 1 ? `The one image file in ${where} could not` : `None of the ${totalImages} image files in ${where} could`} be imported (${skipped.length} unreadable, ${counted(skippedDuplicates.length, 'duplicate', 'duplicates')} skipped${skippedSmall.length > 0 ? `, ${skippedSmall.length} much smaller than ${settings.width} × ${settings.width} px skipped` : ''})`,
        { skipped, skippedSmall },
      );
    }
  }

  const columns: NewColumn[] = [
    { index: 0, name: source.pathColumn, type: 'image', role: 'input', profile: PENDING_PROFILE },
    ...source.labelColumns.map((label, k): NewColumn => ({
      index: k + 1,
      name: label,
      type: 'categorical',
      role: 'ignore',
      profile: PENDING_PROFILE,
    })),
  ];
  const profiles = (): ColumnProfile[] => {
    const image = imageStats.build() ?? undefined;
    return [
      {
        missing: 0,
        // Each row has its own path (a manifest listing one twice is refused): distinct paths
        // are the rows. Equal contents are counted apart (image.duplicates, duplicates).
        distinct: imported,
        numeric: null,
        topCategories: null,
        ...(image ? { image } : {}),
      },
      ...labelStats.map((stats) => buildProfile(stats, 'categorical')),
    ];
  };
  const dataset = await store.assets.createImageDataset(
    {
      name,
      sourceName: source.manifest ?? basename(source.root),
      encoding: '',
      delimiter: '',
      columns,
      pixels: settings,
      profiles,
    },
    rows(),
  );
  return {
    dataset,
    layout: source.layout,
    imported,
    skipped,
    skippedDuplicates,
    skippedSmall,
    nonImages: source.nonImages,
    // Over the stored images (rows), as the dataset's label columns: a skipped file is neither.
    ...(source.layout === 'folders'
      ? namedLevelImages(stored, source.labelColumns)
      : { deeperThanNamed: null, shallowerThanNamed: null }),
    duplicates: duplicateGroups(byHash),
    small: smallImages(small.build(), settings.width),
    pixels: settings,
  };
}

/** Bad files named one by one in a refused import's message; the rest are counted. */
const REFUSED_NAMED = 10;

/**
 * The refusal of an import (policy 'refuse') with unreadable images: its English message
 * names each bad file with its reason (the first {@link REFUSED_NAMED}, then "and N more"),
 * details the first one's problem for the UI (reason IMAGE_UNREADABLE) and every problem.
 * @returns MtlError('IMAGE_DECODE').
 */
function refusedImport(problems: ImageProblem[]): MtlError {
  const [first] = problems;
  const named = problems.slice(0, REFUSED_NAMED).map((p) => `${p.path}: ${p.reason}`);
  const more = problems.length - named.length;
  const list = named.join('; ') + (more > 0 ? `; and ${more} more` : '');
  const message =
    problems.length === 1
      ? `${list}. Nothing was imported`
      : `${problems.length} images cannot be read: ${list}. Nothing was imported`;
  return new MtlError(
    'IMAGE_DECODE',
    message,
    reasonDetails(
      'IMAGE_UNREADABLE',
      { path: first.path, problem: first.reason },
      {
        path: first.path,
        // The UI translates the problem by its kind (errorText.ts); the English reason and
        // the decoder's own words stay here.
        problem: first,
        problems,
        phrases: {
          problem: {
            key: `images.problems.${first.kind ?? 'UNREADABLE'}`,
            params: first.params ?? {},
          },
        },
        // Each front end words the way out itself (CLI: --on-corrupt skip).
        remedy: { onCorrupt: 'skip' },
      },
    ),
  );
}
