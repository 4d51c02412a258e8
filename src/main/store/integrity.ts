/**
 * Integrity of a project file: SQLite's `PRAGMA quick_check` when a project is opened (a
 * damaged file is then opened read-only, see projectStore.ts), and recovery of what can
 * still be read into a new file, table by table and row by row, skipping damaged pages.
 *
 * quick_check reads every page of the file and checks the b-trees' structure, record
 * formats and NOT NULL / CHECK constraints (not index contents, unlike integrity_check).
 * Measured on a 100 MB project (1.65 M rows): 0.27–0.34 s of CPU, warm cache.
 */
import { existsSync } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { MtlError, toErrorPayload } from '../../shared/errors';
import { Database, type SqlValue } from './database';
import { APPLICATION_ID, readSchemaVersion } from './migrations';

/** Most problems {@link findDamage} reports. */
const MAX_PROBLEMS = 20;

/**
 * Runs `PRAGMA quick_check` on an open file.
 * @returns the problems SQLite found (at most 20 lines), empty when the file is intact. A
 *   check that cannot even run (the file's structure is unreadable) is one problem.
 */
export async function findDamage(db: Database): Promise<string[]> {
  try {
    const rows = await db.all<{ quick_check: string }>(`PRAGMA quick_check(${MAX_PROBLEMS})`);
    const problems = rows.map((r) => r.quick_check).filter((line) => line !== 'ok');
    return problems;
  } catch (err) {
    // Damage bad enough to stop the check itself (SQLITE_CORRUPT while reading a page).
    const details = err instanceof MtlError ? err.details : undefined;
    const message = details?.sqliteMessage ?? toErrorPayload(err).message;
    return [`quick_check stopped: ${String(message)}`];
  }
}

/** What became of one table in {@link recoverProject}. */
export interface TableRecovery {
  table: string;
  /** Rows copied into the new file. */
  rows: number;
  /** Key ranges that could not be read (damaged pages), e.g. "rowid 1201–1400". */
  skipped: string[];
  /** Why the table could not be copied at all, or null. */
  failed: string | null;
}

/** What {@link recoverProject} did. */
export interface RecoveryReport {
  /** The damaged file (not modified). */
  source: string;
  /** The new file. */
  target: string;
  /** Schema version of both files (the new one is upgraded when opened). */
  schemaVersion: number;
  tables: TableRecovery[];
  /** Rows removed from the new file because the row they belonged to was lost. */
  orphansRemoved: number;
}

/** Rows read per query while copying. */
const CHUNK = 500;

interface TableShape {
  name: string;
  columns: string[];
  /** Columns ordering the table: the rowid, or the primary key of a WITHOUT ROWID table. */
  key: string[];
}

/** Double-quoted SQL identifier (names come from the file's own schema). */
const quoteId = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/**
 * Copies what can be read of the project `source` into a new file `target`, without
 * writing into `source` (opened read-only): the same schema, then every table row by row
 * in key order; a range whose pages cannot be read is skipped and the copy continues after
 * it. Rows left without the row they belonged to (a lost dataset, run …) are removed, and
 * each dataset's row count is set to the rows that survived. The new file passes
 * quick_check; it is written under a temporary name and renamed at the end.
 * @returns per table, the rows copied and the ranges skipped.
 * @throws MtlError('BAD_REQUEST') when `target` exists or is `source`;
 *   MtlError('PROJECT_CORRUPT') when not even the schema of `source` can be read.
 */
export async function recoverProject(source: string, target: string): Promise<RecoveryReport> {
  if (existsSync(target)) {
    throw new MtlError(
      'BAD_REQUEST',
      `"${target}" already exists; choose a new file to recover into.`,
      {
        path: target,
      },
    );
  }
  const from = await Database.open(source, { readOnly: 'being recovered' });
  // A truncated file (its header counts more pages than there are) reads only so.
  await from.get('PRAGMA writable_schema = ON');
  const temporary = `${target}.tmp-${process.pid}`;
  await rm(temporary, { force: true });
  let to: Database | null = null;
  try {
    let schema: { type: string; name: string; sql: string }[];
    let version: number;
    try {
      version = await readSchemaVersion(from);
      schema = await from.all(
        "SELECT type, name, sql FROM sqlite_schema WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' ORDER BY rowid",
      );
    } catch (err) {
      throw new MtlError(
        'PROJECT_CORRUPT',
        `Nothing can be recovered from "${source}": its list of tables cannot be read (${toErrorPayload(err).message}).`,
        { path: source },
      );
    }
    to = await Database.open(temporary, { create: true });
    await to.exec(
      `PRAGMA foreign_keys = OFF; PRAGMA journal_mode = DELETE; PRAGMA application_id = ${APPLICATION_ID};`,
    );
    const tables = schema.filter((s) => s.type === 'table');
    for (const t of tables) await to.exec(t.sql);

    const report: TableRecovery[] = [];
    for (const t of tables) report.push(await copyTable(from, to, await shapeOf(from, t.name)));
    // Indexes, triggers and views once the data is in (an index built on data lost here
    // cannot fail; one that does is reported as a problem of its table).
    for (const s of schema.filter((x) => x.type !== 'table')) {
      await to.exec(s.sql).catch((err: unknown) => {
        const owner = report.find(
          (r) => s.sql.includes(quoteId(r.table)) || s.sql.includes(r.table),
        );
        owner?.skipped.push(`${s.type} ${s.name} not rebuilt: ${toErrorPayload(err).message}`);
      });
    }
    const orphansRemoved = await removeOrphans(to);
    await recountDatasets(to, report);
    await to.exec(`PRAGMA user_version = ${version}`);
    const problems = await findDamage(to);
    if (problems.length > 0) {
      throw new MtlError('STORE', `The recovered file failed its check: ${problems.join('; ')}`);
    }
    await to.close();
    to = null;
    await rename(temporary, target);
    return { source, target, schemaVersion: version, tables: report, orphansRemoved };
  } finally {
    await from.close().catch(() => undefined);
    if (to) await to.close().catch(() => undefined);
    await rm(temporary, { force: true });
  }
}

/** Columns and ordering key of a table, from its schema (PRAGMA table_info). */
async function shapeOf(db: Database, table: string): Promise<TableShape> {
  const info = await db.all<{ name: string; pk: number }>(
    `SELECT name, pk FROM pragma_table_info(?) ORDER BY cid`,
    [table],
  );
  const withoutRowid = await db
    .get<{ wr: number }>(
      "SELECT sql LIKE '%WITHOUT ROWID%' AS wr FROM sqlite_schema WHERE type = 'table' AND name = ?",
      [table],
    )
    .then((r) => r?.wr === 1);
  const key = withoutRowid
    ? info
        .filter((c) => c.pk > 0)
        .sort((a, b) => a.pk - b.pk)
        .map((c) => quoteId(c.name))
    : ['rowid'];
  return { name: table, columns: info.map((c) => c.name), key };
}

/**
 * Copies one table in key order, CHUNK rows at a time. When a chunk cannot be read, rows are
 * read one by one up to the damage, then the first key is advanced by growing steps (1, 4,
 * 16 …) until reading works again; the range jumped over is reported as skipped.
 */
async function copyTable(from: Database, to: Database, shape: TableShape): Promise<TableRecovery> {
  const result: TableRecovery = { table: shape.name, rows: 0, skipped: [], failed: null };
  const keys = shape.key.map((_, i) => `__k${i}`);
  const select = `SELECT ${shape.key.map((k, i) => `${k} AS ${keys[i]}`).join(', ')}, ${shape.columns
    .map(quoteId)
    .join(', ')} FROM ${quoteId(shape.name)}`;
  const order = `ORDER BY ${shape.key.join(', ')}`;
  const insert = `INSERT INTO ${quoteId(shape.name)} (${shape.columns.map(quoteId).join(', ')}) VALUES (${shape.columns
    .map(() => '?')
    .join(', ')})`;
  type Row = Record<string, SqlValue>;
  const read = async (
    after: SqlValue[] | null,
    limit: number,
    firstKeyFrom?: number,
  ): Promise<Row[]> => {
    const rows = await readRaw(after, limit, firstKeyFrom);
    // A page past the end of a truncated file reads as zeros: rows out of key order (row
    // id 0 after 5884) are damage too, not rows.
    let previous: SqlValue = after === null ? (firstKeyFrom ?? null) : after[0];
    let strict = after !== null;
    for (const row of rows) {
      const key = row[keys[0]];
      if (typeof key === 'number' && typeof previous === 'number') {
        const unique = shape.key.length === 1;
        if (key < previous || (unique && strict && key === previous)) {
          throw new Error(`rows out of key order (${String(key)} after ${String(previous)})`);
        }
      }
      previous = key;
      strict = true;
    }
    return rows;
  };
  const readRaw = (
    after: SqlValue[] | null,
    limit: number,
    firstKeyFrom?: number,
  ): Promise<Row[]> => {
    if (firstKeyFrom !== undefined) {
      // `>=`: a seek for `> k` passes through the page holding k, which may be the damaged one.
      return from.all<Row>(`${select} WHERE ${shape.key[0]} >= ? ${order} LIMIT ${limit}`, [
        firstKeyFrom,
      ]);
    }
    if (after === null) return from.all<Row>(`${select} ${order} LIMIT ${limit}`);
    return from.all<Row>(
      `${select} WHERE (${shape.key.join(', ')}) > (${after.map(() => '?').join(', ')}) ${order} LIMIT ${limit}`,
      after,
    );
  };
  const write = async (rows: Row[]): Promise<void> => {
    if (rows.length === 0) return;
    await to.transaction(async (tx) => {
      for (const row of rows)
        await tx.run(
          insert,
          shape.columns.map((c) => row[c] ?? null),
        );
    });
    result.rows += rows.length;
  };
  const keyOf = (row: Row): SqlValue[] => keys.map((k) => row[k]);

  let after: SqlValue[] | null = null;
  for (;;) {
    let rows: Row[] | null = null;
    try {
      rows = await read(after, CHUNK);
    } catch {
      // Damage within the next CHUNK rows: salvage the rows before it one by one.
      let ended = false;
      for (;;) {
        let single: Row[];
        try {
          single = await read(after, 1);
        } catch {
          break;
        }
        if (single.length === 0) {
          ended = true;
          break;
        }
        await write(single);
        after = keyOf(single[0]);
      }
      if (ended) break;
      // Then jump over it.
      const jumped = await jumpOver(after, read);
      if (!jumped) {
        result.skipped.push(`${describeKey(shape, after)} to the end`);
        break;
      }
      result.skipped.push(`${describeKey(shape, after)}, before ${shape.key[0]} ${jumped.from}`);
      rows = jumped.rows;
    }
    if (rows.length === 0) break;
    await write(rows);
    after = keyOf(rows[rows.length - 1]);
  }
  return result;
}

/**
 * Finds where reading works again after damage: the first key of `after` plus 1, 4,
 * 16 … (up to 2^52) from which rows can be read, then the smallest such key between the
 * last step that failed and the one that worked (bisection), so no readable row past the
 * damaged page is skipped. Only a numeric first key can be stepped over.
 */
async function jumpOver(
  after: SqlValue[] | null,
  read: (
    after: SqlValue[] | null,
    limit: number,
    firstKeyFrom?: number,
  ) => Promise<Record<string, SqlValue>[]>,
): Promise<{ from: number; rows: Record<string, SqlValue>[] } | null> {
  const base = after === null ? 0 : after[0];
  if (typeof base !== 'number') return null;
  const tryFrom = (key: number): Promise<Record<string, SqlValue>[] | null> =>
    read(null, CHUNK, key).catch(() => null);
  let failed = 0;
  for (let step = 1; step <= 2 ** 52; step *= 4) {
    let rows = await tryFrom(base + step);
    if (rows === null) {
      failed = step;
      continue;
    }
    let works = step;
    while (works - failed > 1) {
      const middle = Math.floor((works + failed) / 2);
      const found = await tryFrom(base + middle);
      if (found === null) failed = middle;
      else {
        works = middle;
        rows = found;
      }
    }
    return { from: base + works, rows };
  }
  return null;
}

function describeKey(shape: TableShape, after: SqlValue[] | null): string {
  if (after === null) return `from the start`;
  return `after ${shape.key.map((k, i) => `${k} ${String(after[i])}`).join(', ')}`;
}

/**
 * Removes rows whose parent row was lost (PRAGMA foreign_key_check), repeatedly, since a
 * removed row may itself be a parent.
 * @returns the rows removed.
 */
async function removeOrphans(db: Database): Promise<number> {
  let removed = 0;
  for (let pass = 0; pass < 20; pass++) {
    const orphans = await db.all<{ table: string; rowid: number | null }>(
      'PRAGMA foreign_key_check',
    );
    if (orphans.length === 0) break;
    for (const o of orphans) {
      if (o.rowid !== null) {
        const r = await db.run(`DELETE FROM ${quoteId(o.table)} WHERE rowid = ?`, [o.rowid]);
        removed += r.changes;
      }
    }
    // WITHOUT ROWID tables report no rowid: delete them by the failing reference instead.
    const keyless = [...new Set(orphans.filter((o) => o.rowid === null).map((o) => o.table))];
    for (const table of keyless) removed += await deleteUnreferenced(db, table);
  }
  return removed;
}

/** Deletes the rows of a WITHOUT ROWID table whose foreign keys point at nothing. */
async function deleteUnreferenced(db: Database, table: string): Promise<number> {
  const fks = await db.all<{ id: number; table: string; from: string; to: string | null }>(
    'SELECT id, "table", "from", "to" FROM pragma_foreign_key_list(?)',
    [table],
  );
  let removed = 0;
  for (const id of new Set(fks.map((f) => f.id))) {
    const parts = fks.filter((f) => f.id === id);
    const parent = quoteId(parts[0].table);
    const match = parts
      .map((p) => `${parent}.${quoteId(p.to ?? 'rowid')} = ${quoteId(table)}.${quoteId(p.from)}`)
      .join(' AND ');
    const r = await db.run(
      `DELETE FROM ${quoteId(table)} WHERE NOT EXISTS (SELECT 1 FROM ${parent} WHERE ${match})`,
    );
    removed += r.changes;
  }
  return removed;
}

/** Sets each dataset's row count to the rows its rows table kept. */
async function recountDatasets(db: Database, report: TableRecovery[]): Promise<void> {
  const datasets = await db.all<{ id: number }>('SELECT id FROM datasets');
  for (const { id } of datasets) {
    if (!report.some((r) => r.table === `rows_${id}`)) continue;
    await db.run(`UPDATE datasets SET row_count = (SELECT COUNT(*) FROM rows_${id}) WHERE id = ?`, [
      id,
    ]);
  }
}
