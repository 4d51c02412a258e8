/**
 * Versioned schema of a project file. The version lives in `PRAGMA user_version`.
 * Migrations are append-only: never edit one that has shipped, add the next.
 */
import { existsSync } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { MtlError, reasonDetails } from '../../shared/errors';
import type { Database, SqlExecutor } from './database';

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

const v1: Migration = {
  version: 1,
  description: 'project meta, datasets and their columns, tasks, splits',
  async up(tx) {
    await tx.exec(`
      PRAGMA application_id = ${APPLICATION_ID};
      CREATE TABLE project_meta (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
      );
      -- The rows of dataset N live in the table rows_N (row_id INTEGER PRIMARY KEY, c0, c1, …),
      -- created with the dataset and dropped with it.
      CREATE TABLE datasets (
        id          INTEGER PRIMARY KEY,
        name        TEXT NOT NULL,
        source_name TEXT NOT NULL,
        encoding    TEXT NOT NULL,
        delimiter   TEXT NOT NULL,
        row_count   INTEGER NOT NULL DEFAULT 0,
        imported_at TEXT NOT NULL
      );
      -- position: index in the rows table (column c<position>); source_index: in the file.
      CREATE TABLE columns (
        dataset_id   INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
        position     INTEGER NOT NULL,
        source_index INTEGER NOT NULL,
        name         TEXT NOT NULL,
        type         TEXT NOT NULL
                     CHECK (type IN ('numeric', 'categorical', 'boolean', 'text', 'image')),
        role         TEXT NOT NULL CHECK (role IN ('input', 'target', 'ignore')),
        profile      TEXT NOT NULL,
        PRIMARY KEY (dataset_id, position),
        UNIQUE (dataset_id, name)
      );
      CREATE TABLE tasks (
        id            INTEGER PRIMARY KEY,
        dataset_id    INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
        name          TEXT NOT NULL,
        target_column TEXT NOT NULL,
        classes       TEXT NOT NULL,
        kind          TEXT NOT NULL CHECK (kind IN ('binary', 'multiclass')),
        weight        REAL,
        UNIQUE (dataset_id, name),
        FOREIGN KEY (dataset_id, target_column)
          REFERENCES columns(dataset_id, name) ON DELETE CASCADE ON UPDATE CASCADE
      );
      CREATE TABLE splits (
        id            INTEGER PRIMARY KEY,
        dataset_id    INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
        seed          INTEGER NOT NULL,
        frac_train      REAL NOT NULL,
        frac_validation REAL NOT NULL,
        frac_test       REAL NOT NULL,
        stratified_on TEXT,
        n_train       INTEGER NOT NULL,
        n_validation  INTEGER NOT NULL,
        n_test        INTEGER NOT NULL,
        created_at    TEXT NOT NULL
      );
      CREATE INDEX splits_by_dataset ON splits(dataset_id);
      CREATE TABLE split_rows (
        split_id INTEGER NOT NULL REFERENCES splits(id) ON DELETE CASCADE,
        row_id   INTEGER NOT NULL,
        split    TEXT NOT NULL CHECK (split IN ('train', 'validation', 'test')),
        PRIMARY KEY (split_id, row_id)
      ) WITHOUT ROWID;
    `);
  },
};

const v2: Migration = {
  version: 2,
  description: 'training runs, epochs, results, predictions, models',
  async up(tx) {
    await tx.exec(`
      CREATE TABLE runs (
        id          INTEGER PRIMARY KEY,
        dataset_id  INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
        split_id    INTEGER NOT NULL REFERENCES splits(id) ON DELETE CASCADE,
        tasks       TEXT NOT NULL,
        config      TEXT NOT NULL,
        status      TEXT NOT NULL
                    CHECK (status IN ('queued', 'running', 'completed', 'failed', 'cancelled')),
        backend     TEXT,
        created_at  TEXT NOT NULL,
        started_at  TEXT,
        finished_at TEXT,
        error       TEXT,
        best_epoch  INTEGER
      );
      CREATE INDEX runs_by_dataset ON runs(dataset_id);
      CREATE INDEX runs_by_split ON runs(split_id);
      CREATE TABLE run_epochs (
        run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        epoch  INTEGER NOT NULL,
        record TEXT NOT NULL,
        PRIMARY KEY (run_id, epoch)
      ) WITHOUT ROWID;
      CREATE TABLE run_results (
        run_id  INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        task    TEXT NOT NULL,
        metrics TEXT NOT NULL,
        PRIMARY KEY (run_id, task)
      ) WITHOUT ROWID;
      -- One prediction set per task of a run; num_classes survives an empty test split.
      CREATE TABLE run_prediction_sets (
        run_id      INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        task        TEXT NOT NULL,
        num_classes INTEGER NOT NULL,
        PRIMARY KEY (run_id, task)
      ) WITHOUT ROWID;
      -- probs: little-endian float32[num_classes].
      CREATE TABLE run_predictions (
        run_id INTEGER NOT NULL,
        task   TEXT NOT NULL,
        row_id INTEGER NOT NULL,
        probs  BLOB NOT NULL,
        PRIMARY KEY (run_id, task, row_id),
        FOREIGN KEY (run_id, task)
          REFERENCES run_prediction_sets(run_id, task) ON DELETE CASCADE
      ) WITHOUT ROWID;
      CREATE TABLE models (
        run_id        INTEGER PRIMARY KEY REFERENCES runs(id) ON DELETE CASCADE,
        topology      TEXT NOT NULL,
        preprocessing TEXT NOT NULL,
        weight_specs  TEXT NOT NULL,
        weights       BLOB NOT NULL,
        created_at    TEXT NOT NULL
      );
    `);
  },
};

const v3: Migration = {
  version: 3,
  description: 'image assets with thumbnails, label edit events',
  async up(tx) {
    await tx.exec(`
      CREATE TABLE assets (
        id             INTEGER PRIMARY KEY,
        dataset_id     INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
        row_id         INTEGER NOT NULL,
        column_name    TEXT NOT NULL,
        mime           TEXT NOT NULL,
        data           BLOB NOT NULL,
        width          INTEGER,
        height         INTEGER,
        thumbnail      BLOB,
        thumbnail_mime TEXT,
        UNIQUE (dataset_id, row_id, column_name)
      );
      CREATE TABLE label_events (
        id          INTEGER PRIMARY KEY,
        dataset_id  INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
        row_id      INTEGER NOT NULL,
        column_name TEXT NOT NULL,
        old_value,
        new_value,
        at          TEXT NOT NULL
      );
      CREATE INDEX label_events_by_row ON label_events(dataset_id, row_id);
    `);
  },
};

/**
 * v4: which process trains a run, so a run left 'running' by a process that died (killed,
 * crashed, machine off) is recognised and marked failed instead of running forever.
 */
const v4: Migration = {
  version: 4,
  description: 'run owner process',
  async up(db) {
    await db.exec(`
      ALTER TABLE runs ADD COLUMN owner_pid INTEGER;
      ALTER TABLE runs ADD COLUMN owner_host TEXT;
    `);
  },
};

/**
 * v5: labelling. A label edit event names its task, its source (a person, an import, an
 * accepted model suggestion), whether it is an edit or the undo/redo of an earlier batch,
 * and its batch (the edits of one action, undone together). Each run records the label
 * version of each task it trained (classes, labelled rows, hash of the labels), so runs
 * trained on different labels can be told apart.
 */
const v5: Migration = {
  version: 5,
  description: 'label event source, action and batch; label versions of runs',
  async up(tx) {
    await tx.exec(`
      ALTER TABLE label_events ADD COLUMN task TEXT;
      ALTER TABLE label_events ADD COLUMN source TEXT NOT NULL DEFAULT 'user'
        CHECK (source IN ('user', 'import', 'suggestion'));
      ALTER TABLE label_events ADD COLUMN action TEXT NOT NULL DEFAULT 'edit'
        CHECK (action IN ('edit', 'undo', 'redo'));
      -- Events of one action share a batch number (per project, increasing); events
      -- written before v5 each become a batch of their own.
      ALTER TABLE label_events ADD COLUMN batch INTEGER NOT NULL DEFAULT 0;
      -- For action 'undo' / 'redo': the edit batch it reverts or re-applies.
      ALTER TABLE label_events ADD COLUMN reverts INTEGER;
      UPDATE label_events SET batch = id;
      CREATE INDEX label_events_by_batch ON label_events(dataset_id, batch);
      -- hash: SHA-256 (hex) of "row_id<TAB>label<LF>" over the task's labelled rows in
      -- row-id order; last_event: the dataset's newest label event id at training time.
      CREATE TABLE run_label_versions (
        run_id     INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        task       TEXT NOT NULL,
        classes    TEXT NOT NULL,
        labelled   INTEGER NOT NULL,
        hash       TEXT NOT NULL,
        last_event INTEGER NOT NULL,
        PRIMARY KEY (run_id, task)
      ) WITHOUT ROWID;
    `);
  },
};

/**
 * v6: cross-validation and Auto. A fold scheme (`cv_schemes`) holds one stored split per
 * fold and repetition (`cv_folds`); a method evaluated over a scheme (`cv_evaluations`)
 * has one ordinary run per fold (`cv_evaluation_runs`). An Auto run keeps what its search
 * tried and chose (`auto_searches`).
 */
const v6: Migration = {
  version: 6,
  description: 'cross-validation folds and evaluations, Auto searches',
  async up(db) {
    await db.exec(`
      CREATE TABLE cv_schemes (
        id                  INTEGER PRIMARY KEY,
        dataset_id          INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
        k                   INTEGER NOT NULL CHECK (k >= 2),
        repeats             INTEGER NOT NULL CHECK (repeats >= 1),
        seed                INTEGER NOT NULL,
        validation_fraction REAL NOT NULL,
        stratified_on       TEXT NOT NULL,
        created_at          TEXT NOT NULL
      );
      CREATE TABLE cv_folds (
        scheme_id INTEGER NOT NULL REFERENCES cv_schemes(id) ON DELETE CASCADE,
        repeat    INTEGER NOT NULL,
        fold      INTEGER NOT NULL,
        split_id  INTEGER NOT NULL UNIQUE REFERENCES splits(id) ON DELETE CASCADE,
        PRIMARY KEY (scheme_id, repeat, fold)
      );
      CREATE TABLE cv_evaluations (
        id          INTEGER PRIMARY KEY,
        scheme_id   INTEGER NOT NULL REFERENCES cv_schemes(id) ON DELETE CASCADE,
        tasks       TEXT NOT NULL,
        method      TEXT NOT NULL,
        status      TEXT NOT NULL
                    CHECK (status IN ('running', 'completed', 'failed', 'cancelled')),
        created_at  TEXT NOT NULL,
        finished_at TEXT,
        error       TEXT
      );
      CREATE TABLE cv_evaluation_runs (
        evaluation_id INTEGER NOT NULL REFERENCES cv_evaluations(id) ON DELETE CASCADE,
        repeat        INTEGER NOT NULL,
        fold          INTEGER NOT NULL,
        run_id        INTEGER NOT NULL UNIQUE REFERENCES runs(id) ON DELETE CASCADE,
        PRIMARY KEY (evaluation_id, repeat, fold)
      );
      CREATE TABLE auto_searches (
        run_id     INTEGER PRIMARY KEY REFERENCES runs(id) ON DELETE CASCADE,
        search     TEXT NOT NULL,
        created_at TEXT NOT NULL
      );
    `);
  },
};

/**
 * Rebuilds `table` from its own stored `CREATE TABLE` text changed by `edit` (columns
 * added by earlier ALTERs are in that text, so nothing is lost), copying every row and
 * recreating its indexes. Run with foreign keys off (see {@link Migration.rebuildsTables}).
 * @throws Error when `edit` leaves the text unchanged (the schema is not what it expects).
 */
async function rebuildTable(
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

/**
 * v7: the studio's second round. Runs: status 'interrupted' (the process that trained
 * them stopped — a server shutdown, a crash — so they can be restarted, unlike a run the
 * user cancelled), a name and notes, a soft delete (undo), and the run they restart.
 * Datasets: an optional pixel-image declaration (numeric columns that form an image).
 */
const v7: Migration = {
  version: 7,
  description: 'interrupted runs, run names, notes, soft delete and restarts; pixel images',
  rebuildsTables: true,
  async up(tx) {
    await rebuildTable(tx, 'runs', (sql) =>
      sql.replace("'failed', 'cancelled')", "'failed', 'cancelled', 'interrupted')"),
    );
    await tx.exec(`
      ALTER TABLE runs ADD COLUMN name TEXT;
      ALTER TABLE runs ADD COLUMN notes TEXT;
      ALTER TABLE runs ADD COLUMN deleted_at TEXT;
      ALTER TABLE runs ADD COLUMN restart_of INTEGER;
      ALTER TABLE datasets ADD COLUMN pixel_image TEXT;
    `);
  },
};

/**
 * v8: image import. v3's `assets` kept the original bytes and the thumbnail inline, so
 * reading a page of thumbnails or a batch of training pixels walked every original's
 * overflow pages. The originals and the decoded training pixels move to tables of their
 * own (one row per asset); `assets` gains the path relative to the import root, the
 * content hash (SHA-256, duplicates), the file size and the channel count; and
 * `asset_settings` records how an image column's pixels were decoded (size, colour, fit).
 * Assets written by v3 keep their bytes (in asset_originals); their hash stays null.
 */
const v8: Migration = {
  version: 8,
  description: 'image import: originals, training pixels and pixel settings of assets',
  async up(tx) {
    await tx.exec(`
      ALTER TABLE assets RENAME TO assets_v3;
      CREATE TABLE assets (
        id             INTEGER PRIMARY KEY,
        dataset_id     INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
        row_id         INTEGER NOT NULL,
        column_name    TEXT NOT NULL,
        source_path    TEXT,
        mime           TEXT NOT NULL,
        sha256         TEXT,
        byte_size      INTEGER NOT NULL,
        width          INTEGER,
        height         INTEGER,
        channels       INTEGER,
        thumbnail      BLOB,
        thumbnail_mime TEXT,
        UNIQUE (dataset_id, row_id, column_name)
      );
      CREATE INDEX assets_by_hash ON assets(dataset_id, sha256);
      -- The original file's bytes (the project is self-contained).
      CREATE TABLE asset_originals (
        asset_id INTEGER PRIMARY KEY REFERENCES assets(id) ON DELETE CASCADE,
        data     BLOB NOT NULL
      );
      -- uint8 [height, width, channels] (HWC) as in the column's asset_settings.
      CREATE TABLE asset_pixels (
        asset_id INTEGER PRIMARY KEY REFERENCES assets(id) ON DELETE CASCADE,
        pixels   BLOB NOT NULL
      );
      CREATE TABLE asset_settings (
        dataset_id  INTEGER NOT NULL,
        column_name TEXT NOT NULL,
        height      INTEGER NOT NULL CHECK (height > 0),
        width       INTEGER NOT NULL CHECK (width > 0),
        channels    INTEGER NOT NULL CHECK (channels IN (1, 3)),
        colour      TEXT NOT NULL CHECK (colour IN ('rgb', 'grey')),
        fit         TEXT NOT NULL CHECK (fit IN ('cover', 'contain', 'fill')),
        PRIMARY KEY (dataset_id, column_name),
        FOREIGN KEY (dataset_id, column_name)
          REFERENCES columns(dataset_id, name) ON DELETE CASCADE ON UPDATE CASCADE
      ) WITHOUT ROWID;
      INSERT INTO assets (id, dataset_id, row_id, column_name, mime, byte_size, width, height,
                          thumbnail, thumbnail_mime)
        SELECT id, dataset_id, row_id, column_name, mime, length(data), width, height,
               thumbnail, thumbnail_mime
        FROM assets_v3;
      INSERT INTO asset_originals (asset_id, data) SELECT id, data FROM assets_v3;
      DROP TABLE assets_v3;
    `);
  },
};

/**
 * v9: the error code of a failed run (DISK_FULL, PROJECT_BUSY, PROJECT_CORRUPT,
 * TRAINING_FAILED …) next to its message, so the UI names the cause in the user's language.
 */
const v9: Migration = {
  version: 9,
  description: 'run error code',
  async up(tx) {
    await tx.exec(`
      ALTER TABLE runs ADD COLUMN error_code TEXT;
      UPDATE runs SET error_code = 'TRAINING_FAILED' WHERE status = 'failed';
      UPDATE runs SET error_code = 'TRAINING_CANCELLED' WHERE status = 'cancelled';
      UPDATE runs SET error_code = 'TRAINING_INTERRUPTED' WHERE status = 'interrupted';
    `);
  },
};

const v10: Migration = {
  version: 10,
  description: 'training checkpoints',
  async up(tx) {
    // The latest checkpoint of a run (engine/checkpoint.ts bytes), replaced as it trains.
    await tx.exec(`
      CREATE TABLE run_checkpoints (
        run_id INTEGER PRIMARY KEY REFERENCES runs(id) ON DELETE CASCADE,
        epoch INTEGER NOT NULL CHECK (epoch >= 1),
        data BLOB NOT NULL,
        created_at TEXT NOT NULL
      );
    `);
  },
};

/**
 * v11: a cross-validation stopped because the studio went away (a server stop, SIGTERM, a
 * crash) is 'interrupted', as its fold run is, not 'cancelled' as if the user had stopped it.
 */
const v11: Migration = {
  version: 11,
  description: 'interrupted cross-validations',
  rebuildsTables: true,
  async up(tx) {
    await rebuildTable(tx, 'cv_evaluations', (sql) =>
      sql.replace("'failed', 'cancelled')", "'failed', 'cancelled', 'interrupted')"),
    );
  },
};

/**
 * v12: the process that runs a cross-validation (pid and host, as runs have since v4), so
 * one killed between two folds, when no fold run is in flight, is found orphaned on open. A
 * cross-validation still running takes the owner of its newest linked fold run; one with
 * none (files before v11 linked a fold run only once it completed) keeps NULL and is judged
 * by the runs in flight on its scheme's folds (TrainingStore.interruptOrphanedRuns).
 */
const v12: Migration = {
  version: 12,
  description: 'cross-validation owner',
  async up(tx) {
    await tx.exec(`
      ALTER TABLE cv_evaluations ADD COLUMN owner_pid INTEGER;
      ALTER TABLE cv_evaluations ADD COLUMN owner_host TEXT;
      UPDATE cv_evaluations SET
        owner_pid = (SELECT r.owner_pid FROM cv_evaluation_runs l JOIN runs r ON r.id = l.run_id
                     WHERE l.evaluation_id = cv_evaluations.id ORDER BY r.id DESC LIMIT 1),
        owner_host = (SELECT r.owner_host FROM cv_evaluation_runs l JOIN runs r ON r.id = l.run_id
                      WHERE l.evaluation_id = cv_evaluations.id ORDER BY r.id DESC LIMIT 1)
      WHERE status = 'running';
    `);
  },
};

/**
 * v13: stored task affinities (services/taskAffinity.ts), so the Compare view's heat-map and
 * its recommended grouping outlive the process. One row per computed result: the tasks in
 * matrix order, the method ('lookahead': look-ahead gradient steps, Fifty et al. 2021), its
 * parameters (split, steps, config), the matrix and the grouping, and what it was computed
 * from (the tasks' definitions and the dataset's newest label event id), to tell whether
 * labels or tasks changed since.
 */
const v13: Migration = {
  version: 13,
  description: 'stored task affinities',
  async up(tx) {
    await tx.exec(`
      CREATE TABLE task_affinities (
        id               INTEGER PRIMARY KEY,
        dataset_id       INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
        tasks            TEXT NOT NULL,
        task_definitions TEXT NOT NULL,
        method           TEXT NOT NULL,
        parameters       TEXT NOT NULL,
        affinity         TEXT NOT NULL,
        groups           TEXT NOT NULL,
        samples          INTEGER NOT NULL,
        last_label_event INTEGER NOT NULL,
        created_at       TEXT NOT NULL
      );
      CREATE INDEX task_affinities_by_dataset ON task_affinities(dataset_id, id);
    `);
  },
};

/**
 * v14: a run's checkpoint policy (RunInfo.checkpointPolicy), so a resumed or restarted run
 * saves checkpoints as the run was told to (`--checkpoint-every`, `--checkpoint-seconds`), not
 * by the default. `checkpoint_every_epochs` 0 = none (its seconds NULL); both NULL = not
 * recorded (every run of an earlier file), read as the default policy.
 */
const v14: Migration = {
  version: 14,
  description: 'run checkpoint policy',
  async up(tx) {
    await tx.exec(`
      ALTER TABLE runs ADD COLUMN checkpoint_every_epochs INTEGER
        CHECK (checkpoint_every_epochs >= 0);
      ALTER TABLE runs ADD COLUMN checkpoint_min_seconds REAL
        CHECK (checkpoint_min_seconds >= 0);
    `);
  },
};

/** All migrations, in order; the last one's version is the schema this app writes. */
export const MIGRATIONS: readonly Migration[] = [
  v1,
  v2,
  v3,
  v4,
  v5,
  v6,
  v7,
  v8,
  v9,
  v10,
  v11,
  v12,
  v13,
  v14,
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
