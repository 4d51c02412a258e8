/**
 * The rows of `label_events` as the label store reads and writes them (store/labels.ts): a
 * row read back as a LabelEvent, a new event or a batch's marker written inside the caller's
 * transaction, the project's next batch number, and one origin's undo and redo stacks replayed
 * from its events. Split from labels.ts, which keeps what the store does with them.
 */
import type { LabelEvent, LabelSource } from '../../shared/domain';
import type { SqlExecutor, SqlValue } from './database';
import { rowsTable, type CellValue } from './datasets';

/**
 * Who wrote a label batch: a studio tab's origin string, or null for no tab (the CLI, another
 * program, events from before origins were recorded). Undo and redo stacks are one per origin.
 */
export type LabelOrigin = string | null;

/** A row of `label_events` as SQLite returns it. */
export interface EventRow {
  id: number;
  dataset_id: number;
  row_id: number;
  column_name: string;
  old_value: CellValue;
  new_value: CellValue;
  at: string;
  task: string | null;
  source: LabelSource;
  action: LabelEvent['action'];
  batch: number;
  reverts: number | null;
  origin: string | null;
}

/** A `label_events` row as the LabelEvent the services and the studio read (`origin` kept). */
export function toLabelEvent(e: EventRow): LabelEvent {
  return {
    id: e.id,
    batch: e.batch,
    rowId: e.row_id,
    task: e.task,
    column: e.column_name,
    oldValue: e.old_value,
    newValue: e.new_value,
    at: e.at,
    source: e.source,
    action: e.action,
    reverts: e.reverts,
    origin: e.origin,
  };
}

/**
 * The undo and redo stacks of one origin on a dataset, replayed from that origin's events
 * (an origin's undo or redo only ever reverts its own batches): an edit batch is pushed on the
 * undo stack and clears the redo stack; an undo moves its batch to the redo stack; a redo
 * moves it back. Other origins' batches take no part.
 */
export async function replayStacks(
  tx: SqlExecutor,
  datasetId: number,
  origin: LabelOrigin,
): Promise<{ undo: number[]; redo: number[] }> {
  const undo: number[] = [];
  const redo: number[] = [];
  await tx.each<{ batch: number; action: LabelEvent['action']; reverts: number | null }>(
    `SELECT batch, MIN(action) AS action, MIN(reverts) AS reverts FROM label_events
     WHERE dataset_id = ? AND origin IS ? GROUP BY batch ORDER BY batch`,
    [datasetId, origin],
    (b) => {
      if (b.action === 'edit') {
        undo.push(b.batch);
        redo.length = 0;
      } else if (b.action === 'undo') {
        const at = undo.lastIndexOf(b.reverts ?? -1);
        if (at >= 0) undo.splice(at, 1);
        redo.push(b.reverts ?? -1);
      } else {
        const at = redo.lastIndexOf(b.reverts ?? -1);
        if (at >= 0) redo.splice(at, 1);
        undo.push(b.reverts ?? -1);
      }
    },
  );
  return { undo, redo };
}

/**
 * Row ids per query of {@link cellsChangedByOthers}: well under SQLite's variable limit (999
 * before 3.32, 32766 since), with room for the query's other parameters.
 */
export const CELL_CHUNK = 500;

/** A cell of a dataset's rows table: its row and its column's name. */
export interface LabelCell {
  rowId: number;
  column: string;
}

/** The key of a cell in {@link cellsChangedByOthers}'s answer: `${rowId}\u0000${column}`. */
export function cellKey(cell: LabelCell): string {
  return `${cell.rowId}\u0000${cell.column}`;
}

/**
 * Of `cells`, those another origin changed after `origin` last did: an event of an origin other
 * than `origin` (NULL counts as one) with a higher id than `origin`'s newest event on the cell.
 * A cell `origin` never touched is never in the answer. One query per column and
 * {@link CELL_CHUNK} row ids (an undo of a 10 000-row import: 20 queries, not 10 000).
 * @param cells the cells to check (repeats are fine).
 * @returns their keys ({@link cellKey}).
 */
export async function cellsChangedByOthers(
  tx: SqlExecutor,
  datasetId: number,
  origin: LabelOrigin,
  cells: readonly LabelCell[],
): Promise<Set<string>> {
  const byColumn = new Map<string, Set<number>>();
  for (const c of cells) {
    const rows = byColumn.get(c.column) ?? new Set<number>();
    rows.add(c.rowId);
    byColumn.set(c.column, rows);
  }
  const changed = new Set<string>();
  for (const [column, rowSet] of byColumn) {
    const rows = [...rowSet];
    for (let at = 0; at < rows.length; at += CELL_CHUNK) {
      const chunk = rows.slice(at, at + CELL_CHUNK);
      const found = await tx.all<{ row_id: number }>(
        `SELECT DISTINCT o.row_id FROM label_events o
         WHERE o.dataset_id = ? AND o.column_name = ? AND o.origin IS NOT ?
           AND o.row_id IN (${chunk.map(() => '?').join(', ')})
           AND o.id > (SELECT MAX(m.id) FROM label_events m
                       WHERE m.dataset_id = o.dataset_id AND m.row_id = o.row_id
                         AND m.column_name = o.column_name AND m.origin IS ?)`,
        [datasetId, column, origin, ...chunk, origin],
      );
      for (const f of found) changed.add(cellKey({ rowId: f.row_id, column }));
    }
  }
  return changed;
}

/** The next batch number (one sequence for the whole project). */
export async function nextBatch(tx: SqlExecutor): Promise<number> {
  const row = await tx.get<{ n: number }>(
    'SELECT COALESCE(MAX(batch), 0) + 1 AS n FROM label_events',
  );
  return row?.n ?? 1;
}

/** One row of `label_events` to insert (a cell's change, or a batch's marker). */
export interface NewLabelEvent {
  rowId: number;
  column: string;
  task: string | null;
  oldValue: CellValue;
  newValue: CellValue;
  source: LabelSource;
  action: LabelEvent['action'];
  batch: number;
  reverts: number | null;
  at: string;
  origin: LabelOrigin;
}

/** Inserts one label event (inside the caller's transaction). */
export async function insertEvent(
  tx: SqlExecutor,
  datasetId: number,
  e: NewLabelEvent,
): Promise<void> {
  await tx.run(
    `INSERT INTO label_events (${EVENT_COLUMNS}) VALUES ${EVENT_PLACEHOLDERS}`,
    eventValues(datasetId, e),
  );
}

/** The columns of a label_events row as {@link eventValues} lists its values. */
const EVENT_COLUMNS = `dataset_id, row_id, column_name, old_value, new_value, at,
  task, source, action, batch, reverts, origin`;

/** One row's placeholders for {@link EVENT_COLUMNS}. */
const EVENT_PLACEHOLDERS = '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)';

/** The values of event `e` of dataset `datasetId` in {@link EVENT_COLUMNS}' order. */
function eventValues(datasetId: number, e: NewLabelEvent): SqlValue[] {
  return [
    datasetId,
    e.rowId,
    e.column,
    e.oldValue,
    e.newValue,
    e.at,
    e.task,
    e.source,
    e.action,
    e.batch,
    e.reverts,
    e.origin,
  ] as SqlValue[];
}

/** Writes one cell and its event (inside the caller's transaction). */
export async function writeCell(
  tx: SqlExecutor,
  datasetId: number,
  cell: string,
  event: NewLabelEvent,
): Promise<void> {
  await tx.run(`UPDATE ${rowsTable(datasetId)} SET ${cell} = ? WHERE row_id = ?`, [
    event.newValue,
    event.rowId,
  ]);
  await insertEvent(tx, datasetId, event);
}

/**
 * `label_events.row_id` of a batch's marker event. A batch that changes no cell — a class
 * created on its own (labels.addClass, or a write whose cells were already so), or an undo or
 * redo of such a batch — still writes one event, on no row (no dataset row has id 0: SQLite
 * numbers them from 1), so the undo and redo stacks, replayed from the events, see it.
 * History and counts leave markers out.
 */
export const BATCH_MARKER_ROW = 0;

/** Writes a batch's marker event (no cell): see {@link BATCH_MARKER_ROW}. */
export function writeMarker(
  tx: SqlExecutor,
  datasetId: number,
  event: Omit<NewLabelEvent, 'rowId' | 'oldValue' | 'newValue'>,
): Promise<void> {
  return insertEvent(tx, datasetId, {
    ...event,
    rowId: BATCH_MARKER_ROW,
    oldValue: null,
    newValue: null,
  });
}

/**
 * Rows per statement of {@link readCells} and {@link writeCells}: 500 rows × 12 event
 * parameters = 6 000 bound values, well under SQLite's limit (32766 since 3.32).
 */
export const WRITE_CHUNK = 500;

/**
 * The values of one cell column for `rowIds`, read in {@link WRITE_CHUNK}-row queries (not one
 * query per row); a row id not in the table is absent from the answer.
 * @param cell the rows table's cell column (cellColumn(position)); a trusted identifier.
 */
export async function readCells(
  tx: SqlExecutor,
  datasetId: number,
  cell: string,
  rowIds: readonly number[],
): Promise<Map<number, CellValue>> {
  const unique = [...new Set(rowIds)];
  const values = new Map<number, CellValue>();
  for (let at = 0; at < unique.length; at += WRITE_CHUNK) {
    const chunk = unique.slice(at, at + WRITE_CHUNK);
    const rows = await tx.all<{ row_id: number; v: CellValue }>(
      `SELECT row_id, ${cell} AS v FROM ${rowsTable(datasetId)}
       WHERE row_id IN (${chunk.map(() => '?').join(', ')})`,
      chunk,
    );
    for (const r of rows) values.set(r.row_id, r.v);
  }
  return values;
}

/** One cell a batch writes, with its event: `cell` is the rows table's cell column. */
export interface CellWrite {
  cell: string;
  event: NewLabelEvent;
}

/**
 * Writes many cells and their events inside the caller's transaction, as
 * {@link writeCell} would one after the other: each `event.oldValue` must already be the
 * cell's value when its turn comes (a cell written twice: the second's old value is the
 * first's new one), and the cell ends with the last value written to it. Cells go in one
 * `UPDATE … FROM (VALUES …)` per cell column and {@link WRITE_CHUNK} rows, events in
 * multi-row INSERTs in the order given (their ids ascend in that order). Any error leaves the
 * rollback to the caller's transaction.
 */
export async function writeCells(
  tx: SqlExecutor,
  datasetId: number,
  writes: readonly CellWrite[],
): Promise<void> {
  // The last value of each cell, per cell column (a row once per UPDATE: which of two
  // joined rows SQLite would take is not defined).
  const finalByCell = new Map<string, Map<number, CellValue>>();
  for (const w of writes) {
    const rows = finalByCell.get(w.cell) ?? new Map<number, CellValue>();
    rows.set(w.event.rowId, w.event.newValue);
    finalByCell.set(w.cell, rows);
  }
  const table = rowsTable(datasetId);
  for (const [cell, rows] of finalByCell) {
    const entries = [...rows];
    for (let at = 0; at < entries.length; at += WRITE_CHUNK) {
      const chunk = entries.slice(at, at + WRITE_CHUNK);
      await tx.run(
        `UPDATE ${table} SET ${cell} = v.column2
         FROM (VALUES ${chunk.map(() => '(?, ?)').join(', ')}) AS v
         WHERE ${table}.row_id = v.column1`,
        chunk.flat() as SqlValue[],
      );
    }
  }
  for (let at = 0; at < writes.length; at += WRITE_CHUNK) {
    const chunk = writes.slice(at, at + WRITE_CHUNK);
    await tx.run(
      `INSERT INTO label_events (${EVENT_COLUMNS})
       VALUES ${chunk.map(() => EVENT_PLACEHOLDERS).join(', ')}`,
      chunk.flatMap(({ event }) => eventValues(datasetId, event)),
    );
  }
}
