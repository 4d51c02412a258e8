/**
 * The main job through the services, on the real store and the real training child
 * process: import penguins, define tasks, split, train baselines and hard sharing, score,
 * reload the model from the project file alone and reproduce its test predictions.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { importCsv } from '../../src/main/data/importCsv';
import { PauseControl } from '../../src/main/engine/pause';
import { compareRuns, predictWithStoredModel } from '../../src/main/services/evaluation';
import { defineTasks, listTaskSummaries } from '../../src/main/services/tasks';
import { ensureSplit, trainRun } from '../../src/main/services/training';
import { ProjectStore } from '../../src/main/store/projectStore';
import { makeTempDir } from '../store/helpers';

const PENGUINS = fileURLToPath(new URL('../fixtures/penguins.csv', import.meta.url));

let store: ProjectStore;
let datasetId: number;
let cleanup: () => Promise<void>;
let path: string;

beforeAll(async () => {
  const tmp = await makeTempDir();
  cleanup = tmp.cleanup;
  path = `${tmp.dir}/penguins.mtlproj`;
  store = await ProjectStore.open(path, { create: true });
  datasetId = (await importCsv(store, PENGUINS, { name: 'penguins' })).id;
});
afterAll(async () => {
  await store.close();
  await cleanup();
});

describe('tasks', () => {
  it('defines species, island and sex with classes, balance and missing labels', async () => {
    await defineTasks(store, datasetId, [
      { column: 'species' },
      { column: 'island' },
      { column: 'sex' },
    ]);
    const tasks = await listTaskSummaries(store, datasetId);
    // Class counts of the Palmer penguins data (Horst et al. 2020; the dataset README gives
    // 11 rows without sex).
    expect(tasks.map((t) => [t.name, t.classes, t.classCounts, t.missing])).toEqual([
      ['species', ['Adelie', 'Chinstrap', 'Gentoo'], [152, 68, 124], 0],
      ['island', ['Biscoe', 'Dream', 'Torgersen'], [168, 124, 52], 0],
      ['sex', ['female', 'male'], [165, 168], 11],
    ]);
    expect(tasks[2].warnings.join(' ')).toMatch(/11 of 344 rows lack a label/);
    const dataset = await store.datasets.get(datasetId);
    expect(dataset.columns.filter((c) => c.role === 'target').map((c) => c.name)).toEqual([
      'species',
      'island',
      'sex',
    ]);
  });

  it('refuses a text column and a single-class column, naming them', async () => {
    await expect(defineTasks(store, datasetId, [{ column: 'nope' }])).rejects.toThrow(
      /no column "nope"/,
    );
    await expect(
      defineTasks(store, datasetId, [{ column: 'year', classes: ['2007'] }]),
    ).rejects.toThrow(/misses 2 values present in the data: 2008, 2009/);
  });
});

describe('training runs', () => {
  it('trains baselines and hard sharing in a child process, scores every task, computes Δm', async () => {
    const split = await ensureSplit(store, datasetId, { seed: 7 });
    // 70/15/15 stratified on species, largest remainder per class, by hand:
    // Adelie 152 → 106.4/22.8/22.8 → 106/23/23; Chinstrap 68 → 47.6/10.2/10.2 → 48/10/10;
    // Gentoo 124 → 86.8/18.6/18.6 → 87/19/18. Totals 241/52/51.
    expect(split.counts).toEqual({ train: 241, validation: 52, test: 51 });
    const epochs: number[] = [];
    const config = { epochs: 60, patience: 10, seed: 3 };
    const baseline = await trainRun(
      store,
      { datasetId, config: { ...config, arch: 'single-task' } },
      {
        onEpoch: (_id, r) => epochs.push(r.epoch),
      },
    );
    const shared = await trainRun(store, {
      datasetId,
      config: { ...config, arch: 'hard-sharing' },
    });
    expect(epochs[0]).toBe(1);
    for (const run of [baseline, shared]) {
      expect(run.status).toBe('completed');
      expect(run.backend).toMatch(/^(wasm|cpu|tensorflow)/);
      expect(Object.keys(run.results!)).toEqual(['species', 'island', 'sex']);
      // Species is nearly separable from bill and flipper measures (sklearn: macro-F1 ≈ 0.98);
      // any working model is far above the 1/3 of chance.
      expect(run.results!.species.macroF1).toBeGreaterThan(0.85);
      expect(run.results!.sex.accuracy).toBeGreaterThan(0.7);
      expect(run.results!.sex.n).toBeLessThan(split.counts.test); // rows without sex are not scored
      const stored = await store.training.listEpochs(run.id);
      expect(stored.length).toBeGreaterThan(1);
      expect(stored[0].tasks.species.valLoss).toBeGreaterThan(0);
    }
    const comparison = await compareRuns(store, datasetId);
    const row = comparison.find((c) => c.run.id === shared.id)!;
    expect(row.baselineRunId).toBe(baseline.id);
    // Δm by hand from the stored macro-F1s (Maninis et al. 2019).
    const tasks = ['species', 'island', 'sex'];
    const expected =
      (100 / 3) *
      tasks.reduce(
        (s, t) =>
          s +
          (shared.results![t].macroF1 - baseline.results![t].macroF1) /
            baseline.results![t].macroF1,
        0,
      );
    expect(row.deltaM).toBeCloseTo(expected, 10);
  });

  it('reloads the model from the project file alone and reproduces its test predictions exactly', async () => {
    const run = (await store.training.listRuns(datasetId)).find(
      (r) => r.config.arch === 'hard-sharing',
    )!;
    await store.close();
    store = await ProjectStore.open(path);
    const stored = await store.evaluation.getPredictions(run.id, 'island');
    const again = await predictWithStoredModel(store, run.id, stored.rowIds);
    const island = again.find((p) => p.task === 'island')!;
    expect(island.classes).toEqual(['Biscoe', 'Dream', 'Torgersen']);
    expect(Array.from(island.probs)).toEqual(Array.from(stored.probs));
  });

  it('records a cancelled run as cancelled and keeps everything else', async () => {
    const before = await store.training.listRuns(datasetId);
    const controller = new AbortController();
    const pending = trainRun(
      store,
      { datasetId, config: { epochs: 500, patience: 0, arch: 'hard-sharing' } },
      { signal: controller.signal, onEpoch: (_id, r) => r.epoch === 2 && controller.abort() },
    );
    await expect(pending).rejects.toMatchObject({ code: 'TRAINING_CANCELLED' });
    const after = await store.training.listRuns(datasetId);
    expect(after).toHaveLength(before.length + 1);
    expect(after.at(-1)!.status).toBe('cancelled');
    expect(after.slice(0, -1)).toEqual(before);
  });

  it('pauses a run in its child process and resumes it to the same result', async () => {
    const config = { epochs: 150, patience: 0, arch: 'hard-sharing' as const, seed: 5 };
    const pause = new PauseControl();
    const arrivals: number[] = [];
    let pausedAt = 0;
    let resumedAt = 0;
    const paused = await trainRun(
      store,
      { datasetId, config },
      {
        pause,
        onEpoch: (_id, record) => {
          arrivals.push(Date.now());
          if (record.epoch !== 3) return;
          pause.pause();
          pausedAt = Date.now();
          setTimeout(() => {
            resumedAt = Date.now();
            pause.resume();
          }, 1500);
        },
      },
    );
    expect(paused.status).toBe('completed');
    expect(resumedAt).toBeGreaterThan(pausedAt);
    // The pause reaches the child within a few epochs (≈ 0.1 s); after that, nothing arrives
    // until the resume.
    const during = arrivals.filter((t) => t > pausedAt + 500 && t < resumedAt);
    expect(during).toHaveLength(0);
    expect(arrivals).toHaveLength(150);
    // Same seed without a pause: the same model (the pause kept every state).
    const plain = await trainRun(store, { datasetId, config });
    expect(paused.results).toEqual(plain.results);
  });

  it('rejects a bad configuration before creating a run, naming the field and value', async () => {
    const before = (await store.training.listRuns()).length;
    await expect(trainRun(store, { datasetId, config: { learningRate: -1 } })).rejects.toThrow(
      /learningRate = -1/,
    );
    expect(await store.training.listRuns()).toHaveLength(before);
  });
});
