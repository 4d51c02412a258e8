/**
 * What one step of a project file's schema is ({@link Migration}), and the file's identity
 * (`PRAGMA application_id`, set by the first step and checked on open). Shared by the steps
 * (store/migrationsV1toV6.ts, store/migrationsV7toV14.ts, store/migrationsV15on.ts) and by
 * store/migrations.ts, which lists them, applies them and re-exports both names. With
 * {@link rebuildTable}, for the steps that must rebuild a table.
 */
import type { SqlExecutor } from './database';

/** One step of the schema, from `version - 1` to `version`. */
export interface Migration {
  version: number;
  /** What the step adds, in one line. */
  description: string;
  /** Apply the step inside the transaction `tx` (it is rolled back if this throws). */
  up(tx: SqlExecutor): Promise<void>;
  /**
   * The step rebuilds a table that others reference (SQLite cannot change a CHECK
   * constraint in place): foreign keys are switched off around its transaction — as
   * SQLite's own "12-step" ALTER TABLE procedure does, so dropping the old table does not
   * cascade to its children — and `PRAGMA foreign_key_check` must pass before it commits.
   */
  rebuildsTables?: boolean;
}

/** `PRAGMA application_id` of a project file ("MTLS"), to tell it from other SQLite files. */
export const APPLICATION_ID = 0x4d544c53;

/**
 * Rebuilds `table` from its own stored `CREATE TABLE` text changed by `edit` (columns
 * added by earlier ALTERs are in that text, so nothing is lost), copying every row and
 * recreating its indexes. Run with foreign keys off (see {@link Migration.rebuildsTables}). Used by v7, v11 and v16.
 * @throws Error when `edit` leaves the text unchanged (the schema is not what it expects).
 */
export async function rebuildTable(
  tx: SqlExecutor,
  table: string,
  edit: (createSql: string) => string,
): Promise<void> {
  const schema = await tx.get<{ sql: string }>(
    "SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = ?",
    [table],
  );
  if (!schema) throw new Error(`table ${table} is missing`);
  const edited = edit(schema.sql);
  if (edited === schema.sql) throw new Error(`unexpected definition of table ${table}`);
  const indexes = await tx.all<{ sql: string }>(
    "SELECT sql FROM sqlite_schema WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL",
    [table],
  );
  const temporary = `${table}_v_next`;
  const create = edited.replace(/^CREATE TABLE\s+("?)\w+\1/i, `CREATE TABLE ${temporary}`);
  await tx.exec(create);
  await tx.exec(`INSERT INTO ${temporary} SELECT * FROM ${table}`);
  await tx.exec(`DROP TABLE ${table}`);
  await tx.exec(`ALTER TABLE ${temporary} RENAME TO ${table}`);
  for (const index of indexes) await tx.exec(index.sql);
}
