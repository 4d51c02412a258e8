/**
 * Datasets' `contentVersion` (shared/domain.ts DatasetInfo): a SHA-1 (hex, 40 characters)
 * of a dataset's stored row in `datasets`, its rows in `columns` (name, type, role,
 * profile, …) and the newest label batch written to it. Every write that changes what a
 * page shows of a dataset changes one of those: a rename, a role or image setting, an added
 * column, a profile, or a cell — cells of an imported dataset are only ever written as
 * labels, each write (edit, undo, redo, import of labels) as a new batch numbered above
 * every earlier one of the project (store/labels.ts), so even a swap of two labels that
 * leaves every count equal changes it. Writes to other tables (runs, epochs, splits, tasks'
 * classes) leave it as it was. Read from the file, so another process's writes count too.
 *
 * Cost: the studio reads the list about once a second while the CLI trains (each epoch it
 * writes makes it reload), so the rows are fed to the hash one at a time (no text of the
 * whole dataset is built) and the batch is one index seek per dataset; SHA-1 for speed, not
 * for secrecy (compare versions for equality only).
 *
 * A damaged file (opened read-only and unmigrated, see projectStore.ts) is never written,
 * so its versions need no batch: it is not read there (an old file has no
 * `label_events.batch`, and the damage may be in `label_events`).
 */
import { createHash, type Hash } from 'node:crypto';
import { MtlError } from '../../shared/errors';
import type { SqlExecutor } from './database';
import type { ColumnRow, DatasetRow } from './datasetTables';

/** A dataset as read for its version: its `datasets` row and its `columns` rows in order. */
export interface StoredDataset {
  dataset: DatasetRow;
  columns: readonly ColumnRow[];
}

/**
 * The content versions of `datasets`, in their order.
 * @param options.damaged the file is damaged (opened read-only): no label batch is read.
 * @returns one 40-character hex string per dataset.
 * @throws MtlError('STORE') when the batch query fails otherwise than on a damaged page
 *   (a damaged page read, PROJECT_CORRUPT, gives versions without batches instead).
 */
export async function contentVersions(
  tx: SqlExecutor,
  datasets: readonly StoredDataset[],
  options: { damaged: boolean },
): Promise<string[]> {
  const batches = options.damaged
    ? new Map<number, number>()
    : await lastLabelBatches(
        tx,
        datasets.map((d) => d.dataset.id),
      );
  return datasets.map(({ dataset, columns }) => {
    const hash = createHash('sha1');
    feedRow(hash, dataset);
    hash.update(`columns ${columns.length};`);
    for (const column of columns) feedRow(hash, column);
    hash.update(`batch ${batches.get(dataset.id) ?? 'none'};`);
    return hash.digest('hex');
  });
}

/**
 * Feeds one stored row to `hash` as one text of its values, each framed by its length
 * (texts) or a type letter, so no two different rows give the same text.
 */
function feedRow(hash: Hash, row: object): void {
  let text = '';
  for (const value of Object.values(row)) {
    if (value === null || value === undefined) text += 'n;';
    else if (typeof value === 'string') text += `s${value.length}:${value}`;
    else if (typeof value === 'number') text += `d${value};`;
    else text += `j${JSON.stringify(value)};`;
  }
  hash.update(`${text}\n`);
}

/**
 * The newest label batch of each dataset of `ids` (`label_events_by_batch` answers each
 * with one index seek), absent for a dataset without label events — or for all of them
 * when a damaged page stops the read (a file found damaged after it was opened).
 */
async function lastLabelBatches(
  tx: SqlExecutor,
  ids: readonly number[],
): Promise<Map<number, number>> {
  try {
    const rows = await tx.all<{ id: number; batch: number | null }>(
      `SELECT value AS id,
         (SELECT MAX(batch) FROM label_events WHERE dataset_id = value) AS batch
       FROM json_each(?)`,
      [JSON.stringify(ids)],
    );
    return new Map(rows.filter((r) => r.batch !== null).map((r) => [r.id, r.batch as number]));
  } catch (err) {
    if (err instanceof MtlError && err.code === 'PROJECT_CORRUPT') return new Map();
    throw err;
  }
}
