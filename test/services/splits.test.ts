/**
 * The split panel's service: a preview of the rows per split and class for chosen fractions,
 * stratification task and seed; making the split (the same settings reuse the stored one,
 * other settings make a new one); runs recording the split they trained on.
 *
 * Expected counts are computed by hand with the largest-remainder rule the split applies per
 * stratum (Hamilton's method: floors of the exact shares, then the leftover rows to the
 * largest remainders, ties to the earlier split).
 */
import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importCsv } from '../../src/main/data/importCsv';
import {
  createSplit,
  describeSplit,
  listSplits,
  previewSplit,
} from '../../src/main/services/splits';
import { defineTasks } from '../../src/main/services/tasks';
import { ensureSplit, trainRun } from '../../src/main/services/training';
import { ProjectStore } from '../../src/main/store/projectStore';
import { makeTempDir } from '../store/helpers';

let store: ProjectStore;
let cleanup: () => Promise<void>;
let datasetId: number;
let otherDatasetId: number;

const FRACTIONS = { train: 0.6, validation: 0.2, test: 0.2 };

beforeAll(async () => {
  const tmp = await makeTempDir();
  cleanup = tmp.cleanup;
  // 33 rows: y is a on rows 1–20, b on rows 21–30 and missing on rows 31–33; z alternates
  // p, q, p, … (17 p, 16 q), so every row carries a label of some task.
  const lines = ['x,y,z'];
  for (let i = 1; i <= 33; i++) {
    const y = i <= 20 ? 'a' : i <= 30 ? 'b' : '';
    lines.push(`${i},${y},${i % 2 === 1 ? 'p' : 'q'}`);
  }
  const csv = `${tmp.dir}/rows.csv`;
  writeFileSync(csv, `${lines.join('\n')}\n`);
  store = await ProjectStore.open(`${tmp.dir}/splits.mtlproj`, { create: true });
  // x is 1…33, one per row: a row index, ignored by default (inference.ts); kept as the
  // runs' one input here, where only the rows of each split matter.
  const columnRoles = { x: 'input' } as const;
  datasetId = (await importCsv(store, csv, { name: 'rows', columnRoles })).id;
  await defineTasks(store, datasetId, [{ column: 'y' }, { column: 'z' }]);
  otherDatasetId = (await importCsv(store, csv, { name: 'other', columnRoles })).id;
  await defineTasks(store, otherDatasetId, [{ column: 'y' }]);
});
afterAll(async () => {
  await store.close();
  await cleanup();
});

describe('split preview', () => {
  it('counts rows per split and class of the stratification task', async () => {
    const preview = await previewSplit(store, datasetId, {
      fractions: FRACTIONS,
      seed: 7,
      stratifyTask: 'y',
    });
    // a: 20 × (0.6, 0.2, 0.2) = 12 / 4 / 4; b: 10 → 6 / 2 / 2; missing: 3 → 1.8 / 0.6 / 0.6,
    // floors 1 / 0 / 0, two left: train (.8), then validation (.6 ties test, earlier wins).
    expect(preview.classes).toEqual({
      task: 'y',
      labels: ['a', 'b'],
      train: [12, 6],
      validation: [4, 2],
      test: [4, 2],
      missing: { train: 2, validation: 1, test: 0 },
    });
    expect(preview.counts).toEqual({ train: 20, validation: 7, test: 6 });
  });

  it('stratifies on another task when asked, and shows its classes', async () => {
    const preview = await previewSplit(store, datasetId, {
      fractions: FRACTIONS,
      seed: 7,
      stratifyTask: 'z',
    });
    // p: 17 → 10.2 / 3.4 / 3.4 → 10 / 3 / 3 + 1 to validation (.4 ties test, earlier wins);
    // q: 16 → 9.6 / 3.2 / 3.2 → 9 / 3 / 3 + 1 to train (.6).
    expect(preview.classes).toMatchObject({
      task: 'z',
      labels: ['p', 'q'],
      train: [10, 10],
      validation: [4, 3],
      test: [3, 3],
    });
    expect(preview.counts).toEqual({ train: 20, validation: 7, test: 6 });
  });

  it('splits all rows as one stratum without a stratification task', async () => {
    const preview = await previewSplit(store, datasetId, {
      fractions: FRACTIONS,
      seed: 7,
      stratifyTask: null,
    });
    // 33 → 19.8 / 6.6 / 6.6 → 19 / 6 / 6, then train (.8) and validation (.6).
    expect(preview.counts).toEqual({ train: 20, validation: 7, test: 6 });
    // The first task's classes are still shown; they add up to the rows per split.
    const c = preview.classes!;
    expect(c.task).toBe('y');
    expect(c.train[0] + c.train[1] + c.missing.train).toBe(20);
    expect(c.validation[0] + c.validation[1] + c.missing.validation).toBe(7);
    expect(c.test[0] + c.test[1] + c.missing.test).toBe(6);
  });

  it('names the tasks when the stratification task is unknown, and refuses bad fractions', async () => {
    await expect(
      previewSplit(store, datasetId, { fractions: FRACTIONS, seed: 1, stratifyTask: 'nope' }),
    ).rejects.toMatchObject({ code: 'TASK_INVALID', message: 'No task "nope"; tasks: "y", "z".' });
    await expect(
      previewSplit(store, datasetId, {
        fractions: { train: 0.5, validation: 0.2, test: 0.2 },
        seed: 1,
        stratifyTask: 'y',
      }),
    ).rejects.toMatchObject({ code: 'SPLIT_INVALID' });
  });
});

describe('making splits', () => {
  it('stores what the preview showed, and reuses it for the same settings', async () => {
    const settings = { fractions: FRACTIONS, seed: 11, stratifyTask: 'y' };
    const preview = await previewSplit(store, datasetId, settings);
    const split = await createSplit(store, datasetId, settings);
    expect(split).toMatchObject({ datasetId, seed: 11, stratifiedOn: 'y', fractions: FRACTIONS });
    expect(await describeSplit(store, split.id)).toEqual(preview);
    // The same settings: the same split, not a copy.
    expect((await createSplit(store, datasetId, settings)).id).toBe(split.id);
    // Another seed or task: a new split.
    const reseeded = await createSplit(store, datasetId, { ...settings, seed: 12 });
    const byZ = await createSplit(store, datasetId, { ...settings, stratifyTask: 'z' });
    expect(new Set([split.id, reseeded.id, byZ.id]).size).toBe(3);
    expect(byZ.stratifiedOn).toBe('z');
    // Described per class of another task on request.
    const onZ = await describeSplit(store, split.id, 'z');
    expect(onZ.classes?.task).toBe('z');
    expect(onZ.counts).toEqual(preview.counts);
  });

  it('lets a run train on the chosen split, records it, and counts the split’s runs', async () => {
    const chosen = await createSplit(store, datasetId, {
      fractions: { train: 0.5, validation: 0.25, test: 0.25 },
      seed: 3,
      stratifyTask: 'z',
    });
    const run = await trainRun(
      store,
      { datasetId, tasks: ['z'], splitId: chosen.id, config: { epochs: 2, arch: 'single-task' } },
      { mode: 'in-process' },
    );
    expect(run.splitId).toBe(chosen.id);
    const listed = await listSplits(store, datasetId);
    expect(listed.find((s) => s.id === chosen.id)?.runs).toBe(1);
    expect(listed.filter((s) => s.id !== chosen.id).every((s) => s.runs === 0)).toBe(true);
    // Oldest first.
    const ids = listed.map((s) => s.id);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
  });

  it('gives callers that start together one split, not identical twins', async () => {
    // The other dataset has no split yet: two runs starting at once both found none, and
    // each stored its own (identical) split, so the runs trained on different splits and Δm
    // could not pair them.
    const thirdId = otherDatasetId;
    expect(await store.splits.latest(thirdId)).toBeNull();
    const [a, b] = await Promise.all([ensureSplit(store, thirdId), ensureSplit(store, thirdId)]);
    expect(b.id).toBe(a.id);
    // The same seed asked twice at once (`--split-seed 9` in two processes): one split.
    const settings = { fractions: FRACTIONS, seed: 9, stratifyTask: 'y' };
    const [c, d] = await Promise.all([
      createSplit(store, thirdId, settings),
      createSplit(store, thirdId, settings),
    ]);
    expect(d.id).toBe(c.id);
    expect(c.id).not.toBe(a.id);
    expect((await listSplits(store, thirdId)).map((s) => s.id)).toEqual([a.id, c.id]);
  });

  it('refuses a split of another dataset before storing a run', async () => {
    const foreign = await createSplit(store, otherDatasetId, {
      fractions: FRACTIONS,
      seed: 5,
      stratifyTask: 'y',
    });
    const before = (await store.training.listRuns(datasetId)).length;
    await expect(
      trainRun(
        store,
        { datasetId, splitId: foreign.id, config: { epochs: 1 } },
        { mode: 'in-process' },
      ),
    ).rejects.toMatchObject({ code: 'SPLIT_INVALID' });
    expect(await store.training.listRuns(datasetId)).toHaveLength(before);
  });
});
