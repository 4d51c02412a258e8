/**
 * Schema steps v7 to v14 of a project file, as shipped (append-only: never edit one; add
 * the next here, or in a new file for the next range): the interrupted status, run names,
 * notes, soft delete and restarts, and pixel-image declarations (v7); image import tables
 * (v8); a run's error code (v9); checkpoints (v10); interrupted cross-validations (v11) and
 * their owner process (v12); stored task affinities (v13); a run's checkpoint policy (v14).
 * v7 and v11 rebuild a table (migrationStep.ts rebuildTable). Listed in order by
 * store/migrations.ts MIGRATIONS.
 */
import { rebuildTable, type Migration } from './migrationStep';

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

/** Steps v7 to v14, in order. */
export const MIGRATIONS_V7_TO_V14: readonly Migration[] = [v7, v8, v9, v10, v11, v12, v13, v14];
