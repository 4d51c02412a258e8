/**
 * Images of a project (`ProjectStore.assets`): per row of an image dataset, an asset with
 * the original file's bytes (`asset_originals`), a thumbnail (`assets`), the decoded
 * training pixels (`asset_pixels`), and per image column how they were decoded
 * (`asset_settings`). An image dataset is an ordinary dataset (store/datasets.ts) whose
 * image column holds each image's path; tasks, splits and labels work on it unchanged.
 *
 * Pixels are uint8 `[height, width, channels]` per image, row-major, channels interleaved
 * (HWC); a batch is `[rows, height, width, channels]` in the order of the row ids asked.
 */
import type { ImageColour, ImageFit, PixelSettings } from '../../shared/assets';
import type { ColumnProfile, DatasetInfo } from '../../shared/domain';
import { MtlError } from '../../shared/errors';
import type { Database, SqlExecutor } from './database';
import {
  columnsOf,
  findColumn,
  insertDataset,
  type CellValue,
  type DatasetStore,
  type NewDataset,
} from './datasets';
import { requireId, toJson } from './sqlCodec';

/** An image about to be stored with its row. */
export interface NewAsset {
  /** Path relative to the import root, '/'-separated. */
  sourcePath: string;
  /** MIME type of the original (by its decoded format). */
  mime: string;
  /** Lower-case hex SHA-256 of `original`. */
  sha256: string;
  /** The original file's bytes. */
  original: Uint8Array;
  /** Original size in pixels (after EXIF orientation) and channel count. */
  width: number;
  height: number;
  channels: number;
  thumbnail: Uint8Array;
  thumbnailMime: string;
  /** uint8 `[height, width, channels]` (HWC), as the dataset's PixelSettings say. */
  pixels: Uint8Array;
}

/** One row of an image dataset: its cells (image path first, then labels) and its asset. */
export interface NewImageRow {
  cells: CellValue[];
  asset: NewAsset;
}

/** An image dataset about to be stored. `columns[0]` is the image column (type 'image'). */
export interface NewImageDataset extends NewDataset {
  pixels: PixelSettings;
  /**
   * Final profiles in column order (they depend on every row); called once, after the last
   * row, inside the transaction. The `profile`s in `columns` are placeholders until then.
   */
  profiles(): ColumnProfile[];
}

/** A stored thumbnail. */
export interface StoredThumbnail {
  rowId: number;
  mime: string;
  data: Uint8Array;
}

/** A stored original image and what is known about it. */
export interface StoredOriginal {
  rowId: number;
  /** Path relative to the import root. */
  sourcePath: string | null;
  mime: string;
  /** Lower-case hex SHA-256 of `data` (null for assets written before schema v8). */
  sha256: string | null;
  width: number | null;
  height: number | null;
  channels: number | null;
  data: Uint8Array;
}

/** Most row ids one read takes (one SQL parameter, a JSON array). */
export const MAX_ASSET_ROWS = 100_000;

interface SettingsRow {
  column_name: string;
  height: number;
  width: number;
  channels: number;
  colour: ImageColour;
  fit: ImageFit;
}

function checkRowIds(rowIds: readonly number[]): void {
  if (rowIds.length > MAX_ASSET_ROWS) {
    throw new MtlError(
      'BAD_REQUEST',
      `At most ${MAX_ASSET_ROWS} rows per read, got ${rowIds.length}`,
    );
  }
  for (const rowId of rowIds) requireId(rowId, 'Row');
}

function checkSettings(settings: PixelSettings): void {
  const { height, width, channels, colour, fit } = settings;
  const ok =
    Number.isSafeInteger(height) &&
    height > 0 &&
    Number.isSafeInteger(width) &&
    width > 0 &&
    channels === (colour === 'grey' ? 1 : 3) &&
    (colour === 'rgb' || colour === 'grey') &&
    ['cover', 'contain', 'fill'].includes(fit);
  if (!ok) throw new MtlError('BAD_REQUEST', `Invalid pixel settings ${JSON.stringify(settings)}`);
}

/**
 * The images of one open project (`ProjectStore.assets`). Errors are MtlErrors as described
 * on ProjectStore.
 */
export class AssetStore {
  /** @param datasets the project's datasets (to return the stored dataset) */
  constructor(
    private readonly db: Database,
    private readonly datasets: DatasetStore,
  ) {}

  /**
   * Store an image dataset in ONE transaction: the dataset, its columns and rows (as
   * DatasetStore.create), per row an asset (original bytes, thumbnail, training pixels) for
   * the image column, the column profiles from `dataset.profiles()` and the pixel settings.
   * If `rows` throws (a refused corrupt image, a cancellation) everything is rolled back and
   * the error rethrown.
   * @param onRows called with the rows written so far (every 5 000 and at the end)
   * @throws MtlError('BAD_REQUEST') when columns[0] is not of type 'image', for invalid pixel
   *   settings, a row whose pixels do not have height × width × channels bytes (naming the
   *   row and path), or a profiles() of the wrong length; the errors of DatasetStore.create
   *   and of `rows`.
   */
  async createImageDataset(
    dataset: NewImageDataset,
    rows: AsyncIterable<NewImageRow>,
    onRows?: (rowsWritten: number) => void,
  ): Promise<DatasetInfo> {
    const imageColumn = dataset.columns[0];
    if (imageColumn?.type !== 'image') {
      throw new MtlError(
        'BAD_REQUEST',
        'The first column of an image dataset must be of type image',
      );
    }
    checkSettings(dataset.pixels);
    const { height, width, channels } = dataset.pixels;
    const pixelBytes = height * width * channels;

    const id = await this.db.transaction(async (tx) => {
      const insertAsset = await tx.prepare(
        `INSERT INTO assets (dataset_id, row_id, column_name, source_path, mime, sha256,
           byte_size, width, height, channels, thumbnail, thumbnail_mime)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      );
      const insertOriginal = await tx.prepare(
        'INSERT INTO asset_originals (asset_id, data) VALUES (?, ?)',
      );
      const insertPixels = await tx.prepare(
        'INSERT INTO asset_pixels (asset_id, pixels) VALUES (?, ?)',
      );
      let datasetId = 0;
      // The rows table is filled by insertDataset; each row's asset is written as the row
      // passes (same transaction), so no image is held longer than its row.
      async function* cells(id: number): AsyncGenerator<CellValue[], void, undefined> {
        datasetId = id;
        let rowId = 0;
        for await (const row of rows) {
          rowId++;
          const { asset } = row;
          if (asset.pixels.length !== pixelBytes) {
            throw new MtlError(
              'BAD_REQUEST',
              `Row ${rowId} (${asset.sourcePath}): ${asset.pixels.length} pixel bytes, expected ${height}×${width}×${channels} = ${pixelBytes}`,
              { row: rowId },
            );
          }
          const { lastID } = await insertAsset.run([
            id,
            rowId,
            imageColumn.name,
            asset.sourcePath,
            asset.mime,
            asset.sha256,
            asset.original.length,
            asset.width,
            asset.height,
            asset.channels,
            asset.thumbnail,
            asset.thumbnailMime,
          ]);
          await insertOriginal.run([lastID, asset.original]);
          await insertPixels.run([lastID, asset.pixels]);
          yield row.cells;
        }
      }
      try {
        await insertDataset(tx, dataset, cells, onRows);
      } finally {
        await insertAsset.finalize();
        await insertOriginal.finalize();
        await insertPixels.finalize();
      }
      const profiles = dataset.profiles();
      if (profiles.length !== dataset.columns.length) {
        throw new MtlError(
          'BAD_REQUEST',
          `profiles() gave ${profiles.length} profiles for ${dataset.columns.length} columns`,
        );
      }
      for (const [position, profile] of profiles.entries()) {
        await tx.run('UPDATE columns SET profile = ? WHERE dataset_id = ? AND position = ?', [
          toJson(profile),
          datasetId,
          position,
        ]);
      }
      await tx.run(
        `INSERT INTO asset_settings (dataset_id, column_name, height, width, channels, colour, fit)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
        [
          datasetId,
          imageColumn.name,
          height,
          width,
          channels,
          dataset.pixels.colour,
          dataset.pixels.fit,
        ],
      );
      return datasetId;
    });
    return this.datasets.get(id);
  }

  /**
   * How the pixels of a dataset's image column were decoded, or null when the dataset has
   * no image column (a table).
   * @param column the image column (default: the dataset's first image column)
   * @throws MtlError('NOT_FOUND') for an unknown dataset, or an unknown `column`.
   */
  async pixelSettings(
    datasetId: number,
    column?: string,
  ): Promise<(PixelSettings & { column: string }) | null> {
    return this.db.transaction(async (tx) => {
      const row = await this.settingsOf(tx, datasetId, column);
      if (!row) return null;
      const { height, width, channels, colour, fit } = row;
      return { column: row.column_name, height, width, channels, colour, fit };
    }, 'DEFERRED');
  }

  private async settingsOf(
    tx: SqlExecutor,
    datasetId: number,
    column: string | undefined,
  ): Promise<SettingsRow | null> {
    const columns = await columnsOf(tx, datasetId);
    const image =
      column === undefined
        ? columns.find((c) => c.type === 'image')
        : findColumn(columns, column, datasetId);
    if (!image) return null;
    const row = await tx.get<SettingsRow>(
      'SELECT * FROM asset_settings WHERE dataset_id = ? AND column_name = ?',
      [datasetId, image.name],
    );
    return row ?? null;
  }

  /**
   * Training pixels of a batch of rows: uint8 `[rows, height, width, channels]`, image k
   * being row `rowIds[k]` (ids may repeat), each HWC as in {@link pixelSettings}.
   * @param rowIds row ids of the dataset (at most MAX_ASSET_ROWS)
   * @param column the image column (default: the dataset's first image column)
   * @throws MtlError('NOT_FOUND') for an unknown dataset, a dataset without decoded image
   *   pixels, or a row id without an image (naming the first); MtlError('BAD_REQUEST') for a
   *   row id that is not a positive integer or too many ids.
   */
  async readPixels(
    datasetId: number,
    rowIds: readonly number[],
    column?: string,
  ): Promise<Uint8Array> {
    checkRowIds(rowIds);
    return this.db.transaction(async (tx) => {
      const settings = await this.settingsOf(tx, datasetId, column);
      if (!settings) {
        throw new MtlError('NOT_FOUND', `Dataset ${datasetId} has no decoded image pixels`, {
          datasetId,
        });
      }
      const size = settings.height * settings.width * settings.channels;
      const out = new Uint8Array(rowIds.length * size);
      const slots = new Map<number, number[]>();
      rowIds.forEach((rowId, k) => {
        const list = slots.get(rowId);
        if (list) list.push(k);
        else slots.set(rowId, [k]);
      });
      const found = new Set<number>();
      await tx.each<{ row_id: number; pixels: Uint8Array }>(
        `SELECT a.row_id, p.pixels FROM assets a JOIN asset_pixels p ON p.asset_id = a.id
         WHERE a.dataset_id = ? AND a.column_name = ?
           AND a.row_id IN (SELECT value FROM json_each(?))`,
        [datasetId, settings.column_name, JSON.stringify([...slots.keys()])],
        (row) => {
          found.add(row.row_id);
          for (const k of slots.get(row.row_id) ?? []) out.set(row.pixels, k * size);
        },
      );
      if (found.size !== slots.size) {
        const missing = [...slots.keys()].find((rowId) => !found.has(rowId));
        throw new MtlError('NOT_FOUND', `Row ${missing} of dataset ${datasetId} has no image`, {
          datasetId,
          rowId: missing,
        });
      }
      return out;
    }, 'DEFERRED');
  }

  /**
   * Thumbnails of rows, in the order of `rowIds` (rows without an image are left out).
   * @param column the image column (default: the dataset's first image column)
   * @throws MtlError('NOT_FOUND') for an unknown dataset or column; MtlError('BAD_REQUEST')
   *   for invalid row ids.
   */
  async thumbnails(
    datasetId: number,
    rowIds: readonly number[],
    column?: string,
  ): Promise<StoredThumbnail[]> {
    checkRowIds(rowIds);
    return this.db.transaction(async (tx) => {
      const columnName = await this.imageColumnName(tx, datasetId, column);
      const byRow = new Map<number, StoredThumbnail>();
      await tx.each<{
        row_id: number;
        thumbnail: Uint8Array | null;
        thumbnail_mime: string | null;
      }>(
        `SELECT row_id, thumbnail, thumbnail_mime FROM assets
         WHERE dataset_id = ? AND column_name = ? AND row_id IN (SELECT value FROM json_each(?))`,
        [datasetId, columnName, JSON.stringify(rowIds)],
        (row) => {
          if (row.thumbnail && row.thumbnail_mime) {
            byRow.set(row.row_id, {
              rowId: row.row_id,
              mime: row.thumbnail_mime,
              data: row.thumbnail,
            });
          }
        },
      );
      return rowIds.flatMap((rowId) => {
        const thumbnail = byRow.get(rowId);
        return thumbnail ? [thumbnail] : [];
      });
    }, 'DEFERRED');
  }

  /**
   * The original image of one row.
   * @param column the image column (default: the dataset's first image column)
   * @throws MtlError('NOT_FOUND') for an unknown dataset or column, or a row without an
   *   image; MtlError('BAD_REQUEST') for an invalid row id.
   */
  async original(datasetId: number, rowId: number, column?: string): Promise<StoredOriginal> {
    checkRowIds([rowId]);
    return this.db.transaction(async (tx) => {
      const columnName = await this.imageColumnName(tx, datasetId, column);
      const row = await tx.get<{
        source_path: string | null;
        mime: string;
        sha256: string | null;
        width: number | null;
        height: number | null;
        channels: number | null;
        data: Uint8Array;
      }>(
        `SELECT a.source_path, a.mime, a.sha256, a.width, a.height, a.channels, o.data
         FROM assets a JOIN asset_originals o ON o.asset_id = a.id
         WHERE a.dataset_id = ? AND a.column_name = ? AND a.row_id = ?`,
        [datasetId, columnName, rowId],
      );
      if (!row) {
        throw new MtlError('NOT_FOUND', `Row ${rowId} of dataset ${datasetId} has no image`, {
          datasetId,
          rowId,
        });
      }
      return {
        rowId,
        sourcePath: row.source_path,
        mime: row.mime,
        sha256: row.sha256,
        width: row.width,
        height: row.height,
        channels: row.channels,
        data: row.data,
      };
    }, 'DEFERRED');
  }

  /** Name of the image column `column`, or of the dataset's first image column. */
  private async imageColumnName(
    tx: SqlExecutor,
    datasetId: number,
    column: string | undefined,
  ): Promise<string> {
    const columns = await columnsOf(tx, datasetId);
    if (column !== undefined) return findColumn(columns, column, datasetId).name;
    const image = columns.find((c) => c.type === 'image');
    if (!image) {
      throw new MtlError('NOT_FOUND', `Dataset ${datasetId} has no image column`, { datasetId });
    }
    return image.name;
  }
}
