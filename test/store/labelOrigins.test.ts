/**
 * Undo and redo per origin (store/labels.ts, schema v17): a studio tab takes back only the
 * batches it wrote, never another tab's nor a CLI import (origin null); a cell another origin
 * changed after the tab's edit is kept and reported (`skipped`), the rest of the batch undone.
 *
 * The expected cells are read by hand off irisRows (test/store/helpers.ts): species =
 * setosa, versicolor, virginica, setosa, null for rows 1…5.
 */
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CELL_CHUNK } from '../../src/main/store/labelEventRows';
import { ProjectStore } from '../../src/main/store/projectStore';
import { irisLikeDataset, irisRows, makeTempDir, rowSource } from './helpers';

let cleanup: () => Promise<void>;
let path: string;
let store: ProjectStore;
let datasetId: number;

const A = 'tab-a';
const B = 'tab-b';

beforeEach(async () => {
  let dir: string;
  ({ dir, cleanup } = await makeTempDir());
  path = join(dir, 'origins.mtlproj');
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
});
afterEach(async () => {
  await store.close();
  await cleanup();
});

/** The species cell of rows 1…5. */
async function species(): Promise<unknown[]> {
  return (await store.datasets.readColumns(datasetId, ['species'])).values.species;
}

/** Sets one row's species as `origin` (null: no tab, as the CLI writes). */
async function label(rowId: number, value: string, origin: string | null) {
  return store.labels.write(datasetId, [{ rowId, task: 'species', value }], 'user', [], origin);
}

describe('undo and redo per origin', () => {
  it('A, B, A, A, A: A undoes its last; B then undoes its own, not A’s', async () => {
    await label(1, 'versicolor', A);
    const b = await label(2, 'setosa', B);
    await label(3, 'setosa', A);
    await label(4, 'virginica', A);
    const a5 = await label(5, 'versicolor', A);
    expect(await species()).toEqual(['versicolor', 'setosa', 'setosa', 'virginica', 'versicolor']);

    const undoneA = await store.labels.undo(datasetId, A);
    expect(undoneA).toMatchObject({ reverts: a5.batch, skipped: [] });
    expect(undoneA!.changes.map((c) => c.rowId)).toEqual([5]);
    // B's undo takes back row 2 (its only edit), not A's row 4.
    const undoneB = await store.labels.undo(datasetId, B);
    expect(undoneB).toMatchObject({ reverts: b.batch, skipped: [] });
    expect(undoneB!.changes).toEqual([
      { rowId: 2, task: 'species', column: 'species', oldValue: 'setosa', newValue: 'versicolor' },
    ]);
    expect(await species()).toEqual(['versicolor', 'versicolor', 'setosa', 'virginica', null]);
    // Each origin's stacks are its own (A: 3 edits left, 1 undone; B: 0 and 1); no tab: none.
    expect(await store.labels.stackDepth(datasetId, A)).toEqual({ undo: 3, redo: 1 });
    expect(await store.labels.stackDepth(datasetId, B)).toEqual({ undo: 0, redo: 1 });
    expect(await store.labels.stackDepth(datasetId)).toEqual({ undo: 0, redo: 0 });
    expect(await store.labels.undo(datasetId, B)).toBeNull();
    expect(await store.labels.undo(datasetId)).toBeNull();

    // B's redo puts back its own row 2; A's edit afterwards does not clear B's redo stack.
    await label(1, 'virginica', A);
    expect(await store.labels.stackDepth(datasetId, A)).toEqual({ undo: 4, redo: 0 });
    expect(await store.labels.stackDepth(datasetId, B)).toEqual({ undo: 0, redo: 1 });
    expect((await store.labels.redo(datasetId, B))!.changes.map((c) => c.rowId)).toEqual([2]);
    expect(await species()).toEqual(['virginica', 'setosa', 'setosa', 'virginica', null]);

    // The stacks survive a restart: replayed from the events, per origin.
    await store.close();
    store = await ProjectStore.open(path);
    expect(await store.labels.stackDepth(datasetId, A)).toEqual({ undo: 4, redo: 0 });
    expect(await store.labels.stackDepth(datasetId, B)).toEqual({ undo: 1, redo: 0 });
  });

  it('a CLI import (no origin) is never undone by a tab; the tab undoes its own edit only', async () => {
    const imported = await store.labels.write(
      datasetId,
      [
        { rowId: 1, task: 'species', value: 'virginica' },
        { rowId: 2, task: 'species', value: 'virginica' },
      ],
      'import',
    );
    expect(await store.labels.undo(datasetId, A)).toBeNull();
    expect(await species()).toEqual(['virginica', 'virginica', 'virginica', 'setosa', null]);
    await label(5, 'setosa', A);
    expect((await store.labels.undo(datasetId, A))!.changes.map((c) => c.rowId)).toEqual([5]);
    expect(await store.labels.undo(datasetId, A)).toBeNull();
    expect(await species()).toEqual(['virginica', 'virginica', 'virginica', 'setosa', null]);
    // What asks with no origin (store callers, as the CLI writes) still undoes it.
    expect(await store.labels.undo(datasetId)).toMatchObject({ reverts: imported.batch });
    expect(await species()).toEqual(['setosa', 'versicolor', 'virginica', 'setosa', null]);
  });

  it('a cell another origin changed after the edit keeps its later label and is named', async () => {
    // A sets rows 1 and 2 in one batch; B then changes row 2.
    const a = await store.labels.write(
      datasetId,
      [
        { rowId: 1, task: 'species', value: 'virginica' },
        { rowId: 2, task: 'species', value: 'virginica' },
      ],
      'user',
      [],
      A,
    );
    await label(2, 'setosa', B);
    const undone = await store.labels.undo(datasetId, A);
    expect(undone).toMatchObject({ reverts: a.batch });
    expect(undone!.changes.map((c) => [c.rowId, c.newValue])).toEqual([[1, 'setosa']]);
    expect(undone!.skipped).toEqual([{ rowId: 2, task: 'species', column: 'species' }]);
    // Row 1 back to setosa (by hand: irisRows); row 2 keeps B's setosa, not A's old versicolor.
    expect(await species()).toEqual(['setosa', 'setosa', 'virginica', 'setosa', null]);
    // The batch left A's undo stack all the same.
    expect(await store.labels.stackDepth(datasetId, A)).toEqual({ undo: 0, redo: 1 });
    // Its redo re-applies row 1 and again keeps B's row 2.
    const redone = await store.labels.redo(datasetId, A);
    expect(redone!.changes.map((c) => [c.rowId, c.newValue])).toEqual([[1, 'virginica']]);
    expect(redone!.skipped.map((c) => c.rowId)).toEqual([2]);
    expect(await species()).toEqual(['virginica', 'setosa', 'virginica', 'setosa', null]);
  });

  it('a batch whose every cell another origin changed since still leaves the stack', async () => {
    await label(3, 'setosa', A);
    await label(3, 'versicolor', null);
    const undone = await store.labels.undo(datasetId, A);
    expect(undone!.changes).toEqual([]);
    expect(undone!.skipped.map((c) => c.rowId)).toEqual([3]);
    expect(await species()).toEqual(['setosa', 'versicolor', 'versicolor', 'setosa', null]);
    expect(await store.labels.stackDepth(datasetId, A)).toEqual({ undo: 0, redo: 1 });
    // A's own later edit of a cell is no conflict: undone in order, newest first.
    await label(4, 'virginica', A);
    await label(4, 'versicolor', A);
    expect((await store.labels.undo(datasetId, A))!.skipped).toEqual([]);
    expect((await store.labels.undo(datasetId, A))!.skipped).toEqual([]);
    expect((await species())[3]).toBe('setosa');
  });

  it('A sets a cell, B changes it again: A’s undo keeps B’s label; B’s undo gives back A’s', async () => {
    // Row 2 holds versicolor (irisRows). A: versicolor → virginica; B: virginica → setosa.
    await label(2, 'virginica', A);
    await label(2, 'setosa', B);
    const undoneA = await store.labels.undo(datasetId, A);
    expect(undoneA!.changes).toEqual([]);
    expect(undoneA!.skipped).toEqual([{ rowId: 2, task: 'species', column: 'species' }]);
    expect((await species())[1]).toBe('setosa');
    // A's edit still stands under B's: B's undo restores what the cell held before B's edit.
    const undoneB = await store.labels.undo(datasetId, B);
    expect(undoneB!.changes).toEqual([
      { rowId: 2, task: 'species', column: 'species', oldValue: 'setosa', newValue: 'virginica' },
    ]);
    expect((await species())[1]).toBe('virginica');
    // A's redo finds B's undo after its own last event on the cell: kept again.
    expect((await store.labels.redo(datasetId, A))!.skipped.map((c) => c.rowId)).toEqual([2]);
    expect((await species())[1]).toBe('virginica');
  });
});

describe('undo of a batch larger than one conflict query', () => {
  it('checks every chunk of row ids: the cells others changed are kept, the rest undone', async () => {
    // 2 chunks and 7 rows more, every species setosa: the expected cells are known by hand.
    const n = 2 * CELL_CHUNK + 7;
    const big = (
      await store.datasets.create(
        irisLikeDataset('big.csv'),
        rowSource(Array.from({ length: n }, () => [5.0, 0, 'setosa', null])),
      )
    ).id;
    await store.tasks.create({
      datasetId: big,
      name: 'species',
      targetColumn: 'species',
      classes: ['setosa', 'versicolor', 'virginica'],
      kind: 'multiclass',
      weight: null,
    });
    const set = (rowIds: number[], value: string, origin: string | null) =>
      store.labels.write(
        big,
        rowIds.map((rowId) => ({ rowId, task: 'species', value })),
        'user',
        [],
        origin,
      );
    const all = Array.from({ length: n }, (_, i) => i + 1);
    const a = await set(all, 'virginica', A);
    // Others change cells at both ends of each chunk (rows 1–500, 501–1000, 1001–1007)…
    const others = [1, CELL_CHUNK, CELL_CHUNK + 1, 2 * CELL_CHUNK, n];
    await set(others, 'versicolor', B);
    await set([750], 'versicolor', null); // …and the CLI one in the middle.
    // Row 600: B changed it, then A again in a later batch: A touched it last, no conflict.
    await set([600], 'versicolor', B);
    await set([600], 'setosa', A);
    expect((await store.labels.undo(big, A))!.changes.map((c) => c.rowId)).toEqual([600]);

    const undone = await store.labels.undo(big, A);
    expect(undone).toMatchObject({ reverts: a.batch });
    const kept = [...others, 750].sort((x, y) => x - y);
    expect(undone!.skipped.map((c) => c.rowId).sort((x, y) => x - y)).toEqual(kept);
    expect(undone!.changes).toHaveLength(n - kept.length);
    const cells = (await store.datasets.readColumns(big, ['species'])).values.species;
    all.forEach((row) =>
      expect([row, cells[row - 1]]).toEqual([row, kept.includes(row) ? 'versicolor' : 'setosa']),
    );
  });
});
