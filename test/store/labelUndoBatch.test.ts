/**
 * Undo and redo of a large label batch (store/labels.ts revert) are all-or-nothing: its
 * cells and events are written in a few statements of one transaction, and a failure
 * part-way (injected by a temporary SQLite trigger on one row past the first WRITE_CHUNK)
 * leaves every cell, every event and the stacks as they were.
 *
 * Values known by construction: row i (1-based) of the dataset starts with species
 * 'setosa' when i is odd, 'versicolor' when even; the batch sets every row to 'virginica'.
 */
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WRITE_CHUNK } from '../../src/main/store/labelEventRows';
import { cellColumn, rowsTable } from '../../src/main/store/datasets';
import type { CellValue } from '../../src/main/store/projectStore';
import { ProjectStore } from '../../src/main/store/projectStore';
import { irisLikeDataset, makeTempDir, rawDb, rowSource } from './helpers';

/** More rows than one write chunk, so the failure falls in a later statement. */
const ROWS = WRITE_CHUNK * 2 + 7;
/** The row whose write fails: in the second chunk. */
const FAIL_ROW = WRITE_CHUNK + 200;
const A = 'tab-a';

/** The species a row starts with (by construction). */
const initial = (rowId: number): string => (rowId % 2 === 1 ? 'setosa' : 'versicolor');

let cleanup: () => Promise<void>;
let store: ProjectStore;
let datasetId: number;

beforeEach(async () => {
  let dir: string;
  ({ dir, cleanup } = await makeTempDir());
  store = await ProjectStore.open(join(dir, 'batch.mtlproj'), { create: true });
  const rows: CellValue[][] = Array.from({ length: ROWS }, (_, i) => [5, 0, initial(i + 1), null]);
  datasetId = (await store.datasets.create(irisLikeDataset(), rowSource(rows))).id;
  await store.tasks.create({
    datasetId,
    name: 'species',
    targetColumn: 'species',
    classes: ['setosa', 'versicolor', 'virginica'],
    kind: 'multiclass',
    weight: null,
  });
});
afterEach(async () => {
  await store.close();
  await cleanup();
});

/** The species cell of every row, in row order. */
async function species(): Promise<unknown[]> {
  return (await store.datasets.readColumns(datasetId, ['species'])).values.species;
}

/** The number of label events of the dataset. */
async function eventCount(): Promise<number> {
  const row = await rawDb(store).get<{ n: number }>(
    'SELECT COUNT(*) AS n FROM label_events WHERE dataset_id = ?',
    [datasetId],
  );
  return row!.n;
}

/** Every row relabelled 'virginica' as one batch of tab A. */
async function relabelAll() {
  const writes = Array.from({ length: ROWS }, (_, i) => ({
    rowId: i + 1,
    task: 'species',
    value: 'virginica',
  }));
  return store.labels.write(datasetId, writes, 'user', [], A);
}

const allVirginica = Array.from({ length: ROWS }, () => 'virginica');
const allInitial = Array.from({ length: ROWS }, (_, i) => initial(i + 1));

describe('undo and redo of a large batch', () => {
  it('undo restores every row, one event per cell with the right old and new value', async () => {
    const edit = await relabelAll();
    const undone = await store.labels.undo(datasetId, A);
    expect(await species()).toEqual(allInitial);
    expect(undone!.changes).toHaveLength(ROWS);
    const events = await rawDb(store).all<{
      row_id: number;
      old_value: string;
      new_value: string;
      reverts: number;
    }>(
      `SELECT row_id, old_value, new_value, reverts FROM label_events
       WHERE dataset_id = ? AND action = 'undo' ORDER BY id`,
      [datasetId],
    );
    // Undo walks the batch newest event first: rows ROWS … 1.
    expect(events.map((e) => e.row_id)).toEqual(Array.from({ length: ROWS }, (_, i) => ROWS - i));
    for (const e of events) {
      expect(e).toMatchObject({
        old_value: 'virginica',
        new_value: initial(e.row_id),
        reverts: edit.batch,
      });
    }
    await store.labels.redo(datasetId, A);
    expect(await species()).toEqual(allVirginica);
  });

  it('a cell write failing mid-undo leaves every row, event and stack as it was', async () => {
    await relabelAll();
    const before = await eventCount();
    const table = rowsTable(datasetId);
    // species is the dataset's third column (position 2).
    await rawDb(store).exec(
      `CREATE TEMP TRIGGER fail_cell BEFORE UPDATE ON ${table}
       WHEN NEW.row_id = ${FAIL_ROW} AND NEW.${cellColumn(2)} IS NOT 'virginica'
       BEGIN SELECT RAISE(ABORT, 'injected failure'); END`,
    );
    await expect(store.labels.undo(datasetId, A)).rejects.toThrow();
    expect(await species()).toEqual(allVirginica);
    expect(await eventCount()).toBe(before);
    expect(await store.labels.stackDepth(datasetId, A)).toEqual({ undo: 1, redo: 0 });

    // Without the failure, the same undo goes through whole.
    await rawDb(store).exec('DROP TRIGGER fail_cell');
    await store.labels.undo(datasetId, A);
    expect(await species()).toEqual(allInitial);
    expect(await eventCount()).toBe(before + ROWS);
  });

  it('an event insert failing mid-redo leaves every row, event and stack as it was', async () => {
    await relabelAll();
    await store.labels.undo(datasetId, A);
    const before = await eventCount();
    await rawDb(store).exec(
      `CREATE TEMP TRIGGER fail_event BEFORE INSERT ON label_events
       WHEN NEW.action = 'redo' AND NEW.row_id = ${FAIL_ROW}
       BEGIN SELECT RAISE(ABORT, 'injected failure'); END`,
    );
    await expect(store.labels.redo(datasetId, A)).rejects.toThrow();
    expect(await species()).toEqual(allInitial);
    expect(await eventCount()).toBe(before);
    expect(await store.labels.stackDepth(datasetId, A)).toEqual({ undo: 0, redo: 1 });

    await rawDb(store).exec('DROP TRIGGER fail_event');
    await store.labels.redo(datasetId, A);
    expect(await species()).toEqual(allVirginica);
  });
});
