/**
 * The project store: opening and creating project files, datasets (import, rows, columns,
 * filters), tasks and splits. Runs are in projectStoreRuns.test.ts. Expected values are the
 * rows each test writes, read back.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Database } from '../../src/main/store/database';
import { LATEST_SCHEMA_VERSION } from '../../src/main/store/migrations';
import { ProjectStore } from '../../src/main/store/projectStore';
import type { RowFilter } from '../../src/shared/contract';
import { MtlError } from '../../src/shared/errors';
import { irisLikeDataset, irisRows, makeTempDir, rawDb, rowSource, tableNames } from './helpers';

let dir: string;
let cleanup: () => Promise<void>;
let store: ProjectStore;

async function importIris(s: ProjectStore = store) {
  return s.datasets.create(irisLikeDataset(), rowSource(irisRows));
}

beforeEach(async () => {
  ({ dir, cleanup } = await makeTempDir());
  store = await ProjectStore.open(join(dir, 'p.mtlproj'), { create: true, name: 'Demo' });
});

afterEach(async () => {
  await store.close();
  await cleanup();
});

describe('opening a project', () => {
  it('refuses a missing file without create, naming the path, and creates nothing', async () => {
    const path = join(dir, 'missing.mtlproj');
    const err = await ProjectStore.open(path).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MtlError);
    expect(err).toMatchObject({ code: 'NOT_FOUND' });
    expect((err as Error).message).toContain(path);
    expect(existsSync(path)).toBe(false);
  });

  it('creates, names and reopens a project with its data', async () => {
    expect(store.path).toBe(join(dir, 'p.mtlproj'));
    expect(await store.projectName()).toBe('Demo');
    expect(await store.schemaVersion()).toBe(LATEST_SCHEMA_VERSION);
    await importIris();
    await store.close();

    store = await ProjectStore.open(join(dir, 'p.mtlproj'), { name: 'ignored' });
    expect(await store.projectName()).toBe('Demo');
    expect((await store.datasets.list()).map((d) => d.rowCount)).toEqual([5]);
  });

  it('names a new project after its file by default', async () => {
    const other = await ProjectStore.open(join(dir, 'Churn study.mtlproj'), { create: true });
    expect(await other.projectName()).toBe('Churn study');
    await other.close();
  });

  it('uses WAL mode and enforces foreign keys', async () => {
    const db = rawDb(store);
    expect(await db.get('PRAGMA journal_mode')).toEqual({ journal_mode: 'wal' });
    expect(await db.get('PRAGMA foreign_keys')).toEqual({ foreign_keys: 1 });
    await expect(
      db.run(
        "INSERT INTO columns (dataset_id, position, source_index, name, type, role, profile) VALUES (999, 0, 0, 'x', 'text', 'input', '{}')",
      ),
    ).rejects.toMatchObject({ details: { sqliteCode: 'SQLITE_CONSTRAINT' } });
  });
});

describe('datasets', () => {
  it('imports rows into a typed table and returns the dataset', async () => {
    const info = await store.datasets.create(
      irisLikeDataset('C:\\Users\\me\\data\\iris.csv'),
      rowSource(irisRows),
    );
    expect(info).toMatchObject({
      name: 'Iris',
      sourceName: 'iris.csv',
      encoding: 'utf-8',
      delimiter: ',',
      rowCount: 5,
    });
    expect(new Date(info.importedAt).toISOString()).toBe(info.importedAt);
    expect(info.columns).toEqual(irisLikeDataset().columns);
    expect(await store.datasets.get(info.id)).toEqual(info);
    expect(await store.datasets.list()).toEqual([info]);

    const types = await rawDb(store).all('SELECT name, type FROM pragma_table_info(?)', [
      `rows_${info.id}`,
    ]);
    expect(types).toEqual([
      { name: 'row_id', type: 'INTEGER' },
      { name: 'c0', type: 'REAL' },
      { name: 'c1', type: 'INTEGER' },
      { name: 'c2', type: 'TEXT' },
      { name: 'c3', type: 'TEXT' },
    ]);
  });

  it('keeps hostile column names out of SQL', async () => {
    const dataset = irisLikeDataset();
    dataset.columns[0].name = 'x"); DROP TABLE datasets; --';
    dataset.columns[2].name = "c0'";
    const info = await store.datasets.create(dataset, rowSource(irisRows));
    const read = await store.datasets.readColumns(info.id, ['x"); DROP TABLE datasets; --', "c0'"]);
    expect(read.values["c0'"]).toEqual(['setosa', 'versicolor', 'virginica', 'setosa', null]);
    expect(await tableNames(store)).toContain('datasets');
  });

  it('rolls back everything when the row source throws midway, rethrowing its error', async () => {
    const first = await importIris();
    const tablesBefore = await tableNames(store);
    const datasetsBefore = await store.datasets.list();

    const cancelled = new MtlError('IMPORT_CANCELLED', 'Import cancelled by the user');
    const many = Array.from({ length: 20_000 }, (_x, i) => [i, i % 2, `c${i % 3}`, 'n']);
    const progress: number[] = [];
    const err = await store.datasets
      .create(irisLikeDataset('big.csv'), rowSource(many, 12_345, cancelled), (n) =>
        progress.push(n),
      )
      .catch((e: unknown) => e);

    expect(err).toBe(cancelled);
    // Batches had really been written before the failure.
    expect(progress.length).toBeGreaterThan(0);
    expect(await tableNames(store)).toEqual(tablesBefore);
    expect(await store.datasets.list()).toEqual(datasetsBefore);
    expect(await rawDb(store).get('SELECT COUNT(*) AS n FROM columns')).toEqual({
      n: first.columns.length,
    });
    expect((await store.datasets.readColumns(first.id, ['species'])).rowIds).toEqual([
      1, 2, 3, 4, 5,
    ]);

    // The store is usable afterwards.
    const again = await importIris();
    expect(again.rowCount).toBe(5);
  });

  it('rolls back when a row has the wrong number of cells, naming the row', async () => {
    const rows = [...irisRows.slice(0, 3), [1, 0, 'x'], ...irisRows.slice(3)];
    const err = await store.datasets
      .create(irisLikeDataset(), rowSource(rows))
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(/Row 4/) });
    expect(await store.datasets.list()).toEqual([]);
    expect((await tableNames(store)).filter((t) => t.startsWith('rows_'))).toEqual([]);
  });

  it('refuses duplicate column names before writing anything', async () => {
    const dataset = irisLikeDataset();
    dataset.columns[1].name = dataset.columns[0].name;
    await expect(store.datasets.create(dataset, rowSource(irisRows))).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
    expect(await store.datasets.list()).toEqual([]);
  });

  it('streams many rows with 1-based row ids and reports progress', async () => {
    const n = 23_456;
    function* generate() {
      for (let i = 1; i <= n; i++) yield [i * 0.5, i % 2, `k${i % 7}`, null];
    }
    const progress: number[] = [];
    const info = await store.datasets.create(irisLikeDataset(), rowSource(generate()), (rows) =>
      progress.push(rows),
    );
    expect(info.rowCount).toBe(n);
    expect(progress.length).toBeGreaterThanOrEqual(4);
    expect(progress[progress.length - 1]).toBe(n);
    expect([...progress].sort((a, b) => a - b)).toEqual(progress);

    const read = await store.datasets.readColumns(info.id, ['sepal length', 'is big']);
    expect(read.rowIds.length).toBe(n);
    expect(read.rowIds[0]).toBe(1);
    expect(read.rowIds[n - 1]).toBe(n);
    expect(read.values['sepal length'][999]).toBe(500);
    expect(read.values['is big'][999]).toBe(0);
  });

  it('reads columns as raw stored values and names an unknown column', async () => {
    const info = await importIris();
    const read = await store.datasets.readColumns(info.id, ['note', 'sepal length', 'is big']);
    expect(read).toEqual({
      rowIds: [1, 2, 3, 4, 5],
      values: {
        note: ['first', null, 'Big_one 100%', 'tiny', 'FIRST again'],
        'sepal length': [5.1, 7, 6.3, null, 4.9],
        'is big': [0, 1, 1, 0, 0],
      },
    });
    const err = await store.datasets
      .readColumns(info.id, ['species', 'colour'])
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'NOT_FOUND' });
    expect((err as Error).message).toMatch(/"colour".*dataset 1/);
    await expect(store.datasets.readColumns(42, ['species'])).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it('pages, orders and filters rows', async () => {
    const { id } = await importIris();
    const page = await store.datasets.readRows(id, { offset: 1, limit: 2 });
    expect(page).toEqual({
      total: 5,
      rows: [
        { rowId: 2, values: [7, 1, 'versicolor', null] },
        { rowId: 3, values: [6.3, 1, 'virginica', 'Big_one 100%'] },
      ],
    });

    const ids = async (query: Parameters<ProjectStore['datasets']['readRows']>[1]) =>
      (await store.datasets.readRows(id, query)).rows.map((r) => r.rowId);

    // Missing values sort last in both directions.
    expect(await ids({ offset: 0, limit: 10, orderBy: 'sepal length' })).toEqual([5, 1, 3, 2, 4]);
    expect(await ids({ offset: 0, limit: 10, orderBy: 'sepal length', descending: true })).toEqual([
      2, 3, 1, 5, 4,
    ]);
    expect(await ids({ offset: 0, limit: 10, descending: true })).toEqual([5, 4, 3, 2, 1]);
    // Ties broken by row id.
    expect(await ids({ offset: 0, limit: 10, orderBy: 'species' })).toEqual([1, 4, 2, 3, 5]);

    const setosa = await store.datasets.readRows(id, {
      offset: 0,
      limit: 1,
      filters: [{ column: 'species', op: 'equals', value: 'setosa' }],
    });
    expect(setosa.total).toBe(2);
    expect(setosa.rows.map((r) => r.rowId)).toEqual([1]);
    const where = (...filters: RowFilter[]) => ids({ offset: 0, limit: 10, filters });
    expect(await where({ column: 'sepal length', op: '=', value: 6.3 })).toEqual([3]);
    expect(await where({ column: 'note', op: 'missing' })).toEqual([2]);
    expect(await where({ column: 'note', op: 'present' })).toEqual([1, 3, 4, 5]);
    // contains: case-insensitive, and % and _ are literal characters.
    expect(await where({ column: 'note', op: 'contains', value: 'first' })).toEqual([1, 5]);
    expect(await where({ column: 'note', op: 'contains', value: '_' })).toEqual([3]);
    expect(await where({ column: 'note', op: 'contains', value: '0%' })).toEqual([3]);
    expect(await where({ column: 'note', op: 'contains', value: "'; DROP" })).toEqual([]);
    // Numeric comparisons, by hand from the five sepal lengths 5.1, 7, 6.3, –, 4.9.
    expect(await where({ column: 'sepal length', op: '>', value: 5 })).toEqual([1, 2, 3]);
    expect(await where({ column: 'sepal length', op: '>=', value: 6.3 })).toEqual([2, 3]);
    expect(await where({ column: 'sepal length', op: '<', value: 6.3 })).toEqual([1, 5]);
    expect(await where({ column: 'sepal length', op: '<=', value: '5.1' })).toEqual([1, 5]);
    // ≠ keeps missing cells (they are not 7), as a spreadsheet's "does not equal" does.
    expect(await where({ column: 'sepal length', op: '!=', value: 7 })).toEqual([1, 3, 4, 5]);
    // between is inclusive, bounds in either order.
    expect(await where({ column: 'sepal length', op: 'between', value: 6.3, value2: 5 })).toEqual([
      1, 3,
    ]);
    // Several conditions must all hold; booleans compare as 0 / 1 or true / false.
    expect(
      await where(
        { column: 'sepal length', op: '>', value: 5 },
        { column: 'is big', op: '=', value: 'true' },
      ),
    ).toEqual([2, 3]);
    expect(await where({ column: 'is big', op: '=', value: 0 })).toEqual([1, 4, 5]);
    // A comparison that cannot hold says why, naming the condition.
    await expect(where({ column: 'sepal length', op: '>', value: '> 50' })).rejects.toThrow(
      /"sepal length > "> 50"" needs a number/,
    );
    await expect(where({ column: 'species', op: '>', value: 3 })).rejects.toThrow(
      /column "species" holds categorical values/,
    );
    await expect(where({ column: 'note', op: 'contains', value: '' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });

    const subset = await store.datasets.readRows(id, {
      offset: 0,
      limit: 10,
      rowIds: [5, 1, 4, 99],
      filters: [{ column: 'is big', op: '=', value: 0 }],
      orderBy: 'note',
    });
    expect(subset.total).toBe(3);
    expect(subset.rows.map((r) => r.rowId)).toEqual([5, 1, 4]);
    // Later pages of the same query may skip the count.
    expect((await store.datasets.readRows(id, { offset: 2, limit: 2, count: false })).total).toBe(
      null,
    );

    await expect(
      store.datasets.readRows(id, { offset: 0, limit: 5, orderBy: 'nope' }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(store.datasets.readRows(id, { offset: -1, limit: 5 })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
    await expect(store.datasets.readRows(id, { offset: 0, limit: 1e9 })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
  });

  it('sets a column role', async () => {
    const { id } = await importIris();
    await store.datasets.setColumnRole(id, 'note', 'input');
    expect((await store.datasets.get(id)).columns.find((c) => c.name === 'note')?.role).toBe(
      'input',
    );
    await expect(store.datasets.setColumnRole(id, 'nope', 'input')).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });
});

describe('tasks', () => {
  it('creates a task, marks its target, refuses duplicates, and resets the role on delete', async () => {
    const { id } = await importIris();
    const task = await store.tasks.create({
      datasetId: id,
      name: 'Species',
      targetColumn: 'species',
      classes: ['setosa', 'versicolor', 'virginica'],
      kind: 'multiclass',
      weight: null,
    });
    expect(task.id).toBeGreaterThan(0);
    expect(await store.tasks.list(id)).toEqual([task]);
    const roleOf = async (name: string) =>
      (await store.datasets.get(id)).columns.find((c) => c.name === name)?.role;
    expect(await roleOf('species')).toBe('target');

    await expect(
      store.tasks.create({ ...task, targetColumn: 'is big', classes: ['0', '1'], kind: 'binary' }),
    ).rejects.toMatchObject({ code: 'TASK_INVALID', message: expect.stringMatching(/Species/) });
    await expect(
      store.tasks.create({ ...task, name: 'Other', targetColumn: 'colour' }),
    ).rejects.toMatchObject({ code: 'TASK_INVALID', message: expect.stringMatching(/colour/) });
    await expect(
      store.tasks.create({ ...task, name: 'Two', kind: 'binary' }),
    ).rejects.toMatchObject({
      code: 'TASK_INVALID',
    });
    // Making the target an input would leak labels into the inputs.
    await expect(store.datasets.setColumnRole(id, 'species', 'input')).rejects.toMatchObject({
      code: 'TASK_INVALID',
    });

    await store.tasks.delete(task.id);
    expect(await store.tasks.list(id)).toEqual([]);
    expect(await roleOf('species')).toBe('input');
    await expect(store.tasks.delete(task.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('splits', () => {
  it('stores a split and returns its assignment by ascending row id', async () => {
    const { id } = await importIris();
    const split = await store.splits.create({
      datasetId: id,
      seed: 42,
      fractions: { train: 0.6, validation: 0.2, test: 0.2 },
      stratifiedOn: 'species',
      rowIds: [5, 3, 1, 2, 4],
      assignment: ['test', 'train', 'train', 'validation', 'train'],
    });
    expect(split).toMatchObject({
      datasetId: id,
      seed: 42,
      stratifiedOn: 'species',
      counts: { train: 3, validation: 1, test: 1 },
      fractions: { train: 0.6, validation: 0.2, test: 0.2 },
    });
    expect(await store.splits.get(split.id)).toEqual(split);
    expect(await store.splits.assignment(split.id)).toEqual({
      rowIds: [1, 2, 3, 4, 5],
      assignment: ['train', 'validation', 'train', 'train', 'test'],
    });
    const second = await store.splits.create({
      datasetId: id,
      seed: 1,
      fractions: { train: 0.8, validation: 0, test: 0.2 },
      stratifiedOn: null,
      rowIds: [1, 2, 3, 4, 5],
      assignment: ['train', 'train', 'train', 'train', 'test'],
    });
    expect((await store.splits.latest(id))?.id).toBe(second.id);
    expect(await store.splits.latest(999)).toBeNull();
    await expect(store.splits.get(999)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('refuses unknown or repeated row ids and stores nothing', async () => {
    const { id } = await importIris();
    const base = {
      datasetId: id,
      seed: 1,
      fractions: { train: 0.5, validation: 0.25, test: 0.25 },
      stratifiedOn: null,
    };
    await expect(
      store.splits.create({ ...base, rowIds: [1, 2, 77], assignment: ['train', 'test', 'train'] }),
    ).rejects.toMatchObject({ code: 'SPLIT_INVALID', message: expect.stringMatching(/77/) });
    await expect(
      store.splits.create({ ...base, rowIds: [1, 2, 1], assignment: ['train', 'test', 'train'] }),
    ).rejects.toMatchObject({ code: 'SPLIT_INVALID' });
    await expect(
      store.splits.create({
        ...base,
        fractions: { train: 0.9, validation: 0.9, test: 0 },
        rowIds: [1],
        assignment: ['train'],
      }),
    ).rejects.toMatchObject({ code: 'SPLIT_INVALID' });
    expect(await store.splits.latest(id)).toBeNull();
    expect(await rawDb(store).get('SELECT COUNT(*) AS n FROM split_rows')).toEqual({ n: 0 });
  });
});

describe('readColumns with a row range', () => {
  it('returns only the rows of the chunk, in row order', async () => {
    const { dir, cleanup } = await makeTempDir();
    const store = await ProjectStore.open(`${dir}/range.mtlproj`, { create: true });
    try {
      const ds = await store.datasets.create(irisLikeDataset(), rowSource(irisRows));
      const all = await store.datasets.readColumns(ds.id, [ds.columns[0].name]);
      const chunk = await store.datasets.readColumns(ds.id, [ds.columns[0].name], {
        fromRowId: 2,
        toRowId: 4,
      });
      expect(chunk.rowIds).toEqual([2, 3, 4]);
      expect(chunk.values[ds.columns[0].name]).toEqual(all.values[ds.columns[0].name].slice(1, 4));
    } finally {
      await store.close();
      await cleanup();
    }
  });
});

describe('opening files that are not projects', () => {
  it('refuses an empty file without turning it into a project, and a foreign SQLite file without touching it', async () => {
    const { dir, cleanup } = await makeTempDir();
    try {
      const empty = join(dir, 'empty.mtlproj');
      writeFileSync(empty, '');
      await expect(ProjectStore.open(empty)).rejects.toThrow(
        /not an MTL Studio project \(it is empty\)/,
      );
      expect(readFileSync(empty).length).toBe(0);

      const foreign = join(dir, 'other.sqlite');
      const db = await Database.open(foreign, { create: true });
      await db.exec('CREATE TABLE t (x)');
      await db.close();
      const before = readFileSync(foreign);
      await expect(ProjectStore.open(foreign)).rejects.toThrow(/has tables but no schema version/);
      // Byte 18–19 of the header hold the journal mode: still the rollback journal (1, 1), not WAL (2, 2).
      expect(readFileSync(foreign).equals(before)).toBe(true);
    } finally {
      await cleanup();
    }
  });
});
