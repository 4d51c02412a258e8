/**
 * The assets service (images): preview and import of a folder of images or a manifest in
 * the open project, with `assets.progress` events and cancel, and thumbnails and originals
 * of an image dataset's rows as data URLs for the renderer.
 */
import { resolve } from 'node:path';
import type { AssetImage, AssetThumbnail } from '../../shared/contract';
import type { ImageImportResult, ImagePreview } from '../../shared/assets';
import type { ColumnInfo, DatasetInfo } from '../../shared/domain';
import {
  importImages,
  previewImages,
  type ImportImagesOptions,
  type PreviewImagesOptions,
} from '../data/images';
import type { PixelReader } from '../engine/imageStreaming';
import type { ProjectStore } from '../store/projectStore';
import type { StoredImages } from '../../shared/assets';
import type { StudioSession } from './session';
import { defineTasks, MAX_CLASSES } from './tasks';

/** MIME types served as data URLs; anything else is sent as opaque bytes. */
const IMAGE_MIMES: ReadonlySet<string> = new Set([
  'image/png',
  'image/jpeg',
  'image/webp',
  'image/gif',
  'image/bmp',
]);

/** Least time between two progress events of one import, in ms (~20 a second). */
const PROGRESS_INTERVAL_MS = 50;

/** `data:<mime>;base64,…` of `bytes` (an unknown MIME type becomes application/octet-stream). */
export function dataUrl(mime: string, bytes: Uint8Array): string {
  const type = IMAGE_MIMES.has(mime) ? mime : 'application/octet-stream';
  return `data:${type};base64,${Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64')}`;
}

/**
 * A progress callback that emits `assets.progress` for `importId`, throttled to ~20 events
 * a second; the last 'decode' event always goes.
 */
export function progressEmitter(
  session: StudioSession,
  importId: string,
): NonNullable<ImportImagesOptions['onProgress']> {
  let lastSent = 0;
  return (p) => {
    const now = Date.now();
    const final = p.phase === 'decode' && p.images === p.totalImages;
    if (!final && now - lastSent < PROGRESS_INTERVAL_MS) return;
    lastSent = now;
    session.emit('assets.progress', { importId, ...p });
  };
}

/**
 * Preview a folder or manifest for the import wizard (see previewImages).
 * @param importId chosen by the UI; `assets.cancel` with it cancels
 * @throws MtlError('BAD_REQUEST') when no project is open or the id is in use; the errors
 *   of previewImages (IMPORT_CANCELLED when cancelled).
 */
export function previewImagesInSession(
  session: StudioSession,
  importId: string,
  path: string,
  options: Omit<PreviewImagesOptions, 'signal' | 'onProgress'>,
): Promise<ImagePreview> {
  session.requireStore();
  return session.runCancellable(importId, (signal) =>
    previewImages(resolve(path), {
      ...options,
      signal,
      onProgress: progressEmitter(session, importId),
    }),
  );
}

/** Options of {@link importImagesWithTasks}: those of importImages, and makeTasks. */
export interface ImportImagesWithTasksOptions extends ImportImagesOptions {
  /**
   * Layout 'folders': define a task on each folder-level label column with 2 to
   * {@link MAX_CLASSES} classes right after the import (default true), as Teachable Machine
   * takes a folder per class. A manifest's label columns never become tasks here (its
   * columns may be anything; the Tasks view or `mtl-studio tasks` picks them).
   */
  makeTasks?: boolean;
}

/**
 * Import images (see importImages), then, for a 'folders' layout with makeTasks on (the
 * default), define one task per folder-level label column with 2 to {@link MAX_CLASSES}
 * classes (name = column, classes in default order, role 'target'), so the user can train
 * at once. The rule of the studio (assets.import) and of `mtl-studio import-images`.
 * The tasks are defined after the import's transaction: a refused task (none is expected,
 * the class counts are checked first) leaves the imported dataset without tasks.
 * @returns importImages' result with `tasks` (names defined) and `untasked` (folder-level
 *   columns left 'ignore': their class counts).
 * @throws the errors of importImages and of defineTasks.
 */
export async function importImagesWithTasks(
  store: ProjectStore,
  path: string,
  options: ImportImagesWithTasksOptions = {},
): Promise<ImageImportResult> {
  const { makeTasks = true, ...importOptions } = options;
  const stored: StoredImages = await importImages(store, path, importOptions);
  if (!makeTasks || stored.layout !== 'folders') return { ...stored, tasks: [], untasked: [] };
  const labels = stored.dataset.columns.filter((c) => c.type === 'categorical');
  const fit = (classes: number): boolean => classes >= 2 && classes <= MAX_CLASSES;
  const made = labels.filter((c) => fit(c.profile.distinct));
  const untasked = labels
    .filter((c) => !fit(c.profile.distinct))
    .map((c) => ({ column: c.name, classes: c.profile.distinct }));
  if (made.length === 0) return { ...stored, tasks: [], untasked };
  const tasks = await defineTasks(
    store,
    stored.dataset.id,
    made.map((c) => ({ column: c.name })),
  );
  // The dataset as stored now: its label columns' roles are 'target'.
  const dataset = await store.datasets.get(stored.dataset.id);
  return { ...stored, dataset, tasks: tasks.map((t) => t.name), untasked };
}

/**
 * Import a folder of images or a manifest into the open project, with its folder-level
 * tasks (see importImagesWithTasks).
 * @param importId chosen by the UI; `assets.cancel` with it cancels (nothing is stored)
 * @throws MtlError('BAD_REQUEST') when no project is open or the id is in use; the errors
 *   of importImagesWithTasks.
 */
export function importImagesInSession(
  session: StudioSession,
  importId: string,
  path: string,
  options: Omit<ImportImagesWithTasksOptions, 'signal' | 'onProgress'>,
): Promise<ImageImportResult> {
  const store = session.requireWritableStore();
  return session.runCancellable(importId, (signal) =>
    importImagesWithTasks(store, resolve(path), {
      ...options,
      signal,
      onProgress: progressEmitter(session, importId),
    }),
  );
}

/**
 * Thumbnails of rows as data URLs, in the order of `rowIds` (rows without one left out).
 * @throws MtlError('NOT_FOUND') for an unknown dataset or a dataset without images.
 */
export async function thumbnailUrls(
  store: ProjectStore,
  datasetId: number,
  rowIds: number[],
  column?: string,
): Promise<AssetThumbnail[]> {
  const thumbnails = await store.assets.thumbnails(datasetId, rowIds, column);
  return thumbnails.map((t) => ({ rowId: t.rowId, dataUrl: dataUrl(t.mime, t.data) }));
}

/**
 * The original image of a row as a data URL, with its facts.
 * @throws MtlError('NOT_FOUND') for an unknown dataset or a row without an image.
 */
export async function imageOfRow(
  store: ProjectStore,
  datasetId: number,
  rowId: number,
  column?: string,
): Promise<AssetImage> {
  const original = await store.assets.original(datasetId, rowId, column);
  return {
    rowId,
    dataUrl: dataUrl(original.mime, original.data),
    mime: original.mime,
    path: original.sourcePath,
    bytes: original.data.byteLength,
    width: original.width,
    height: original.height,
    channels: original.channels,
    sha256: original.sha256,
  };
}

/** Most row ids one pixel read takes (the store's MAX_ASSET_ROWS allows 100 000). */
const PIXEL_READ_ROWS = 50_000;

/**
 * The image column a run on this dataset reads: its column of type 'image' with role
 * 'input', or null for a table.
 */
export function imageInputOf(dataset: DatasetInfo): ColumnInfo | null {
  return dataset.columns.find((c) => c.type === 'image' && c.role === 'input') ?? null;
}

/**
 * Reads the pixels of an image dataset's rows from the store in reads of at most
 * {@link PIXEL_READ_ROWS} rows: the engine's narrow view of the assets table.
 */
export function storePixelReader(
  store: ProjectStore,
  datasetId: number,
  column: string,
): PixelReader {
  return {
    async read(rowIds) {
      if (rowIds.length <= PIXEL_READ_ROWS)
        return store.assets.readPixels(datasetId, rowIds, column);
      const parts: Uint8Array[] = [];
      for (let start = 0; start < rowIds.length; start += PIXEL_READ_ROWS)
        parts.push(
          await store.assets.readPixels(
            datasetId,
            rowIds.slice(start, start + PIXEL_READ_ROWS),
            column,
          ),
        );
      return Buffer.concat(parts);
    },
  };
}
