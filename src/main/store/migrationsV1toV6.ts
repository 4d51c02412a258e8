/**
 * Schema steps v1 to v6 of a project file, as shipped (append-only: never edit one): the
 * project, datasets and their columns, tasks and splits (v1); training runs, their epochs,
 * results, predictions and models (v2); image assets with thumbnails and label edit events
 * (v3); a run's owner process (v4); labelling sources, batches and label versions (v5);
 * cross-validation and Auto's search records (v6). Listed in order by store/migrations.ts
 * MIGRATIONS.
 */
import { APPLICATION_ID, type Migration } from './migrationStep';

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

/** Steps v1 to v6, in order. */
export const MIGRATIONS_V1_TO_V6: readonly Migration[] = [v1, v2, v3, v4, v5, v6];
