import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Database } from '../../src/main/store/database';
import {
  LATEST_SCHEMA_VERSION,
  MIGRATIONS,
  backupPath,
  migrateDatabase,
  readSchemaVersion,
  type Migration,
} from '../../src/main/store/migrations';
import { ProjectStore } from '../../src/main/store/projectStore';
import { MtlError } from '../../src/shared/errors';
import { makeTempDir, rawDb } from './helpers';

let dir: string;
let cleanup: () => Promise<void>;

beforeEach(async () => {
  ({ dir, cleanup } = await makeTempDir());
});
afterEach(async () => {
  await cleanup();
});

/** Open a raw connection the way the store does (FKs on, WAL). */
async function rawOpen(path: string): Promise<Database> {
  const db = await Database.open(path, { create: true });
  await db.exec('PRAGMA foreign_keys = ON');
  await db.get('PRAGMA journal_mode = WAL');
  return db;
}

/** Schema objects of a file, for comparing a migrated file with a fresh one. */
async function schemaOf(db: Database): Promise<{ type: string; name: string; sql: string }[]> {
  return db.all(
    "SELECT type, name, sql FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name",
  );
}

const PROBS = new Float32Array([0.1, 0.9, 0.7, 0.3]);
const WEIGHTS = new Float32Array([1.5, -2.25, Math.PI]);

/** Rows a v1 file would hold: a dataset with its rows table, a task, a split. */
async function seedV1(db: Database): Promise<void> {
  await db.exec(`
    INSERT INTO project_meta (key, value) VALUES ('name', 'Old project');
    INSERT INTO datasets (id, name, source_name, encoding, delimiter, row_count, imported_at)
      VALUES (1, 'Old data', 'old.csv', 'utf-8', ';', 3, '2024-01-01T00:00:00.000Z');
    INSERT INTO columns (dataset_id, position, source_index, name, type, role, profile) VALUES
      (1, 0, 0, 'x', 'numeric', 'input', '{"missing":0,"distinct":3,"numeric":null,"topCategories":null}'),
      (1, 1, 1, 'y', 'categorical', 'target', '{"missing":0,"distinct":2,"numeric":null,"topCategories":null}');
    CREATE TABLE rows_1 (row_id INTEGER PRIMARY KEY, c0 REAL, c1 TEXT);
    INSERT INTO rows_1 VALUES (1, 1.5, 'a'), (2, NULL, 'b'), (3, -2, 'a');
    INSERT INTO tasks (id, dataset_id, name, target_column, classes, kind, weight)
      VALUES (1, 1, 'y task', 'y', '["a","b"]', 'binary', NULL);
    INSERT INTO splits (id, dataset_id, seed, frac_train, frac_validation, frac_test, stratified_on,
      n_train, n_validation, n_test, created_at)
      VALUES (1, 1, 7, 0.34, 0.33, 0.33, NULL, 1, 1, 1, '2024-01-01T00:00:01.000Z');
    INSERT INTO split_rows (split_id, row_id, split) VALUES (1, 1, 'train'), (1, 2, 'validation'), (1, 3, 'test');
  `);
}

/** Rows a v2 file would add: a completed run with epochs, results, predictions and a model. */
async function seedV2(db: Database): Promise<void> {
  await db.exec(`
    INSERT INTO runs (id, dataset_id, split_id, tasks, config, status, backend, created_at,
      started_at, finished_at, error, best_epoch)
      VALUES (1, 1, 1, '["y task"]', '{"arch":"hard-sharing","epochs":3}', 'completed', 'cpu',
        '2024-01-02T00:00:00.000Z', '2024-01-02T00:00:01.000Z', '2024-01-02T00:00:02.000Z', NULL, 2);
    INSERT INTO run_epochs (run_id, epoch, record) VALUES (1, 1, '{"epoch":1,"trainLoss":0.5}');
    INSERT INTO run_results (run_id, task, metrics) VALUES (1, 'y task', '{"n":1,"accuracy":1}');
    INSERT INTO run_prediction_sets (run_id, task, num_classes) VALUES (1, 'y task', 2);
  `);
  const probs = Buffer.from(PROBS.buffer);
  await db.run(
    `INSERT INTO run_predictions (run_id, task, row_id, probs) VALUES
       (1, 'y task', 2, ?), (1, 'y task', 3, ?)`,
    [probs.subarray(0, 8), probs.subarray(8, 16)],
  );
  await db.run(
    `INSERT INTO models (run_id, topology, preprocessing, weight_specs, weights, created_at)
     VALUES (1, '{"layers":2}', '{"mean":[1]}', '[{"name":"w","shape":[3]}]', ?, '2024-01-02T00:00:02.000Z')`,
    [Buffer.from(WEIGHTS.buffer)],
  );
}

/** Rows a v3 file would add: a label edit. */
async function seedV3(db: Database): Promise<void> {
  await db.exec(`
    INSERT INTO label_events (dataset_id, row_id, column_name, old_value, new_value, at)
      VALUES (1, 2, 'y', 'b', 'a', '2024-01-03T00:00:00.000Z');
  `);
}

/** Rows a v4 file would add: the process that trained the run, and a run left 'running'. */
async function seedV4(db: Database): Promise<void> {
  await db.exec("UPDATE runs SET owner_pid = 4242, owner_host = 'elsewhere' WHERE id = 1");
  // Run 2: owned by a process on another machine (it may still train there).
  await db.exec(`
    INSERT INTO runs (id, dataset_id, split_id, tasks, config, status, created_at, started_at,
      owner_pid, owner_host)
      VALUES (2, 1, 1, '["y task"]', '{"arch":"mmoe","epochs":9}', 'running',
        '2024-01-04T00:00:00.000Z', '2024-01-04T00:00:01.000Z', ${2 ** 30}, 'gone-host');
  `);
}

/**
 * Rows a v5 file would add: the label version of the run's task; and the label edit of
 * seedV3 in a batch of its own, as the v5 app writes every edit.
 */
async function seedV5(db: Database): Promise<void> {
  await db.exec('UPDATE label_events SET batch = id');
  await db.exec(`
    INSERT INTO run_label_versions (run_id, task, classes, labelled, hash, last_event)
      VALUES (1, 'y task', '["a","b"]', 2, 'feed', 1);
  `);
}

/**
 * Rows a v6 file would add: a 2-fold scheme whose fold 1 is split 1, a cross-validated
 * evaluation trained by run 1, and an Auto search of run 1 (children of runs).
 */
async function seedV6(db: Database): Promise<void> {
  await db.exec(`
    INSERT INTO cv_schemes (id, dataset_id, k, repeats, seed, validation_fraction, stratified_on,
      created_at)
      VALUES (1, 1, 2, 1, 42, 0.15, '["y"]', '2024-01-06T00:00:00.000Z');
    INSERT INTO cv_folds (scheme_id, repeat, fold, split_id) VALUES (1, 0, 0, 1);
    INSERT INTO cv_evaluations (id, scheme_id, tasks, method, status, created_at)
      VALUES (1, 1, '["y task"]', '{"kind":"fixed","config":{}}', 'running',
        '2024-01-06T00:00:01.000Z');
    INSERT INTO cv_evaluation_runs (evaluation_id, repeat, fold, run_id) VALUES (1, 0, 0, 1);
    INSERT INTO auto_searches (run_id, search, created_at)
      VALUES (1, '{"trials":[]}', '2024-01-06T00:00:02.000Z');
  `);
}

/** Rows a v7 file would add: an image asset in v3's shape (bytes and thumbnail inline). */
async function seedV7(db: Database): Promise<void> {
  await db.run(
    `INSERT INTO assets (id, dataset_id, row_id, column_name, mime, data, width, height,
       thumbnail, thumbnail_mime)
     VALUES (7, 1, 2, 'y', 'image/png', ?, 3, 2, ?, 'image/webp')`,
    [ORIGINAL, THUMBNAIL],
  );
}

const ORIGINAL = Buffer.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);
const THUMBNAIL = Buffer.from([0x52, 0x49, 0x46, 0x46, 9]);

/**
 * Rows a v8 file would add: run 3 failed, run 4 was cancelled and run 5 interrupted, with
 * their messages (v9 gives them an error code).
 */
async function seedV8(db: Database): Promise<void> {
  await db.exec(`
    INSERT INTO runs (id, dataset_id, split_id, tasks, config, status, created_at, error)
      VALUES (3, 1, 1, '["y task"]', '{"arch":"mmoe"}', 'failed', '2024-01-07T00:00:01.000Z',
        'SQLITE_FULL: database or disk is full'),
      (4, 1, 1, '["y task"]', '{"arch":"mmoe"}', 'cancelled', '2024-01-07T00:00:02.000Z',
        'Training was cancelled.'),
      (5, 1, 1, '["y task"]', '{"arch":"mmoe"}', 'interrupted', '2024-01-07T00:00:03.000Z',
        'Interrupted: the studio server stopped.');
  `);
}

/**
 * Rows a v9 file would add: run 6 failed with an error code (DISK_FULL); v10 adds the
 * checkpoints table, so no run has a checkpoint yet.
 */
async function seedV9(db: Database): Promise<void> {
  await db.exec(`
    INSERT INTO runs (id, dataset_id, split_id, tasks, config, status, created_at, error,
        error_code)
      VALUES (6, 1, 1, '["y task"]', '{"arch":"mmoe"}', 'failed', '2024-01-08T00:00:01.000Z',
        'The disk is full.', 'DISK_FULL');
  `);
}

/**
 * Rows a v10 file would add: cross-validation 2, cancelled (v11 rebuilds cv_evaluations to
 * accept 'interrupted'; its rows and their fold runs must survive).
 */
async function seedV10(db: Database): Promise<void> {
  await db.exec(`
    INSERT INTO cv_evaluations (id, scheme_id, tasks, method, status, created_at, finished_at,
        error)
      VALUES (2, 1, '["y task"]', '{"kind":"fixed","config":{}}', 'cancelled',
        '2024-01-09T00:00:01.000Z', '2024-01-09T00:00:02.000Z', 'Training was cancelled.');
  `);
}

/**
 * Rows a v11 file would add: cross-validation 3, running with no fold run linked (as an
 * app before v11 left one whose first fold was in flight); v12 gives it no owner.
 */
async function seedV11(db: Database): Promise<void> {
  await db.exec(`
    INSERT INTO cv_evaluations (id, scheme_id, tasks, method, status, created_at)
      VALUES (3, 1, '["y task"]', '{"kind":"fixed","config":{}}', 'running',
        '2024-01-10T00:00:01.000Z');
  `);
}

/**
 * Rows a v12 file would add: cross-validation 3 gets an owner on another host (v13 adds
 * `task_affinities`; these rows must survive it, and cross-validation 3 stays running).
 */
async function seedV12(db: Database): Promise<void> {
  await db.exec(`UPDATE cv_evaluations SET owner_pid = ${2 ** 30}, owner_host = 'gone-host'
    WHERE id = 3`);
}

/**
 * Rows a v13 file would add: run 7, cancelled with a checkpoint after epoch 2, stored before
 * runs kept their checkpoint policy (v14): it resumes with the default.
 */
async function seedV13(db: Database): Promise<void> {
  await db.exec(`
    INSERT INTO runs (id, dataset_id, split_id, tasks, config, status, created_at, error,
        error_code)
      VALUES (7, 1, 1, '["y task"]', '{"arch":"mmoe"}', 'cancelled', '2024-01-11T00:00:01.000Z',
        'Training was cancelled.', 'TRAINING_CANCELLED');
    INSERT INTO run_checkpoints (run_id, epoch, data, created_at)
      VALUES (7, 2, x'0707', '2024-01-11T00:00:02.000Z');
  `);
}

/**
 * Rows a v14 file would add: class "c" typed new while labelling row 3 (a → c), as the v14 app
 * wrote it: the class appended to the task on its own, then the label as batch 2. No
 * record ties the class to the batch (v15 adds one), so undoing it leaves the class.
 */
async function seedV14(db: Database): Promise<void> {
  await db.exec(`
    UPDATE tasks SET classes = '["a","b","c"]', kind = 'multiclass' WHERE id = 1;
    UPDATE rows_1 SET c1 = 'c' WHERE row_id = 3;
    INSERT INTO label_events (dataset_id, row_id, column_name, old_value, new_value, at, task,
        source, action, batch, reverts)
      VALUES (1, 3, 'y', 'a', 'c', '2024-01-12T00:00:00.000Z', 'y task', 'user', 'edit', 2, NULL);
  `);
}

/**
 * Rows a v15 file would add: run 8, a fold run that did not complete, deleted softly when its
 * cross-validation was continued; opening the file purges it. It was the newest run, so
 * before v16 the next run took its id 8 (v16: 9).
 */
async function seedV15(db: Database): Promise<void> {
  await db.exec(`
    INSERT INTO runs (id, dataset_id, split_id, tasks, config, status, created_at, deleted_at)
      VALUES (8, 1, 1, '["y task"]', '{"arch":"mmoe"}', 'cancelled', '2024-01-13T00:00:01.000Z',
        '2024-01-13T00:00:02.000Z');
  `);
}

/**
 * Rows a v16 file would add: none of a new kind (v17 adds a column, `label_events.origin`, to
 * rows every earlier seed already wrote: the label batches of seedV3 and seedV14).
 */
async function seedV16(): Promise<void> {}

/** Rows a v17 file would add: none of a new kind (v18 adds tables of its own, empty before it). */
async function seedV17(): Promise<void> {}

const SEEDS: ((db: Database) => Promise<void>)[] = [
  seedV1,
  seedV2,
  seedV3,
  seedV4,
  seedV5,
  seedV6,
  seedV7,
  seedV8,
  seedV9,
  seedV10,
  seedV11,
  seedV12,
  seedV13,
  seedV14,
  seedV15,
  seedV16,
  seedV17,
];

/**
 * Build a file at version `k` holding the representative rows of versions 1…k, each
 * version's rows written while the file is at that version (as that app wrote them).
 */
async function buildFileAtVersion(path: string, k: number): Promise<void> {
  const db = await rawOpen(path);
  for (let v = 1; v <= k; v++) {
    await migrateDatabase(db, MIGRATIONS.slice(0, v));
    await SEEDS[v - 1](db);
  }
  expect(await readSchemaVersion(db)).toBe(k);
  await db.close();
}

describe('migrations', () => {
  it('has at least three versions, numbered 1…n', () => {
    expect(LATEST_SCHEMA_VERSION).toBeGreaterThanOrEqual(3);
    expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_m, i) => i + 1));
    expect(SEEDS.length).toBe(LATEST_SCHEMA_VERSION - 1);
  });

  it('creates a new file at the latest version without a backup', async () => {
    const path = join(dir, 'new.mtlproj');
    const store = await ProjectStore.open(path, { create: true });
    expect(await store.schemaVersion()).toBe(LATEST_SCHEMA_VERSION);
    expect(store.migration).toBeNull();
    await store.close();
    expect(existsSync(backupPath(path, 0))).toBe(false);
  });

  for (let k = 1; k < LATEST_SCHEMA_VERSION; k++) {
    it(`upgrades a v${k} file to the latest version, keeps its data and writes .bak-v${k}`, async () => {
      const path = join(dir, `v${k}.mtlproj`);
      await buildFileAtVersion(path, k);

      const store = await ProjectStore.open(path);
      try {
        expect(await store.schemaVersion()).toBe(LATEST_SCHEMA_VERSION);
        // What the CLI and the Projects view tell the user: the upgrade and its backup.
        expect(store.migration).toEqual({
          fromVersion: k,
          toVersion: LATEST_SCHEMA_VERSION,
          backup: backupPath(path, k),
        });
        expect(await store.projectName()).toBe('Old project');
        const dataset = await store.datasets.get(1);
        expect(dataset).toMatchObject({ name: 'Old data', sourceName: 'old.csv', rowCount: 3 });
        expect(dataset.columns.map((c) => [c.name, c.type, c.role])).toEqual([
          ['x', 'numeric', 'input'],
          ['y', 'categorical', 'target'],
        ]);
        // seedV14 labelled row 3 with the class "c" it typed new.
        expect(await store.datasets.readColumns(1, ['x', 'y'])).toEqual({
          rowIds: [1, 2, 3],
          values: { x: [1.5, null, -2], y: ['a', 'b', k >= 14 ? 'c' : 'a'] },
        });
        expect((await store.tasks.list(1)).map((t) => [t.name, t.classes])).toEqual([
          ['y task', k >= 14 ? ['a', 'b', 'c'] : ['a', 'b']],
        ]);
        expect(await store.splits.assignment(1)).toEqual({
          rowIds: [1, 2, 3],
          assignment: ['train', 'validation', 'test'],
        });
        if (k >= 2) {
          const run = await store.training.getRun(1);
          expect(run).toMatchObject({ status: 'completed', backend: 'cpu', bestEpoch: 2 });
          expect(run.results).toEqual({ 'y task': { n: 1, accuracy: 1 } });
          expect(await store.training.listEpochs(1)).toEqual([{ epoch: 1, trainLoss: 0.5 }]);
          const predictions = await store.evaluation.getPredictions(1, 'y task');
          expect(predictions.rowIds).toEqual([2, 3]);
          expect(Array.from(predictions.probs)).toEqual(Array.from(PROBS));
          const model = await store.training.getModel(1);
          expect(Array.from(new Float32Array(model.weights.buffer))).toEqual(Array.from(WEIGHTS));
          // v7 rebuilt the runs table: its children (epochs, results, predictions, model,
          // checked above) survived, and the new fields have their neutral values.
          expect(run).toMatchObject({ name: null, notes: '', restartOf: null });
          await store.training.annotateRun(1, { name: 'first', notes: 'kept' });
          expect(await store.training.getRun(1)).toMatchObject({ name: 'first', notes: 'kept' });
        }
        if (k >= 4) {
          // Owned by another host: left as it is (that machine may still train it).
          expect((await store.training.getRun(2)).status).toBe('running');
        }
        // The status 'interrupted' is accepted after the upgrade.
        if (k >= 2) {
          await store.training.updateRun(1, { status: 'interrupted' });
          expect((await store.training.getRun(1)).status).toBe('interrupted');
        }
        if (k >= 2) expect((await store.training.getRun(1)).errorCode).toBeNull();
        if (k >= 8) {
          // v9: a run that failed, was cancelled or interrupted before error codes gets the
          // generic code.
          expect(await store.training.getRun(3)).toMatchObject({
            status: 'failed',
            errorCode: 'TRAINING_FAILED',
            error: 'SQLITE_FULL: database or disk is full',
          });
          expect((await store.training.getRun(4)).errorCode).toBe('TRAINING_CANCELLED');
          expect((await store.training.getRun(5)).errorCode).toBe('TRAINING_INTERRUPTED');
        }
        if (k >= 9) {
          // v10: runs have no checkpoint until one is saved; a saved one is listed with its
          // epoch, replaced by the next, and reopening the run drops the epochs after it.
          expect(await store.training.getRun(6)).toMatchObject({ errorCode: 'DISK_FULL' });
          expect(await store.training.getRun(6)).not.toHaveProperty('checkpointEpoch');
          await store.training.checkpoints.save(6, 2, Uint8Array.from([1, 2]));
          await store.training.checkpoints.save(6, 3, Uint8Array.from([3]));
          expect((await store.training.getRun(6)).checkpointEpoch).toBe(3);
          expect(Array.from((await store.training.checkpoints.latest(6))!.data)).toEqual([3]);
          await store.training.checkpoints.reopenRun(6, 3);
          expect(await store.training.getRun(6)).toMatchObject({ status: 'running', error: null });
        }
        if (k >= 6) {
          // v12: a running cross-validation takes the owner of its newest fold run (run 1,
          // pid 4242 on another host, seedV4), so opening the file here leaves it running.
          expect((await store.evaluation.crossValidation(1)).status).toBe('running');
        }
        if (k >= 11) {
          // v12: one without a fold run has no owner; run 2 is still in flight on its fold
          // (owned by another host), so it too is left running.
          expect((await store.evaluation.crossValidation(3)).status).toBe('running');
        }
        if (k >= 6) {
          // v11: a cross-validation can be interrupted; earlier ones keep their status.
          await store.evaluation.finishCrossValidation(1, 'interrupted', 'The studio stopped.');
          expect((await store.evaluation.crossValidation(1)).status).toBe('interrupted');
          expect((await store.evaluation.crossValidation(1)).runs).toEqual([
            { repeat: 0, fold: 0, runId: 1 },
          ]);
        }
        if (k >= 10)
          expect(await store.evaluation.crossValidation(2)).toMatchObject({
            status: 'cancelled',
            error: 'Training was cancelled.',
          });
        if (k >= 3) {
          // A label edit from before v5 becomes a user edit batch of its own, undoable.
          expect((await store.labels.history(1)).at(-1)).toMatchObject({
            rowId: 2,
            column: 'y',
            task: null,
            source: 'user',
            action: 'edit',
            batch: 1,
          });
          expect(await store.labels.stackDepth(1)).toEqual({ undo: k >= 14 ? 2 : 1, redo: 0 });
          // v17: events from before origins were recorded belong to no tab: a studio tab has
          // nothing to undo, and its undo leaves the old labels as they are.
          expect(
            await rawDb(store).all('SELECT DISTINCT origin FROM label_events WHERE dataset_id = 1'),
          ).toEqual([{ origin: null }]);
          expect(await store.labels.stackDepth(1, 'tab-a')).toEqual({ undo: 0, redo: 0 });
          const cellsBefore = await rawDb(store).all('SELECT * FROM rows_1 ORDER BY row_id');
          expect(await store.labels.undo(1, 'tab-a')).toBeNull();
          expect(await rawDb(store).all('SELECT * FROM rows_1 ORDER BY row_id')).toEqual(
            cellsBefore,
          );
        }
        if (k >= 14) {
          // v15: the batch of seedV14 created "c" before batches recorded their classes:
          // its undo puts row 3 back to "a" and leaves the class, as the v14 app would.
          const undone = await store.labels.undo(1);
          expect(undone).toMatchObject({ reverts: 2, classes: [] });
          expect(undone?.changes).toEqual([
            { rowId: 3, task: 'y task', column: 'y', oldValue: 'c', newValue: 'a' },
          ]);
          expect((await store.tasks.list(1))[0].classes).toEqual(['a', 'b', 'c']);
          await store.labels.redo(1);
        }
        // v15: a batch that creates a class records it; its undo removes the class (no other
        // label holds it) and its redo puts it back, on every upgraded file.
        const before = (await store.tasks.list(1))[0].classes;
        const created = await store.labels.write(
          1,
          [{ rowId: 1, task: 'y task', value: 'new' }],
          'user',
          [{ task: 'y task', className: 'new' }],
        );
        expect(await rawDb(store).all('SELECT * FROM label_batch_classes')).toEqual([
          { batch: created.batch, task_id: 1, class_name: 'new', position: before.length },
        ]);
        expect((await store.labels.undo(1))?.classes).toEqual([
          { task: 'y task', className: 'new', change: 'removed' },
        ]);
        expect((await store.tasks.list(1))[0].classes).toEqual(before);
        expect((await store.labels.redo(1))?.classes).toEqual([
          { task: 'y task', className: 'new', change: 'added' },
        ]);
        expect((await store.tasks.list(1))[0].classes).toEqual([...before, 'new']);
        if (k >= 7) {
          // v8 moved the v3 asset's bytes out of `assets`, keeping id, sizes and thumbnail.
          const asset = await rawDb(store).get(
            `SELECT a.id, a.row_id, a.mime, a.byte_size, a.width, a.height, a.sha256,
                    a.thumbnail, o.data
             FROM assets a JOIN asset_originals o ON o.asset_id = a.id`,
          );
          expect(asset).toEqual({
            id: 7,
            row_id: 2,
            mime: 'image/png',
            byte_size: ORIGINAL.length,
            width: 3,
            height: 2,
            sha256: null,
            thumbnail: THUMBNAIL,
            data: ORIGINAL,
          });
          const original = await store.assets.original(1, 2, 'y');
          expect(Buffer.from(original.data).equals(ORIGINAL)).toBe(true);
        }
        // The new tables of later versions work on the upgraded file.
        const dataset2 = await store.datasets.create(
          {
            name: 'n',
            sourceName: 'n.csv',
            encoding: 'utf-8',
            delimiter: ',',
            columns: [
              {
                index: 0,
                name: 'a',
                type: 'numeric',
                role: 'input',
                profile: dataset.columns[0].profile,
              },
            ],
          },
          (async function* () {
            yield [1];
          })(),
        );
        expect(dataset2.rowCount).toBe(1);
        // v13: no task affinity before the upgrade; one stored after it is read back whole.
        expect(await store.evaluation.storedTaskAffinity(1)).toBeNull();
        // The hand-written input, compared with what is read back (saveTaskAffinity itself
        // returns a read-back, so comparing with it would compare the store with itself).
        const written = {
          datasetId: 1,
          tasks: ['y task', 'x task'],
          taskDefinitions: [
            { name: 'y task', targetColumn: 'y', classes: ['a', 'b'] },
            { name: 'x task', targetColumn: 'x', classes: ['1.5', '-2'] },
          ],
          method: 'lookahead' as const,
          parameters: { splitId: 1, steps: 30, config: {} },
          affinity: [
            [0, -0.25],
            [0.5, 0],
          ],
          groups: [['y task'], ['x task']],
          samples: 10,
          lastLabelEvent: k >= 3 ? 1 : 0,
        };
        const affinity = await store.evaluation.saveTaskAffinity(written);
        const read = await store.evaluation.storedTaskAffinity(1);
        expect(read).toEqual({ ...written, id: affinity.id, computedAt: affinity.computedAt });
        expect(Number.isNaN(Date.parse(read!.computedAt))).toBe(false);
        if (k >= 12)
          expect(
            await rawDb(store).get('SELECT owner_host FROM cv_evaluations WHERE id = 3'),
          ).toEqual({ owner_host: 'gone-host' });
        // v14: a run stored before has no checkpoint policy recorded (NULL columns, no
        // `checkpointPolicy`: resumed with the default); one given on reopening is stored.
        if (k >= 2) {
          expect(
            await rawDb(store).get(
              'SELECT checkpoint_every_epochs, checkpoint_min_seconds FROM runs WHERE id = 1',
            ),
          ).toEqual({ checkpoint_every_epochs: null, checkpoint_min_seconds: null });
          expect(await store.training.getRun(1)).not.toHaveProperty('checkpointPolicy');
        }
        if (k >= 13) {
          const old = await store.training.getRun(7);
          expect(old).toMatchObject({ status: 'cancelled', checkpointEpoch: 2 });
          expect(old).not.toHaveProperty('checkpointPolicy');
          await store.training.checkpoints.reopenRun(7, 2, { everyEpochs: 3, minSeconds: 0.5 });
          expect(await store.training.getRun(7)).toMatchObject({
            status: 'running',
            checkpointPolicy: { everyEpochs: 3, minSeconds: 0.5 },
          });
        }
        // New runs store theirs: a policy, or false (none) as every 0 epochs.
        if (k >= 2) {
          const base = {
            datasetId: 1,
            splitId: 1,
            tasks: ['y task'],
            config: (await store.training.getRun(1)).config,
          };
          const kept = await store.training.createRun({
            ...base,
            checkpointPolicy: { everyEpochs: 2, minSeconds: 0 },
          });
          // v17: no run of an older file is a cross-validation's final model.
          expect(kept).not.toHaveProperty('finalOf');
          // v16: run 8 (seedV15), purged on opening, does not give its id to a new run.
          if (k >= 15) {
            await expect(store.training.getRun(8)).rejects.toThrow('Run 8');
            expect(kept.id).toBe(9);
          }
          const none = await store.training.createRun({ ...base, checkpointPolicy: false });
          expect((await store.training.getRun(kept.id)).checkpointPolicy).toEqual({
            everyEpochs: 2,
            minSeconds: 0,
          });
          expect((await store.training.getRun(none.id)).checkpointPolicy).toBe(false);
          expect(
            await rawDb(store).get(
              'SELECT checkpoint_every_epochs, checkpoint_min_seconds FROM runs WHERE id = ?',
              [none.id],
            ),
          ).toEqual({ checkpoint_every_epochs: 0, checkpoint_min_seconds: null });
          // Every 2 epochs with NULL seconds (never written so; trainingCheckpoints.ts
          // checkpointPolicyOf) reads as 0 s.
          await rawDb(store).run(
            'UPDATE runs SET checkpoint_every_epochs = 2, checkpoint_min_seconds = NULL WHERE id = ?',
            [none.id],
          );
          expect((await store.training.getRun(none.id)).checkpointPolicy).toEqual({
            everyEpochs: 2,
            minSeconds: 0,
          });
          await expect(
            store.training.createRun({
              ...base,
              checkpointPolicy: { everyEpochs: 0, minSeconds: 0 },
            }),
          ).rejects.toThrow(/every epochs to be a whole number ≥ 1 .*got 0/);
        }
      } finally {
        await store.close();
      }

      // The backup is a complete copy of the file before the upgrade.
      const backup = backupPath(path, k);
      expect(existsSync(backup)).toBe(true);
      const old = await Database.open(backup, { create: false });
      try {
        expect(await readSchemaVersion(old)).toBe(k);
        expect(await old.get('SELECT COUNT(*) AS n FROM rows_1')).toEqual({ n: 3 });
      } finally {
        await old.close();
      }

      // Upgraded schema is the same as a freshly created one.
      const fresh = await rawOpen(join(dir, 'fresh.sqlite'));
      const upgraded = await rawOpen(path);
      try {
        await migrateDatabase(fresh);
        if (k >= 3) {
          expect(await upgraded.get('SELECT new_value FROM label_events WHERE row_id = 2')).toEqual(
            { new_value: 'a' },
          );
        }
        if (k >= 5) {
          // v7 rebuilt runs with foreign keys off: its children were not cascaded away.
          expect(await upgraded.get('SELECT run_id, hash FROM run_label_versions')).toEqual({
            run_id: 1,
            hash: 'feed',
          });
        }
        if (k >= 6) {
          expect(
            await upgraded.get('SELECT evaluation_id, run_id FROM cv_evaluation_runs'),
          ).toEqual({ evaluation_id: 1, run_id: 1 });
          expect(await upgraded.get('SELECT run_id FROM auto_searches')).toEqual({ run_id: 1 });
        }
        const freshSchema = await schemaOf(fresh);
        const upgradedSchema = (await schemaOf(upgraded)).filter((o) => !/^rows_/.test(o.name));
        expect(upgradedSchema).toEqual(freshSchema.filter((o) => !/^rows_/.test(o.name)));
      } finally {
        await fresh.close();
        await upgraded.close();
      }
    });
  }

  it('refuses a file whose version is newer than the app knows and leaves it alone', async () => {
    const path = join(dir, 'future.mtlproj');
    await buildFileAtVersion(path, 1);
    const db = await rawOpen(path);
    await db.exec(`PRAGMA user_version = ${LATEST_SCHEMA_VERSION + 5}`);
    await db.close();

    const err = await ProjectStore.open(path).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MtlError);
    expect(err).toMatchObject({ code: 'MIGRATION' });
    expect((err as Error).message).toContain(String(LATEST_SCHEMA_VERSION + 5));
    expect((err as Error).message).toContain(path);

    const check = await rawOpen(path);
    expect(await readSchemaVersion(check)).toBe(LATEST_SCHEMA_VERSION + 5);
    expect(await check.get('SELECT COUNT(*) AS n FROM rows_1')).toEqual({ n: 3 });
    await check.close();
  });

  it('leaves the previous version and all data when a migration fails midway', async () => {
    const path = join(dir, 'fail.mtlproj');
    await buildFileAtVersion(path, 1);
    const failing: Migration = {
      version: 3,
      description: 'broken step',
      async up(tx) {
        await tx.exec('CREATE TABLE half_done (x INTEGER)');
        await tx.run('DELETE FROM rows_1');
        await tx.run("UPDATE datasets SET name = 'clobbered'");
        // Fails on the second statement of the script, after the first has run.
        await tx.exec('ALTER TABLE datasets ADD COLUMN extra TEXT; SELECT * FROM no_such_table');
      },
    };
    const db = await rawOpen(path);
    const err = await migrateDatabase(db, [MIGRATIONS[0], MIGRATIONS[1], failing]).catch(
      (e: unknown) => e,
    );
    expect(err).toMatchObject({ code: 'MIGRATION', details: { failedVersion: 3 } });
    expect((err as Error).message).toMatch(/no such table: no_such_table/);

    // v2 committed, v3 rolled back completely.
    expect(await readSchemaVersion(db)).toBe(2);
    expect(await db.get("SELECT name FROM sqlite_schema WHERE name = 'half_done'")).toBeUndefined();
    expect(await db.get("SELECT name FROM sqlite_schema WHERE name = 'runs'")).toEqual({
      name: 'runs',
    });
    expect(await db.all('SELECT name FROM pragma_table_info(?)', ['datasets'])).not.toContainEqual({
      name: 'extra',
    });
    expect(await db.get('SELECT name FROM datasets WHERE id = 1')).toEqual({ name: 'Old data' });
    expect(await db.get('SELECT COUNT(*) AS n FROM rows_1')).toEqual({ n: 3 });
    expect(existsSync(backupPath(path, 1))).toBe(true);
    await db.close();

    // The real migrations still bring the file up to date afterwards.
    const store = await ProjectStore.open(path);
    expect(await store.schemaVersion()).toBe(LATEST_SCHEMA_VERSION);
    expect((await store.datasets.get(1)).name).toBe('Old data');
    await store.close();
    expect(existsSync(backupPath(path, 2))).toBe(true);
  });

  it('refuses an SQLite file that is not a project', async () => {
    const path = join(dir, 'other.sqlite');
    const db = await rawOpen(path);
    await db.exec("CREATE TABLE customers (name TEXT); INSERT INTO customers VALUES ('x')");
    await db.close();
    await expect(ProjectStore.open(path)).rejects.toMatchObject({ code: 'MIGRATION' });
    const check = await rawOpen(path);
    expect(await readSchemaVersion(check)).toBe(0);
    expect(
      await check.get("SELECT name FROM sqlite_schema WHERE name = 'datasets'"),
    ).toBeUndefined();
    await check.close();
  });

  it('refuses an SQLite file of another application that has a schema version', async () => {
    const path = join(dir, 'foreign.sqlite');
    const db = await rawOpen(path);
    await db.exec('PRAGMA application_id = 1234; PRAGMA user_version = 2; CREATE TABLE t (x)');
    await db.close();
    const err = await ProjectStore.open(path).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'MIGRATION', message: expect.stringMatching(/1234/) });
    expect(existsSync(backupPath(path, 2))).toBe(false);
  });

  it('refuses a file that is not SQLite at all', async () => {
    const path = join(dir, 'notes.mtlproj');
    await writeFile(path, 'this is not a database, just some text that is long enough '.repeat(20));
    await expect(ProjectStore.open(path)).rejects.toMatchObject({
      code: 'STORE',
      message: expect.stringMatching(/not an MTL Studio project/),
    });
  });
});
