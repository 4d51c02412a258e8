/**
 * A dataset's `contentVersion` (store/datasetVersions.ts): the studio keeps a
 * dataset it already shows when a reload finds the same version, so the version must change
 * on every write a page shows — a label edit, a label import, a swap of two labels that
 * leaves every count (and the column's profile) as it was, a rename, a role — also when
 * another connection (the CLI in a terminal) writes, and must stay as it was for writes that
 * do not touch the dataset: a training run's epochs, another dataset's import. The expected
 * changes are read from the writes themselves (the cells and profiles read back), not from
 * the hash.
 */
import { open } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PROFILES_FOLLOW_LABELS } from '../../src/main/store/columnProfiles';
import { Database } from '../../src/main/store/database';
import { MIGRATIONS, migrateDatabase, readSchemaVersion } from '../../src/main/store/migrations';
import { ProjectStore } from '../../src/main/store/projectStore';
import { DEFAULT_TRAIN_CONFIG, type EpochRecord } from '../../src/shared/domain';
import { irisLikeDataset, irisRows, makeTempDir, rowSource } from './helpers';

let cleanup: () => Promise<void>;
let path: string;
let store: ProjectStore;
let datasetId: number;

beforeEach(async () => {
  let dir: string;
  ({ dir, cleanup } = await makeTempDir());
  path = join(dir, 'versions.mtlproj');
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

/** The dataset's version as `datasets.get` and `datasets.list` give it (they must agree). */
async function version(s: ProjectStore = store, id = datasetId): Promise<string> {
  const one = (await s.datasets.get(id)).contentVersion;
  const listed = (await s.datasets.list()).find((d) => d.id === id)?.contentVersion;
  expect(listed).toBe(one);
  return one;
}

describe('dataset content version', () => {
  it('is a SHA-1 in hex that reads the same until something is written', async () => {
    const v = await version();
    expect(v).toMatch(/^[0-9a-f]{40}$/);
    expect(await version()).toBe(v);
  });

  it('changes on a label edit, its undo and its redo', async () => {
    const seen = [await version()];
    // irisRows: row 5 has no species; labelling it changes one cell.
    await store.labels.write(
      datasetId,
      [{ rowId: 5, task: 'species', value: 'virginica' }],
      'user',
    );
    seen.push(await version());
    await store.labels.undo(datasetId);
    seen.push(await version());
    await store.labels.redo(datasetId);
    seen.push(await version());
    // Four states, four versions: the undo's cells equal the first state's, its batch does not.
    expect(new Set(seen).size).toBe(4);
  });

  it('changes on a swap of two labels that leaves the counts and the profile equal', async () => {
    const species = async () => {
      const info = await store.datasets.get(datasetId);
      return info.columns.find((c) => c.name === 'species')!.profile;
    };
    // The fixture's profile is written by hand; a first label write makes it the stored one.
    await store.labels.write(
      datasetId,
      [{ rowId: 5, task: 'species', value: 'virginica' }],
      'user',
    );
    const profileBefore = await species();
    const before = await version();
    // Rows 1 and 2 are setosa and versicolor (irisRows): swapped, one of each still.
    await store.labels.write(
      datasetId,
      [
        { rowId: 1, task: 'species', value: 'versicolor' },
        { rowId: 2, task: 'species', value: 'setosa' },
      ],
      'user',
    );
    const read = await store.datasets.readColumns(datasetId, ['species']);
    expect(read.values.species.slice(0, 2)).toEqual(['versicolor', 'setosa']);
    // Nothing of the dataset's info shows the swap (same counts, same profile)…
    expect(await species()).toEqual(profileBefore);
    // …the version does.
    expect(await version()).not.toBe(before);
  });

  it("changes on labels imported from a file and on another connection's write", async () => {
    const before = await version();
    await store.labels.write(
      datasetId,
      [{ rowId: 4, task: 'species', value: 'virginica' }],
      'import',
    );
    const afterImport = await version();
    expect(afterImport).not.toBe(before);
    // A second connection to the file, as the CLI in a terminal opens it.
    const cli = await ProjectStore.open(path);
    try {
      await cli.labels.write(datasetId, [{ rowId: 3, task: 'species', value: 'setosa' }], 'user');
      expect(await version(cli)).toBe(await version());
    } finally {
      await cli.close();
    }
    expect(await version()).not.toBe(afterImport);
  });

  it('changes on a rename and on a column role', async () => {
    const before = await version();
    await store.datasets.rename(datasetId, 'Iris 2');
    const renamed = await version();
    expect(renamed).not.toBe(before);
    await store.datasets.setColumnRole(datasetId, 'note', 'input');
    expect(await version()).not.toBe(renamed);
  });

  it('changes on roles set together, an image setting, a task on a new column and a task deleted', async () => {
    const roleOf = async (name: string) =>
      (await store.datasets.get(datasetId)).columns.find((c) => c.name === name)?.role;
    const seen = [await version()];
    // 'is big' and 'note' are input and ignore (irisLikeDataset): both become target.
    await store.datasets.setColumnRoles(datasetId, ['is big', 'note'], 'target');
    expect([await roleOf('is big'), await roleOf('note')]).toEqual(['target', 'target']);
    seen.push(await version());
    // 'sepal length' is the one numeric column: a 1 × 1 grey image.
    await store.datasets.setPixelImage(datasetId, {
      width: 1,
      height: 1,
      channels: 1,
      columns: ['sepal length'],
    });
    expect((await store.datasets.get(datasetId)).pixelImage).not.toBeNull();
    seen.push(await version());
    // A task to label: a new empty column 'quality' (five columns, was four).
    const quality = await store.tasks.createOnNewColumn({
      datasetId,
      name: 'quality',
      targetColumn: 'quality',
      classes: ['good', 'bad'],
      kind: 'binary',
      weight: null,
    });
    expect((await store.datasets.get(datasetId)).columns.map((c) => c.name)).toEqual([
      'sepal length',
      'is big',
      'species',
      'note',
      'quality',
    ]);
    seen.push(await version());
    // Deleting the task gives its column, never labelled, the role 'ignore' (tasks.ts).
    const roleBefore = await roleOf('quality');
    await store.tasks.delete(quality.id);
    expect([roleBefore, await roleOf('quality')]).toEqual(['target', 'ignore']);
    seen.push(await version());
    // Five states, five versions.
    expect(new Set(seen).size).toBe(5);
  });

  it('changes when a stale profile is profiled again on opening (no label written)', async () => {
    // Labels written by an earlier MTL Studio left the profile as imported: the file is
    // put in that state by hand — species' profile set back to the fixture's, and the mark
    // that profiles follow labels removed (columnProfiles.ts repairLabelledProfiles).
    await store.labels.write(
      datasetId,
      [{ rowId: 5, task: 'species', value: 'virginica' }],
      'user',
    );
    const raw = await Database.open(path, { create: false });
    try {
      await raw.run('UPDATE columns SET profile = ? WHERE dataset_id = ? AND name = ?', [
        JSON.stringify(irisLikeDataset().columns[2].profile),
        datasetId,
        'species',
      ]);
      await raw.run('DELETE FROM project_meta WHERE key = ?', [PROFILES_FOLLOW_LABELS]);
    } finally {
      await raw.close();
    }
    const speciesProfile = async (s: ProjectStore) =>
      (await s.datasets.get(datasetId)).columns.find((c) => c.name === 'species')!.profile;
    const stale = await speciesProfile(store);
    const before = await version();
    // Opening the file again profiles the labelled column from its cells: 2 setosa,
    // 1 versicolor, 2 virginica (irisRows with row 5 labelled), where the stale one said 2 setosa.
    const reopened = await ProjectStore.open(path);
    try {
      const fresh = await speciesProfile(reopened);
      expect(stale.topCategories).toEqual([{ value: 'setosa', count: 2 }]);
      expect(fresh.topCategories).toEqual(
        expect.arrayContaining([
          { value: 'setosa', count: 2 },
          { value: 'virginica', count: 2 },
          { value: 'versicolor', count: 1 },
        ]),
      );
      expect(await version(reopened)).not.toBe(before);
      expect(await version()).toBe(await version(reopened));
    } finally {
      await reopened.close();
    }
  });

  it("stays the same across a training run's epochs and another dataset's import", async () => {
    const split = await store.splits.create({
      datasetId,
      seed: 1,
      fractions: { train: 0.6, validation: 0.2, test: 0.2 },
      stratifiedOn: null,
      rowIds: [1, 2, 3, 4, 5],
      assignment: ['train', 'train', 'test', 'validation', 'test'],
    });
    const before = await version();
    const run = await store.training.createRun({
      datasetId,
      splitId: split.id,
      tasks: ['species'],
      config: { ...DEFAULT_TRAIN_CONFIG, hiddenUnits: [8], epochs: 3 },
    });
    await store.training.updateRun(run.id, {
      status: 'running',
      startedAt: new Date().toISOString(),
    });
    // Epochs written by another connection, as `mtl-studio train` writes them.
    const cli = await ProjectStore.open(path);
    try {
      for (let n = 1; n <= 3; n++) {
        const record: EpochRecord = {
          epoch: n,
          trainLoss: 1 / n,
          valLoss: 1 / n,
          tasks: {
            species: { trainLoss: 1 / n, valLoss: 1 / n, valAccuracy: 0.5, valMacroF1: 0.4 },
          },
          seconds: 0.1,
        };
        await cli.training.addEpoch(run.id, record);
        expect(await version()).toBe(before);
      }
    } finally {
      await cli.close();
    }
    const other = await store.datasets.create(irisLikeDataset('other.csv'), rowSource(irisRows));
    expect(await version()).toBe(before);
    // The new dataset has its own version; labels of the new one leave the first's alone.
    const otherBefore = await version(store, other.id);
    await store.tasks.create({
      datasetId: other.id,
      name: 'species',
      targetColumn: 'species',
      classes: ['setosa', 'versicolor', 'virginica'],
      kind: 'multiclass',
      weight: null,
    });
    await store.labels.write(other.id, [{ rowId: 5, task: 'species', value: 'setosa' }], 'user');
    expect(await version(store, other.id)).not.toBe(otherBefore);
    expect(await version()).toBe(before);
  });
});

/**
 * Overwrites page `page` of the closed file `file` with a fixed pattern (0xA5 is no b-tree
 * page type, so quick_check finds it and a read of that page fails as SQLITE_CORRUPT).
 */
async function damagePage(file: string, page: number): Promise<void> {
  const db = await Database.open(file, { create: false });
  const pageSize = (await db.get<{ page_size: number }>('PRAGMA page_size'))!.page_size;
  await db.close();
  const handle = await open(file, 'r+');
  try {
    await handle.write(Buffer.alloc(pageSize, 0xa5), 0, pageSize, (page - 1) * pageSize);
  } finally {
    await handle.close();
  }
}

/** The pages of table or index `name` (SQLite's dbstat table). */
async function pagesOf(file: string, name: string): Promise<number[]> {
  const db = await Database.open(file, { create: false });
  try {
    const rows = await db.all<{ pageno: number }>(
      'SELECT pageno FROM dbstat WHERE name = ? ORDER BY pageno',
      [name],
    );
    return rows.map((r) => r.pageno);
  } finally {
    await db.close();
  }
}

describe('dataset content version of a damaged file (read-only, not migrated)', () => {
  it('lists and gets the datasets of a file whose label_events_by_batch page is damaged', async () => {
    await store.labels.write(
      datasetId,
      [{ rowId: 5, task: 'species', value: 'virginica' }],
      'user',
    );
    await store.close();
    const [indexPage] = await pagesOf(path, 'label_events_by_batch');
    await damagePage(path, indexPage);
    store = await ProjectStore.open(path);
    expect(store.damage).not.toBeNull();
    // The read that found the newest batch (an index seek) would fail on that page.
    const listed = await store.datasets.list();
    expect(listed.map((d) => [d.id, d.name])).toEqual([[datasetId, 'Iris']]);
    const one = await store.datasets.get(datasetId);
    expect(one.name).toBe('Iris');
    // Nothing can be written, so the version stays; list and get agree.
    expect(listed[0].contentVersion).toBe(one.contentVersion);
    expect((await store.datasets.get(datasetId)).contentVersion).toBe(one.contentVersion);
  });

  it('lists the datasets of a damaged schema v4 file (no label_events.batch, no pixel_image)', async () => {
    const old = join(dirname(path), 'old-v4.mtlproj');
    const db = await Database.open(old, { create: true });
    await db.get('PRAGMA journal_mode = WAL');
    await migrateDatabase(db, MIGRATIONS.slice(0, 4));
    // As a v4 app wrote it: a dataset with two columns, its rows, one label edit, and a
    // table of its own spanning several pages, one of which is then damaged.
    await db.exec(`
      INSERT INTO project_meta (key, value) VALUES ('name', 'Old project');
      INSERT INTO datasets (id, name, source_name, encoding, delimiter, row_count, imported_at)
        VALUES (1, 'Old data', 'old.csv', 'utf-8', ',', 2, '2024-01-01T00:00:00.000Z');
      INSERT INTO columns (dataset_id, position, source_index, name, type, role, profile) VALUES
        (1, 0, 0, 'x', 'numeric', 'input', '{"missing":0,"distinct":2,"numeric":null,"topCategories":null}'),
        (1, 1, 1, 'y', 'categorical', 'target', '{"missing":0,"distinct":2,"numeric":null,"topCategories":null}');
      CREATE TABLE rows_1 (row_id INTEGER PRIMARY KEY, c0 REAL, c1 TEXT);
      INSERT INTO rows_1 VALUES (1, 1.5, 'a'), (2, -2, 'b');
      INSERT INTO label_events (dataset_id, row_id, column_name, old_value, new_value, at)
        VALUES (1, 2, 'y', 'a', 'b', '2024-01-02T00:00:00.000Z');
      CREATE TABLE filler (id INTEGER PRIMARY KEY, pad TEXT);
      WITH RECURSIVE n(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM n WHERE k < 200)
        INSERT INTO filler SELECT k, printf('%.200c', 'x') FROM n;
    `);
    expect(await readSchemaVersion(db)).toBe(4);
    await db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
    await db.close();
    const filler = await pagesOf(old, 'filler');
    expect(filler.length).toBeGreaterThanOrEqual(3);
    await damagePage(old, filler[1]);

    const opened = await ProjectStore.open(old);
    try {
      expect(opened.damage).not.toBeNull();
      expect(await opened.schemaVersion()).toBe(4);
      const listed = await opened.datasets.list();
      expect(listed.map((d) => [d.name, d.rowCount, d.pixelImage])).toEqual([
        ['Old data', 2, null],
      ]);
      expect(listed[0].columns.map((c) => [c.name, c.role])).toEqual([
        ['x', 'input'],
        ['y', 'target'],
      ]);
      expect((await opened.datasets.get(1)).contentVersion).toBe(listed[0].contentVersion);
    } finally {
      await opened.close();
    }
  });
});
