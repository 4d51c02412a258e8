/**
 * The project store: one project = one SQLite file (`*.mtlproj`) holding datasets and their
 * rows, tasks, splits, training runs, results, predictions and models.
 *
 * {@link ProjectStore} is a thin façade: it opens the file (WAL, foreign keys, migrations)
 * and closes it; each domain's tables are read and written by its own module, reached
 * through a property of the same name — `datasets` (store/datasets.ts), `tasks`
 * (store/tasks.ts), `splits` (store/splits.ts), `training` (store/training.ts: runs, epochs,
 * results, models), `evaluation` (store/evaluation.ts: stored predictions), `labels`
 * (store/labels.ts: label edits with their audit trail and undo stack, label versions of runs)
 * and `assets` (store/assets.ts: images of image datasets).
 *
 * Every write that spans several tables runs in one transaction, so a failed or cancelled
 * import or save leaves the file exactly as it was. Opening checks the file (quick_check,
 * store/integrity.ts): a damaged file is opened read-only and nothing is written into it.
 */
import { existsSync } from 'node:fs';
import { basename, dirname, extname, resolve } from 'node:path';
import { MtlError, reasonDetails } from '../../shared/errors';
import { AssetStore } from './assets';
import { repairLabelledProfiles } from './columnProfiles';
import { Database } from './database';
import { readOnlyError, writableByUs, type ReadOnlyCause } from './storeErrors';
import { DatasetStore } from './datasets';
import { EvaluationStore } from './evaluation';
import { LabelStore } from './labels';
import { findDamage } from './integrity';
import {
  assertProjectFile,
  LATEST_SCHEMA_VERSION,
  migrateDatabase,
  readSchemaVersion,
  type MigrationOutcome,
} from './migrations';
import { SortIndexes } from './sortIndexes';
import { SplitStore } from './splits';
import { now } from './sqlCodec';
import { TaskStore } from './tasks';
import { TrainingStore } from './training';
import { shellWord } from '../../shared/shellWord';

export type { CellValue, NewColumn, NewDataset } from './datasets';
export type { StoredModel, StoredPredictions } from './trainingResults';

/** How long a statement waits for another connection's lock (SQLite's busy_timeout), in ms. */
export const DEFAULT_BUSY_TIMEOUT_MS = 5000;

/**
 * An open project file. Create or open one with {@link ProjectStore.open}; close it with
 * {@link ProjectStore.close}. All methods of its domain stores are safe to call
 * concurrently: they are serialised on the file's single connection, and a long write (an
 * import) makes the others wait until it ends.
 *
 * Errors are {@link MtlError}s: NOT_FOUND (unknown id, column, task), BAD_REQUEST (malformed
 * argument), TASK_INVALID, SPLIT_INVALID, MIGRATION, and for SQLite failures, each naming
 * the project file: PROJECT_BUSY (another program holds the write lock), DISK_FULL,
 * PROJECT_CORRUPT (damaged; every write on a file opened damaged) and STORE (the rest);
 * `details.sqliteCode` holds SQLite's code.
 */
export class ProjectStore {
  /** Path of the project file as given to {@link ProjectStore.open}. */
  readonly path: string;
  /** Datasets, their columns and rows. */
  readonly datasets: DatasetStore;
  /** Task definitions. */
  readonly tasks: TaskStore;
  /** Train/validation/test assignments. */
  readonly splits: SplitStore;
  /** Runs, their epochs, results and models. */
  readonly training: TrainingStore;
  /** Stored test predictions. */
  readonly evaluation: EvaluationStore;
  /** Label edits, their events (audit, undo) and the label versions of runs. */
  readonly labels: LabelStore;
  /** Images: originals, thumbnails and training pixels of image datasets. */
  readonly assets: AssetStore;
  /**
   * When the file is damaged: what quick_check found and the PROJECT_CORRUPT error every
   * write gets. The file is then open read-only (nothing is ever written into it).
   */
  readonly damage: { problems: string[]; error: MtlError } | null;
  /** The schema upgrade done on opening (with its backup file), or null when none was needed. */
  readonly migration: MigrationOutcome | null;
  private readonly db: Database;
  /** Sort indexes of large datasets, built on a second connection (closed first). */
  private readonly sortIndexes: SortIndexes;

  private constructor(
    path: string,
    db: Database,
    damage: ProjectStore['damage'] = null,
    migration: MigrationOutcome | null = null,
  ) {
    this.path = path;
    this.db = db;
    this.damage = damage;
    this.migration = migration;
    this.sortIndexes = new SortIndexes(db);
    this.datasets = new DatasetStore(db, this.sortIndexes);
    this.tasks = new TaskStore(db);
    this.splits = new SplitStore(db);
    this.training = new TrainingStore(db);
    this.evaluation = new EvaluationStore(db);
    this.labels = new LabelStore(db);
    this.assets = new AssetStore(db, this.datasets);
  }

  /**
   * Open the project at `path`, upgrading its schema to the latest version if needed (a
   * copy `<path>.bak-v<old>` is written first). With `create: true` a missing file is
   * created and named `name` (default: the file's base name without extension); `name`
   * is ignored for an existing file. WAL journal and foreign keys are switched on.
   *
   * An existing file is checked first (`PRAGMA quick_check`, ≈ 0.3 s of CPU per 100 MB): a
   * damaged one is opened read-only, unmigrated, with {@link damage} set — reads work as far
   * as the file allows, every write throws PROJECT_CORRUPT naming the file, and
   * store/integrity.ts `recoverProject` copies what can be read into a new file.
   *
   * A file too damaged for SQLite to read its header or schema (e.g. truncated: its header
   * counts more pages than the file has) is opened the same way, read-only with SQLite's
   * `writable_schema` on, which reads the pages that are there.
   *
   * An existing file this user cannot write (the file, or its folder, where SQLite keeps the
   * WAL's `-wal` and `-shm` files) is opened read-only with {@link readOnly} set: reads
   * work, every write throws STORE (details.reason 'READ_ONLY_FILE') naming the file.
   *
   * A statement that finds the file locked by another connection waits up to
   * `busyTimeoutMs` (default {@link DEFAULT_BUSY_TIMEOUT_MS}) before PROJECT_BUSY.
   *
   * @param options.readOnly open an existing file read-only (no migration, no clean-up),
   *   this text saying why in a refusal to write
   * @param options.writable whether this process may write a path (default: access(2)
   *   W_OK, which root always passes; tests inject a refusal to take the read-only path)
   * @throws MtlError('NOT_FOUND') when the file is missing and `create` is not true;
   *   MtlError('MIGRATION') when the file is newer than this app, is not a project, or an
   *   upgrade step fails (the file then stays at its previous version);
   *   MtlError('STORE') when SQLite cannot open or read it (saying why: a folder missing or
   *   not writable, no permission), or when a read-only file needs a schema upgrade;
   *   MtlError('PROJECT_CORRUPT') naming the file when not even its header can be read.
   */
  static async open(
    path: string,
    options: {
      create?: boolean;
      name?: string;
      busyTimeoutMs?: number;
      writable?: (path: string) => Promise<boolean>;
      /** Open an existing file read-only even when it could be written (the reason shown). */
      readOnly?: string;
    } = {},
  ): Promise<ProjectStore> {
    const exists = existsSync(path);
    if (!exists && options.create !== true) {
      throw new MtlError(
        'NOT_FOUND',
        `Project file not found: ${path}`,
        reasonDetails('PROJECT_MISSING', { path }, { path }),
      );
    }
    if (exists && options.readOnly !== undefined) {
      return ProjectStore.openReadOnly(path, options.readOnly);
    }
    if (exists) {
      const notWritable = await notWritableReason(path, options.writable ?? writableByUs);
      if (notWritable !== null) return ProjectStore.openReadOnly(path, notWritable);
    }
    const db = await Database.open(path, { create: options.create === true });
    try {
      // Refuse a foreign or empty file before changing anything in it (WAL rewrites the header).
      let version: number;
      try {
        version = await assertProjectFile(db);
      } catch (err) {
        if (!(exists && err instanceof MtlError && err.code === 'PROJECT_CORRUPT')) throw err;
        // Not even the header or schema reads (a truncated file): read-only, as damaged.
        await db.close();
        return await ProjectStore.openDamaged(path);
      }
      if (exists && version === 0 && options.create !== true) {
        throw new MtlError(
          'STORE',
          `"${path}" is not an MTL Studio project (it is empty)`,
          reasonDetails('NOT_A_PROJECT', { path }, { path }),
        );
      }
      if (exists && version > 0) {
        const problems = await findDamage(db);
        if (problems.length > 0) {
          await db.close();
          return ProjectStore.openDamaged(path, problems);
        }
      }
      const busyTimeout = Math.max(0, Math.round(options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS));
      await db.exec(`PRAGMA foreign_keys = ON; PRAGMA busy_timeout = ${busyTimeout}`);
      const journal = await db.get<{ journal_mode: string }>('PRAGMA journal_mode = WAL');
      if (journal?.journal_mode !== 'wal') {
        throw new MtlError(
          'STORE',
          `Cannot switch "${path}" to WAL mode (got ${journal?.journal_mode ?? 'nothing'})`,
        );
      }
      // In WAL mode NORMAL cannot corrupt the file; a power cut may lose the last commit.
      await db.exec('PRAGMA synchronous = NORMAL');
      const migration = await migrateDatabase(db);
      const { fromVersion } = migration;
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
      const store = new ProjectStore(path, db, null, migration.backup ? migration : null);
      await store.training.interruptOrphanedRuns();
      await store.training.purgeDeletedRuns();
      // Files labelled before column profiles followed labels get them profiled once.
      await repairLabelledProfiles(db);
      return store;
    } catch (err) {
      await db.close().catch(() => undefined);
      if (err instanceof MtlError && err.details?.sqliteCode === 'SQLITE_NOTADB') {
        throw new MtlError(
          'STORE',
          `"${path}" is not an MTL Studio project (not an SQLite file)`,
          reasonDetails('NOT_A_PROJECT', { path }, { path, sqliteCode: 'SQLITE_NOTADB' }),
        );
      }
      throw err;
    }
  }

  /**
   * Opens a damaged file read-only: SQLite refuses every write, and the store refuses them
   * first with PROJECT_CORRUPT naming the file and what quick_check found.
   * @param problems what quick_check found; when not given (SQLite could not even read the
   *   file's header or schema), checked here with `writable_schema` on.
   * @throws MtlError('PROJECT_CORRUPT') naming the file when nothing of it can be read.
   */
  private static async openDamaged(
    path: string,
    problems?: string[],
    options: { immutable?: boolean } = {},
  ): Promise<ProjectStore> {
    let found = problems;
    if (found === undefined) {
      const probe = await Database.open(path, { readOnly: 'damaged', ...options });
      try {
        await allowTruncated(probe);
        await assertProjectFile(probe);
        found = await findDamage(probe);
      } finally {
        await probe.close();
      }
      if (found.length === 0) found = ['the header counts more pages than the file has'];
    }
    // quick_check may put several findings in one row, under a "*** in database main ***" line.
    const lines = found
      .flatMap((line) => line.split('\n'))
      .filter((line) => line.trim() !== '' && !line.startsWith('***'));
    const summary = lines.slice(0, 3).join('; ');
    const db = await Database.open(path, { readOnly: summary, ...options });
    await allowTruncated(db);
    const error = new MtlError(
      'PROJECT_CORRUPT',
      `Project "${path}" is damaged (${summary}), so it was opened read-only and nothing is written into it. Recover what can be read into a new file: mtl-studio recover -p ${shellWord(path)} -o NEW.mtlproj, or Recover in the app.`,
      { path, problems: found },
    );
    return new ProjectStore(path, db, { problems: found, error });
  }

  /**
   * Opens a project this user cannot write, read-only: no migration (refused: the file
   * cannot be upgraded), no WAL switch, no clean-up of orphaned runs. The file is read as
   * immutable (no lock, and no `-wal` or `-shm` file left beside it, which a read-only
   * reader of a WAL-mode file would otherwise create and cannot remove — or, in a folder
   * it cannot write, fail for lack of), unless a `-wal` file shows that another program
   * has it open: then SQLite reads it normally, with that program's latest commits.
   * @throws MtlError('STORE') when the file needs a schema upgrade or cannot be read.
   */
  private static async openReadOnly(path: string, reason: string): Promise<ProjectStore> {
    const immutable = !existsSync(`${path}-wal`);
    const db = await Database.open(path, { notWritable: reason, immutable });
    try {
      let version: number;
      try {
        version = await assertProjectFile(db);
      } catch (err) {
        if (!(err instanceof MtlError && err.code === 'PROJECT_CORRUPT')) throw err;
        await db.close();
        return await ProjectStore.openDamaged(path, undefined, { immutable });
      }
      if (version === 0) {
        throw new MtlError(
          'STORE',
          `"${path}" is not an MTL Studio project (it is empty)`,
          reasonDetails('NOT_A_PROJECT', { path }, { path }),
        );
      }
      const problems = await findDamage(db);
      if (problems.length > 0) {
        await db.close();
        return await ProjectStore.openDamaged(path, problems, { immutable });
      }
      if (version < LATEST_SCHEMA_VERSION) {
        throw new MtlError(
          'STORE',
          `Project "${path}" is read-only (${reason}) and was made by an older MTL Studio (schema version ${version}, now ${LATEST_SCHEMA_VERSION}): it must be upgraded before it can be opened. Make it writable (file and folder), or copy it to a writable folder, and open it again.`,
          reasonDetails('READ_ONLY_NEEDS_UPGRADE', { path }, { path, fileVersion: version }),
        );
      }
      return new ProjectStore(path, db);
    } catch (err) {
      await db.close().catch(() => undefined);
      throw err;
    }
  }

  /**
   * Why the file is open read-only (damaged, or this user cannot write it or its folder),
   * or null when it is writable.
   */
  get readOnly(): ReadOnlyCause | null {
    return this.db.readOnly;
  }

  /**
   * Refuses, before any work, what would write into a file open read-only.
   * @throws MtlError('PROJECT_CORRUPT') for a damaged file, MtlError('STORE') (details.reason
   *   'READ_ONLY_FILE') for one this user cannot write — each naming the file.
   */
  assertWritable(): void {
    if (this.damage) throw this.damage.error;
    if (this.db.readOnly) throw readOnlyError(this.path, this.db.readOnly);
  }

  /**
   * Stop a sort index being built in the background (nothing of it is kept), wait for
   * pending calls and close the file. Later calls throw MtlError('STORE').
   */
  async close(): Promise<void> {
    await this.sortIndexes.close();
    await this.db.close();
  }

  /**
   * SQLite's `PRAGMA data_version` of this connection without the commits of this store's
   * own sort index builds (made on its second connection, store/sortIndexes.ts): a number
   * that changes when another program (the CLI, another studio) commits to the file, and
   * only then (a build that another program's commit came near counts as such a commit:
   * one needless reload, never a missed write); this connection's own commits leave it as
   * it is. Only comparable with earlier values of the same open store. One statement
   * (≈ 0.1 ms of CPU), queued behind a transaction in flight and after a build's commit.
   * @throws MtlError('STORE') once the store is closed.
   */
  outsideVersion(): Promise<number> {
    return this.sortIndexes.outsideVersion();
  }

  /** Schema version of the file (`PRAGMA user_version`). */
  schemaVersion(): Promise<number> {
    return readSchemaVersion(this.db);
  }

  /**
   * Writes a consistent snapshot of the whole project to a new file with SQLite's
   * `VACUUM INTO` (one read transaction: writes by this or other connections meanwhile are
   * either wholly in the copy or not at all), compacted. Used by exports' backup, which
   * verifies the copy.
   * @throws MtlError('STORE') when `target` exists or cannot be written.
   */
  async vacuumInto(target: string): Promise<void> {
    await this.db.run('VACUUM INTO ?', [target]);
  }

  /** SQLite's `PRAGMA integrity_check`: ['ok'] for a sound file, else its findings. */
  async integrityCheck(): Promise<string[]> {
    const rows = await this.db.all<{ integrity_check: string }>('PRAGMA integrity_check');
    return rows.map((r) => r.integrity_check);
  }

  /** Display name of the project (set at creation). */
  async projectName(): Promise<string> {
    const row = await this.db.get<{ value: string }>(
      "SELECT value FROM project_meta WHERE key = 'name'",
    );
    return row?.value ?? basename(this.path, extname(this.path));
  }
}

/**
 * Why this process cannot write an existing project, or null when it can: the file itself,
 * and its folder (SQLite creates the WAL's `-wal` and `-shm` files beside it).
 */
async function notWritableReason(
  path: string,
  writable: (path: string) => Promise<boolean>,
): Promise<string | null> {
  if (!(await writable(path))) return 'no permission to write the file';
  const folder = dirname(resolve(path));
  if (!(await writable(folder))) {
    return `no permission to write its folder "${dirname(path)}", where SQLite keeps the -wal and -shm files`;
  }
  return null;
}

/**
 * Lets SQLite read a file whose header counts more pages than the file has (a truncated
 * copy): with `writable_schema` on it takes the file's size instead of refusing the whole
 * file (SQLite's btree.c, lockBtree). The connection is read-only, so nothing is written.
 */
async function allowTruncated(db: Database): Promise<void> {
  await db.get('PRAGMA writable_schema = ON');
}
