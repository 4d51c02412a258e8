/**
 * Promise wrapper over one `sqlite3` connection.
 *
 * node-sqlite3 gives every caller the same connection, so a transaction started by one
 * caller would silently swallow statements issued by another. Every call made through
 * {@link Database} therefore takes an async mutex; a transaction holds it from BEGIN to
 * COMMIT/ROLLBACK, and the statements inside it go through the {@link SqlExecutor} handle
 * passed to the transaction body, which does not take the mutex.
 *
 * What SQLite's errors mean for the user lives in store/storeErrors.ts (re-exported here);
 * bulk inserts (BulkInserter, LiteralInserter) in store/bulkInserts.ts.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { resolve as resolvePath } from 'node:path';
import { pathToFileURL } from 'node:url';
import sqlite3 from 'sqlite3';
import { MtlError } from '../../shared/errors';
import {
  cannotOpen,
  classifyStoreError,
  readOnlyError,
  storeError,
  type ReadOnlyCause,
} from './storeErrors';

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

export {
  LOW_DISK_BYTES,
  classifyStoreError,
  freeBytesNear,
  readOnlyError,
  storeError,
  writableByUs,
  type ReadOnlyCause,
} from './storeErrors';

/** Marks the async context of a running transaction body, to catch self-deadlocks. */
const transactionContext = new AsyncLocalStorage<symbol>();

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
