/**
 * The project store's runs: saving a run's epochs, results, predictions and checkpoints,
 * deleting a dataset with its runs, and runs or cross-validations a process left running when
 * it died. Split from projectStore.test.ts (datasets, tasks, splits, opening). Expected values
 * are the rows written by each test, read back.
 */
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Database } from '../../src/main/store/database';
import { ProjectStore, type StoredPredictions } from '../../src/main/store/projectStore';
import { DEFAULT_TRAIN_CONFIG, type EpochRecord, type TaskMetrics } from '../../src/shared/domain';
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

/** A dataset with one task and a split, ready for runs. */
async function prepareRun(s: ProjectStore = store) {
  const dataset = await importIris(s);
  await s.tasks.create({
    datasetId: dataset.id,
    name: 'Species',
    targetColumn: 'species',
    classes: ['setosa', 'versicolor', 'virginica'],
    kind: 'multiclass',
    weight: 2,
  });
  await s.tasks.create({
    datasetId: dataset.id,
    name: 'Big',
    targetColumn: 'is big',
    classes: ['0', '1'],
    kind: 'binary',
    weight: null,
  });
  const split = await s.splits.create({
    datasetId: dataset.id,
    seed: 3,
    fractions: { train: 0.6, validation: 0.2, test: 0.2 },
    stratifiedOn: null,
    rowIds: [1, 2, 3, 4, 5],
    assignment: ['train', 'train', 'test', 'validation', 'test'],
  });
  const run = await s.training.createRun({
    datasetId: dataset.id,
    splitId: split.id,
    tasks: ['Species', 'Big'],
    config: { ...DEFAULT_TRAIN_CONFIG, hiddenUnits: [8], epochs: 3 },
  });
  return { dataset, split, run };
}

function metrics(accuracy: number): TaskMetrics {
  return {
    n: 2,
    accuracy,
    balancedAccuracy: accuracy,
    macroF1: 0.5,
    rocAuc: null,
    logLoss: 0.69,
    perClass: [{ label: 'a', precision: 1, recall: 0.5, f1: 0.66, support: 2 }],
    confusion: [
      [1, 1],
      [0, 0],
    ],
  };
}

/** Float32 values that do not survive a trip through float64 text or a lossy conversion. */
function trickyFloats(n: number): Float32Array {
  const values = new Float32Array(n);
  for (let i = 0; i < n; i++) values[i] = Math.fround(1 / (i + 3)) + i * 1e-7;
  values[0] = -0;
  if (n > 1) values[1] = 1.4e-45; // smallest denormal
  return values;
}

describe('runs', () => {
  it('creates, patches, lists and records epochs', async () => {
    const { dataset, split, run } = await prepareRun();
    expect(run).toMatchObject({
      datasetId: dataset.id,
      splitId: split.id,
      tasks: ['Species', 'Big'],
      status: 'queued',
      backend: null,
      startedAt: null,
      finishedAt: null,
      error: null,
      bestEpoch: null,
      results: null,
    });
    expect(run.config).toEqual({ ...DEFAULT_TRAIN_CONFIG, hiddenUnits: [8], epochs: 3 });

    await store.training.updateRun(run.id, {
      status: 'running',
      backend: 'wasm',
      startedAt: '2025-01-01T00:00:00.000Z',
    });
    await store.training.updateRun(run.id, {
      status: 'failed',
      error: 'out of memory',
      bestEpoch: 2,
    });
    expect(await store.training.getRun(run.id)).toMatchObject({
      status: 'failed',
      backend: 'wasm',
      startedAt: '2025-01-01T00:00:00.000Z',
      error: 'out of memory',
      bestEpoch: 2,
    });
    await store.training.updateRun(run.id, { error: null });
    expect((await store.training.getRun(run.id)).error).toBeNull();
    await expect(store.training.updateRun(999, { status: 'running' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });

    const epoch = (n: number, valLoss: number): EpochRecord => ({
      epoch: n,
      trainLoss: 1 / n,
      valLoss,
      tasks: { Species: { trainLoss: 0.5, valLoss, valAccuracy: 0.5, valMacroF1: 0.4 } },
      seconds: 0.25,
    });
    await store.training.addEpoch(run.id, epoch(2, Number.NaN));
    await store.training.addEpoch(run.id, epoch(1, Infinity));
    const epochs = await store.training.listEpochs(run.id);
    expect(epochs.map((e) => e.epoch)).toEqual([1, 2]);
    expect(epochs[0].valLoss).toBe(Infinity);
    expect(epochs[1].valLoss).toBeNaN();
    expect(epochs[1].tasks.Species.valLoss).toBeNaN();
    expect(epochs[0]).toEqual(epoch(1, Infinity));
    await expect(store.training.addEpoch(run.id, epoch(1, 0))).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
    await expect(store.training.addEpoch(999, epoch(1, 0))).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });

    const second = await store.training.createRun({
      datasetId: dataset.id,
      splitId: split.id,
      tasks: ['Big'],
      config: DEFAULT_TRAIN_CONFIG,
    });
    expect((await store.training.listRuns()).map((r) => r.id)).toEqual([run.id, second.id]);
    expect((await store.training.listRuns(dataset.id + 1)).length).toBe(0);
    await expect(
      store.training.createRun({
        datasetId: dataset.id,
        splitId: split.id,
        tasks: ['Nope'],
        config: DEFAULT_TRAIN_CONFIG,
      }),
    ).rejects.toMatchObject({ code: 'TASK_INVALID' });
  });

  it('saves results, predictions and the model in one piece and reads them back bit-exactly', async () => {
    const { run } = await prepareRun();
    const speciesProbs = trickyFloats(2 * 3);
    const bigProbs = trickyFloats(2 * 2).map((v) => 1 - v);
    const predictions: StoredPredictions[] = [
      // Given in descending row order: they come back ascending, each row with its own probs.
      { task: 'Species', rowIds: [5, 3], probs: speciesProbs, numClasses: 3 },
      { task: 'Big', rowIds: [3, 5], probs: bigProbs, numClasses: 2 },
    ];
    const weightValues = trickyFloats(7);
    // A view with a non-zero offset, as engines hand them out.
    const backing = new Uint8Array(4 + weightValues.byteLength);
    backing.set(new Uint8Array(weightValues.buffer), 4);
    const weights = backing.subarray(4);
    const model = {
      runId: run.id,
      topology: { trunk: [8], heads: { Species: 3, Big: 2 } },
      preprocessing: { mean: [5.8, Number.NaN], categories: { species: ['a'] } },
      weightSpecs: [
        { name: 'trunk/kernel', shape: [2, 3] },
        { name: 'trunk/bias', shape: [1] },
      ],
      weights,
    };
    const results = { Species: metrics(0.5), Big: metrics(1) };
    await store.training.saveResults(run.id, results, predictions, model);

    expect((await store.training.getRun(run.id)).results).toEqual(results);
    expect(Object.keys((await store.training.listRuns())[0].results ?? {})).toEqual([
      'Species',
      'Big',
    ]);

    const species = await store.evaluation.getPredictions(run.id, 'Species');
    expect(species.rowIds).toEqual([3, 5]);
    expect(species.numClasses).toBe(3);
    const expectedSpecies = new Float32Array([
      ...speciesProbs.slice(3, 6),
      ...speciesProbs.slice(0, 3),
    ]);
    expect(Buffer.from(species.probs.buffer).equals(Buffer.from(expectedSpecies.buffer))).toBe(
      true,
    );
    const big = await store.evaluation.getPredictions(run.id, 'Big');
    expect(Buffer.from(big.probs.buffer).equals(Buffer.from(bigProbs.buffer))).toBe(true);
    expect(Object.is(species.probs[3], -0)).toBe(true);

    const stored = await store.training.getModel(run.id);
    expect(stored.weights).toBeInstanceOf(Uint8Array);
    expect(stored.weights.byteOffset).toBe(0);
    expect(Buffer.from(stored.weights).equals(Buffer.from(weights))).toBe(true);
    expect(new Float32Array(stored.weights.buffer)).toEqual(weightValues);
    expect(stored.topology).toEqual(model.topology);
    expect(stored.preprocessing).toEqual(model.preprocessing);
    expect(stored.weightSpecs).toEqual(model.weightSpecs);

    // Saving again replaces the earlier results.
    await store.training.saveResults(run.id, { Big: metrics(0.25) }, [predictions[1]], model);
    expect((await store.training.getRun(run.id)).results).toEqual({ Big: metrics(0.25) });
    await expect(store.evaluation.getPredictions(run.id, 'Species')).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it('saves nothing when saving results fails midway', async () => {
    const { run } = await prepareRun();
    const model = {
      runId: run.id,
      topology: {},
      preprocessing: {},
      weightSpecs: [{ name: 'w', shape: [1] }],
      weights: new Uint8Array(4),
    };
    // A repeated row id fails inside the transaction, after the results were written.
    const bad: StoredPredictions = {
      task: 'Big',
      rowIds: [3, 3],
      probs: new Float32Array(4),
      numClasses: 2,
    };
    await expect(
      store.training.saveResults(run.id, { Big: metrics(1) }, [bad], model),
    ).rejects.toMatchObject({ code: 'STORE' });
    expect((await store.training.getRun(run.id)).results).toBeNull();
    await expect(store.training.getModel(run.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });

    await expect(
      store.training.saveResults(run.id, {}, [], { ...model, weights: new Uint8Array(3) }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(
      store.training.saveResults(run.id, {}, [{ ...bad, rowIds: [3] }], model),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });
  it('a resumed run starts later by the time it spent stopped, so finished − started is its time trained', async () => {
    const { run } = await prepareRun();
    // Trained 10 s, stopped an hour ago: resumed now, it has 10 s behind it (hand-computed:
    // started_at = stopped start + (now − finished_at) = now − 10 s).
    const hourAgo = Date.now() - 3_600_000;
    await store.training.updateRun(run.id, {
      status: 'cancelled',
      startedAt: new Date(hourAgo - 10_000).toISOString(),
      finishedAt: new Date(hourAgo).toISOString(),
    });
    await store.training.checkpoints.save(run.id, 2, Uint8Array.from([1]));
    const before = Date.now();
    await store.training.checkpoints.reopenRun(run.id, 2);
    const after = Date.now();
    const reopened = await store.training.getRun(run.id);
    expect(reopened.finishedAt).toBeNull();
    expect(reopened.startedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    const started = Date.parse(reopened.startedAt!);
    expect(started).toBeGreaterThanOrEqual(before - 10_000 - 2);
    expect(started).toBeLessThanOrEqual(after - 10_000 + 2);

    // A run a crash left without an end time keeps its start (the stop is unknown).
    const crashedStart = new Date(hourAgo).toISOString();
    await rawDb(store).run(
      "UPDATE runs SET status = 'interrupted', started_at = ?, finished_at = NULL WHERE id = ?",
      [crashedStart, run.id],
    );
    await store.training.checkpoints.reopenRun(run.id, 2);
    expect((await store.training.getRun(run.id)).startedAt).toBe(crashedStart);
  });
});

describe('deleting a dataset', () => {
  it('cascades to everything that belongs to it and leaves other datasets alone', async () => {
    const { dataset, run } = await prepareRun();
    const other = await importIris();
    await store.training.saveResults(
      run.id,
      { Big: metrics(1) },
      [{ task: 'Big', rowIds: [3], probs: new Float32Array([0.5, 0.5]), numClasses: 2 }],
      {
        runId: run.id,
        topology: {},
        preprocessing: {},
        weightSpecs: [],
        weights: new Uint8Array(0),
      },
    );
    await store.training.addEpoch(run.id, {
      epoch: 1,
      trainLoss: 1,
      valLoss: 1,
      tasks: {},
      seconds: 1,
    });
    const db = rawDb(store);
    const { lastID: assetId } = await db.run(
      "INSERT INTO assets (dataset_id, row_id, column_name, mime, byte_size) VALUES (?, 1, 'note', 'image/png', 1)",
      [dataset.id],
    );
    await db.run("INSERT INTO asset_originals (asset_id, data) VALUES (?, x'00')", [assetId]);
    await db.run("INSERT INTO asset_pixels (asset_id, pixels) VALUES (?, x'00')", [assetId]);
    await db.run(
      "INSERT INTO asset_settings (dataset_id, column_name, height, width, channels, colour, fit) VALUES (?, 'note', 1, 1, 1, 'grey', 'cover')",
      [dataset.id],
    );
    await db.run(
      "INSERT INTO label_events (dataset_id, row_id, column_name, old_value, new_value, at) VALUES (?, 1, 'species', 'a', 'b', '2025-01-01T00:00:00Z')",
      [dataset.id],
    );
    // A queued or running run blocks the delete (DATASET_IN_TRAINING): this one has ended.
    await store.training.updateRun(run.id, { status: 'completed' });

    await store.datasets.delete(dataset.id);

    expect((await store.datasets.list()).map((d) => d.id)).toEqual([other.id]);
    expect(await tableNames(store)).not.toContain(`rows_${dataset.id}`);
    for (const table of [
      'tasks',
      'splits',
      'split_rows',
      'runs',
      'run_epochs',
      'run_results',
      'run_prediction_sets',
      'run_predictions',
      'models',
      'assets',
      'asset_originals',
      'asset_pixels',
      'asset_settings',
      'label_events',
    ]) {
      expect(await db.get(`SELECT COUNT(*) AS n FROM ${table}`), table).toEqual({ n: 0 });
    }
    expect(await db.get('SELECT COUNT(*) AS n FROM columns')).toEqual({
      n: other.columns.length,
    });
    expect((await store.datasets.readColumns(other.id, ['species'])).rowIds.length).toBe(5);
    await expect(store.datasets.get(dataset.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(store.datasets.delete(dataset.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('runs left running by a process that died', () => {
  it('are marked failed when the project is opened again; live runs are kept', async () => {
    const { dir, cleanup } = await makeTempDir();
    const path = join(dir, 'runs.mtlproj');
    try {
      let store = await ProjectStore.open(path, { create: true });
      const ds = await store.datasets.create(irisLikeDataset(), rowSource(irisRows));
      const split = await store.splits.create({
        datasetId: ds.id,
        seed: 1,
        fractions: { train: 0.5, validation: 0.25, test: 0.25 },
        stratifiedOn: null,
        rowIds: irisRows.map((_, i) => i + 1),
        assignment: irisRows.map((_, i) => (['train', 'validation', 'test'] as const)[i % 3]),
      });
      await store.tasks.create({
        datasetId: ds.id,
        name: 'species',
        targetColumn: 'species',
        classes: ['setosa', 'virginica'],
        kind: 'binary',
        weight: null,
      });
      const request = {
        datasetId: ds.id,
        splitId: split.id,
        tasks: ['species'],
        config: DEFAULT_TRAIN_CONFIG,
      };
      const dead = await store.training.createRun(request);
      const alive = await store.training.createRun(request);
      await store.training.updateRun(dead.id, { status: 'running' });
      await store.training.updateRun(alive.id, { status: 'running' });
      await store.close();
      // Pretend a process that no longer exists trained run `dead`: a pid above any Linux pid_max.
      const db = await Database.open(path, { create: false });
      await db.run('UPDATE runs SET owner_pid = ? WHERE id = ?', [2 ** 30, dead.id]);
      await db.close();

      store = await ProjectStore.open(path);
      expect(await store.training.getRun(dead.id)).toMatchObject({
        status: 'interrupted',
        error: expect.stringMatching(/Interrupted/),
      });
      expect((await store.training.getRun(alive.id)).status).toBe('running'); // this very process owns it
      await store.close();
    } finally {
      await cleanup();
    }
  });
});

describe('cross-validations left running by a process that died', () => {
  it('are interrupted between folds and without owner; one run by a live process is kept', async () => {
    const { dir, cleanup } = await makeTempDir();
    const path = join(dir, 'cv.mtlproj');
    try {
      let store = await ProjectStore.open(path, { create: true });
      const ds = await store.datasets.create(irisLikeDataset(), rowSource(irisRows));
      const rowIds = irisRows.map((_, i) => i + 1);
      const scheme = await store.splits.createFoldScheme({
        datasetId: ds.id,
        k: 3,
        repeats: 1,
        seed: 1,
        validationFraction: 0.25,
        stratifiedOn: [],
        rowIds,
        folds: [0, 1, 2].map((fold) => ({
          repeat: 0,
          fold,
          assignment: rowIds.map((_, i) =>
            i % 3 === fold ? 'test' : i % 4 === 0 ? 'validation' : 'train',
          ),
        })),
      });
      await store.tasks.create({
        datasetId: ds.id,
        name: 'species',
        targetColumn: 'species',
        classes: ['setosa', 'virginica'],
        kind: 'binary',
        weight: null,
      });
      const method = { kind: 'fixed', config: DEFAULT_TRAIN_CONFIG } as const;
      const cv = () =>
        store.evaluation.createCrossValidation({ schemeId: scheme.id, tasks: ['species'], method });
      // Killed between two folds: fold 0 completed, fold 1 not started, no run in flight.
      const betweenFolds = await cv();
      const fold0 = await store.training.createRun({
        datasetId: ds.id,
        splitId: scheme.folds[0].splitId,
        tasks: ['species'],
        config: DEFAULT_TRAIN_CONFIG,
      });
      await store.training.updateRun(fold0.id, { status: 'completed' });
      await store.evaluation.addFoldRun(betweenFolds.id, 0, 0, fold0.id);
      // Run by another live process on this machine (a CLI in another terminal): the parent.
      const otherLive = await cv();
      // From before v12 with no fold run linked (before v11 one was linked on completion).
      const ownerless = await cv();
      await store.close();
      const db = await Database.open(path, { create: false });
      // A pid above any Linux pid_max: a process that no longer exists.
      await db.run('UPDATE cv_evaluations SET owner_pid = ? WHERE id = ?', [
        2 ** 30,
        betweenFolds.id,
      ]);
      await db.run('UPDATE cv_evaluations SET owner_pid = ? WHERE id = ?', [
        process.ppid,
        otherLive.id,
      ]);
      await db.run('UPDATE cv_evaluations SET owner_pid = NULL, owner_host = NULL WHERE id = ?', [
        ownerless.id,
      ]);
      await db.close();

      store = await ProjectStore.open(path);
      expect(await store.evaluation.crossValidation(betweenFolds.id)).toMatchObject({
        status: 'interrupted',
        error: expect.stringMatching(/Interrupted.*pid 1073741824/),
        finishedAt: expect.any(String),
      });
      expect((await store.evaluation.crossValidation(otherLive.id)).status).toBe('running');
      expect((await store.evaluation.crossValidation(ownerless.id)).status).toBe('interrupted');
      expect((await store.training.getRun(fold0.id)).status).toBe('completed');
      await store.close();
    } finally {
      await cleanup();
    }
  });
});
