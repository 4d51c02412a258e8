/**
 * A dataset's `contentVersion` (store/datasets.ts contentVersionOf): the studio keeps a
 * dataset it already shows when a reload finds the same version, so the version must change
 * on every write a page shows — a label edit, a label import, a swap of two labels that
 * leaves every count (and the column's profile) as it was, a rename, a role — also when
 * another connection (the CLI in a terminal) writes, and must stay as it was for writes that
 * do not touch the dataset: a training run's epochs, another dataset's import. The expected
 * changes are read from the writes themselves (the cells and profiles read back), not from
 * the hash.
 */
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
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
async function version(s: ProjectStore = store, id = datasetId): Promise<number> {
  const one = (await s.datasets.get(id)).contentVersion;
  const listed = (await s.datasets.list()).find((d) => d.id === id)?.contentVersion;
  expect(listed).toBe(one);
  return one;
}

describe('dataset content version', () => {
  it('is an integer below 2^53 that reads the same until something is written', async () => {
    const v = await version();
    expect(Number.isSafeInteger(v) && v >= 0).toBe(true);
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
