/**
 * Schema steps from v15 on (what a step is: store/migrationStep.ts). Append-only, as every
 * step: never edit one that has shipped, add the next.
 */
import type { Migration } from './migrationStep';

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

/** Steps from v15 on, in order. */
export const MIGRATIONS_FROM_V15: readonly Migration[] = [v15];
