/**
 * Bulk inserts into a project file, the two ways rows cross into SQLite fast: bound
 * parameters in prepared multi-row statements ({@link BulkInserter}: split rows,
 * predictions, typed rows), and rows already written as SQL tuple texts, parsed in
 * SQLite's thread ({@link LiteralInserter}: dataset imports). Both run inside a
 * transaction, on its {@link SqlExecutor}, with one statement in flight while the caller
 * builds the next.
 */
import { MtlError } from '../../shared/errors';
import type { PreparedStatement, SqlExecutor, SqlValue } from './database';

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
