/**
 * The label store: each edit updates the task's target cell and appends its event in one
 * transaction; undo and redo are compensating events replayed from the log (so the stack
 * survives a restart); new classes, split extension and run label versions.
 */
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../src/main/store/database';
import { ProjectStore } from '../../src/main/store/projectStore';
import { irisLikeDataset, irisRows, makeTempDir, rowSource } from './helpers';

let dir: string;
let cleanup: () => Promise<void>;
let path: string;
let store: ProjectStore;
let datasetId: number;

beforeEach(async () => {
  ({ dir, cleanup } = await makeTempDir());
  path = join(dir, 'labels.mtlproj');
  store = await ProjectStore.open(path, { create: true });
  datasetId = (await store.datasets.create(irisLikeDataset(), rowSource(irisRows))).id;
  await store.tasks.create({
    datasetId,
    name: 'species',
    targetColumn: 'species',
    classes: ['setosa', 'versicolor', 'virginica'],
    kind: 'multiclass',
    weight: null,
  });
  await store.tasks.create({
    datasetId,
    name: 'big',
    targetColumn: 'is big',
    classes: ['false', 'true'],
    kind: 'binary',
    weight: null,
  });
});
afterEach(async () => {
  await store.close();
  await cleanup();
});

/** The store's own connection, to look at what the public API does not show. */
function rawDb(): Database {
  return (store as unknown as { db: Database }).db;
}

/** The species and is-big cells of every row, in row order. */
async function cells(): Promise<{ species: unknown[]; big: unknown[] }> {
  const read = await store.datasets.readColumns(datasetId, ['species', 'is big']);
  return { species: read.values.species, big: read.values['is big'] };
}

describe('label writes', () => {
  it('updates the target cell and appends one event per changed cell, as one batch', async () => {
    // irisRows: species = setosa, versicolor, virginica, setosa, null; is big = 0, 1, 1, 0, 0.
    const result = await store.labels.write(
      datasetId,
      [
        { rowId: 5, task: 'species', value: 'virginica' },
        { rowId: 1, task: 'big', value: 1 },
        { rowId: 2, task: 'species', value: 'versicolor' }, // unchanged: no event
      ],
      'user',
    );
    expect(result.batch).toBe(1);
    expect(result.changes).toEqual([
      { rowId: 5, task: 'species', column: 'species', oldValue: null, newValue: 'virginica' },
      { rowId: 1, task: 'big', column: 'is big', oldValue: 0, newValue: 1 },
    ]);
    expect(await cells()).toEqual({
      species: ['setosa', 'versicolor', 'virginica', 'setosa', 'virginica'],
      big: [1, 1, 1, 0, 0],
    });
    const history = await store.labels.history(datasetId);
    expect(
      history.map((e) => [e.rowId, e.task, e.oldValue, e.newValue, e.source, e.action]),
    ).toEqual([
      [1, 'big', 0, 1, 'user', 'edit'],
      [5, 'species', null, 'virginica', 'user', 'edit'],
    ]);
    expect(new Set(history.map((e) => e.batch))).toEqual(new Set([1]));
    expect(Date.parse(history[0].at)).toBeGreaterThan(0);
  });

  it('writes nothing when nothing changes', async () => {
    const result = await store.labels.write(
      datasetId,
      [{ rowId: 1, task: 'species', value: 'setosa' }],
      'suggestion',
    );
    expect(result).toMatchObject({ batch: null, changes: [] });
    expect(await store.labels.history(datasetId)).toEqual([]);
    expect(await store.labels.stackDepth(datasetId)).toEqual({ undo: 0, redo: 0 });
  });

  it('rolls the whole batch back when one write fails (unknown row or task)', async () => {
    const before = await cells();
    await expect(
      store.labels.write(
        datasetId,
        [
          { rowId: 1, task: 'species', value: 'virginica' },
          { rowId: 99, task: 'species', value: 'setosa' },
        ],
        'user',
      ),
    ).rejects.toMatchObject({ code: 'NOT_FOUND', message: expect.stringMatching(/Row 99/) });
    await expect(
      store.labels.write(datasetId, [{ rowId: 1, task: 'colour', value: 'red' }], 'user'),
    ).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: expect.stringMatching(/"species", "big"/),
    });
    await expect(
      store.labels.write(
        datasetId,
        [
          { rowId: 1, task: 'species', value: 'virginica' },
          { rowId: 1, task: 'species', value: 'setosa' },
        ],
        'user',
      ),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    expect(await cells()).toEqual(before);
    expect(await store.labels.history(datasetId)).toEqual([]);
  });

  it('counts stored values per task and events after a given one', async () => {
    await store.labels.write(datasetId, [{ rowId: 5, task: 'species', value: 'setosa' }], 'user');
    const counts = await store.labels.valueCounts(datasetId);
    expect(new Map(counts.get('species'))).toEqual(
      new Map([
        ['setosa', 3],
        ['versicolor', 1],
        ['virginica', 1],
      ]),
    );
    expect(new Map(counts.get('big'))).toEqual(
      new Map([
        [0, 3],
        [1, 2],
      ]),
    );
    const first = await store.labels.lastEventId(datasetId);
    await store.labels.write(datasetId, [{ rowId: 1, task: 'big', value: 1 }], 'user');
    expect(await store.labels.eventCount(datasetId, { afterId: first })).toBe(1);
    expect(await store.labels.eventCount(datasetId, { task: 'species', afterId: first })).toBe(0);
    expect(await store.labels.eventCount(datasetId)).toBe(2);
  });
});

describe('undo and redo', () => {
  it('undoes batches newest first through compensating events, and redoes them', async () => {
    await store.labels.write(datasetId, [{ rowId: 5, task: 'species', value: 'setosa' }], 'user');
    await store.labels.write(
      datasetId,
      [
        { rowId: 5, task: 'species', value: 'virginica' },
        { rowId: 4, task: 'big', value: 1 },
      ],
      'suggestion',
    );
    expect(await store.labels.stackDepth(datasetId)).toEqual({ undo: 2, redo: 0 });

    const undone = await store.labels.undo(datasetId);
    expect(undone).toMatchObject({ reverts: 2, source: 'suggestion' });
    // Reverted in reverse order of writing.
    expect(undone!.changes).toEqual([
      { rowId: 4, task: 'big', column: 'is big', oldValue: 1, newValue: 0 },
      { rowId: 5, task: 'species', column: 'species', oldValue: 'virginica', newValue: 'setosa' },
    ]);
    expect((await cells()).species[4]).toBe('setosa');
    expect((await cells()).big[3]).toBe(0);
    expect(await store.labels.stackDepth(datasetId)).toEqual({ undo: 1, redo: 1 });

    const undone2 = await store.labels.undo(datasetId);
    expect(undone2!.reverts).toBe(1);
    expect((await cells()).species[4]).toBeNull();
    expect(await store.labels.undo(datasetId)).toBeNull();

    const redone = await store.labels.redo(datasetId);
    expect(redone).toMatchObject({ reverts: 1 });
    expect((await cells()).species[4]).toBe('setosa');
    expect(await store.labels.stackDepth(datasetId)).toEqual({ undo: 1, redo: 1 });

    // The log keeps everything: 3 edits, 3 undo events, 1 redo event.
    const history = await store.labels.history(datasetId);
    expect(history.map((e) => e.action)).toEqual([
      'redo',
      'undo',
      'undo',
      'undo',
      'edit',
      'edit',
      'edit',
    ]);
    expect(history.filter((e) => e.action !== 'edit').map((e) => e.reverts)).toEqual([1, 1, 2, 2]);
  });

  it('clears the redo stack on a new edit', async () => {
    await store.labels.write(datasetId, [{ rowId: 5, task: 'species', value: 'setosa' }], 'user');
    await store.labels.undo(datasetId);
    expect(await store.labels.stackDepth(datasetId)).toEqual({ undo: 0, redo: 1 });
    await store.labels.write(datasetId, [{ rowId: 1, task: 'big', value: 1 }], 'user');
    expect(await store.labels.stackDepth(datasetId)).toEqual({ undo: 1, redo: 0 });
    expect(await store.labels.redo(datasetId)).toBeNull();
  });

  it('keeps the stack across a restart', async () => {
    await store.labels.write(datasetId, [{ rowId: 5, task: 'species', value: 'setosa' }], 'user');
    await store.labels.write(
      datasetId,
      [{ rowId: 5, task: 'species', value: 'virginica' }],
      'user',
    );
    await store.labels.undo(datasetId);
    await store.close();
    store = await ProjectStore.open(path);
    expect((await cells()).species[4]).toBe('setosa');
    expect(await store.labels.stackDepth(datasetId)).toEqual({ undo: 1, redo: 1 });
    await store.labels.redo(datasetId);
    expect((await cells()).species[4]).toBe('virginica');
    await store.labels.undo(datasetId);
    await store.labels.undo(datasetId);
    expect((await cells()).species[4]).toBeNull();
  });
});

describe('classes created by a label batch', () => {
  /** The species task's classes, as stored. */
  async function speciesClasses(): Promise<string[]> {
    return (await store.tasks.list(datasetId)).find((t) => t.name === 'species')!.classes;
  }

  it('undo removes the class its batch created; redo brings it back at its place', async () => {
    // irisRows: species = setosa, versicolor, virginica, setosa, null (rows 1–5).
    const created = await store.labels.write(
      datasetId,
      [{ rowId: 5, task: 'species', value: 'arctica' }],
      'user',
      [{ task: 'species', className: 'arctica' }],
    );
    expect(created.classes).toEqual([{ task: 'species', className: 'arctica', change: 'added' }]);
    expect(await speciesClasses()).toEqual(['setosa', 'versicolor', 'virginica', 'arctica']);
    expect(await rawDb().all('SELECT * FROM label_batch_classes')).toEqual([
      { batch: created.batch, task_id: 1, class_name: 'arctica', position: 3 },
    ]);

    const undone = await store.labels.undo(datasetId);
    expect(undone?.classes).toEqual([{ task: 'species', className: 'arctica', change: 'removed' }]);
    expect((await cells()).species[4]).toBeNull();
    expect(await speciesClasses()).toEqual(['setosa', 'versicolor', 'virginica']);

    const redone = await store.labels.redo(datasetId);
    expect(redone?.classes).toEqual([{ task: 'species', className: 'arctica', change: 'added' }]);
    expect((await cells()).species[4]).toBe('arctica');
    expect(await speciesClasses()).toEqual(['setosa', 'versicolor', 'virginica', 'arctica']);
    // The record outlives undo and redo: a second undo removes the class again.
    await store.labels.undo(datasetId);
    expect(await speciesClasses()).toEqual(['setosa', 'versicolor', 'virginica']);
  });

  it('removes the class only with the batch that created it, not a later one using it', async () => {
    await store.labels.write(datasetId, [{ rowId: 5, task: 'species', value: 'arctica' }], 'user', [
      { task: 'species', className: 'arctica' },
    ]);
    await store.labels.write(datasetId, [{ rowId: 1, task: 'species', value: 'arctica' }], 'user');
    // Undoing the later batch: row 1 back to setosa; it created no class, so 'arctica' stays.
    expect((await store.labels.undo(datasetId))?.classes).toEqual([]);
    expect((await cells()).species[0]).toBe('setosa');
    expect(await speciesClasses()).toContain('arctica');
    // Undoing the creator: no label holds it any more, so it goes.
    expect((await store.labels.undo(datasetId))?.classes).toEqual([
      { task: 'species', className: 'arctica', change: 'removed' },
    ]);
    expect(await speciesClasses()).toEqual(['setosa', 'versicolor', 'virginica']);
    // Redo both: the class is back before the second batch uses it again.
    await store.labels.redo(datasetId);
    await store.labels.redo(datasetId);
    expect((await cells()).species).toEqual([
      'arctica',
      'versicolor',
      'virginica',
      'setosa',
      'arctica',
    ]);
    expect(await speciesClasses()).toEqual(['setosa', 'versicolor', 'virginica', 'arctica']);
  });

  it('undo of the creating batch keeps the class while a label still holds it', async () => {
    const created = await store.labels.write(
      datasetId,
      [{ rowId: 5, task: 'species', value: 'arctica' }],
      'user',
      [{ task: 'species', className: 'arctica' }],
    );
    // A cell set to the class outside the label log (e.g. a rows-table edit): undoing the
    // creator must not leave that label without its class.
    await rawDb().run("UPDATE rows_1 SET c2 = 'arctica' WHERE row_id = 2");
    const undone = await store.labels.undo(datasetId);
    expect(undone?.reverts).toBe(created.batch);
    expect(undone?.classes).toEqual([]);
    expect(await speciesClasses()).toEqual(['setosa', 'versicolor', 'virginica', 'arctica']);
  });

  it('a class added on its own stays after undoing the label that used it', async () => {
    const species = (await store.tasks.list(datasetId)).find((t) => t.name === 'species')!;
    await store.tasks.appendClass(species.id, 'arctica');
    await store.labels.write(datasetId, [{ rowId: 5, task: 'species', value: 'arctica' }], 'user');
    expect((await store.labels.undo(datasetId))?.classes).toEqual([]);
    expect(await speciesClasses()).toEqual(['setosa', 'versicolor', 'virginica', 'arctica']);
  });

  it('a batch of classes only (no cell changed) is undone and redone in its turn', async () => {
    // irisRows: species = setosa, versicolor, virginica, setosa, null (rows 1–5).
    const first = await store.labels.write(
      datasetId,
      [{ rowId: 5, task: 'species', value: 'versicolor' }],
      'user',
    );
    // Row 1 is already setosa: the batch changes no cell, only creates 'arctica'.
    const classOnly = await store.labels.write(
      datasetId,
      [{ rowId: 1, task: 'species', value: 'setosa' }],
      'user',
      [{ task: 'species', className: 'arctica' }],
    );
    expect(classOnly.changes).toEqual([]);
    expect(classOnly.batch).toBeGreaterThan(first.batch!);
    expect(await rawDb().all('SELECT * FROM label_batch_classes')).toEqual([
      { batch: classOnly.batch, task_id: 1, class_name: 'arctica', position: 3 },
    ]);
    expect(await store.labels.stackDepth(datasetId)).toEqual({ undo: 2, redo: 0 });
    // Its marker changes no label: not in the history, not counted.
    expect((await store.labels.history(datasetId)).map((e) => e.batch)).toEqual([first.batch]);
    expect(await store.labels.eventCount(datasetId)).toBe(1);

    // The newest batch goes first: the class, not the earlier label.
    const undone = await store.labels.undo(datasetId);
    expect(undone?.reverts).toBe(classOnly.batch);
    expect(undone?.classes).toEqual([{ task: 'species', className: 'arctica', change: 'removed' }]);
    expect((await cells()).species[4]).toBe('versicolor');
    expect(await speciesClasses()).toEqual(['setosa', 'versicolor', 'virginica']);
    expect(await store.labels.stackDepth(datasetId)).toEqual({ undo: 1, redo: 1 });
    // Then the label.
    expect((await store.labels.undo(datasetId))?.reverts).toBe(first.batch);
    expect((await cells()).species[4]).toBeNull();
    // Redo in order: the label, then the class; the stacks survive a restart.
    expect((await store.labels.redo(datasetId))?.reverts).toBe(first.batch);
    await store.close();
    store = await ProjectStore.open(path);
    const redone = await store.labels.redo(datasetId);
    expect(redone?.reverts).toBe(classOnly.batch);
    expect(redone?.classes).toEqual([{ task: 'species', className: 'arctica', change: 'added' }]);
    expect(await speciesClasses()).toEqual(['setosa', 'versicolor', 'virginica', 'arctica']);
    expect(await store.labels.stackDepth(datasetId)).toEqual({ undo: 2, redo: 0 });
    expect(await store.labels.redo(datasetId)).toBeNull();
  });

  it('refuses a new class the task has, writing nothing', async () => {
    await expect(
      store.labels.write(datasetId, [{ rowId: 5, task: 'species', value: 'setosa' }], 'user', [
        { task: 'species', className: 'setosa' },
      ]),
    ).rejects.toMatchObject({ code: 'TASK_INVALID' });
    expect((await cells()).species[4]).toBeNull();
    expect(await store.labels.history(datasetId)).toEqual([]);
  });
});

describe('new classes, split extension, label versions', () => {
  it('appends a class to a task; a binary task becomes multiclass', async () => {
    const tasks = await store.tasks.list(datasetId);
    const big = tasks.find((t) => t.name === 'big')!;
    const updated = await store.tasks.appendClass(big.id, ' maybe ');
    expect(updated).toMatchObject({ classes: ['false', 'true', 'maybe'], kind: 'multiclass' });
    expect((await store.tasks.list(datasetId)).find((t) => t.id === big.id)!.classes).toEqual([
      'false',
      'true',
      'maybe',
    ]);
    await expect(store.tasks.appendClass(big.id, 'true')).rejects.toMatchObject({
      code: 'TASK_INVALID',
    });
    await expect(store.tasks.appendClass(big.id, '  ')).rejects.toMatchObject({
      code: 'TASK_INVALID',
    });
    await expect(store.tasks.appendClass(999, 'x')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('adds rows to a split without moving its rows, and refuses a row twice', async () => {
    const split = await store.splits.create({
      datasetId,
      seed: 1,
      fractions: { train: 0.6, validation: 0.2, test: 0.2 },
      stratifiedOn: null,
      rowIds: [1, 2, 3],
      assignment: ['train', 'validation', 'test'],
    });
    const extended = await store.splits.extend(split.id, [4, 5], ['train', 'test']);
    expect(extended.counts).toEqual({ train: 2, validation: 1, test: 2 });
    expect(await store.splits.assignment(split.id)).toEqual({
      rowIds: [1, 2, 3, 4, 5],
      assignment: ['train', 'validation', 'test', 'train', 'test'],
    });
    await expect(store.splits.extend(split.id, [2], ['train'])).rejects.toMatchObject({
      code: 'SPLIT_INVALID',
      message: expect.stringMatching(/Row 2 is already in split/),
    });
    await expect(store.splits.extend(split.id, [77], ['train'])).rejects.toMatchObject({
      code: 'SPLIT_INVALID',
    });
    expect((await store.splits.get(split.id)).counts).toEqual({ train: 2, validation: 1, test: 2 });
  });

  it('extends a split only if it still holds the rows the extension was computed from', async () => {
    const split = await store.splits.create({
      datasetId,
      seed: 1,
      fractions: { train: 0.6, validation: 0.2, test: 0.2 },
      stratifiedOn: null,
      rowIds: [1, 2, 3],
      assignment: ['train', 'validation', 'test'],
    });
    // Computed from 3 rows, the split holds 3: written.
    const first = await store.splits.extendIfUnchanged(split.id, 3, [4], ['train']);
    expect(first?.counts).toEqual({ train: 2, validation: 1, test: 1 });
    // Computed from the same 3 rows by a second caller, but the split now holds 4: stale,
    // nothing written (row 4 is not assigned twice, row 5 is not added).
    expect(await store.splits.extendIfUnchanged(split.id, 3, [4, 5], ['test', 'test'])).toBeNull();
    expect(await store.splits.assignment(split.id)).toEqual({
      rowIds: [1, 2, 3, 4],
      assignment: ['train', 'validation', 'test', 'train'],
    });
    expect((await store.splits.get(split.id)).counts).toEqual({ train: 2, validation: 1, test: 1 });
  });

  it('records the label version of each task of a run', async () => {
    const split = await store.splits.create({
      datasetId,
      seed: 1,
      fractions: { train: 0.6, validation: 0.2, test: 0.2 },
      stratifiedOn: null,
      rowIds: [1, 2, 3],
      assignment: ['train', 'validation', 'test'],
    });
    const run = await store.training.createRun({
      datasetId,
      splitId: split.id,
      tasks: ['species'],
      config: { arch: 'single-task' } as never,
    });
    const version = {
      task: 'species',
      classes: ['setosa', 'versicolor', 'virginica'],
      labelled: 4,
      hash: 'ab'.repeat(32),
      lastEvent: 0,
    };
    await store.labels.recordRunVersions(run.id, [version]);
    expect(await store.labels.runVersions(datasetId)).toEqual(new Map([[run.id, [version]]]));
    await expect(store.labels.recordRunVersions(999, [version])).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });
});
