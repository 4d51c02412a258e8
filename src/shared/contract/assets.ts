/**
 * Assets (images): preview and import a folder of images or a manifest (with progress and
 * cancel), thumbnails and originals of an image dataset's rows, and how its pixels were
 * decoded. Images cross the transport as data URLs (`data:image/webp;base64,…`), which the
 * renderer's Content-Security-Policy allows for <img>; no extra HTTP route is needed.
 */
import { z } from 'zod';
import type {
  CardExampleResult,
  ImageImportProgress,
  ImageImportResult,
  ImagePreview,
  PixelSettings,
} from '../assets';
import { columnName, event, id, invoke, path } from './channels';
import { MAX_DATASET_NAME } from './datasets';

/** A thumbnail of one row, as a data URL. */
export interface AssetThumbnail {
  rowId: number;
  /** `data:<mime>;base64,…` (WebP). */
  dataUrl: string;
}

/** The original image of one row, as a data URL, with what is known about it. */
export interface AssetImage {
  rowId: number;
  /** `data:<mime>;base64,…` of the original file's bytes. */
  dataUrl: string;
  mime: string;
  /** Path relative to the import root. */
  path: string | null;
  /** Size of the original file in bytes. */
  bytes: number;
  /** Original size in pixels (after EXIF orientation), and channels; null when unknown. */
  width: number | null;
  height: number | null;
  channels: number | null;
  /** Lower-case hex SHA-256 of the file (null for images stored before schema v7). */
  sha256: string | null;
}

/** How an image column's training pixels were decoded. */
export interface AssetPixelSettings extends PixelSettings {
  /** The image column. */
  column: string;
}

/** Progress of an image preview or import. */
export interface AssetProgressEvent extends ImageImportProgress {
  importId: string;
}

/** Most rows one `assets.thumbnails` call returns. */
export const MAX_THUMBNAIL_ROWS = 500;

const importId = z.string().min(1).max(100);

/** How a folder or manifest is read (preview and import alike). */
const imageSource = {
  /** 'auto' (default): a file is a manifest; a folder with manifest.csv uses it; else folders or flat. */
  layout: z.enum(['auto', 'folders', 'manifest', 'flat']).optional(),
  /** Layout 'folders': label column names, one per folder level from the top. */
  tasksFromFolders: z.array(columnName).max(20).optional(),
  /** Layout 'manifest': the path column and the label columns. */
  pathColumn: columnName.optional(),
  labelColumns: z.array(columnName).max(1000).optional(),
  /** Manifest reading (as the CSV import). */
  encoding: z.string().min(1).max(64).optional(),
  delimiter: z.string().min(1).max(4).optional(),
  missingTokens: z.array(z.string().max(100)).max(100).optional(),
  /** Images decoded at once (default 2–4 by cores). */
  concurrency: z.number().int().min(1).max(8).optional(),
};

/** The assets invoke channels: name → request schema and response type. */
export const ASSETS_INVOKE = {
  /** Reads and checks every image once; nothing is stored. Progress as `assets.progress`. */
  'assets.preview': invoke<ImagePreview>()(z.strictObject({ importId, path, ...imageSource })),
  'assets.import': invoke<ImageImportResult>()(
    z.strictObject({
      /** Chosen by the UI, so it can cancel the import and match progress events. */
      importId,
      path,
      name: z.string().min(1).max(MAX_DATASET_NAME).optional(),
      /** Square input size in pixels (default 64). */
      size: z.number().int().min(8).max(512).optional(),
      colour: z.enum(['rgb', 'grey']).optional(),
      fit: z.enum(['cover', 'contain', 'fill']).optional(),
      /** A corrupt image: refuse the whole import (default) or skip it. */
      onCorrupt: z.enum(['skip', 'refuse']).optional(),
      /** A file equal to an earlier one: keep it (default; flagged) or skip it. */
      duplicates: z.enum(['keep', 'skip']).optional(),
      /** Leave out images much smaller than `size` (shorter side < size / 4); default false. */
      skipSmall: z.boolean().optional(),
      /** Layout 'folders': make each folder-level label column (2–100 classes) a task; default true. */
      makeTasks: z.boolean().optional(),
      ...imageSource,
    }),
  ),
  /** Cancels a preview or import in flight; `cancelled` false when none runs with that id. */
  'assets.cancel': invoke<{ cancelled: boolean }>()(z.strictObject({ importId })),
  /** Thumbnails in the order of `rowIds`; rows without an image are left out. */
  'assets.thumbnails': invoke<AssetThumbnail[]>()(
    z.strictObject({
      datasetId: id,
      rowIds: z.array(id).max(MAX_THUMBNAIL_ROWS),
      column: columnName.optional(),
    }),
  ),
  'assets.image': invoke<AssetImage>()(
    z.strictObject({ datasetId: id, rowId: id, column: columnName.optional() }),
  ),
  /**
   * The card example's data in the open project: synthetic cards generated into a folder
   * beside the project file (`<name>-cards/`, or `<name>-cards-2/` … when it holds other
   * files: a user's files are never replaced), imported (dataset "cards") and the four tasks
   * defined; training is left to the Train view. Progress as `assets.progress` ('scan':
   * cards generated).
   */
  'assets.cardExample': invoke<CardExampleResult>()(
    z.strictObject({ importId, count: z.number().int().min(100).max(10_000).optional() }),
  ),
  /** Null for a dataset without images (a table). */
  'assets.pixelSettings': invoke<AssetPixelSettings | null>()(
    z.strictObject({ datasetId: id, column: columnName.optional() }),
  ),
} as const;

/** The assets event channels: name → payload type. */
export const ASSETS_EVENTS = {
  'assets.progress': event<AssetProgressEvent>(),
} as const;
