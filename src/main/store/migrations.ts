/**
 * Versioned schema of a project file. The version lives in `PRAGMA user_version`.
 * Migrations are append-only: never edit one that has shipped, add the next. The steps
 * live by version range in store/migrationsV1toV6.ts, store/migrationsV7toV14.ts and
 * store/migrationsV15on.ts (what a step is: store/migrationStep.ts); this module lists them, reads a file's version,
 * checks it is a project, backs it up and applies what it lacks.
 */
import { existsSync } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { MtlError, reasonDetails } from '../../shared/errors';
import type { Database, SqlExecutor } from './database';
import { APPLICATION_ID, type Migration } from './migrationStep';
import { MIGRATIONS_V1_TO_V6 } from './migrationsV1toV6';
import { MIGRATIONS_V7_TO_V14 } from './migrationsV7toV14';
import { MIGRATIONS_FROM_V15 } from './migrationsV15on';

export { APPLICATION_ID, type Migration } from './migrationStep';

/** All migrations, in order; the last one's version is the schema this app writes. */
export const MIGRATIONS: readonly Migration[] = [
  ...MIGRATIONS_V1_TO_V6,
  ...MIGRATIONS_V7_TO_V14,
  ...MIGRATIONS_FROM_V15,
];

/** Schema version this app writes. */
export const LATEST_SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1].version;

/** Current `PRAGMA user_version` of an open file. */
export async function readSchemaVersion(db: SqlExecutor): Promise<number> {
  const row = await db.get<{ user_version: number }>('PRAGMA user_version');
  return row?.user_version ?? 0;
}

/** Path of the backup written before migrating a file from `version`. */
export function backupPath(file: string, version: number): string {
  return `${file}.bak-v${version}`;
}

/**
 * Consistent copy of the open database (WAL included) to `target`, via `VACUUM INTO`,
 * written to a temporary name first so an interrupted copy never looks like a backup.
 * An existing backup at `target` is replaced (it holds the same version).
 */
export async function backupDatabase(db: Database, target: string): Promise<void> {
  const temporary = `${target}.tmp-${process.pid}`;
  await rm(temporary, { force: true });
  try {
    await db.run('VACUUM INTO ?', [temporary]);
    await rename(temporary, target);
  } catch (err) {
    await rm(temporary, { force: true });
    throw err;
  }
}

/**
 * Checks, without writing anything, that an open SQLite file is an MTL Studio project this
 * app can open: version ≤ `latest`, our application id once versioned, and no foreign tables
 * in an unversioned file.
 * @returns the file's schema version (0 for a new, empty file).
 * @throws MtlError('MIGRATION') naming the file and what is wrong.
 */
export async function assertProjectFile(
  db: Database,
  latest: number = LATEST_SCHEMA_VERSION,
): Promise<number> {
  const fromVersion = await readSchemaVersion(db);
  if (fromVersion > latest) {
    throw new MtlError(
      'MIGRATION',
      `Project "${db.path}" has schema version ${fromVersion}, newer than this app supports (${latest}); update MTL Studio to open it`,
      reasonDetails(
        'PROJECT_NEWER',
        { path: db.path, fileVersion: fromVersion, appVersion: latest },
        { fileVersion: fromVersion, appVersion: latest },
      ),
    );
  }
  if (fromVersion > 0) {
    const app = await db.get<{ application_id: number }>('PRAGMA application_id');
    if (app?.application_id !== APPLICATION_ID) {
      throw new MtlError(
        'MIGRATION',
        `"${db.path}" is an SQLite file but not an MTL Studio project (application id ${app?.application_id ?? 'missing'})`,
        reasonDetails('NOT_A_PROJECT', { path: db.path }),
      );
    }
  } else {
    const tables = await db.get<{ n: number }>(
      "SELECT COUNT(*) AS n FROM sqlite_schema WHERE type = 'table'",
    );
    if ((tables?.n ?? 0) > 0) {
      throw new MtlError(
        'MIGRATION',
        `"${db.path}" is an SQLite file but not an MTL Studio project (it has tables but no schema version)`,
        reasonDetails('NOT_A_PROJECT', { path: db.path }),
      );
    }
  }
  return fromVersion;
}

/** What {@link migrateDatabase} did. */
export interface MigrationOutcome {
  fromVersion: number;
  toVersion: number;
  /** Path of the backup written before migrating, or null (new file, or nothing to do). */
  backup: string | null;
}

/**
 * Bring the open file `db` to the newest version in `migrations`. Each migration runs in
 * its own transaction together with its `user_version` bump, so a failing one leaves the
 * file at the previous version with its data intact. Before migrating a file whose
 * version is above 0, it is copied to `<file>.bak-v<oldVersion>`.
 *
 * @param migrations the steps, ordered by version 1, 2, …; tests inject their own.
 * @throws MtlError('MIGRATION') when the file is newer than the app, when it is an SQLite
 *   file of another application (foreign application id, or tables without a version), or when a step fails (the cause is in the
 *   message and in `details`).
 */
export async function migrateDatabase(
  db: Database,
  migrations: readonly Migration[] = MIGRATIONS,
): Promise<MigrationOutcome> {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) {
      throw new MtlError(
        'MIGRATION',
        `Migration #${i} has version ${m.version}, expected ${i + 1}`,
      );
    }
  });
  const latest = migrations.length;
  const fromVersion = await assertProjectFile(db, latest);
  if (fromVersion === latest) return { fromVersion, toVersion: latest, backup: null };

  let backup: string | null = null;
  if (fromVersion > 0 && existsSync(db.path)) {
    backup = backupPath(db.path, fromVersion);
    await backupDatabase(db, backup);
  }

  for (const migration of migrations.slice(fromVersion)) {
    // PRAGMA foreign_keys is a no-op inside a transaction: switch it around the step.
    const keysWereOn =
      migration.rebuildsTables === true &&
      (await db.get<{ foreign_keys: number }>('PRAGMA foreign_keys'))?.foreign_keys === 1;
    if (keysWereOn) await db.exec('PRAGMA foreign_keys = OFF');
    try {
      await db.transaction(async (tx) => {
        await migration.up(tx);
        if (migration.rebuildsTables) {
          const broken = await tx.all<{ table: string }>('PRAGMA foreign_key_check');
          if (broken.length > 0) {
            throw new Error(`foreign keys broken in ${broken.map((b) => b.table).join(', ')}`);
          }
        }
        await tx.exec(`PRAGMA user_version = ${migration.version}`);
      });
    } catch (err) {
      const cause = err instanceof Error ? err.message : String(err);
      throw new MtlError(
        'MIGRATION',
        `Upgrading "${db.path}" to schema version ${migration.version} (${migration.description}) failed: ${cause}. The file was left at version ${migration.version - 1}.`,
        { fromVersion, failedVersion: migration.version, backup },
      );
    } finally {
      if (keysWereOn) await db.exec('PRAGMA foreign_keys = ON');
    }
  }
  return { fromVersion, toVersion: latest, backup };
}
