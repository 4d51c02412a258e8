/**
 * What one step of a project file's schema is ({@link Migration}), and the file's identity
 * (`PRAGMA application_id`, set by the first step and checked on open). Shared by the steps
 * (store/migrationsV1toV6.ts, store/migrationsV7toV14.ts, store/migrationsV15on.ts) and by
 * store/migrations.ts, which lists them, applies them and re-exports both names.
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
