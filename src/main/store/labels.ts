/**
 * Labels of a project: a label is the cell of a task's target column in the dataset's rows
 * table (`rows_N`; missing = NULL), and every change to one is a row of `label_events` —
 * the audit trail and the undo stack, written in the SAME immediate transaction as the cell,
 * so a crash never leaves a label without its event or the reverse.
 *
 * The stored profile of each column a write, undo or redo changes (missing count, class
 * counts) is brought in step in that same transaction too (store/columnProfiles.ts).
 *
 * Events of one action (a key press, a grid assignment, an accepted set of suggestions, an
 * import) share a batch number and are undone together. Undo and redo never delete or edit
 * events: they append compensating events (action 'undo' / 'redo', `reverts` = the edit
 * batch concerned), so the stack survives restarts and the log stays complete.
 *
 * Each event records its origin (`origin`, schema v17): the studio tab that wrote it (a string
 * the tab chose), or NULL — the CLI, another program, or any event from before v17. The undo
 * and redo stacks are one per dataset AND origin: a tab undoes and redoes only its own batches
 * (as Google Sheets or Label Studio do), never another tab's nor a terminal import; NULL is a
 * stack of its own (what a caller naming no origin undoes). When a cell of the batch to undo or
 * redo was changed by another origin after this origin last touched it, that cell is kept as
 * the other origin left it and reported (`skipped`); the batch's other cells are undone or
 * redone, and the batch leaves the stack all the same.
 *
 * A batch may also create classes (a class typed new while labelling): appended to their task
 * in the batch's transaction, removed again by its undo when no label uses them, and put back
 * by its redo (store/labelClasses.ts).
 *
 * Also here: the label version of each task a run trained on (`run_label_versions`).
 */
import type { LabelEvent, LabelSource, RunLabelVersion } from '../../shared/domain';
import { quotedNames } from '../../shared/classList';
import { MtlError } from '../../shared/errors';
import { updateColumnProfiles } from './columnProfiles';
import type { Database, SqlExecutor, SqlValue } from './database';
import { cellColumn, columnsOf, rowsTable, type CellValue } from './datasets';
import {
  createBatchClasses,
  removeBatchClasses,
  restoreBatchClasses,
  type ClassChange,
  type NewClass,
} from './labelClasses';
import {
  BATCH_MARKER_ROW,
  cellKey,
  cellsChangedByOthers,
  nextBatch,
  readCells,
  replayStacks,
  toLabelEvent,
  writeCell,
  writeCells,
  writeMarker,
  type CellWrite,
  type EventRow,
  type LabelOrigin,
} from './labelEventRows';
import { fromJson, now, toJson } from './sqlCodec';

/** A label to write: `value` is the stored cell (null = missing). */
export interface LabelWrite {
  rowId: number;
  task: string;
  value: CellValue;
}

/** A cell that changed, with its value before and after. */
export interface LabelChange {
  rowId: number;
  task: string;
  column: string;
  oldValue: CellValue;
  newValue: CellValue;
}

/** What one write, undo or redo did. */
export interface LabelBatch {
  /** Batch number of the events written; null when nothing changed (no event written). */
  batch: number | null;
  /** For undo/redo: the edit batch reverted or re-applied. */
  reverts: number | null;
  /** Source of the edit batch (for undo/redo: of the batch reverted). */
  source: LabelSource;
  changes: LabelChange[];
  /**
   * For undo/redo: cells of the batch left as they are because another origin changed them
   * after this origin last did (in the batch's event order); empty for a write.
   */
  skipped: { rowId: number; task: string; column: string }[];
  /**
   * Classes the batch added to tasks (a write's new classes; a redo putting back what its
   * undo removed) or removed (an undo of the batch that created them).
   */
  classes: ClassChange[];
}

export { BATCH_MARKER_ROW, type LabelOrigin } from './labelEventRows';

/** Depth of the undo and redo stacks of a dataset (and one origin), in batches. */
export interface LabelStackDepth {
  undo: number;
  redo: number;
}

const SOURCES: readonly LabelSource[] = ['user', 'import', 'suggestion'];

/** Where each task's label lives: task name → target column name and SQL cell. */
async function taskCells(
  tx: SqlExecutor,
  datasetId: number,
): Promise<Map<string, { column: string; cell: string }>> {
  const columns = await columnsOf(tx, datasetId);
  const tasks = await tx.all<{ name: string; target_column: string }>(
    'SELECT name, target_column FROM tasks WHERE dataset_id = ? ORDER BY id',
    [datasetId],
  );
  const out = new Map<string, { column: string; cell: string }>();
  for (const t of tasks) {
    const column = columns.find((c) => c.name === t.target_column);
    if (column) out.set(t.name, { column: column.name, cell: cellColumn(column.position) });
  }
  return out;
}

/**
 * One batch of label events as a reader of the log sees it (the watch on other programs'
 * writes, services/externalChanges.ts): what kind of action wrote it and how much.
 */
export interface StoredLabelBatch {
  datasetId: number;
  batch: number;
  /** 'edit' (a write or an import), 'undo' or 'redo'. */
  action: LabelEvent['action'];
  /** Source of its events (an undo or redo: 'user'). */
  source: LabelSource;
  /** For an undo or redo: the edit batch it reverted or re-applied; else null. */
  reverts: number | null;
  /** Label cells it changed (0: a batch of classes only, {@link BATCH_MARKER_ROW}). */
  cells: number;
}

/** The labels of one open project (`ProjectStore.labels`). */
export class LabelStore {
  /**
   * Batches this connection committed (writes, undos, redos): the project's other label
   * batches were written by other connections — another program on the file.
   */
  private readonly ownBatches = new Set<number>();

  constructor(private readonly db: Database) {}

  /**
   * Runs a transaction that writes label batch(es) and records the batch it answers as this
   * connection's before the transaction ends (so no reader of the log, on this connection,
   * sees it committed and not yet known as own); forgotten again when it rolls back.
   */
  private async ownTransaction<T extends { batch: number | null } | null>(
    body: (tx: SqlExecutor) => Promise<T>,
  ): Promise<T> {
    let written: number | null = null;
    try {
      return await this.db.transaction(async (tx) => {
        const result = await body(tx);
        written = result?.batch ?? null;
        if (written !== null) this.ownBatches.add(written);
        return result;
      });
    } catch (err) {
      if (written !== null) this.ownBatches.delete(written);
      throw err;
    }
  }

  /** Whether label batch `batch` was committed by this connection (this process's store). */
  wrote(batch: number): boolean {
    return this.ownBatches.has(batch);
  }

  /**
   * Writes labels and their events in ONE immediate transaction, as one batch (undone
   * together). A write that leaves its cell as it was is skipped (no event); when nothing
   * changes, no batch is written. The profiles of the columns changed are updated in the same
   * transaction (store/columnProfiles.ts). Any error rolls everything back.
   * @param writes cells to set; `value` is stored as given (the caller converts a class to
   *   the column's cell type; null = missing).
   * @param newClasses classes the batch creates (names trimmed and checked by the caller),
   *   appended to their tasks in the same transaction and recorded against the batch, so its
   *   undo removes them again (store/labelClasses.ts). When no cell changes, the classes are
   *   still a batch of their own (a marker event, {@link BATCH_MARKER_ROW}): undone and redone
   *   like any other.
   * @param origin the studio tab writing (its undo stack gets the batch), or null for no tab
   *   (the CLI, another program).
   * @throws MtlError('NOT_FOUND') for an unknown dataset, task (naming the tasks) or row;
   *   MtlError('BAD_REQUEST') for an unknown source or the same row and task twice;
   *   MtlError('TASK_INVALID') for a new class its task already has.
   */
  async write(
    datasetId: number,
    writes: readonly LabelWrite[],
    source: LabelSource,
    newClasses: readonly NewClass[] = [],
    origin: LabelOrigin = null,
  ): Promise<LabelBatch> {
    if (!SOURCES.includes(source)) {
      throw new MtlError('BAD_REQUEST', `Unknown label source "${String(source)}"`);
    }
    const seen = new Set<string>();
    for (const w of writes) {
      const key = `${w.rowId}\u0000${w.task}`;
      if (seen.has(key)) {
        throw new MtlError(
          'BAD_REQUEST',
          `Row ${w.rowId} gets two labels for task "${w.task}" in one change`,
        );
      }
      seen.add(key);
    }
    return this.ownTransaction(async (tx): Promise<LabelBatch> => {
      const cells = await taskCells(tx, datasetId);
      const table = rowsTable(datasetId);
      const at = now();
      let batch: number | null = null;
      const changes: LabelChange[] = [];
      for (const w of writes) {
        const target = cells.get(w.task);
        if (!target) {
          throw new MtlError(
            'NOT_FOUND',
            `Dataset ${datasetId} has no task "${w.task}"; tasks: ${quotedNames([...cells.keys()], 'none')}`,
            { task: w.task },
          );
        }
        const current = await tx.get<{ v: CellValue }>(
          `SELECT ${target.cell} AS v FROM ${table} WHERE row_id = ?`,
          [w.rowId],
        );
        if (!current) {
          throw new MtlError('NOT_FOUND', `Row ${w.rowId} is not a row of dataset ${datasetId}`, {
            rowId: w.rowId,
          });
        }
        if (current.v === w.value) continue;
        batch ??= await nextBatch(tx);
        await writeCell(tx, datasetId, target.cell, {
          rowId: w.rowId,
          column: target.column,
          task: w.task,
          oldValue: current.v,
          newValue: w.value,
          source,
          action: 'edit',
          batch,
          reverts: null,
          at,
          origin,
        });
        changes.push({
          rowId: w.rowId,
          task: w.task,
          column: target.column,
          oldValue: current.v,
          newValue: w.value,
        });
      }
      // Classes created with no cell changed: a batch of their own, marked by one event (on the
      // first class's task) after they are checked, so undo and redo see it.
      const classOnly = batch === null && newClasses.length > 0;
      if (classOnly) batch = await nextBatch(tx);
      const classes = await createBatchClasses(tx, datasetId, newClasses, batch);
      if (classOnly) {
        const first = newClasses[0];
        await writeMarker(tx, datasetId, {
          column: cells.get(first.task)?.column ?? first.task,
          task: first.task,
          source,
          action: 'edit',
          batch: batch!,
          reverts: null,
          at,
          origin,
        });
      }
      // The task columns' stored profiles follow their cells, in this same transaction.
      await updateColumnProfiles(tx, datasetId, changes);
      return { batch, reverts: null, source, changes, skipped: [], classes };
    });
  }

  /**
   * Undoes the newest edit batch of `origin` still on its undo stack: each of its cells gets
   * back its old value, through compensating events (action 'undo', recorded as `origin`'s).
   * Another origin's batches (another tab, the CLI) are never undone. A cell another origin
   * changed after `origin` last touched it is NOT overwritten: it keeps that later label and
   * is listed in `skipped`; the other cells are undone, and the batch leaves the undo stack
   * (onto the redo stack) even when every cell was skipped. Survives restarts: the stack is
   * replayed from the events. A class the batch created goes too, unless a label still holds
   * it (store/labelClasses.ts).
   * @param origin the studio tab asking, or null for no tab (the CLI's and old batches).
   * @returns what changed, or null when there is nothing to undo.
   * @throws MtlError('NOT_FOUND') for an unknown dataset.
   */
  undo(datasetId: number, origin: LabelOrigin = null): Promise<LabelBatch | null> {
    return this.revert(datasetId, 'undo', origin);
  }

  /**
   * Re-applies the edit batch `origin` undone last (action 'redo'), with any class it created
   * that its undo removed; a new edit of `origin` clears its redo stack. Cells another origin
   * changed since are kept and listed in `skipped`, as for {@link undo}.
   * @param origin the studio tab asking, or null for no tab.
   * @returns what changed, or null when there is nothing to redo.
   * @throws MtlError('NOT_FOUND') for an unknown dataset.
   */
  redo(datasetId: number, origin: LabelOrigin = null): Promise<LabelBatch | null> {
    return this.revert(datasetId, 'redo', origin);
  }

  private revert(
    datasetId: number,
    action: 'undo' | 'redo',
    origin: LabelOrigin,
  ): Promise<LabelBatch | null> {
    return this.ownTransaction(async (tx): Promise<LabelBatch | null> => {
      const columns = await columnsOf(tx, datasetId);
      const stacks = await replayStacks(tx, datasetId, origin);
      const target = (action === 'undo' ? stacks.undo : stacks.redo).at(-1);
      if (target === undefined) return null;
      const events = await tx.all<EventRow>(
        `SELECT * FROM label_events WHERE dataset_id = ? AND batch = ? AND action = 'edit'
         ORDER BY id ${action === 'undo' ? 'DESC' : 'ASC'}`,
        [datasetId, target],
      );
      const batch = await nextBatch(tx);
      const at = now();
      const changes: LabelChange[] = [];
      const skipped: LabelBatch['skipped'] = [];
      // Judged for every cell before any is written: a cell twice in the batch gets one answer,
      // as it did when each was asked on its own (this origin's write in between adds no other
      // origin's event).
      const changedByOthers = await cellsChangedByOthers(
        tx,
        datasetId,
        origin,
        events
          .filter((e) => e.row_id !== BATCH_MARKER_ROW)
          .map((e) => ({ rowId: e.row_id, column: e.column_name })),
      );
      // The batch's cells read per column in a few queries, and written with their events in
      // a few statements (labelEventRows.ts writeCells), all in this one transaction: as one
      // write after another did, each old value is the cell's value when its turn comes.
      const current = new Map<string, Map<number, CellValue>>();
      for (const column of columns) {
        const rowIds = events
          .filter((e) => e.row_id !== BATCH_MARKER_ROW && e.column_name === column.name)
          .map((e) => e.row_id);
        if (rowIds.length === 0) continue;
        const cell = cellColumn(column.position);
        current.set(column.name, await readCells(tx, datasetId, cell, rowIds));
      }
      const writes: CellWrite[] = [];
      for (const e of events) {
        if (e.row_id === BATCH_MARKER_ROW) continue;
        const column = columns.find((c) => c.name === e.column_name);
        if (!column) continue; // a column cannot be dropped today; kept safe for later
        const values = current.get(column.name)!;
        if (!values.has(e.row_id)) continue; // the row is gone
        const oldValue = values.get(e.row_id)!;
        // Another origin's later edit of this cell wins: kept, and named to the user.
        const later = changedByOthers.has(cellKey({ rowId: e.row_id, column: e.column_name }));
        if (later) {
          skipped.push({ rowId: e.row_id, task: e.task ?? e.column_name, column: e.column_name });
          continue;
        }
        const value = action === 'undo' ? e.old_value : e.new_value;
        values.set(e.row_id, value);
        writes.push({
          cell: cellColumn(column.position),
          event: {
            rowId: e.row_id,
            column: e.column_name,
            task: e.task,
            oldValue,
            newValue: value,
            source: 'user',
            action,
            batch,
            reverts: target,
            at,
            origin,
          },
        });
        changes.push({
          rowId: e.row_id,
          task: e.task ?? e.column_name,
          column: e.column_name,
          oldValue,
          newValue: value,
        });
      }
      await writeCells(tx, datasetId, writes);
      // A batch of classes only (or whose cells are gone): its undo or redo is marked too, so
      // the stacks move past it.
      if (changes.length === 0 && events.length > 0) {
        await writeMarker(tx, datasetId, {
          column: events[0].column_name,
          task: events[0].task,
          source: 'user',
          action,
          batch,
          reverts: target,
          at,
          origin,
        });
      }
      // After the cells: whether a created class is still used is judged on them.
      const classes =
        action === 'undo'
          ? await removeBatchClasses(tx, datasetId, target)
          : await restoreBatchClasses(tx, datasetId, target);
      await updateColumnProfiles(tx, datasetId, changes);
      return {
        batch,
        reverts: target,
        source: events[0]?.source ?? 'user',
        changes,
        skipped,
        classes,
      };
    });
  }

  /**
   * Depth of the undo and redo stacks of one origin on a dataset (0 and 0 for an unknown one).
   * @param origin a studio tab's origin, or null: the stacks of no tab (CLI, old batches).
   */
  async stackDepth(datasetId: number, origin: LabelOrigin = null): Promise<LabelStackDepth> {
    return this.db.transaction(async (tx) => {
      const { undo, redo } = await replayStacks(tx, datasetId, origin);
      return { undo: undo.length, redo: redo.length };
    }, 'DEFERRED');
  }

  /**
   * Label events of a dataset, newest first (batch markers, which change no cell, left out:
   * {@link BATCH_MARKER_ROW}).
   * @param options `limit` (default 100, at most 10 000), `rowId` to see one item's history,
   *   `beforeId` to page back.
   */
  async history(
    datasetId: number,
    options: { limit?: number; rowId?: number; beforeId?: number } = {},
  ): Promise<LabelEvent[]> {
    const limit = Math.min(Math.max(options.limit ?? 100, 0), 10_000);
    const where = ['dataset_id = ?', `row_id <> ${BATCH_MARKER_ROW}`];
    const params: SqlValue[] = [datasetId];
    if (options.rowId !== undefined) {
      where.push('row_id = ?');
      params.push(options.rowId);
    }
    if (options.beforeId !== undefined) {
      where.push('id < ?');
      params.push(options.beforeId);
    }
    const rows = await this.db.all<EventRow>(
      `SELECT * FROM label_events WHERE ${where.join(' AND ')} ORDER BY id DESC LIMIT ?`,
      [...params, limit],
    );
    return rows.map(toLabelEvent);
  }

  /** Id of the newest label event of a dataset, 0 when it has none. */
  async lastEventId(datasetId: number): Promise<number> {
    const row = await this.db.get<{ id: number | null }>(
      'SELECT MAX(id) AS id FROM label_events WHERE dataset_id = ?',
      [datasetId],
    );
    return row?.id ?? 0;
  }

  /**
   * The newest label batch of each dataset that has label events (one index seek each).
   * @returns dataset id → its newest batch number.
   */
  async lastBatches(): Promise<Map<number, number>> {
    const rows = await this.db.all<{ id: number; batch: number | null }>(
      `SELECT id, (SELECT MAX(batch) FROM label_events WHERE dataset_id = datasets.id) AS batch
       FROM datasets`,
    );
    return new Map(rows.filter((r) => r.batch !== null).map((r) => [r.id, r.batch as number]));
  }

  /**
   * The label batches of a dataset numbered above `afterBatch`, oldest first (an index range
   * of `label_events_by_batch`).
   */
  async batchesAfter(datasetId: number, afterBatch: number): Promise<StoredLabelBatch[]> {
    const rows = await this.db.all<{
      batch: number;
      action: LabelEvent['action'];
      source: LabelSource;
      reverts: number | null;
      cells: number;
    }>(
      `SELECT batch, MIN(action) AS action, MIN(source) AS source, MIN(reverts) AS reverts,
         SUM(row_id <> ${BATCH_MARKER_ROW}) AS cells
       FROM label_events WHERE dataset_id = ? AND batch > ? GROUP BY batch ORDER BY batch`,
      [datasetId, afterBatch],
    );
    return rows.map((r) => ({ datasetId, ...r }));
  }

  /**
   * The label changes of the given batches of a dataset, each with its batch, in the order
   * written (event id), batch markers left out ({@link BATCH_MARKER_ROW}); at most `limit`
   * (default: all).
   */
  async changesOfBatches(
    datasetId: number,
    batches: readonly number[],
    limit = -1,
  ): Promise<(LabelChange & { batch: number })[]> {
    if (batches.length === 0) return [];
    const rows = await this.db.all<EventRow>(
      `SELECT * FROM label_events
       WHERE dataset_id = ? AND row_id <> ${BATCH_MARKER_ROW}
         AND batch IN (SELECT value FROM json_each(?))
       ORDER BY id LIMIT ?`,
      [datasetId, JSON.stringify(batches), limit],
    );
    return rows.map((r) => ({
      rowId: r.row_id,
      task: r.task ?? r.column_name,
      column: r.column_name,
      oldValue: r.old_value,
      newValue: r.new_value,
      batch: r.batch,
    }));
  }

  /**
   * The classes the given batches of a dataset created (label_batch_classes: classes typed new,
   * added by an import or on their own), as task name and class name, by task then position.
   */
  async classesOfBatches(
    datasetId: number,
    batches: readonly number[],
  ): Promise<{ task: string; className: string }[]> {
    if (batches.length === 0) return [];
    return this.db.all<{ task: string; className: string }>(
      `SELECT DISTINCT t.name AS task, c.class_name AS className
       FROM label_batch_classes c JOIN tasks t ON t.id = c.task_id
       WHERE t.dataset_id = ? AND c.batch IN (SELECT value FROM json_each(?))
       ORDER BY t.id, c.position`,
      [datasetId, JSON.stringify(batches)],
    );
  }

  /**
   * Number of label events of a dataset after event `afterId`, optionally of one task only
   * (undo and redo events count: they change labels too; batch markers do not, they change
   * no label: {@link BATCH_MARKER_ROW}).
   */
  async eventCount(
    datasetId: number,
    options: { task?: string; afterId?: number } = {},
  ): Promise<number> {
    const row = await this.db.get<{ n: number }>(
      `SELECT COUNT(*) AS n FROM label_events
       WHERE dataset_id = ? AND id > ? AND row_id <> ${BATCH_MARKER_ROW}${options.task !== undefined ? ' AND task = ?' : ''}`,
      options.task !== undefined
        ? [datasetId, options.afterId ?? 0, options.task]
        : [datasetId, options.afterId ?? 0],
    );
    return row?.n ?? 0;
  }

  /**
   * One task's labels as they were right after event `afterId`, for the rows whose label
   * changed since: each such row's value before its first event after `afterId` (a run's
   * `lastEvent`, RunLabelVersion: the labels it trained and was tested on). Rows absent from
   * the map still hold that value now.
   * @param datasetId the dataset; @param task the task whose events count.
   * @param afterId the newest event before the change (0: every event).
   * @returns row id → the stored cell it held then (null: missing).
   */
  async valuesAfterEvent(
    datasetId: number,
    task: string,
    afterId: number,
  ): Promise<Map<number, CellValue>> {
    const rows = await this.db.all<{ row_id: number; old_value: CellValue }>(
      `SELECT row_id, old_value FROM label_events
       WHERE dataset_id = ? AND task = ? AND id > ? AND row_id <> ${BATCH_MARKER_ROW}
       ORDER BY id ASC`,
      [datasetId, task, afterId],
    );
    const out = new Map<number, CellValue>();
    for (const r of rows) if (!out.has(r.row_id)) out.set(r.row_id, r.old_value);
    return out;
  }

  /**
   * Number of one task's labels that differ now from what they were after event `afterId`:
   * the rows whose first event since then starts from another value than their last event
   * leaves. A label changed and changed back (an edit and its undo, or A → B → A) counts
   * nothing, so the count is what a retrain would see, not how many keys were pressed.
   * @param datasetId the dataset.
   * @param task the task whose events count.
   * @param afterId the newest event before the count starts (0: every event).
   * @returns rows, 0 when no label differs.
   */
  async changedLabelCount(datasetId: number, task: string, afterId: number): Promise<number> {
    const row = await this.db.get<{ n: number }>(
      `SELECT COUNT(*) AS n FROM (
         SELECT
           (SELECT f.old_value FROM label_events f
             WHERE f.dataset_id = e.dataset_id AND f.task = e.task AND f.row_id = e.row_id
               AND f.id > ? ORDER BY f.id ASC LIMIT 1) AS first_old,
           (SELECT l.new_value FROM label_events l
             WHERE l.dataset_id = e.dataset_id AND l.task = e.task AND l.row_id = e.row_id
               AND l.id > ? ORDER BY l.id DESC LIMIT 1) AS last_new
         FROM label_events e
         WHERE e.dataset_id = ? AND e.task = ? AND e.id > ?
         GROUP BY e.row_id
       ) WHERE first_old IS NOT last_new`,
      [afterId, afterId, datasetId, task, afterId],
    );
    return row?.n ?? 0;
  }

  /**
   * Rows per stored value of each task's target column (SQL GROUP BY, no rows read into
   * memory), missing cells under the value null.
   * @returns task name → [value, rows] pairs.
   * @throws MtlError('NOT_FOUND') for an unknown dataset.
   */
  async valueCounts(datasetId: number): Promise<Map<string, [CellValue, number][]>> {
    return this.db.transaction(async (tx) => {
      const cells = await taskCells(tx, datasetId);
      const out = new Map<string, [CellValue, number][]>();
      for (const [task, { cell }] of cells) {
        const rows = await tx.all<{ v: CellValue; n: number }>(
          `SELECT ${cell} AS v, COUNT(*) AS n FROM ${rowsTable(datasetId)} GROUP BY ${cell}`,
        );
        out.set(
          task,
          rows.map((r) => [r.v, r.n]),
        );
      }
      return out;
    }, 'DEFERRED');
  }

  /**
   * Records the label version of each task a run trains on, replacing any recorded before.
   * @throws MtlError('NOT_FOUND') for an unknown run.
   */
  async recordRunVersions(runId: number, versions: readonly RunLabelVersion[]): Promise<void> {
    await this.db.transaction(async (tx) => {
      const run = await tx.get('SELECT 1 FROM runs WHERE id = ?', [runId]);
      if (!run) throw new MtlError('NOT_FOUND', `Run ${runId} not found`);
      await tx.run('DELETE FROM run_label_versions WHERE run_id = ?', [runId]);
      for (const v of versions) {
        await tx.run(
          `INSERT INTO run_label_versions (run_id, task, classes, labelled, hash, last_event)
           VALUES (?, ?, ?, ?, ?, ?)`,
          [runId, v.task, toJson(v.classes), v.labelled, v.hash, v.lastEvent],
        );
      }
    });
  }

  /**
   * Label versions of the runs of a dataset, by run id then task.
   * @param runId only this run's (a confusion cell's listing reads one run's, once per run).
   * @returns run id → its tasks' versions (runs from before labelling was recorded are absent).
   */
  async runVersions(datasetId: number, runId?: number): Promise<Map<number, RunLabelVersion[]>> {
    const rows = await this.db.all<{
      run_id: number;
      task: string;
      classes: string;
      labelled: number;
      hash: string;
      last_event: number;
    }>(
      `SELECT v.* FROM run_label_versions v JOIN runs r ON r.id = v.run_id
       WHERE r.dataset_id = ?${runId === undefined ? '' : ' AND v.run_id = ?'}
       ORDER BY v.run_id, v.task`,
      runId === undefined ? [datasetId] : [datasetId, runId],
    );
    const out = new Map<number, RunLabelVersion[]>();
    for (const r of rows) {
      let list = out.get(r.run_id);
      if (!list) out.set(r.run_id, (list = []));
      list.push({
        task: r.task,
        classes: fromJson<string[]>(r.classes),
        labelled: r.labelled,
        hash: r.hash,
        lastEvent: r.last_event,
      });
    }
    return out;
  }
}
