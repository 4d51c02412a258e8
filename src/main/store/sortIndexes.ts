/**
 * The sort indexes of large datasets (part of the datasets domain), built in the background
 * so that the first sort of a column answers at once.
 *
 * A sorted page of a dataset of at least {@link SORT_INDEX_MIN_ROWS} rows walks an index
 * `rows_<id>_sort_c<k>` on the sorted column (SQLite appends the row id, which breaks
 * ties): any page of a sorted million-row table is then a few milliseconds. Building that
 * index reads and sorts the whole column (≈ 0.5–1 s per million rows), too slow for a
 * header click. So the first pages of a sort on a column without its index are served
 * without it: `ORDER BY c LIMIT n OFFSET m` with `m + n` ≤ {@link TOP_N_MAX_ROWS} is one
 * scan of the table through SQLite's bounded sorter (it keeps only the best `m + n` rows;
 * ≈ 0.1 s per million rows), while the index is built on a second connection to the same
 * file, starting once the column's pages pause for {@link BUILD_QUIET_MS} (the reads a
 * user waits for do not share the CPU with it). The page asked after the index is
 * committed walks it (SQLite sees the new schema on its next statement). A page far from
 * the top (a scrollbar jump) before the index is ready is found by rank selection in one
 * scan (rankedPages.ts: a random sample bounds the keys of its ranks, one scan counts the
 * rows before that band and sorts the band); it waits for the index only when the
 * sample's band misses the page (rare) or the page is filtered. The sample is drawn in the
 * background right after the first page of the sort ({@link SortIndexes.sampleSoon}, ≈ 15
 * ms at a million rows), so such a jump is one scan.
 *
 * The build holds the file's write lock while it runs: the studio's own writes wait for it
 * (SQLite's busy timeout, 5 s, well above a build). Builds run one at a time. Read-only
 * projects (damaged, or not writable by this user) are sorted without an index: nothing
 * is written into them. An in-memory or unnamed database (no file for a second connection)
 * builds the index on its own connection, in the request, as before.
 */
import { existsSync } from 'node:fs';
import { Database } from './database';
import { cellColumn, rowsTable } from './datasetTables';
import { keepSample, RankedBands } from './rankedPages';

/** Datasets from this many rows get an index on a column when it is first sorted on. */
export const SORT_INDEX_MIN_ROWS = 20_000;
/**
 * Sorted pages ending at most this many rows from the top are served by the bounded
 * sorter while their column has no index; deeper pages wait for the index.
 */
export const TOP_N_MAX_ROWS = 10_000;

/**
 * A build starts once its column's pages have paused this long (ms): the pages asked right
 * after a first sort (a scrollbar jump, served by rank selection) do not share the CPU
 * with it. Interactive reads first, background work after.
 */
export const BUILD_QUIET_MS = 300;
/** ... but no later than this long (ms) after it was asked for. */
const BUILD_MAX_DELAY_MS = 2000;

/** How long the builder connection waits for the file's write lock, in ms. */
const BUILDER_BUSY_TIMEOUT_MS = 5000;

/** One requested build: its index and the promise of its end (true: built). */
interface Build {
  datasetId: number;
  index: string;
  done: Promise<boolean>;
  /** Set when its dataset is deleted before the build ran. */
  cancelled: boolean;
  /** When it was asked for, and when a page of its column was last read (Date.now()). */
  asked: number;
  touched: number;
  /** A page waits for it: start without the quiet delay. */
  urgent: boolean;
}

/**
 * The sort indexes of one open project file: which exist, which are being built, and the
 * builds themselves (on a second connection, one at a time).
 */
export class SortIndexes {
  /** Indexes known to exist (by name). */
  private readonly ready = new Set<string>();
  /** Builds requested and not finished, by index name. */
  private readonly builds = new Map<string, Build>();
  /** The chain the builds run on, one after another. */
  private queue: Promise<unknown> = Promise.resolve();
  /** The connection of the build running now, if any. */
  private building: { index: string; datasetId: number; conn: Database } | null = null;
  private closed = false;
  /** The last band of the order read by rank selection, per column (rankedPages.ts). */
  readonly bands = new RankedBands();
  /** Samples being drawn in the background ({@link sampleSoon}), by index name. */
  private readonly sampling = new Map<string, { datasetId: number; done: Promise<void> }>();
  /** The last build's failure (kept for the tests and for diagnosis), or null. */
  lastError: unknown = null;
  /**
   * The last background sample's failure ({@link sampleSoon}), or null: not a build error
   * (a jump then draws its own sample).
   */
  lastSampleError: unknown = null;
  /** Whether the database is a file a second connection can open (checked once, at open). */
  private readonly onFile: boolean;
  /**
   * The project connection's data_version after a build's commit → its value just before,
   * for each build no other connection's commit came near ({@link outsideVersion}).
   */
  private readonly ownCommits = new Map<number, number>();
  /** The build between its first version read and its last ({@link commitOwn}), if any. */
  private committing: Promise<void> | null = null;

  /**
   * @param db the project's connection (its path is where the second connection opens).
   * @param openBuilder opens the builder's connection (tests may slow or fail it).
   */
  constructor(
    private readonly db: Database,
    private readonly openBuilder: (path: string) => Promise<Database> = (path) =>
      Database.open(path, { create: false }),
  ) {
    this.onFile = existsSync(db.path);
  }

  /**
   * Call before reading a page sorted on the cell column `c<position>` of a dataset of
   * `rowCount` rows, ending `end` rows from the top (offset + limit). Resolves when the page
   * may be read: at once when no index is wanted (small dataset, read-only file), when
   * the index exists, or when the page is within {@link TOP_N_MAX_ROWS} of the top
   * (then {@link afterPage} starts the build); otherwise after the build has ended (built
   * or failed: a failed build leaves the page to a full sort, still correct).
   */
  async beforePage(
    datasetId: number,
    position: number,
    rowCount: number,
    end: number,
  ): Promise<void> {
    const index = this.wanted(datasetId, position, rowCount);
    if (index === null || (await this.exists(index))) return;
    if (!this.onFile) {
      // No file a second connection could open: build here, in the request.
      await this.db.exec(createIndexSql(datasetId, position));
      this.ready.add(index);
      return;
    }
    if (end <= TOP_N_MAX_ROWS) return;
    const build = this.start(datasetId, position);
    build.urgent = true;
    await build.done;
  }

  /**
   * Whether {@link beforePage} would wait for a background build of the column's index
   * (wanted, not in the file, a file a second connection can open, and the page ending
   * deeper than {@link TOP_N_MAX_ROWS}). Such a page may be read by rank selection
   * instead (rankedPages.ts); call {@link afterPage} then to start the build.
   */
  async waitsFor(
    datasetId: number,
    position: number,
    rowCount: number,
    end: number,
  ): Promise<boolean> {
    const index = this.wanted(datasetId, position, rowCount);
    if (index === null || !this.onFile || end <= TOP_N_MAX_ROWS) return false;
    return !(await this.exists(index));
  }

  /**
   * Call after a sorted page was read (see {@link beforePage}): starts building its
   * column's index in the background when it is wanted and neither exists nor is being
   * built. Never throws; a failure is kept in {@link lastError}, and the next sorted page
   * tries again.
   */
  afterPage(datasetId: number, position: number, rowCount: number): void {
    const index = this.wanted(datasetId, position, rowCount);
    if (index === null || this.ready.has(index)) return;
    const known = this.builds.get(index);
    if (known) known.touched = Date.now();
    else if (this.onFile) this.start(datasetId, position);
  }

  /**
   * Call after a page of the whole table (no filter) sorted on the cell column
   * `c<position>` was read while the column's index is not built (see {@link beforePage}):
   * draws in the background, on the project's connection once the page's transaction is
   * over, the sample of the column's keys that rank selection starts from (rankedPages.ts,
   * `keepSample`), unless one of the file as it is now is kept, so that a scrollbar jump
   * right after a first sort costs one scan. Never throws; a failure is kept in
   * {@link lastSampleError} (the jump then draws its own sample). Does nothing once
   * {@link close} was called.
   */
  sampleSoon(datasetId: number, position: number, rowCount: number): void {
    const index = this.wanted(datasetId, position, rowCount);
    if (
      this.closed ||
      index === null ||
      !this.onFile ||
      this.ready.has(index) ||
      this.sampling.has(index)
    ) {
      return;
    }
    const table = rowsTable(datasetId);
    const done = this.db
      .transaction(async (tx) => {
        // Built while this waited for the connection: pages walk the index now; closing:
        // nothing to draw it for.
        if (!this.closed && !this.ready.has(index)) {
          await keepSample(tx, table, position, this.bands);
        }
      }, 'DEFERRED')
      .catch((err: unknown) => {
        // The dataset deleted meanwhile, or the project closing.
        this.lastSampleError = err;
      })
      .finally(() => this.sampling.delete(index));
    this.sampling.set(index, { datasetId, done });
  }

  /**
   * Resolves when every background sample requested so far ({@link sampleSoon}) has ended
   * (drawn or failed), whatever the builds are doing.
   */
  async samplingSettled(): Promise<void> {
    while (this.sampling.size > 0) {
      await Promise.all([...this.sampling.values()].map((s) => s.done));
    }
  }

  /** Resolves when every build and sample requested so far has ended (done or failed). */
  async settled(): Promise<void> {
    while (this.builds.size > 0 || this.sampling.size > 0) {
      await Promise.all([...this.builds.values(), ...this.sampling.values()].map((b) => b.done));
    }
  }

  /**
   * Before a dataset is deleted: stops its running build (SQLite interrupts it; nothing of
   * it is committed), waits for its builds and samples to end and forgets its indexes.
   */
  async forget(datasetId: number): Promise<void> {
    const mine = [...this.builds.values()].filter((b) => b.datasetId === datasetId);
    for (const build of mine) build.cancelled = true;
    if (this.building?.datasetId === datasetId) this.building.conn.interrupt();
    const samples = [...this.sampling.values()].filter((s) => s.datasetId === datasetId);
    await Promise.all([...mine, ...samples].map((b) => b.done));
    this.bands.forget(rowsTable(datasetId));
    const prefix = `${rowsTable(datasetId)}_sort_`;
    for (const name of [...this.ready]) if (name.startsWith(prefix)) this.ready.delete(name);
  }

  /**
   * The project connection's `PRAGMA data_version` with the commits of this file's own
   * index builds taken back: it changes when another program commits to the file, not when
   * a build (on the second connection) does. Waits for a build between its two reads of
   * the version ({@link commitOwn}: from just before its write lock to just after its
   * commit, ≈ 1 s per million rows). Only comparable with earlier values of the same store.
   * @throws MtlError('STORE') once the connection is closed.
   */
  async outsideVersion(): Promise<number> {
    await this.committing;
    let version = await dataVersion(this.db);
    for (let before = this.ownCommits.get(version); before !== undefined;) {
      version = before;
      before = this.ownCommits.get(version);
    }
    return version;
  }

  /**
   * Stops the running build (interrupted, nothing committed), waits for the queue and
   * refuses new builds. Call before closing the project's connection.
   */
  async close(): Promise<void> {
    this.closed = true;
    this.building?.conn.interrupt();
    await this.settled();
  }

  /**
   * Resolves once no page of the build's column was read for {@link BUILD_QUIET_MS}
   * (at most {@link BUILD_MAX_DELAY_MS} after it was asked for), or at once when a page
   * waits for it or it is no longer wanted. Checks every 50 ms.
   */
  private async quiet(build: Build): Promise<void> {
    for (;;) {
      if (build.urgent || build.cancelled || this.closed) return;
      const start = Math.min(build.touched + BUILD_QUIET_MS, build.asked + BUILD_MAX_DELAY_MS);
      const wait = start - Date.now();
      if (wait <= 0) return;
      await new Promise((resolve) => setTimeout(resolve, Math.min(wait, 50)));
    }
  }

  /**
   * Runs `sql` (the index) on the builder connection `conn` in a transaction of its own and
   * records its commit as this file's own ({@link outsideVersion}) when `conn`'s
   * data_version, which moves only for other connections' commits, stayed the same from
   * before the project connection's version was read until after it was read again: then
   * nothing but this commit lies between the two. Otherwise nothing is recorded (the watch
   * takes the build for an outside write: one needless reload, never a missed one).
   * `stopped` is asked again once the lock is held (a delete or close meanwhile could not
   * interrupt `conn` while it only waited): then nothing is built. Any failure rolls back.
   * @returns whether the index was built.
   * @throws the statement's MtlError('STORE') (interrupted, busy, table gone).
   */
  private async commitOwn(conn: Database, sql: string, stopped: () => boolean): Promise<boolean> {
    let done!: () => void;
    this.committing = new Promise<void>((resolve) => (done = resolve));
    try {
      const start = await dataVersion(conn);
      // Before the lock: a page transaction on the project connection may be waiting for it.
      const before = await dataVersion(this.db);
      await conn.exec('BEGIN IMMEDIATE');
      let committed = false;
      let locked: number;
      try {
        locked = await dataVersion(conn);
        if (stopped()) return false;
        await conn.exec(sql);
        await conn.exec('COMMIT');
        committed = true;
      } finally {
        if (!committed) await conn.exec('ROLLBACK').catch(() => undefined);
      }
      const after = await dataVersion(this.db);
      const end = await dataVersion(conn);
      if (start === locked && locked === end && after !== before) {
        this.ownCommits.set(after, before);
      }
      return true;
    } finally {
      this.committing = null;
      done();
    }
  }

  /** The name of the index a sort on the column wants, or null when none is wanted. */
  private wanted(datasetId: number, position: number, rowCount: number): string | null {
    if (this.closed || rowCount < SORT_INDEX_MIN_ROWS || this.db.readOnly !== null) return null;
    return indexName(datasetId, position);
  }

  /** Whether the index is in the file (remembered once seen). */
  private async exists(index: string): Promise<boolean> {
    if (this.ready.has(index)) return true;
    const row = await this.db.get<{ found: number }>(
      "SELECT 1 AS found FROM sqlite_schema WHERE type = 'index' AND name = ?",
      [index],
    );
    if (row) this.ready.add(index);
    return row !== undefined;
  }

  /** The build of the index, queued now unless it already is. */
  private start(datasetId: number, position: number): Build {
    const index = indexName(datasetId, position);
    const known = this.builds.get(index);
    if (known) return known;
    const run = async (): Promise<boolean> => {
      await this.quiet(build);
      if (this.closed || build.cancelled) return false;
      let conn: Database | null = null;
      try {
        conn = await this.openBuilder(this.db.path);
        this.building = { index, datasetId, conn };
        if (this.closed || build.cancelled) return false;
        await conn.exec(`PRAGMA busy_timeout = ${BUILDER_BUSY_TIMEOUT_MS}`);
        const built = await this.commitOwn(
          conn,
          createIndexSql(datasetId, position),
          () => this.closed || build.cancelled,
        );
        if (!built) return false;
        this.ready.add(index);
        // Pages come from the index now: its column's kept bands only hold memory.
        this.bands.forget(rowsTable(datasetId), position);
        return true;
      } catch (err) {
        // Interrupted (dataset deleted, project closed), busy, or the table is gone.
        this.lastError = err;
        return false;
      } finally {
        this.building = null;
        await conn?.close().catch(() => undefined);
      }
    };
    const now = Date.now();
    const build: Build = {
      datasetId,
      index,
      done: Promise.resolve(false),
      cancelled: false,
      asked: now,
      touched: now,
      urgent: false,
    };
    build.done = this.queue.then(run, run).finally(() => this.builds.delete(index));
    this.builds.set(index, build);
    this.queue = build.done;
    return build;
  }
}

/** `rows_<id>_sort_c<k>`: the sort index of a dataset's cell column. */
export function indexName(datasetId: number, position: number): string {
  return `${rowsTable(datasetId)}_sort_${cellColumn(position)}`;
}

/** The statement that creates the sort index (a no-op when it exists). */
function createIndexSql(datasetId: number, position: number): string {
  const table = rowsTable(datasetId);
  return `CREATE INDEX IF NOT EXISTS ${indexName(datasetId, position)} ON ${table}(${cellColumn(position)})`;
}

/** `PRAGMA data_version` of one connection: moves only when another connection commits. */
async function dataVersion(db: Database): Promise<number> {
  const row = await db.get<{ data_version: number }>('PRAGMA data_version');
  return row?.data_version ?? 0;
}
