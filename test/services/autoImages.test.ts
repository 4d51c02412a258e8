/**
 * Auto on an image dataset through the service the studio and `train --arch auto` call
 * (services/autoTraining.ts trainAutoRun). Found by a new user: it failed at epoch 0 with
 * "No usable input column: none given." because the search fitted table preprocessing on the
 * (empty) table inputs of an image job.
 *
 * Fixture, written here with sharp: 40 grey 8×8 PNG files in folders shade/tone/, 20 black
 * (grey 0…19) and 20 white (grey 236…255); tone is 'a' for the 10 darker of each shade and
 * 'b' for the others. Two tasks, so the search draws multi-task architectures too.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importImages } from '../../src/main/data/images';
import { trainAutoRun } from '../../src/main/services/autoTraining';
import { defineTasks } from '../../src/main/services/tasks';
import { ensureSplit } from '../../src/main/services/training';
import { ProjectStore } from '../../src/main/store/projectStore';
import type { AutoPhase, TrainConfig } from '../../src/shared/domain';
import { makeTempDir } from '../store/helpers';

let dir: string;
let cleanup: () => Promise<void>;
let store: ProjectStore;
let datasetId: number;

/** Small and short, so that the runs fit a loaded machine: the search is under test. */
const BASE: Partial<TrainConfig> = {
  convFilters: [4, 8],
  hiddenUnits: [16],
  expertUnits: [16],
  batchSize: 8,
  epochs: 8,
  patience: 3,
};

beforeAll(async () => {
  ({ dir, cleanup } = await makeTempDir());
  const root = join(dir, 'shades');
  for (const shade of ['black', 'white'] as const) {
    for (let i = 0; i < 20; i++) {
      const grey = shade === 'black' ? i : 236 + i;
      const folder = join(root, shade, i < 10 ? 'a' : 'b');
      await mkdir(folder, { recursive: true });
      await sharp({
        create: { width: 8, height: 8, channels: 3, background: { r: grey, g: grey, b: grey } },
      })
        .png()
        .toFile(join(folder, `${shade}${i}.png`));
    }
  }
  store = await ProjectStore.open(join(dir, 'shades.mtlproj'), { create: true, name: 's' });
  const { dataset } = await importImages(store, root, {
    size: 8,
    colour: 'grey',
    tasksFromFolders: ['shade', 'tone'],
  });
  datasetId = dataset.id;
  await defineTasks(store, datasetId, [{ column: 'shade' }, { column: 'tone' }]);
  await ensureSplit(store, datasetId);
}, 60_000);
afterAll(async () => {
  await store?.close();
  await cleanup?.();
});

describe('Auto on images', () => {
  it('searches over the CNN trunk, stores its trials and the chosen configuration, and scores black vs white perfectly', async () => {
    const run = await trainAutoRun(
      store,
      { datasetId, budgetSeconds: 10, seed: 3, base: BASE },
      { mode: 'in-process' },
    );
    expect(run.status).toBe('completed');
    expect(run.auto).toBe(true);
    const search = await store.training.autoSearch(run.id);
    expect(search.trials.length).toBeGreaterThanOrEqual(1);
    // Every configuration tried and the chosen one keep the CNN trunk and its filters.
    for (const t of search.trials) {
      expect(t.config.trunk).toBe('cnn');
      expect(t.config.convFilters).toEqual([4, 8]);
    }
    expect(search.chosen.trunk).toBe('cnn');
    expect(search.trials.some((t) => t.id === search.chosenTrial)).toBe(true);
    const stored = await store.training.getRun(run.id);
    expect(stored.config).toEqual(search.chosen);
    // By hand: black images are grey 0…19 and white ones 236…255; any trained network that
    // separates the two mean brightnesses classifies every test image right, so macro-F1 is
    // exactly 1 (both classes have test rows: the split is stratified).
    expect(run.results!.shade.macroF1).toBe(1);
    expect(run.results!.tone.macroF1).toBeGreaterThanOrEqual(0);
    expect(run.results!.tone.macroF1).toBeLessThanOrEqual(1);
  }, 240_000);

  it('reads no test image before its search is over (streamed pixels, every read recorded)', async () => {
    const split = await store.splits.latest(datasetId);
    const { rowIds, assignment } = await store.splits.assignment(split!.id);
    const testRows = new Set(rowIds.filter((_, i) => assignment[i] === 'test'));
    expect(testRows.size).toBeGreaterThan(0);
    // Instrumented as the table test instruments its columns (test/engine/autoJobFixture.ts):
    // every pixel read of the store is recorded with the phase Auto was in.
    let phase: AutoPhase | 'prepare' = 'prepare';
    const reads: { row: number; phase: string }[] = [];
    const readPixels = store.assets.readPixels.bind(store.assets);
    store.assets.readPixels = async (id, rowIds, column) => {
      for (const row of rowIds) reads.push({ row, phase });
      return readPixels(id, rowIds, column);
    };
    try {
      const run = await trainAutoRun(
        store,
        { datasetId, splitId: split!.id, budgetSeconds: 4, seed: 5, base: BASE },
        {
          mode: 'in-process',
          images: 'stream',
          onAutoProgress: (_id, p) => (phase = p.phase),
        },
      );
      expect(run.status).toBe('completed');
    } finally {
      store.assets.readPixels = readPixels;
    }
    const before = reads.filter((r) => r.phase !== 'final');
    expect(before.length).toBeGreaterThan(0);
    expect(before.filter((r) => testRows.has(r.row))).toEqual([]);
    // Every non-test image was read by the search; the test images only once it was over.
    expect(new Set(before.map((r) => r.row)).size).toBe(40 - testRows.size);
    expect(reads.some((r) => r.phase === 'final' && testRows.has(r.row))).toBe(true);
  }, 240_000);
});
