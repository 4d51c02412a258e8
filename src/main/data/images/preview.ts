/**
 * Preview of an image import for the import wizard and `import-images --preview`: which
 * layout was found, how many images, the classes of each label column, files that are not
 * images, corrupt images, images much smaller than an input size, duplicates and files a manifest lists twice. Every image is read and decoded once (a truncated
 * file is only found by decoding it); nothing is stored.
 */
import type { ImageImportProgress, ImagePreview, ImageTaskPreview } from '../../../shared/assets';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { inspectImage } from './decode';
import { imageProblem, readImages } from './readImages';
import {
  defaultDatasetName,
  namedLevelImages,
  scanImageSource,
  type ImageEntry,
  type ImageSourceOptions,
} from './source';
import { duplicateGroups, ImageStatsBuilder } from './stats';
import {
  ImageSetSummaryBuilder,
  SMALL_SIDE_TRACKED,
  SmallImageCounter,
} from '../../../shared/smallImages';

/** Image paths listed as samples in a preview. */
export const PREVIEW_SAMPLES = 24;
/** Images between two progress reports. */
export const PROGRESS_EVERY_IMAGES = 50;

/** Options of {@link previewImages}. */
export interface PreviewImagesOptions extends ImageSourceOptions {
  /** Images decoded at once (default 2–4 by cores). */
  concurrency?: number;
  onProgress?: (progress: ImageImportProgress) => void;
}

/** Class counts of label columns, in first-seen order per column until ranked. */
export class LabelCounter {
  private readonly counts: Map<string, number>[];
  private readonly missing: number[];

  constructor(readonly names: readonly string[]) {
    this.counts = names.map(() => new Map());
    this.missing = names.map(() => 0);
  }

  /** Count one image's labels (null = missing), one per column. */
  add(labels: readonly (string | null)[]): void {
    labels.forEach((label, k) => {
      if (label === null) this.missing[k]++;
      else this.counts[k].set(label, (this.counts[k].get(label) ?? 0) + 1);
    });
  }

  /** Per column: classes most frequent first (ties by value), and the missing count. */
  tasks(): ImageTaskPreview[] {
    return this.names.map((name, k) => ({
      name,
      classes: [...this.counts[k]]
        .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
        .map(([value, count]) => ({ value, count })),
      missing: this.missing[k],
    }));
  }
}

/**
 * Preview a folder or manifest (see scanImageSource for the layouts).
 * @param path a folder or a manifest CSV
 * @returns counts, classes per label column, non-images, corrupt images, duplicates, files
 *   the manifest lists twice (each counted once) and the originals' size/channel/format
 *   statistics (over readable images)
 * @throws MtlError from scanImageSource ('NOT_FOUND', 'BAD_REQUEST', 'CSV_PARSE',
 *   'CSV_ENCODING') and 'IMPORT_CANCELLED'. Corrupt images are reported, not thrown.
 */
export async function previewImages(
  path: string,
  options: PreviewImagesOptions = {},
): Promise<ImagePreview> {
  const { onProgress, signal } = options;
  const source = await scanImageSource(path, {
    ...options,
    // A file listed twice is a problem to list with the others, not a failed preview.
    listedTwice: 'list',
    onFiles: (files) => onProgress?.({ phase: 'scan', images: files, totalImages: 0, bytes: 0 }),
  });
  const totalImages = source.entries.length;
  const labels = new LabelCounter(source.labelColumns);
  const stats = new ImageStatsBuilder();
  const small = new SmallImageCounter();
  // Mergeable figures per shorter side below SMALL_SIDE_TRACKED, and for the rest, so the
  // figures without the small images can be shown for whatever input size is chosen later.
  const columns = source.labelColumns.length;
  const bySide = new Map<number, ImageSetSummaryBuilder>();
  const notSmall = new ImageSetSummaryBuilder(columns);
  const byHash = new Map<string, string[]>();
  const corrupt: ImagePreview['corrupt'] = [];
  const samples: string[] = [];
  const readable: string[] = [];
  let images = 0;
  let bytes = 0;
  let done = 0;
  for await (const outcome of readImages(source.entries, inspectImage, {
    root: source.root,
    concurrency: options.concurrency,
    signal,
  })) {
    done++;
    if (outcome.ok) {
      images++;
      readable.push(outcome.entry.path);
      bytes += outcome.bytes.length;
      const paths = byHash.get(outcome.sha256);
      if (paths) paths.push(outcome.entry.path);
      else byHash.set(outcome.sha256, [outcome.entry.path]);
      stats.add(outcome.result, outcome.bytes.length, paths !== undefined);
      labels.add(outcome.entry.labels);
      small.add(outcome.entry.path, outcome.result.width, outcome.result.height);
      const side = Math.min(outcome.result.width, outcome.result.height);
      let summary = notSmall;
      if (side < SMALL_SIDE_TRACKED) {
        summary = bySide.get(side) ?? new ImageSetSummaryBuilder(columns);
        bySide.set(side, summary);
      }
      summary.add(outcome.result, outcome.entry.labels);
      if (samples.length < PREVIEW_SAMPLES) samples.push(outcome.entry.path);
    } else {
      corrupt.push(imageProblem(outcome));
    }
    if (done % PROGRESS_EVERY_IMAGES === 0 || done === totalImages) {
      onProgress?.({ phase: 'decode', images: done, totalImages, bytes });
    }
  }
  return {
    layout: source.layout,
    manifest: source.manifest,
    name: defaultDatasetName(source),
    images,
    bytes,
    tasks: labels.tasks(),
    folderLevels: source.folderLevels,
    // Over the readable images, as the tasks' counts: a corrupt file is neither.
    ...(source.layout === 'folders'
      ? namedLevelImages(readable, source.labelColumns)
      : { deeperThanNamed: null, shallowerThanNamed: null }),
    nonImages: source.nonImages,
    corrupt,
    duplicates: duplicateGroups(byHash),
    listedTwice: source.listedTwice,
    emptyFolders:
      source.layout === 'folders' ? await foldersWithoutImages(source.root, source.entries) : [],
    stats: stats.build(),
    small: small.build().map((group) => ({ ...group, summary: bySide.get(group.side)?.build() })),
    notSmall: notSmall.build(),
    samples,
  };
}

/**
 * Sub-folders of `root` (relative, '/'-separated, sorted) with no image entry at any depth:
 * a class folder left empty gives no class, which the preview says. Hidden folders are left
 * out, as listFiles leaves them out; a folder that cannot be read counts as not empty (the
 * scan has already read every folder).
 */
async function foldersWithoutImages(root: string, entries: ImageEntry[]): Promise<string[]> {
  const withImages = new Set<string>();
  for (const entry of entries) {
    const parts = entry.path.split('/');
    for (let i = 1; i < parts.length; i++) withImages.add(parts.slice(0, i).join('/'));
  }
  const empty: string[] = [];
  const folders: string[] = [''];
  while (folders.length > 0) {
    const folder = folders.pop()!;
    const children = await readdir(join(root, folder), { withFileTypes: true }).catch(() => []);
    for (const child of children) {
      if (child.name.startsWith('.') || !child.isDirectory()) continue;
      const relative = folder === '' ? child.name : `${folder}/${child.name}`;
      if (withImages.has(relative)) folders.push(relative);
      else empty.push(relative);
    }
  }
  return empty.sort();
}
