/**
 * Schema steps from v15 on (what a step is: store/migrationStep.ts): classes created by label
 * batches (v15); run ids never reused (v16); the origin of label events (v17); final models of cross-validations (v18). Append-only, as every step: never edit one that
 * has shipped, add the next.
 */
import { rebuildTable, type Migration } from './migrationStep';

/**
 * v15: the classes a label batch created (a class typed new while labelling, or added by a
 * `labels import --add-classes`), so undoing that batch removes the class again when no
 * label uses it, and redoing it puts the class back at its place (store/labelClasses.ts).
 * `position`: the class's 0-based place in the task's classes when it was created. Batches
 * written before v15 have no row: their undo leaves their classes as they are.
 */
const v15: Migration = {
  version: 15,
  description: 'classes created by label batches',
  async up(tx) {
    await tx.exec(`
      CREATE TABLE label_batch_classes (
        batch      INTEGER NOT NULL,
        task_id    INTEGER NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
        class_name TEXT NOT NULL,
        position   INTEGER NOT NULL CHECK (position >= 0),
        PRIMARY KEY (batch, task_id, class_name)
      ) WITHOUT ROWID;
      CREATE INDEX label_batch_classes_by_task ON label_batch_classes(task_id);
    `);
  },
};

/**
 * v16: a run's id is never given to another run. `runs.id` was a plain INTEGER PRIMARY KEY,
 * for which SQLite takes max(id) + 1: once the newest run was removed for good (deleted,
 * or a stopped fold run of a continued cross-validation, then purged when the project is
 * next opened), the next run got its id, and a report or a studio window still showing the
 * old run named another. AUTOINCREMENT (https://sqlite.org/autoinc.html) keeps the highest
 * id ever used in `sqlite_sequence`; copying the rows sets it to the highest id stored (an
 * id purged before v16 is not recorded anywhere, so a file that lost its newest run then
 * may still give that id once).
 */
const v16: Migration = {
  version: 16,
  description: 'run ids never reused (AUTOINCREMENT)',
  rebuildsTables: true,
  async up(tx) {
    await rebuildTable(tx, 'runs', (sql) =>
      sql.replace(/\bid(\s+)INTEGER PRIMARY KEY,/, 'id$1INTEGER PRIMARY KEY AUTOINCREMENT,'),
    );
  },
};

/**
 * v17: which studio tab wrote a label event (`origin`: the string the tab chose, e.g. a UUID
 * kept in its sessionStorage), so a tab's Undo and Redo take back only its own batches
 * (store/labels.ts). NULL: written by no tab — the CLI, another program, or any event written
 * before v17; those belong to no tab and a tab never undoes them. Added NULL (no rewrite of
 * old rows), in the step's transaction.
 */
const v17: Migration = {
  version: 17,
  description: 'origin (studio tab) of label events',
  async up(tx) {
    await tx.exec('ALTER TABLE label_events ADD COLUMN origin TEXT;');
  },
};

/**
 * v18: the final model of a completed cross-validation, trained on every labelled row
 * (services/finalModel.ts). `cv_final_splits`: the all-training split it trains on, written
 * with the split so that no ordinary run takes it as the dataset's latest split
 * (store/splits.ts latest); `cv_final_runs`: the run, its cross-validation and the epochs it
 * trained (`epochs_per_task`: JSON object task → epochs).
 */
const v18: Migration = {
  version: 18,
  description: 'final models of cross-validations',
  async up(tx) {
    await tx.exec(`
      CREATE TABLE cv_final_splits (
        split_id      INTEGER PRIMARY KEY REFERENCES splits(id) ON DELETE CASCADE,
        evaluation_id INTEGER NOT NULL REFERENCES cv_evaluations(id) ON DELETE CASCADE
      );
      CREATE TABLE cv_final_runs (
        run_id          INTEGER PRIMARY KEY REFERENCES runs(id) ON DELETE CASCADE,
        evaluation_id   INTEGER NOT NULL REFERENCES cv_evaluations(id) ON DELETE CASCADE,
        labelled_rows   INTEGER NOT NULL CHECK (labelled_rows >= 0),
        epochs          INTEGER NOT NULL CHECK (epochs >= 1),
        epochs_per_task TEXT NOT NULL
      );
      CREATE INDEX cv_final_runs_by_evaluation ON cv_final_runs(evaluation_id);
    `);
  },
};

/** Steps from v15 on, in order. */
export const MIGRATIONS_FROM_V15: readonly Migration[] = [v15, v16, v17, v18];
