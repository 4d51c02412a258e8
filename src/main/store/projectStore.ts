/**
 * The project store: one project = one SQLite file (`*.mtlproj`) holding datasets and their
 * rows, tasks, splits, training runs, results, predictions and models.
 *
 * Every write that spans several tables runs in one transaction, so a failed or cancelled
 * import or save leaves the file exactly as it was. The rows of dataset N live in the typed
 * table `rows_N` (`row_id INTEGER PRIMARY KEY, c0, c1, …`); user-supplied column names
 * never reach SQL text, only the positional names `c<k>` do.
 */
import { existsSync } from 'node:fs';
import { hostname } from 'node:os';
import { basename, extname } from 'node:path';
import type {
  ColumnInfo,
  ColumnRole,
  ColumnType,
  DatasetInfo,
  EpochRecord,
  RunInfo,
  RunStatus,
  SplitInfo,
  SplitName,
  TaskInfo,
  TaskMetrics,
  TrainConfig,
} from '../../shared/domain';
import { MtlError } from '../../shared/errors';
import { BulkInserter, Database, type SqlExecutor, type SqlValue } from './database';
import { assertProjectFile, migrateDatabase, readSchemaVersion } from './migrations';

/** A cell as stored: REAL for numeric, INTEGER 0/1 for boolean, TEXT otherwise, null = missing. */
export type CellValue = number | string | null;

/** Column definition of a dataset about to be imported. */
export interface NewColumn {
  index: number;
  name: string;
  type: ColumnType;
  role: ColumnRole;
  profile: ColumnInfo['profile'];
}

/** Dataset about to be imported. */
export interface NewDataset {
  name: string;
  sourceName: string;
  encoding: string;
  delimiter: string;
  columns: NewColumn[];
}

/** A trained model as stored: enough to rebuild it and predict. */
export interface StoredModel {
  runId: number;
  /** Architecture description (JSON-serialisable) produced by the engine. */
  topology: unknown;
  /** Fitted preprocessing (JSON-serialisable) produced by the engine. */
  preprocessing: unknown;
  /** Weight names and shapes, in the order their float32 data is concatenated in `weights`. */
  weightSpecs: { name: string; shape: number[] }[];
  /** Little-endian float32 values of all weights, concatenated. */
  weights: Uint8Array;
}

/** Test-split predictions of one task of a run. */
export interface StoredPredictions {
  task: string;
  rowIds: number[];
  /** Row-major probabilities [rows, classes]. */
  probs: Float32Array;
  numClasses: number;
}

// ---------------------------------------------------------------------------------------------
// Rows as SQLite returns them

interface DatasetRow {
  id: number;
  name: string;
  source_name: string;
  encoding: string;
  delimiter: string;
  row_count: number;
  imported_at: string;
}

interface ColumnRow {
  dataset_id: number;
  position: number;
  source_index: number;
  name: string;
  type: ColumnType;
  role: ColumnRole;
  profile: string;
}

interface TaskRow {
  id: number;
  dataset_id: number;
  name: string;
  target_column: string;
  classes: string;
  kind: 'binary' | 'multiclass';
  weight: number | null;
}

interface SplitRow {
  id: number;
  dataset_id: number;
  seed: number;
  frac_train: number;
  frac_validation: number;
  frac_test: number;
  stratified_on: string | null;
  n_train: number;
  n_validation: number;
  n_test: number;
  created_at: string;
}

interface RunRow {
  id: number;
  dataset_id: number;
  split_id: number;
  tasks: string;
  config: string;
  status: RunStatus;
  backend: string | null;
  started_at: string | null;
  finished_at: string | null;
  error: string | null;
  best_epoch: number | null;
}

// ---------------------------------------------------------------------------------------------
// Helpers

/** Rows reported to `onRows` between two progress calls. */
const PROGRESS_EVERY_ROWS = 5000;
/** Largest page `readRows` serves (it feeds a virtualised table, not an export). */
const MAX_PAGE_ROWS = 10_000;
/** SQLite's default SQLITE_MAX_COLUMN is 2000, and `row_id` takes one. */
const MAX_DATASET_COLUMNS = 1999;

const COLUMN_TYPES: readonly ColumnType[] = ['numeric', 'categorical', 'boolean', 'text', 'image'];
const COLUMN_ROLES: readonly ColumnRole[] = ['input', 'target', 'ignore'];
const SPLIT_NAMES: readonly SplitName[] = ['train', 'validation', 'test'];
const RUN_STATUSES: readonly RunStatus[] = [
  'queued',
  'running',
  'completed',
  'failed',
  'cancelled',
];

/** Key under which JSON encodes NaN and ±Infinity (plain JSON would turn them into null). */
const NON_FINITE_KEY = '$nonFinite';

/** JSON that keeps NaN and ±Infinity (a diverged loss must not come back as null). */
function toJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    typeof v === 'number' && !Number.isFinite(v) ? { [NON_FINITE_KEY]: String(v) } : v,
  );
}

function fromJson<T>(text: string): T {
  return JSON.parse(text, (_key, v: unknown) => {
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
      const keys = Object.keys(v);
      const marker = (v as Record<string, unknown>)[NON_FINITE_KEY];
      if (keys.length === 1 && typeof marker === 'string') return Number(marker);
    }
    return v;
  }) as T;
}

function requireId(id: number, what: string): number {
  if (!Number.isSafeInteger(id) || id < 1) {
    throw new MtlError('BAD_REQUEST', `${what} id must be a positive integer, got ${String(id)}`);
  }
  return id;
}

/** Name of the rows table of a dataset; `datasetId` is a validated integer, never text. */
function rowsTable(datasetId: number): string {
  return `rows_${requireId(datasetId, 'Dataset')}`;
}

/** SQL name of the column at `position` in a rows table. */
function cellColumn(position: number): string {
  return `c${position}`;
}

function sqlTypeOf(type: ColumnType): 'REAL' | 'INTEGER' | 'TEXT' {
  if (type === 'numeric') return 'REAL';
  if (type === 'boolean') return 'INTEGER';
  return 'TEXT';
}

function now(): string {
  return new Date().toISOString();
}

/** Base name of a path written on any OS ("C:\\data\\a.csv" and "/home/x/a.csv" → "a.csv"). */
function baseNameOf(sourceName: string): string {
  const parts = sourceName.split(/[\\/]/);
  return parts[parts.length - 1];
}

function toColumnInfo(c: ColumnRow): ColumnInfo {
  return {
    index: c.source_index,
    name: c.name,
    type: c.type,
    role: c.role,
    profile: fromJson<ColumnInfo['profile']>(c.profile),
  };
}

function toDatasetInfo(d: DatasetRow, columns: ColumnRow[]): DatasetInfo {
  return {
    id: d.id,
    name: d.name,
    sourceName: d.source_name,
    encoding: d.encoding,
    delimiter: d.delimiter,
    rowCount: d.row_count,
    columns: columns.map(toColumnInfo),
    importedAt: d.imported_at,
  };
}

function toTaskInfo(t: TaskRow): TaskInfo {
  return {
    id: t.id,
    datasetId: t.dataset_id,
    name: t.name,
    targetColumn: t.target_column,
    classes: fromJson<string[]>(t.classes),
    kind: t.kind,
    weight: t.weight,
  };
}

function toSplitInfo(s: SplitRow): SplitInfo {
  return {
    id: s.id,
    datasetId: s.dataset_id,
    seed: s.seed,
    fractions: { train: s.frac_train, validation: s.frac_validation, test: s.frac_test },
    stratifiedOn: s.stratified_on,
    counts: { train: s.n_train, validation: s.n_validation, test: s.n_test },
    createdAt: s.created_at,
  };
}

function toRunInfo(r: RunRow, results: Record<string, TaskMetrics> | null): RunInfo {
  return {
    id: r.id,
    datasetId: r.dataset_id,
    splitId: r.split_id,
    tasks: fromJson<string[]>(r.tasks),
    config: fromJson<TrainConfig>(r.config),
    status: r.status,
    backend: r.backend,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    error: r.error,
    bestEpoch: r.best_epoch,
    results,
  };
}

/** Results of one run, ordered like its task list (then any others by name). */
function orderResults(
  tasks: string[],
  rows: { task: string; metrics: string }[],
): Record<string, TaskMetrics> | null {
  if (rows.length === 0) return null;
  const byTask = new Map(rows.map((r) => [r.task, fromJson<TaskMetrics>(r.metrics)]));
  const results: Record<string, TaskMetrics> = {};
  for (const task of tasks) {
    const metrics = byTask.get(task);
    if (metrics) results[task] = metrics;
  }
  for (const [task, metrics] of byTask) if (!(task in results)) results[task] = metrics;
  return results;
}

function isConstraintError(err: unknown): boolean {
  return (
    err instanceof MtlError &&
    typeof err.details?.sqliteCode === 'string' &&
    err.details.sqliteCode.startsWith('SQLITE_CONSTRAINT')
  );
}

/** Float32 bytes of `probs[row]`, as a view (node-sqlite3 copies it when binding). */
function probsBlob(probs: Float32Array, row: number, numClasses: number): Uint8Array {
  return new Uint8Array(probs.buffer, probs.byteOffset + row * numClasses * 4, numClasses * 4);
}

// ---------------------------------------------------------------------------------------------

/**
 * An open project file. Create or open one with {@link ProjectStore.open}; close it with
 * {@link ProjectStore.close}. All methods are safe to call concurrently: they are
 * serialised on the file's single connection, and a long write (an import) makes the
 * others wait until it ends.
 *
 * Errors are {@link MtlError}s: NOT_FOUND (unknown id, column, task), BAD_REQUEST (malformed
 * argument), TASK_INVALID, SPLIT_INVALID, MIGRATION, and STORE for SQLite failures (its
 * `details.sqliteCode` holds SQLite's code).
 */
export class ProjectStore {
  /** Path of the project file as given to {@link ProjectStore.open}. */
  readonly path: string;
  private readonly db: Database;

  private constructor(path: string, db: Database) {
    this.path = path;
    this.db = db;
  }

  /**
   * Open the project at `path`, upgrading its schema to the latest version if needed (a
   * copy `<path>.bak-v<old>` is written first). With `create: true` a missing file is
   * created and named `name` (default: the file's base name without extension); `name`
   * is ignored for an existing file. WAL journal and foreign keys are switched on.
   *
   * @throws MtlError('NOT_FOUND') when the file is missing and `create` is not true;
   *   MtlError('MIGRATION') when the file is newer than this app, is not a project, or an
   *   upgrade step fails (the file then stays at its previous version);
   *   MtlError('STORE') when SQLite cannot open or read it.
   */
  static async open(
    path: string,
    options: { create?: boolean; name?: string } = {},
  ): Promise<ProjectStore> {
    const exists = existsSync(path);
    if (!exists && options.create !== true) {
      throw new MtlError('NOT_FOUND', `Project file not found: ${path}`, { path });
    }
    const db = await Database.open(path, { create: options.create === true });
    try {
      // Refuse a foreign or empty file before changing anything in it (WAL rewrites the header).
      const version = await assertProjectFile(db);
      if (exists && version === 0 && options.create !== true) {
        throw new MtlError('STORE', `"${path}" is not an MTL Studio project (it is empty)`, {
          path,
        });
      }
      await db.exec('PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000');
      const journal = await db.get<{ journal_mode: string }>('PRAGMA journal_mode = WAL');
      if (journal?.journal_mode !== 'wal') {
        throw new MtlError(
          'STORE',
          `Cannot switch "${path}" to WAL mode (got ${journal?.journal_mode ?? 'nothing'})`,
        );
      }
      // In WAL mode NORMAL cannot corrupt the file; a power cut may lose the last commit.
      await db.exec('PRAGMA synchronous = NORMAL');
      const { fromVersion } = await migrateDatabase(db);
      if (fromVersion === 0) {
        const name = options.name?.trim() || basename(path, extname(path));
        await db.transaction(async (tx) => {
          await tx.run('INSERT OR REPLACE INTO project_meta (key, value) VALUES (?, ?)', [
            'name',
            name,
          ]);
          await tx.run('INSERT OR REPLACE INTO project_meta (key, value) VALUES (?, ?)', [
            'created_at',
            now(),
          ]);
        });
      }
      const store = new ProjectStore(path, db);
      await store.failInterruptedRuns();
      return store;
    } catch (err) {
      await db.close().catch(() => undefined);
      if (err instanceof MtlError && err.details?.sqliteCode === 'SQLITE_NOTADB') {
        throw new MtlError('STORE', `"${path}" is not an MTL Studio project (not an SQLite file)`, {
          path,
          sqliteCode: 'SQLITE_NOTADB',
        });
      }
      throw err;
    }
  }

  /** Wait for pending calls and close the file. Later calls throw MtlError('STORE'). */
  close(): Promise<void> {
    return this.db.close();
  }

  /** Schema version of the file (`PRAGMA user_version`). */
  schemaVersion(): Promise<number> {
    return readSchemaVersion(this.db);
  }

  /** Display name of the project (set at creation). */
  async projectName(): Promise<string> {
    const row = await this.db.get<{ value: string }>(
      "SELECT value FROM project_meta WHERE key = 'name'",
    );
    return row?.value ?? basename(this.path, extname(this.path));
  }

  // ----------------------------------------------------------------------------- datasets

  /**
   * Import a dataset: its row, its columns and a typed rows table `rows_<id>` filled from
   * `rows`, all in ONE transaction. Cell k of each row belongs to `dataset.columns[k]`;
   * row_id is the 1-based row number. Rows are written in batches through a prepared
   * statement and the iterator is not read ahead of the writes, so memory stays bounded
   * for any number of rows. `onRows(rowsWritten)` is called every 5,000 rows and once at
   * the end. `sourceName` is reduced to its base name.
   *
   * If `rows` (or `onRows`) throws — a parse error, a cancellation — the transaction is
   * rolled back and that same error is rethrown: the project is exactly as before.
   *
   * @throws MtlError('BAD_REQUEST') for duplicate or invalid column definitions, or a row
   *   whose length differs from the column count (naming the row); errors of `rows`.
   */
  async createDatasetWithRows(
    dataset: NewDataset,
    rows: AsyncIterable<CellValue[]>,
    onRows?: (rowsWritten: number) => void,
  ): Promise<DatasetInfo> {
    const columns = dataset.columns;
    validateNewColumns(columns);
    const name = dataset.name.trim();
    if (name === '') throw new MtlError('BAD_REQUEST', 'Dataset name must not be empty');
    const importedAt = now();

    const id = await this.db.transaction(async (tx) => {
      const { lastID } = await tx.run(
        `INSERT INTO datasets (name, source_name, encoding, delimiter, row_count, imported_at)
         VALUES (?, ?, ?, ?, 0, ?)`,
        [name, baseNameOf(dataset.sourceName), dataset.encoding, dataset.delimiter, importedAt],
      );
      const columnInserter = new BulkInserter(tx, 'columns', [
        'dataset_id',
        'position',
        'source_index',
        'name',
        'type',
        'role',
        'profile',
      ]);
      try {
        for (const [position, c] of columns.entries()) {
          await columnInserter.add([
            lastID,
            position,
            c.index,
            c.name,
            c.type,
            c.role,
            toJson(c.profile),
          ]);
        }
        await columnInserter.flush();
      } finally {
        await columnInserter.finalize();
      }

      const table = rowsTable(lastID);
      const definitions = columns.map((c, k) => `${cellColumn(k)} ${sqlTypeOf(c.type)}`);
      await tx.exec(
        `CREATE TABLE ${table} (${['row_id INTEGER PRIMARY KEY', ...definitions].join(', ')})`,
      );

      const cells = ['row_id', ...columns.map((_c, k) => cellColumn(k))];
      const rowInserter = new BulkInserter(tx, table, cells);
      let rowNumber = 0;
      let reported = 0;
      try {
        const values: SqlValue[] = new Array<SqlValue>(cells.length);
        for await (const row of rows) {
          rowNumber += 1;
          if (row.length !== columns.length) {
            throw new MtlError(
              'BAD_REQUEST',
              `Row ${rowNumber} of "${baseNameOf(dataset.sourceName)}" has ${row.length} cells, expected ${columns.length}`,
              { row: rowNumber },
            );
          }
          values[0] = rowNumber;
          for (let k = 0; k < row.length; k++) values[k + 1] = row[k] ?? null;
          await rowInserter.add(values);
          if (onRows && rowInserter.written - reported >= PROGRESS_EVERY_ROWS) {
            reported = rowInserter.written;
            onRows(reported);
          }
        }
        await rowInserter.flush();
      } finally {
        await rowInserter.finalize();
      }
      if (rowNumber === 0 || reported !== rowNumber) onRows?.(rowNumber);
      await tx.run('UPDATE datasets SET row_count = ? WHERE id = ?', [rowNumber, lastID]);
      return lastID;
    });
    return this.getDataset(id);
  }

  /** All datasets of the project, oldest first, with their columns. */
  async listDatasets(): Promise<DatasetInfo[]> {
    return this.db.transaction(async (tx) => {
      const datasets = await tx.all<DatasetRow>('SELECT * FROM datasets ORDER BY id');
      const columns = await tx.all<ColumnRow>(
        'SELECT * FROM columns ORDER BY dataset_id, position',
      );
      return datasets.map((d) =>
        toDatasetInfo(
          d,
          columns.filter((c) => c.dataset_id === d.id),
        ),
      );
    }, 'DEFERRED');
  }

  /**
   * One dataset with its columns (in rows-table order).
   * @throws MtlError('NOT_FOUND') for an unknown id.
   */
  async getDataset(id: number): Promise<DatasetInfo> {
    return this.db.transaction(async (tx) => {
      const dataset = await requireDataset(tx, id);
      return toDatasetInfo(dataset, await columnsOf(tx, id));
    }, 'DEFERRED');
  }

  /**
   * Delete a dataset, its rows table, and (by cascade) its columns, tasks, splits, runs,
   * results, predictions, models, assets and label events. One transaction.
   * @throws MtlError('NOT_FOUND') for an unknown id.
   */
  async deleteDataset(id: number): Promise<void> {
    await this.db.transaction(async (tx) => {
      await requireDataset(tx, id);
      await tx.run('DELETE FROM datasets WHERE id = ?', [id]);
      await tx.exec(`DROP TABLE IF EXISTS ${rowsTable(id)}`);
    });
  }

  /**
   * Set the role of a column.
   * @throws MtlError('NOT_FOUND') for an unknown dataset or column; MtlError('BAD_REQUEST')
   *   for an unknown role; MtlError('TASK_INVALID') when the column is the target of a
   *   task and `role` is not 'target' (its labels would leak into the inputs): delete the
   *   task first.
   */
  async setColumnRole(datasetId: number, column: string, role: ColumnRole): Promise<void> {
    if (!COLUMN_ROLES.includes(role)) {
      throw new MtlError('BAD_REQUEST', `Unknown column role "${String(role)}"`);
    }
    await this.db.transaction(async (tx) => {
      findColumn(await columnsOf(tx, datasetId), column, datasetId);
      if (role !== 'target') {
        const task = await tx.get<{ name: string }>(
          'SELECT name FROM tasks WHERE dataset_id = ? AND target_column = ?',
          [datasetId, column],
        );
        if (task) {
          throw new MtlError(
            'TASK_INVALID',
            `Column "${column}" is the target of task "${task.name}"; delete the task before making it ${role}`,
          );
        }
      }
      await tx.run('UPDATE columns SET role = ? WHERE dataset_id = ? AND name = ?', [
        role,
        datasetId,
        column,
      ]);
    });
  }

  /**
   * Whole columns of a dataset: row ids ascending, and for each requested name the raw
   * stored values in the same order (number for REAL/INTEGER, string for TEXT, null for
   * missing). Streams from SQLite, so no intermediate row objects are kept.
   * @param range only rows with fromRowId ≤ row_id ≤ toRowId (a chunk, for training that
   *   streams a large table with bounded memory).
   * @throws MtlError('NOT_FOUND') for an unknown dataset or column (naming both).
   */
  async readColumns(
    datasetId: number,
    columns: string[],
    range?: { fromRowId: number; toRowId: number },
  ): Promise<{ rowIds: number[]; values: Record<string, CellValue[]> }> {
    return this.db.transaction(async (tx) => {
      const all = await columnsOf(tx, datasetId);
      const wanted = columns.map((name) => findColumn(all, name, datasetId));
      const rowIds: number[] = [];
      const arrays = wanted.map(() => [] as CellValue[]);
      const select = ['row_id', ...wanted.map((c) => cellColumn(c.position))].join(', ');
      await tx.each<Record<string, CellValue>>(
        `SELECT ${select} FROM ${rowsTable(datasetId)}${range ? ' WHERE row_id BETWEEN ? AND ?' : ''} ORDER BY row_id`,
        range ? [range.fromRowId, range.toRowId] : [],
        (row) => {
          rowIds.push(row.row_id as number);
          for (let k = 0; k < wanted.length; k++) {
            arrays[k].push(row[cellColumn(wanted[k].position)]);
          }
        },
      );
      const values: Record<string, CellValue[]> = {};
      columns.forEach((name, k) => (values[name] = arrays[k]));
      return { rowIds, values };
    }, 'DEFERRED');
  }

  /**
   * One page of rows for a virtualised table. Rows are filtered (by `filter` and/or the
   * `rowIds` subset), sorted by `orderBy` (missing values last, ties by row id) or by row
   * id, and `limit` rows from `offset` are returned with their cells in column order.
   * `filter.equals` matches exactly (null matches missing cells); `filter.contains` is a
   * substring match, case-insensitive for ASCII letters; both may be given. `total` is the
   * number of rows after filtering.
   * @throws MtlError('NOT_FOUND') for an unknown dataset or column;
   *   MtlError('BAD_REQUEST') for a negative offset, a limit outside 0…10,000, or an empty
   *   filter.
   */
  async readRows(
    datasetId: number,
    query: {
      offset: number;
      limit: number;
      orderBy?: string;
      descending?: boolean;
      filter?: { column: string; equals?: CellValue; contains?: string };
      rowIds?: number[];
    },
  ): Promise<{ total: number; rows: { rowId: number; values: CellValue[] }[] }> {
    const { offset, limit } = query;
    if (!Number.isSafeInteger(offset) || offset < 0) {
      throw new MtlError('BAD_REQUEST', `offset must be an integer ≥ 0, got ${String(offset)}`);
    }
    if (!Number.isSafeInteger(limit) || limit < 0 || limit > MAX_PAGE_ROWS) {
      throw new MtlError(
        'BAD_REQUEST',
        `limit must be an integer in 0…${MAX_PAGE_ROWS}, got ${String(limit)}`,
      );
    }
    return this.db.transaction(async (tx) => {
      const all = await columnsOf(tx, datasetId);
      const where: string[] = [];
      const params: SqlValue[] = [];
      if (query.filter) {
        const { column, equals, contains } = query.filter;
        const cell = cellColumn(findColumn(all, column, datasetId).position);
        if (equals === undefined && contains === undefined) {
          throw new MtlError('BAD_REQUEST', `Filter on "${column}" needs equals or contains`);
        }
        if (equals === null) where.push(`${cell} IS NULL`);
        else if (equals !== undefined) {
          where.push(`${cell} = ?`);
          params.push(equals);
        }
        if (contains !== undefined) {
          where.push(`${cell} LIKE ? ESCAPE '\\'`);
          params.push(`%${contains.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`);
        }
      }
      if (query.rowIds) {
        where.push('row_id IN (SELECT value FROM json_each(?))');
        params.push(JSON.stringify(query.rowIds));
      }
      const direction = query.descending ? 'DESC' : 'ASC';
      let order = `row_id ${direction}`;
      if (query.orderBy !== undefined) {
        const cell = cellColumn(findColumn(all, query.orderBy, datasetId).position);
        order = `${cell} ${direction} NULLS LAST, row_id ${direction}`;
      }
      const table = rowsTable(datasetId);
      const whereSql = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
      const count = await tx.get<{ n: number }>(
        `SELECT COUNT(*) AS n FROM ${table} ${whereSql}`,
        params,
      );
      const cells = all.map((c) => cellColumn(c.position));
      const page = await tx.all<Record<string, CellValue>>(
        `SELECT ${['row_id', ...cells].join(', ')} FROM ${table} ${whereSql}
         ORDER BY ${order} LIMIT ? OFFSET ?`,
        [...params, limit, offset],
      );
      return {
        total: count?.n ?? 0,
        rows: page.map((r) => ({ rowId: r.row_id as number, values: cells.map((c) => r[c]) })),
      };
    }, 'DEFERRED');
  }

  // -------------------------------------------------------------------------------- tasks

  /**
   * Define a classification task on a dataset and make its target column's role 'target'.
   * @throws MtlError('NOT_FOUND') for an unknown dataset; MtlError('TASK_INVALID') for an
   *   empty or already used name, an unknown target column, a column that is already the
   *   target of another task, fewer than 2 or duplicate classes, 'binary' without exactly
   *   2 classes, or a weight that is not a finite number ≥ 0.
   */
  async createTask(task: Omit<TaskInfo, 'id'>): Promise<TaskInfo> {
    const name = task.name.trim();
    if (name === '') throw new MtlError('TASK_INVALID', 'Task name must not be empty');
    if (!Array.isArray(task.classes) || task.classes.length < 2) {
      throw new MtlError('TASK_INVALID', `Task "${name}" needs at least 2 classes`);
    }
    if (new Set(task.classes).size !== task.classes.length) {
      throw new MtlError('TASK_INVALID', `Task "${name}" lists a class twice`);
    }
    if (task.kind !== 'binary' && task.kind !== 'multiclass') {
      throw new MtlError('TASK_INVALID', `Task "${name}" has unknown kind "${String(task.kind)}"`);
    }
    if (task.kind === 'binary' && task.classes.length !== 2) {
      throw new MtlError(
        'TASK_INVALID',
        `Binary task "${name}" needs exactly 2 classes, got ${task.classes.length}`,
      );
    }
    if (task.weight !== null && !(Number.isFinite(task.weight) && task.weight >= 0)) {
      throw new MtlError(
        'TASK_INVALID',
        `Task "${name}" has invalid weight ${String(task.weight)}`,
      );
    }
    return this.db.transaction(async (tx) => {
      const columns = await columnsOf(tx, task.datasetId);
      if (!columns.some((c) => c.name === task.targetColumn)) {
        throw new MtlError(
          'TASK_INVALID',
          `Target column "${task.targetColumn}" of task "${name}" is not a column of dataset ${task.datasetId}`,
        );
      }
      const clash = await tx.get<{ name: string; target_column: string }>(
        'SELECT name, target_column FROM tasks WHERE dataset_id = ? AND (name = ? OR target_column = ?)',
        [task.datasetId, name, task.targetColumn],
      );
      if (clash?.name === name) {
        throw new MtlError(
          'TASK_INVALID',
          `Dataset ${task.datasetId} already has a task named "${name}"`,
        );
      }
      if (clash) {
        throw new MtlError(
          'TASK_INVALID',
          `Column "${task.targetColumn}" is already the target of task "${clash.name}"`,
        );
      }
      const { lastID } = await tx.run(
        `INSERT INTO tasks (dataset_id, name, target_column, classes, kind, weight)
         VALUES (?, ?, ?, ?, ?, ?)`,
        [task.datasetId, name, task.targetColumn, toJson(task.classes), task.kind, task.weight],
      );
      await tx.run("UPDATE columns SET role = 'target' WHERE dataset_id = ? AND name = ?", [
        task.datasetId,
        task.targetColumn,
      ]);
      return { ...task, name, classes: [...task.classes], id: lastID };
    });
  }

  /** Tasks of a dataset in creation order (empty for an unknown dataset). */
  async listTasks(datasetId: number): Promise<TaskInfo[]> {
    const rows = await this.db.all<TaskRow>(
      'SELECT * FROM tasks WHERE dataset_id = ? ORDER BY id',
      [datasetId],
    );
    return rows.map(toTaskInfo);
  }

  /**
   * Delete a task and reset its target column's role to 'input'. Runs that trained it
   * keep their stored results.
   * @throws MtlError('NOT_FOUND') for an unknown id.
   */
  async deleteTask(id: number): Promise<void> {
    await this.db.transaction(async (tx) => {
      const task = await tx.get<TaskRow>('SELECT * FROM tasks WHERE id = ?', [id]);
      if (!task) throw new MtlError('NOT_FOUND', `Task ${id} not found`);
      await tx.run('DELETE FROM tasks WHERE id = ?', [id]);
      await tx.run("UPDATE columns SET role = 'input' WHERE dataset_id = ? AND name = ?", [
        task.dataset_id,
        task.target_column,
      ]);
    });
  }

  // ------------------------------------------------------------------------------- splits

  /**
   * Store a train/validation/test assignment: `assignment[i]` is the split of row
   * `rowIds[i]`. One transaction; returns the split with its per-split counts.
   * @throws MtlError('NOT_FOUND') for an unknown dataset; MtlError('SPLIT_INVALID') when
   *   the arrays differ in length, a split name or fraction is invalid (each in [0, 1],
   *   summing to 1 ± 1e-6), a row id repeats or is not a row of the dataset, or
   *   `stratifiedOn` is not a column of the dataset.
   */
  async createSplit(split: {
    datasetId: number;
    seed: number;
    fractions: SplitInfo['fractions'];
    stratifiedOn: string | null;
    rowIds: number[];
    assignment: SplitName[];
  }): Promise<SplitInfo> {
    const { rowIds, assignment, fractions } = split;
    if (rowIds.length !== assignment.length) {
      throw new MtlError(
        'SPLIT_INVALID',
        `Split has ${rowIds.length} row ids but ${assignment.length} assignments`,
      );
    }
    const fractionValues = [fractions.train, fractions.validation, fractions.test];
    if (
      fractionValues.some((f) => !(Number.isFinite(f) && f >= 0 && f <= 1)) ||
      Math.abs(fractionValues.reduce((a, b) => a + b, 0) - 1) > 1e-6
    ) {
      throw new MtlError(
        'SPLIT_INVALID',
        `Split fractions must lie in [0, 1] and sum to 1, got ${JSON.stringify(fractions)}`,
      );
    }
    const counts = { train: 0, validation: 0, test: 0 };
    for (const [i, name] of assignment.entries()) {
      if (!SPLIT_NAMES.includes(name)) {
        throw new MtlError('SPLIT_INVALID', `Unknown split "${String(name)}" for row ${rowIds[i]}`);
      }
      counts[name] += 1;
    }
    const createdAt = now();
    const id = await this.db.transaction(async (tx) => {
      const columns = await columnsOf(tx, split.datasetId);
      if (split.stratifiedOn !== null && !columns.some((c) => c.name === split.stratifiedOn)) {
        throw new MtlError(
          'SPLIT_INVALID',
          `Split is stratified on "${split.stratifiedOn}", which is not a column of dataset ${split.datasetId}`,
        );
      }
      const { lastID } = await tx.run(
        `INSERT INTO splits (dataset_id, seed, frac_train, frac_validation, frac_test,
           stratified_on, n_train, n_validation, n_test, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        [
          split.datasetId,
          split.seed,
          fractions.train,
          fractions.validation,
          fractions.test,
          split.stratifiedOn,
          counts.train,
          counts.validation,
          counts.test,
          createdAt,
        ],
      );
      const inserter = new BulkInserter(tx, 'split_rows', ['split_id', 'row_id', 'split'], 5000);
      try {
        for (let i = 0; i < rowIds.length; i++) {
          await inserter.add([lastID, rowIds[i], assignment[i]]);
        }
        await inserter.flush();
      } catch (err) {
        if (isConstraintError(err)) {
          throw new MtlError('SPLIT_INVALID', 'Split lists a row id more than once');
        }
        throw err;
      } finally {
        await inserter.finalize();
      }
      const stray = await tx.get<{ row_id: number }>(
        `SELECT s.row_id FROM split_rows s
         WHERE s.split_id = ?
           AND NOT EXISTS (SELECT 1 FROM ${rowsTable(split.datasetId)} r WHERE r.row_id = s.row_id)
         LIMIT 1`,
        [lastID],
      );
      if (stray) {
        throw new MtlError(
          'SPLIT_INVALID',
          `Row ${stray.row_id} is not a row of dataset ${split.datasetId}`,
        );
      }
      return lastID;
    });
    return this.getSplit(id);
  }

  /**
   * One stored split.
   * @throws MtlError('NOT_FOUND') for an unknown id.
   */
  async getSplit(id: number): Promise<SplitInfo> {
    const row = await this.db.get<SplitRow>('SELECT * FROM splits WHERE id = ?', [id]);
    if (!row) throw new MtlError('NOT_FOUND', `Split ${id} not found`);
    return toSplitInfo(row);
  }

  /** The most recently created split of a dataset, or null if it has none. */
  async latestSplit(datasetId: number): Promise<SplitInfo | null> {
    const row = await this.db.get<SplitRow>(
      'SELECT * FROM splits WHERE dataset_id = ? ORDER BY id DESC LIMIT 1',
      [datasetId],
    );
    return row ? toSplitInfo(row) : null;
  }

  /**
   * The rows of a split, row ids ascending, with the split each belongs to.
   * @throws MtlError('NOT_FOUND') for an unknown id.
   */
  async getSplitAssignment(
    splitId: number,
  ): Promise<{ rowIds: number[]; assignment: SplitName[] }> {
    return this.db.transaction(async (tx) => {
      const exists = await tx.get('SELECT 1 FROM splits WHERE id = ?', [splitId]);
      if (!exists) throw new MtlError('NOT_FOUND', `Split ${splitId} not found`);
      const rowIds: number[] = [];
      const assignment: SplitName[] = [];
      await tx.each<{ row_id: number; split: SplitName }>(
        'SELECT row_id, split FROM split_rows WHERE split_id = ? ORDER BY row_id',
        [splitId],
        (r) => {
          rowIds.push(r.row_id);
          assignment.push(r.split);
        },
      );
      return { rowIds, assignment };
    }, 'DEFERRED');
  }

  // --------------------------------------------------------------------------------- runs

  /**
   * Record a new training run with status 'queued'.
   * @throws MtlError('NOT_FOUND') for an unknown dataset or split; MtlError('SPLIT_INVALID')
   *   when the split belongs to another dataset; MtlError('TASK_INVALID') when `tasks` is
   *   empty, repeats a name, or names a task the dataset does not have.
   */
  async createRun(run: {
    datasetId: number;
    splitId: number;
    tasks: string[];
    config: TrainConfig;
  }): Promise<RunInfo> {
    if (run.tasks.length === 0) throw new MtlError('TASK_INVALID', 'A run needs at least one task');
    if (new Set(run.tasks).size !== run.tasks.length) {
      throw new MtlError('TASK_INVALID', `A run lists a task twice: ${run.tasks.join(', ')}`);
    }
    const id = await this.db.transaction(async (tx) => {
      await requireDataset(tx, run.datasetId);
      const split = await tx.get<{ dataset_id: number }>(
        'SELECT dataset_id FROM splits WHERE id = ?',
        [run.splitId],
      );
      if (!split) throw new MtlError('NOT_FOUND', `Split ${run.splitId} not found`);
      if (split.dataset_id !== run.datasetId) {
        throw new MtlError(
          'SPLIT_INVALID',
          `Split ${run.splitId} belongs to dataset ${split.dataset_id}, not ${run.datasetId}`,
        );
      }
      const known = new Set(
        (
          await tx.all<{ name: string }>('SELECT name FROM tasks WHERE dataset_id = ?', [
            run.datasetId,
          ])
        ).map((t) => t.name),
      );
      const unknown = run.tasks.filter((t) => !known.has(t));
      if (unknown.length > 0) {
        throw new MtlError(
          'TASK_INVALID',
          `Dataset ${run.datasetId} has no task named ${unknown.map((t) => `"${t}"`).join(', ')}`,
        );
      }
      const { lastID } = await tx.run(
        `INSERT INTO runs (dataset_id, split_id, tasks, config, status, created_at, owner_pid, owner_host)
         VALUES (?, ?, ?, ?, 'queued', ?, ?, ?)`,
        [
          run.datasetId,
          run.splitId,
          toJson(run.tasks),
          toJson(run.config),
          now(),
          process.pid,
          hostname(),
        ],
      );
      return lastID;
    });
    return this.getRun(id);
  }

  /**
   * Marks as failed every queued or running run whose training process is gone: a process
   * on this machine that no longer exists (killed, crashed), or a run from before v4 that
   * recorded none. Runs owned by live processes, or by another machine, are left alone.
   * Called on open. @returns the ids of the runs marked failed.
   */
  async failInterruptedRuns(): Promise<number[]> {
    const open = await this.db.all<{
      id: number;
      owner_pid: number | null;
      owner_host: string | null;
    }>("SELECT id, owner_pid, owner_host FROM runs WHERE status IN ('queued', 'running')");
    const host = hostname();
    const gone = open.filter((r) => {
      if (r.owner_pid === null) return true;
      if (r.owner_host !== host || r.owner_pid === process.pid) return false;
      try {
        process.kill(r.owner_pid, 0);
        return false;
      } catch (err) {
        return (err as NodeJS.ErrnoException).code === 'ESRCH';
      }
    });
    for (const r of gone) {
      await this.updateRun(r.id, {
        status: 'failed',
        finishedAt: now(),
        error: `Interrupted: the process that trained this run${r.owner_pid ? ` (pid ${r.owner_pid})` : ''} ended before it finished.`,
      });
    }
    return gone.map((r) => r.id);
  }

  /**
   * Change some fields of a run; fields absent from `patch` (or undefined) are kept.
   * @throws MtlError('NOT_FOUND') for an unknown id; MtlError('BAD_REQUEST') for an
   *   unknown status.
   */
  async updateRun(
    id: number,
    patch: Partial<{
      status: RunStatus;
      backend: string;
      startedAt: string;
      finishedAt: string;
      error: string | null;
      bestEpoch: number | null;
    }>,
  ): Promise<void> {
    if (patch.status !== undefined && !RUN_STATUSES.includes(patch.status)) {
      throw new MtlError('BAD_REQUEST', `Unknown run status "${String(patch.status)}"`);
    }
    const fields = {
      status: 'status',
      backend: 'backend',
      startedAt: 'started_at',
      finishedAt: 'finished_at',
      error: 'error',
      bestEpoch: 'best_epoch',
    } as const;
    const sets: string[] = [];
    const params: SqlValue[] = [];
    for (const key of Object.keys(fields) as (keyof typeof fields)[]) {
      const value = patch[key];
      if (value !== undefined) {
        sets.push(`${fields[key]} = ?`);
        params.push(value);
      }
    }
    const sql =
      sets.length > 0
        ? `UPDATE runs SET ${sets.join(', ')} WHERE id = ?`
        : 'UPDATE runs SET id = id WHERE id = ?';
    const { changes } = await this.db.run(sql, [...params, id]);
    if (changes === 0) throw new MtlError('NOT_FOUND', `Run ${id} not found`);
  }

  /**
   * One run, with its config and (once saved) its test metrics per task.
   * @throws MtlError('NOT_FOUND') for an unknown id.
   */
  async getRun(id: number): Promise<RunInfo> {
    return this.db.transaction(async (tx) => {
      const run = await tx.get<RunRow>('SELECT * FROM runs WHERE id = ?', [id]);
      if (!run) throw new MtlError('NOT_FOUND', `Run ${id} not found`);
      const results = await tx.all<{ task: string; metrics: string }>(
        'SELECT task, metrics FROM run_results WHERE run_id = ?',
        [id],
      );
      return toRunInfo(run, orderResults(fromJson<string[]>(run.tasks), results));
    }, 'DEFERRED');
  }

  /** Runs of one dataset (or of all datasets), oldest first. */
  async listRuns(datasetId?: number): Promise<RunInfo[]> {
    return this.db.transaction(async (tx) => {
      const filter = datasetId === undefined ? '' : 'WHERE dataset_id = ?';
      const params = datasetId === undefined ? [] : [datasetId];
      const runs = await tx.all<RunRow>(`SELECT * FROM runs ${filter} ORDER BY id`, params);
      const results = await tx.all<{ run_id: number; task: string; metrics: string }>(
        `SELECT run_id, task, metrics FROM run_results
         WHERE run_id IN (SELECT id FROM runs ${filter})`,
        params,
      );
      return runs.map((r) =>
        toRunInfo(
          r,
          orderResults(
            fromJson<string[]>(r.tasks),
            results.filter((x) => x.run_id === r.id),
          ),
        ),
      );
    }, 'DEFERRED');
  }

  /**
   * Append the record of one epoch to a run. NaN and ±Infinity losses are kept as such.
   * @throws MtlError('NOT_FOUND') for an unknown run; MtlError('BAD_REQUEST') when that
   *   epoch is already recorded.
   */
  async addEpoch(runId: number, epoch: EpochRecord): Promise<void> {
    await this.db.transaction(async (tx) => {
      const run = await tx.get('SELECT 1 FROM runs WHERE id = ?', [runId]);
      if (!run) throw new MtlError('NOT_FOUND', `Run ${runId} not found`);
      try {
        await tx.run('INSERT INTO run_epochs (run_id, epoch, record) VALUES (?, ?, ?)', [
          runId,
          epoch.epoch,
          toJson(epoch),
        ]);
      } catch (err) {
        if (isConstraintError(err)) {
          throw new MtlError(
            'BAD_REQUEST',
            `Epoch ${epoch.epoch} of run ${runId} already recorded`,
          );
        }
        throw err;
      }
    });
  }

  /** Epoch records of a run, by epoch number (empty for an unknown run). */
  async listEpochs(runId: number): Promise<EpochRecord[]> {
    const rows = await this.db.all<{ record: string }>(
      'SELECT record FROM run_epochs WHERE run_id = ? ORDER BY epoch',
      [runId],
    );
    return rows.map((r) => fromJson<EpochRecord>(r.record));
  }

  /**
   * Store what a finished run produced, in ONE transaction, replacing anything saved
   * before for that run: test metrics per task, test predictions per task (one float32
   * blob per row) and the model (topology, preprocessing, weight specs, weights).
   * @throws MtlError('NOT_FOUND') for an unknown run; MtlError('BAD_REQUEST') when
   *   `model.runId` differs from `runId`, the weights' byte length does not match the
   *   weight specs (4 bytes per value), or a prediction set's `probs` length is not
   *   rows × numClasses.
   */
  async saveResults(
    runId: number,
    results: Record<string, TaskMetrics>,
    predictions: StoredPredictions[],
    model: StoredModel,
  ): Promise<void> {
    if (model.runId !== runId) {
      throw new MtlError('BAD_REQUEST', `Model belongs to run ${model.runId}, not ${runId}`);
    }
    const expectedBytes =
      4 * model.weightSpecs.reduce((sum, s) => sum + s.shape.reduce((a, b) => a * b, 1), 0);
    if (model.weights.byteLength !== expectedBytes) {
      throw new MtlError(
        'BAD_REQUEST',
        `Model weights of run ${runId} have ${model.weights.byteLength} bytes, the weight specs need ${expectedBytes}`,
      );
    }
    for (const p of predictions) {
      if (
        !Number.isSafeInteger(p.numClasses) ||
        p.numClasses < 1 ||
        p.probs.length !== p.rowIds.length * p.numClasses
      ) {
        throw new MtlError(
          'BAD_REQUEST',
          `Predictions of task "${p.task}" have ${p.probs.length} probabilities for ${p.rowIds.length} rows × ${p.numClasses} classes`,
        );
      }
    }
    await this.db.transaction(async (tx) => {
      const run = await tx.get('SELECT 1 FROM runs WHERE id = ?', [runId]);
      if (!run) throw new MtlError('NOT_FOUND', `Run ${runId} not found`);
      await tx.run('DELETE FROM run_results WHERE run_id = ?', [runId]);
      await tx.run('DELETE FROM run_prediction_sets WHERE run_id = ?', [runId]);
      await tx.run('DELETE FROM models WHERE run_id = ?', [runId]);
      for (const [task, metrics] of Object.entries(results)) {
        await tx.run('INSERT INTO run_results (run_id, task, metrics) VALUES (?, ?, ?)', [
          runId,
          task,
          toJson(metrics),
        ]);
      }
      for (const p of predictions) {
        await tx.run(
          'INSERT INTO run_prediction_sets (run_id, task, num_classes) VALUES (?, ?, ?)',
          [runId, p.task, p.numClasses],
        );
        const inserter = new BulkInserter(
          tx,
          'run_predictions',
          ['run_id', 'task', 'row_id', 'probs'],
          2000,
        );
        try {
          for (let i = 0; i < p.rowIds.length; i++) {
            await inserter.add([runId, p.task, p.rowIds[i], probsBlob(p.probs, i, p.numClasses)]);
          }
          await inserter.flush();
        } finally {
          await inserter.finalize();
        }
      }
      await tx.run(
        `INSERT INTO models (run_id, topology, preprocessing, weight_specs, weights, created_at)
         VALUES (?, ?, ?, ?, ?, ?)`,
        [
          runId,
          toJson(model.topology),
          toJson(model.preprocessing),
          toJson(model.weightSpecs),
          model.weights,
          now(),
        ],
      );
    });
  }

  /**
   * The stored model of a run. `weights` is a fresh Uint8Array starting at byte 0 of its
   * own buffer (so `new Float32Array(weights.buffer)` is aligned), bit-identical to what
   * was saved.
   * @throws MtlError('NOT_FOUND') when the run has no saved model.
   */
  async getModel(runId: number): Promise<StoredModel> {
    const row = await this.db.get<{
      topology: string;
      preprocessing: string;
      weight_specs: string;
      weights: Buffer;
    }>('SELECT topology, preprocessing, weight_specs, weights FROM models WHERE run_id = ?', [
      runId,
    ]);
    if (!row) throw new MtlError('NOT_FOUND', `Run ${runId} has no saved model`);
    return {
      runId,
      topology: fromJson<unknown>(row.topology),
      preprocessing: fromJson<unknown>(row.preprocessing),
      weightSpecs: fromJson<StoredModel['weightSpecs']>(row.weight_specs),
      weights: new Uint8Array(row.weights),
    };
  }

  /**
   * The stored test predictions of one task of a run, rows in ascending row id (each
   * row's probabilities bit-identical to what was saved).
   * @throws MtlError('NOT_FOUND') when the run has no predictions for `task`;
   *   MtlError('STORE') when a stored blob has the wrong length (a damaged file).
   */
  async getPredictions(runId: number, task: string): Promise<StoredPredictions> {
    return this.db.transaction(async (tx) => {
      const set = await tx.get<{ num_classes: number }>(
        'SELECT num_classes FROM run_prediction_sets WHERE run_id = ? AND task = ?',
        [runId, task],
      );
      if (!set) {
        throw new MtlError('NOT_FOUND', `Run ${runId} has no predictions for task "${task}"`);
      }
      const numClasses = set.num_classes;
      const rowBytes = numClasses * 4;
      const rowIds: number[] = [];
      const blobs: Buffer[] = [];
      await tx.each<{ row_id: number; probs: Buffer }>(
        'SELECT row_id, probs FROM run_predictions WHERE run_id = ? AND task = ? ORDER BY row_id',
        [runId, task],
        (r) => {
          if (r.probs.byteLength !== rowBytes) {
            throw new MtlError(
              'STORE',
              `Prediction of row ${r.row_id} (run ${runId}, task "${task}") has ${r.probs.byteLength} bytes, expected ${rowBytes}`,
            );
          }
          rowIds.push(r.row_id);
          blobs.push(r.probs);
        },
      );
      const probs = new Float32Array(rowIds.length * numClasses);
      const bytes = new Uint8Array(probs.buffer);
      // Copy bytes: a blob's Buffer may sit at an offset not divisible by 4.
      blobs.forEach((b, i) => bytes.set(b, i * rowBytes));
      return { task, rowIds, probs, numClasses };
    }, 'DEFERRED');
  }
}

// ---------------------------------------------------------------------------------------------

function validateNewColumns(columns: NewColumn[]): void {
  if (columns.length > MAX_DATASET_COLUMNS) {
    throw new MtlError(
      'BAD_REQUEST',
      `A dataset can have at most ${MAX_DATASET_COLUMNS} columns, got ${columns.length}`,
    );
  }
  const seen = new Set<string>();
  for (const c of columns) {
    if (seen.has(c.name)) {
      throw new MtlError('BAD_REQUEST', `Column name "${c.name}" appears twice`);
    }
    seen.add(c.name);
    if (!COLUMN_TYPES.includes(c.type)) {
      throw new MtlError('BAD_REQUEST', `Column "${c.name}" has unknown type "${String(c.type)}"`);
    }
    if (!COLUMN_ROLES.includes(c.role)) {
      throw new MtlError('BAD_REQUEST', `Column "${c.name}" has unknown role "${String(c.role)}"`);
    }
  }
}

async function requireDataset(tx: SqlExecutor, id: number): Promise<DatasetRow> {
  const row = await tx.get<DatasetRow>('SELECT * FROM datasets WHERE id = ?', [id]);
  if (!row) throw new MtlError('NOT_FOUND', `Dataset ${id} not found`);
  return row;
}

/** Columns of a dataset in rows-table order. @throws MtlError('NOT_FOUND') for no dataset. */
async function columnsOf(tx: SqlExecutor, datasetId: number): Promise<ColumnRow[]> {
  await requireDataset(tx, datasetId);
  return tx.all<ColumnRow>('SELECT * FROM columns WHERE dataset_id = ? ORDER BY position', [
    datasetId,
  ]);
}

function findColumn(columns: ColumnRow[], name: string, datasetId: number): ColumnRow {
  const column = columns.find((c) => c.name === name);
  if (!column) {
    throw new MtlError('NOT_FOUND', `Column "${name}" not found in dataset ${datasetId}`, {
      column: name,
      datasetId,
    });
  }
  return column;
}
