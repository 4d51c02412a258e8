/**
 * Promise wrapper over one `sqlite3` connection.
 *
 * node-sqlite3 gives every caller the same connection, so a transaction started by one
 * caller would silently swallow statements issued by another. Every call made through
 * {@link Database} therefore takes an async mutex; a transaction holds it from BEGIN to
 * COMMIT/ROLLBACK, and the statements inside it go through the {@link SqlExecutor} handle
 * passed to the transaction body, which does not take the mutex.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { constants as fsConstants, existsSync } from 'node:fs';
import { access, stat, statfs } from 'node:fs/promises';
import { dirname, resolve as resolvePath } from 'node:path';
import { pathToFileURL } from 'node:url';
import sqlite3 from 'sqlite3';
import { MtlError, reasonDetails } from '../../shared/errors';

/** A value SQLite can bind: numbers, text, blobs, null. */
export type SqlValue = number | string | bigint | boolean | Uint8Array | null;

/** Positional parameters of a statement. */
export type SqlParams = readonly SqlValue[];

/** Result of a write statement. */
export interface RunResult {
  /** Rowid of the last inserted row (meaningless for UPDATE/DELETE). */
  lastID: number;
  /** Number of rows changed by the statement. */
  changes: number;
}

/** A compiled statement, run many times with different parameters (bulk inserts). */
export interface PreparedStatement {
  /** Run once with `params`; throws MtlError('STORE') on an SQLite error. */
  run(params: SqlParams): Promise<RunResult>;
  /** Release the statement. Safe to call twice. */
  finalize(): Promise<void>;
}

/** Statements that can be issued directly on the connection (inside a transaction). */
export interface SqlExecutor {
  /** Run one write statement. Throws MtlError('STORE') on an SQLite error. */
  run(sql: string, params?: SqlParams): Promise<RunResult>;
  /** First row of a query, or undefined. Throws MtlError('STORE'). */
  get<T>(sql: string, params?: SqlParams): Promise<T | undefined>;
  /** All rows of a query. Throws MtlError('STORE'). */
  all<T>(sql: string, params?: SqlParams): Promise<T[]>;
  /** Run a script of several statements without parameters. Throws MtlError('STORE'). */
  exec(sql: string): Promise<void>;
  /**
   * Stream the rows of a query to `onRow` (no array of all rows is built); resolves to the
   * number of rows. Throws MtlError('STORE').
   */
  each<T>(sql: string, params: SqlParams, onRow: (row: T) => void): Promise<number>;
  /** Compile a statement; the caller must `finalize()` it. Throws MtlError('STORE'). */
  prepare(sql: string): Promise<PreparedStatement>;
}

/** How a transaction takes its locks (see SQLite's BEGIN documentation). */
export type TransactionBehavior = 'IMMEDIATE' | 'DEFERRED';

/**
 * Why a file was opened read-only: it is damaged (quick_check, SQLITE_CORRUPT; writes are
 * refused as PROJECT_CORRUPT), or this user cannot write it or its folder (writes are
 * refused as STORE with details.reason 'READ_ONLY_FILE').
 */
export interface ReadOnlyCause {
  /** What quick_check found, or which permission is missing. */
  reason: string;
  damaged: boolean;
}

/** Marks the async context of a running transaction body, to catch self-deadlocks. */
const transactionContext = new AsyncLocalStorage<symbol>();

/**
 * Free space below which SQLite's generic I/O error on a write is taken for a full disk, in
 * bytes: with almost no space left, growing the WAL or a temporary file fails as
 * SQLITE_IOERR ("disk I/O error") rather than SQLITE_FULL.
 */
export const LOW_DISK_BYTES = 64 * 2 ** 20;

/** Bytes free for this user on the file system holding `file`, or null when unknown. */
export async function freeBytesNear(file: string): Promise<number | null> {
  try {
    const fs = await statfs(dirname(file));
    return fs.bavail * fs.bsize;
  } catch {
    return null;
  }
}

/**
 * What an sqlite3 error means for the user, as an MtlError naming the project file:
 * SQLITE_BUSY/LOCKED → PROJECT_BUSY (another program holds the write lock), SQLITE_FULL →
 * DISK_FULL, SQLITE_CORRUPT → PROJECT_CORRUPT, SQLITE_READONLY on a file opened read-only
 * because it is damaged → PROJECT_CORRUPT, any other SQLITE_READONLY → STORE saying the
 * file is read-only (details.reason 'READ_ONLY_FILE'), anything else → STORE. `details`
 * keep SQLite's code (`sqliteCode`) and the file (`path`). Synchronous;
 * {@link classifyStoreError} also tells a full disk behind SQLITE_IOERR.
 * @param sql the statement that failed (quoted, cut at 120 characters).
 * @param file the project file.
 * @param readOnly why the file was opened read-only, if it was.
 */
export function storeError(
  err: unknown,
  sql: string,
  file: string,
  readOnly: ReadOnlyCause | null = null,
): MtlError {
  if (err instanceof MtlError) return err;
  const e = err as { message?: string; code?: string };
  const code = e.code ?? null;
  const statement = sql.length > 120 ? `${sql.slice(0, 120)}…` : sql;
  const cause = `${e.message ?? String(err)} (while running: ${statement.trim()})`;
  const details = { sqliteCode: code, sqliteMessage: e.message ?? String(err), path: file };
  switch (code) {
    case 'SQLITE_BUSY':
    case 'SQLITE_LOCKED':
      return new MtlError(
        'PROJECT_BUSY',
        `Project "${file}" is busy: another program is writing to it and held it longer than MTL Studio waits. Wait for it to finish (e.g. an import) or close it, then try again. ${cause}`,
        details,
      );
    case 'SQLITE_FULL':
      return new MtlError(
        'DISK_FULL',
        `The disk holding project "${file}" is full; free some space and try again. ${cause}`,
        details,
      );
    case 'SQLITE_CORRUPT':
      return new MtlError(
        'PROJECT_CORRUPT',
        `Project "${file}" is damaged. ${recoverHint(file)} ${cause}`,
        details,
      );
    case 'SQLITE_READONLY':
      return readOnlyError(
        file,
        readOnly ?? {
          reason: 'SQLite cannot write it: check the permissions of the file and its folder',
          damaged: false,
        },
      );
  }
  return new MtlError('STORE', `Project "${file}": ${cause}`, details);
}

/** How to recover a damaged project, in words for every front end. */
function recoverHint(file: string): string {
  return `Recover what can be read into a new file: mtl-studio recover -p "${file}" -o NEW.mtlproj, or Recover in the app.`;
}

/** The error of a write refused on a file opened (or found) read-only. */
export function readOnlyError(file: string, cause: ReadOnlyCause): MtlError {
  if (cause.damaged) {
    return new MtlError(
      'PROJECT_CORRUPT',
      `Project "${file}" is damaged, so it was opened read-only and nothing is written into it (${cause.reason}). ${recoverHint(file)}`,
      reasonDetails('READ_ONLY_DAMAGED', { path: file }, { path: file }),
    );
  }
  return new MtlError(
    'STORE',
    `Project "${file}" is read-only (${cause.reason}), so nothing can be written into it; reading works. Make it writable (file and folder) or copy it to a writable folder to change it.`,
    reasonDetails('READ_ONLY_FILE', { path: file }, { path: file }),
  );
}

/**
 * {@link storeError}, and an SQLITE_IOERR on a disk with less than {@link LOW_DISK_BYTES}
 * free becomes DISK_FULL (saying how much is left).
 * @param freeBytes free space near the file (injected by tests).
 */
export async function classifyStoreError(
  err: unknown,
  sql: string,
  file: string,
  readOnly: ReadOnlyCause | null = null,
  freeBytes: (file: string) => Promise<number | null> = freeBytesNear,
): Promise<MtlError> {
  const error = storeError(err, sql, file, readOnly);
  const code = error.details?.sqliteCode;
  if (typeof code !== 'string' || !code.startsWith('SQLITE_IOERR')) return error;
  const free = await freeBytes(file);
  if (free === null || free >= LOW_DISK_BYTES) return error;
  return new MtlError(
    'DISK_FULL',
    `The disk holding project "${file}" is full (${Math.round(free / 2 ** 20)} MiB free); free some space and try again. ${error.message.replace(`Project "${file}": `, '')}`,
    { ...error.details, freeBytes: free },
  );
}

/**
 * The error of a file SQLite could not open, saying why where the file system tells:
 * a folder given as the project, a new file's folder missing or not writable, an existing
 * file without permission.
 */
async function cannotOpen(path: string, err: Error): Promise<MtlError> {
  const folder = dirname(resolvePath(path));
  const details = { path, sqliteMessage: err.message };
  const exists = existsSync(path);
  let why = err.message;
  if (
    exists &&
    (await stat(path)
      .then((s) => s.isDirectory())
      .catch(() => false))
  ) {
    why = 'it is a folder, not a project file (choose a .mtlproj file, or a new file name)';
  } else if (!exists && !existsSync(folder)) {
    why = `the folder "${dirname(path)}" does not exist`;
  } else if (!exists && !(await writableByUs(folder))) {
    why = `the folder "${dirname(path)}" is not writable (check its permissions), so a project cannot be created in it`;
  } else if (exists && !(await readableByUs(path))) {
    why = 'no permission to read it (check its permissions)';
  }
  return new MtlError('STORE', `Cannot open "${path}": ${why}`, details);
}

/** Whether this process may write `path` (access(2) W_OK; root may write anything). */
export async function writableByUs(path: string): Promise<boolean> {
  return access(path, fsConstants.W_OK).then(
    () => true,
    () => false,
  );
}

async function readableByUs(path: string): Promise<boolean> {
  return access(path, fsConstants.R_OK).then(
    () => true,
    () => false,
  );
}

/** Normalise parameters: node-sqlite3 binds Buffer but not plain typed-array views. */
function bindable(params: SqlParams): unknown[] {
  return params.map((p) =>
    p instanceof Uint8Array && !Buffer.isBuffer(p)
      ? Buffer.from(p.buffer, p.byteOffset, p.byteLength)
      : p,
  );
}

/** Unlocked statements straight on the connection. */
class ConnectionExecutor implements SqlExecutor {
  constructor(
    private readonly conn: sqlite3.Database,
    private readonly file: string,
    private readonly readOnly: ReadOnlyCause | null,
  ) {}

  /** Rejects with the classified error (async: a full disk is told by its free space). */
  private fail(reject: (err: MtlError) => void, err: unknown, sql: string): void {
    void classifyStoreError(err, sql, this.file, this.readOnly).then(reject);
  }

  run(sql: string, params: SqlParams = []): Promise<RunResult> {
    const fail = (err: unknown, reject: (e: MtlError) => void): void => this.fail(reject, err, sql);
    return new Promise((resolve, reject) => {
      this.conn.run(sql, bindable(params), function (err) {
        if (err) fail(err, reject);
        else resolve({ lastID: this.lastID, changes: this.changes });
      });
    });
  }

  get<T>(sql: string, params: SqlParams = []): Promise<T | undefined> {
    return new Promise((resolve, reject) => {
      this.conn.get<T>(sql, bindable(params), (err, row) => {
        if (err) this.fail(reject, err, sql);
        else resolve(row);
      });
    });
  }

  all<T>(sql: string, params: SqlParams = []): Promise<T[]> {
    return new Promise((resolve, reject) => {
      this.conn.all<T>(sql, bindable(params), (err, rows) => {
        if (err) this.fail(reject, err, sql);
        else resolve(rows);
      });
    });
  }

  exec(sql: string): Promise<void> {
    return new Promise((resolve, reject) => {
      this.conn.exec(sql, (err) => {
        if (err) this.fail(reject, err, sql);
        else resolve();
      });
    });
  }

  each<T>(sql: string, params: SqlParams, onRow: (row: T) => void): Promise<number> {
    return new Promise((resolve, reject) => {
      let failure: unknown = null;
      this.conn.each<T>(
        sql,
        bindable(params),
        (err, row) => {
          if (err) failure ??= storeError(err, sql, this.file, this.readOnly);
          else if (failure === null) {
            try {
              onRow(row);
            } catch (callbackError) {
              failure = callbackError;
            }
          }
        },
        (err, count) => {
          if (err) this.fail(reject, err, sql);
          else if (failure !== null) reject(failure);
          else resolve(count);
        },
      );
    });
  }

  prepare(sql: string): Promise<PreparedStatement> {
    return new Promise((resolve, reject) => {
      const stmt = this.conn.prepare(sql, (err) => {
        if (err) this.fail(reject, err, sql);
        else resolve(wrapStatement(stmt, sql, (e, r) => this.fail(r, e, sql)));
      });
    });
  }
}

function wrapStatement(
  stmt: sqlite3.Statement,
  sql: string,
  fail: (err: unknown, reject: (err: MtlError) => void) => void,
): PreparedStatement {
  let finalized = false;
  return {
    run(params: SqlParams): Promise<RunResult> {
      return new Promise((resolve, reject) => {
        stmt.run(bindable(params), function (err) {
          if (err) fail(err, reject);
          else resolve({ lastID: this.lastID, changes: this.changes });
        });
      });
    },
    finalize(): Promise<void> {
      if (finalized) return Promise.resolve();
      finalized = true;
      return new Promise((resolve) => stmt.finalize(() => resolve()));
    },
  };
}

/** FIFO async mutex: `lock()` resolves to the function that releases it. */
class Mutex {
  private tail: Promise<void> = Promise.resolve();

  async lock(): Promise<() => void> {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const previous = this.tail;
    this.tail = previous.then(() => held);
    await previous;
    return release;
  }
}

/**
 * One open SQLite file. All methods serialise through a mutex, so a call made while a
 * transaction runs waits until that transaction ends.
 */
export class Database implements SqlExecutor {
  private readonly mutex = new Mutex();
  private readonly direct: ConnectionExecutor;
  private activeTransaction: symbol | null = null;
  private closed = false;

  private constructor(
    private readonly conn: sqlite3.Database,
    /** Path of the open file. */
    readonly path: string,
    /** Why the file was opened read-only (damaged, or not writable), or null for a writable file. */
    readonly readOnly: ReadOnlyCause | null,
  ) {
    this.direct = new ConnectionExecutor(conn, path, readOnly);
  }

  /**
   * Open (and with `create`, create) the file at `path`. With `readOnly` (the reason, e.g.
   * what quick_check found), SQLite opens it read-only and every write is refused as
   * PROJECT_CORRUPT before it reaches the file; with `notWritable` (which permission is
   * missing), read-only too, every write refused as a read-only STORE error. `immutable`
   * (read-only only) tells SQLite that nothing changes the file while it is open, so it
   * needs no lock and no `-shm` file: how a WAL-mode file in a folder this user cannot
   * write is read at all.
   * @throws MtlError('STORE') when SQLite cannot open it, saying why where it can tell:
   *   the folder does not exist or is not writable (for a new file), no permission, or
   *   (with `create: false`) a missing file.
   */
  static open(
    path: string,
    options: {
      create?: boolean;
      readOnly?: string;
      notWritable?: string;
      immutable?: boolean;
    } = {},
  ): Promise<Database> {
    const readOnly: ReadOnlyCause | null =
      options.readOnly !== undefined
        ? { reason: options.readOnly, damaged: true }
        : options.notWritable !== undefined
          ? { reason: options.notWritable, damaged: false }
          : null;
    const immutable = readOnly !== null && options.immutable === true;
    const mode =
      readOnly !== null
        ? sqlite3.OPEN_READONLY | (immutable ? sqlite3.OPEN_URI : 0)
        : sqlite3.OPEN_READWRITE | (options.create === false ? 0 : sqlite3.OPEN_CREATE);
    const location = immutable ? `${pathToFileURL(resolvePath(path)).href}?immutable=1` : path;
    return new Promise((resolve, reject) => {
      const conn = new sqlite3.Database(location, mode, (err) => {
        if (!err) return resolve(new Database(conn, path, readOnly));
        void cannotOpen(path, err).then(reject);
      });
    });
  }

  /** Refuses a write on a file opened read-only (damaged or not writable), naming it. */
  private writable(): void {
    if (this.readOnly !== null) throw readOnlyError(this.path, this.readOnly);
  }

  /** True while a transaction holds the connection. */
  get inTransaction(): boolean {
    return this.activeTransaction !== null;
  }

  /**
   * Take the mutex for one call. A call from inside a transaction body that does not go
   * through its `tx` handle would wait for itself forever; it fails loudly instead.
   */
  private async locked<T>(body: () => Promise<T>): Promise<T> {
    if (this.closed) throw new MtlError('STORE', `Database "${this.path}" is closed`);
    const context = transactionContext.getStore();
    if (context !== undefined && context === this.activeTransaction) {
      throw new MtlError(
        'STORE',
        'Database called outside the transaction handle from inside a transaction (would deadlock); use the tx argument',
      );
    }
    const release = await this.mutex.lock();
    try {
      if (this.closed) throw new MtlError('STORE', `Database "${this.path}" is closed`);
      return await body();
    } finally {
      release();
    }
  }

  /** Run one write statement once any running transaction has ended. */
  run(sql: string, params: SqlParams = []): Promise<RunResult> {
    return this.locked(async () => {
      this.writable();
      return this.direct.run(sql, params);
    });
  }

  /** First row of a query, or undefined. */
  get<T>(sql: string, params: SqlParams = []): Promise<T | undefined> {
    return this.locked(() => this.direct.get<T>(sql, params));
  }

  /** All rows of a query. */
  all<T>(sql: string, params: SqlParams = []): Promise<T[]> {
    return this.locked(() => this.direct.all<T>(sql, params));
  }

  /** Run a parameterless script (several statements); refused on a read-only file. */
  exec(sql: string): Promise<void> {
    return this.locked(async () => {
      this.writable();
      return this.direct.exec(sql);
    });
  }

  /** Stream the rows of a query to `onRow`; resolves to the row count. */
  each<T>(sql: string, params: SqlParams, onRow: (row: T) => void): Promise<number> {
    return this.locked(() => this.direct.each<T>(sql, params, onRow));
  }

  /**
   * Compile a statement outside a transaction. Its runs are not serialised with other
   * calls; prefer `tx.prepare` inside {@link transaction}.
   */
  prepare(sql: string): Promise<PreparedStatement> {
    return this.locked(async () => {
      this.writable();
      return this.direct.prepare(sql);
    });
  }

  /**
   * Run `fn` inside BEGIN IMMEDIATE (or DEFERRED) … COMMIT. If `fn` throws, the transaction
   * is rolled back and the same error is rethrown. Statements inside `fn` must use `tx`;
   * calls on this Database from inside `fn` are refused (they would deadlock).
   * @throws whatever `fn` throws, or MtlError('STORE') when BEGIN/COMMIT fails.
   */
  transaction<T>(
    fn: (tx: SqlExecutor) => Promise<T>,
    behavior: TransactionBehavior = 'IMMEDIATE',
  ): Promise<T> {
    return this.locked(async () => {
      // A DEFERRED transaction may only read; if it writes, SQLite refuses (SQLITE_READONLY).
      if (behavior === 'IMMEDIATE') this.writable();
      await this.direct.exec(`BEGIN ${behavior}`);
      const token = Symbol('transaction');
      this.activeTransaction = token;
      try {
        const result = await transactionContext.run(token, () => fn(this.direct));
        await this.direct.exec('COMMIT');
        return result;
      } catch (err) {
        // SQLite may already have rolled back by itself (e.g. SQLITE_FULL); ignore that.
        await this.direct.exec('ROLLBACK').catch(() => undefined);
        throw err;
      } finally {
        this.activeTransaction = null;
      }
    });
  }

  /**
   * Asks SQLite to stop the statement running on this connection now (sqlite3_interrupt):
   * it fails with SQLITE_INTERRUPT (a STORE error) and its transaction rolls back. Does not
   * take the mutex; does nothing when nothing runs or the connection is closed.
   */
  interrupt(): void {
    if (!this.closed) this.conn.interrupt();
  }

  /** Wait for pending calls, then close the connection. Idempotent. */
  async close(): Promise<void> {
    if (this.closed) return;
    const release = await this.mutex.lock();
    try {
      if (this.closed) return;
      this.closed = true;
      await new Promise<void>((resolve, reject) =>
        this.conn.close((err) =>
          err ? reject(storeError(err, 'close', this.path, this.readOnly)) : resolve(),
        ),
      );
    } finally {
      release();
    }
  }
}

/**
 * Bulk insert through prepared multi-row statements: `INSERT INTO t (a, b) VALUES (?, ?), …`
 * with as many rows per statement as the parameter limit allows (at most `maxRowsPerBatch`).
 * One statement runs in SQLite's thread while the caller prepares the next (at most one in
 * flight), so parsing and inserting overlap. Memory is bounded by two batches. Queue rows
 * with {@link push}, write full batches with {@link writeFull}, call {@link flush} at the
 * end, then {@link finalize} (also on errors).
 */
export class BulkInserter {
  /** SQLite's default SQLITE_MAX_VARIABLE_NUMBER since 3.32. */
  static readonly MAX_PARAMS = 32766;
  private readonly rowsPerBatch: number;
  private pending: SqlValue[] = [];
  private pendingRows = 0;
  private statement: PreparedStatement | null = null;
  private inFlight: Promise<unknown> | null = null;
  /** Rows handed to SQLite so far (written once their statement has run). */
  written = 0;

  /**
   * @param tx where to insert (normally a transaction handle).
   * @param table table name; must be a trusted identifier, never user input.
   * @param columns column names; trusted identifiers.
   */
  constructor(
    private readonly tx: SqlExecutor,
    private readonly table: string,
    private readonly columns: readonly string[],
    maxRowsPerBatch = 2000,
  ) {
    if (columns.length === 0 || columns.length > BulkInserter.MAX_PARAMS) {
      throw new MtlError('STORE', `Cannot bulk-insert ${columns.length} columns into ${table}`);
    }
    this.rowsPerBatch = Math.max(
      1,
      Math.min(maxRowsPerBatch, Math.floor(BulkInserter.MAX_PARAMS / columns.length)),
    );
  }

  private sql(rows: number): string {
    const tuple = `(${this.columns.map(() => '?').join(', ')})`;
    return `INSERT INTO ${this.table} (${this.columns.join(', ')}) VALUES ${Array(rows)
      .fill(tuple)
      .join(', ')}`;
  }

  /** Queue one row (values in `columns` order; copied). */
  push(values: readonly SqlValue[]): void {
    for (let i = 0; i < values.length; i++) this.pending.push(values[i] ?? null);
    this.pendingRows += 1;
  }

  /**
   * Start a statement for every full batch queued, each once the one before has run.
   * @throws MtlError('STORE') when an earlier statement failed.
   */
  async writeFull(): Promise<void> {
    while (this.pendingRows >= this.rowsPerBatch) {
      const width = this.columns.length;
      const params = this.pending.slice(0, this.rowsPerBatch * width);
      this.pending = this.pending.slice(this.rowsPerBatch * width);
      this.pendingRows -= this.rowsPerBatch;
      this.statement ??= await this.tx.prepare(this.sql(this.rowsPerBatch));
      await this.inFlight;
      // The values are bound synchronously inside run(); SQLite steps in its own thread.
      const run = this.statement.run(params);
      // Handled now so a failure is never "unhandled" while the caller parses; it is
      // rethrown by the next writeFull() or flush().
      run.catch(() => undefined);
      this.inFlight = run;
      this.written += this.rowsPerBatch;
    }
  }

  /** Queue one row and write a batch when it is full. */
  async add(values: readonly SqlValue[]): Promise<void> {
    this.push(values);
    await this.writeFull();
  }

  /** Write every queued row and wait until all statements have run. */
  async flush(): Promise<void> {
    await this.writeFull();
    await this.inFlight;
    this.inFlight = null;
    if (this.pendingRows === 0) return;
    await this.tx.run(this.sql(this.pendingRows), this.pending);
    this.written += this.pendingRows;
    this.pending = [];
    this.pendingRows = 0;
  }

  /** Wait for a statement still running, then release the prepared statement (call in `finally`). */
  async finalize(): Promise<void> {
    await this.inFlight?.catch(() => undefined);
    this.inFlight = null;
    await this.statement?.finalize();
    this.statement = null;
  }
}

/**
 * Inserts rows given as SQL tuple texts, `(v0, v1, …)`, a few hundred per
 * `INSERT … VALUES` statement, several statements per `exec`: the statements cross into
 * SQLite as one string and are parsed in SQLite's thread, where binding the same values one
 * by one costs ≈ 0.3–0.4 µs each on the main thread (node-sqlite3's N-API conversion). Build
 * the tuples with store/sqlLiterals.ts, which keeps every number exact. One `exec` runs
 * and one more waits in node-sqlite3's queue (MAX_IN_FLIGHT) while the caller builds the
 * next; each holds ROWS_PER_EXEC rows, and the caller gets a turn of the event loop at every
 * statement, where node-sqlite3 starts the queued exec (only the main thread does).
 */
export class LiteralInserter {
  /**
   * Rows per statement: SQLite holds a multi-row VALUES list whole while it parses it, and
   * long ones cost more per row (the sqlite3 shell on 200 000 rows of the bench file:
   * 250–500 rows a statement ≈ 0.75–0.8 CPU s, 4 000 rows ≈ 1.0–1.1 s, 13 000 rows ≈ 1.2 s).
   */
  static readonly ROWS_PER_STATEMENT = 500;
  /** Rows sent to SQLite by one `exec` (statements of ROWS_PER_STATEMENT rows). */
  static readonly ROWS_PER_EXEC = 8000;
  /** An `exec` is also sent once its statements reach this many characters. */
  static readonly MAX_STATEMENT_CHARS = 4 * 2 ** 20;
  /**
   * Execs handed to node-sqlite3 at once: the next one is queued (its text already
   * converted) while one runs, and starts as soon as the main thread handles the end of the
   * one before.
   */
  static readonly MAX_IN_FLIGHT = 2;
  private readonly prefix: string;
  /** Tuples of the statement being collected. */
  private tuples: string[] = [];
  private rows = 0;
  /** Complete statements not sent yet (`;`-separated), their rows and characters. */
  private statements = '';
  private statementRows = 0;
  private chars = 0;
  /** Execs sent and not finished, oldest first (at most MAX_IN_FLIGHT). */
  private inFlight: Promise<void>[] = [];
  /** Rows handed to SQLite so far (written once their statement has run). */
  written = 0;

  /**
   * @param tx where to insert (normally a transaction handle).
   * @param table table name; must be a trusted identifier, never user input.
   * @param columns column names; trusted identifiers.
   */
  constructor(
    private readonly tx: SqlExecutor,
    table: string,
    columns: readonly string[],
    private readonly rowsPerStatement = LiteralInserter.ROWS_PER_STATEMENT,
    private readonly rowsPerExec = LiteralInserter.ROWS_PER_EXEC,
  ) {
    this.prefix = `INSERT INTO ${table} (${columns.join(', ')}) VALUES `;
  }

  /**
   * Queue rows: `tuples` is `(…),(…),…`, `rows` tuples of one literal per column each, in
   * `columns` order (trusted: built by sqlLiterals.ts, never raw user text).
   */
  push(tuples: string, rows: number): void {
    this.tuples.push(tuples);
    this.rows += rows;
    this.chars += tuples.length;
    if (this.rows >= this.rowsPerStatement) this.endStatement();
  }

  /** Close the statement being collected. */
  private endStatement(): void {
    // Concatenated, not joined: the batches are ropes that node-sqlite3 flattens once.
    let sql = this.prefix + this.tuples[0];
    for (let i = 1; i < this.tuples.length; i++) sql += `,${this.tuples[i]}`;
    this.statements = this.statementRows === 0 ? sql : `${this.statements};${sql}`;
    this.statementRows += this.rows;
    this.tuples = [];
    this.rows = 0;
  }

  /**
   * Send the queued statements when there are enough of them (waiting for those before).
   * @throws MtlError('STORE') (or a more precise store error) when an earlier statement failed.
   */
  async writeFull(): Promise<void> {
    if (
      this.statementRows >= this.rowsPerExec ||
      this.chars >= LiteralInserter.MAX_STATEMENT_CHARS
    ) {
      await this.send();
    } else if (this.inFlight.length > 0) {
      // A turn of the event loop: node-sqlite3 starts a queued exec only from there, and
      // the caller may otherwise run for tens of milliseconds without one.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }

  private async send(): Promise<void> {
    if (this.rows > 0) this.endStatement();
    const sql = this.statements;
    const rows = this.statementRows;
    this.statements = '';
    this.statementRows = 0;
    this.chars = 0;
    if (this.inFlight.length >= LiteralInserter.MAX_IN_FLIGHT) await this.inFlight.shift();
    // node-sqlite3 runs a connection's execs one at a time, in the order they were given.
    const run = this.tx.exec(sql);
    // Handled now so a failure is never "unhandled" while the caller parses; it is
    // rethrown by a later send or flush().
    run.catch(() => undefined);
    this.inFlight.push(run);
    this.written += rows;
  }

  /** Write every queued row and wait until all statements have run. */
  async flush(): Promise<void> {
    if (this.rows > 0 || this.statementRows > 0) await this.send();
    while (this.inFlight.length > 0) await this.inFlight.shift();
  }

  /** Wait for statements still running (call in `finally`; errors were already reported). */
  async finalize(): Promise<void> {
    const running = this.inFlight;
    this.inFlight = [];
    for (const run of running) await run.catch(() => undefined);
  }
}
