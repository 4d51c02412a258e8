/**
 * Streaming training from the store: chunks of rows, preprocessing fitted on training rows
 * only, bounded validation sample; learns as in-memory training does.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../src/main/engine/backend';
import { mulberry32 } from '../../src/main/engine/random';
import { stratifiedSplit } from '../../src/main/engine/split';
import { trainStreaming } from '../../src/main/engine/streaming';
import { predictProbabilities } from '../../src/main/engine/trainer';
import type { CellValue } from '../../src/main/store/projectStore';
import { ProjectStore } from '../../src/main/store/projectStore';
import { DEFAULT_TRAIN_CONFIG } from '../../src/shared/domain';
import { emptyProfile, makeTempDir } from '../store/helpers';

let store: ProjectStore;
let cleanup: () => Promise<void>;
let datasetId: number;
let splitId: number;
const N = 1200;
const x1: number[] = [];

beforeAll(async () => {
  await selectBackend('auto');
  const tmp = await makeTempDir();
  cleanup = tmp.cleanup;
  store = await ProjectStore.open(`${tmp.dir}/stream.mtlproj`, { create: true });
  const r = mulberry32(4);
  const rows: CellValue[][] = [];
  for (let i = 0; i < N; i++) {
    const a = r() * 2 - 1;
    const b = r() * 2 - 1;
    x1.push(a * 10 + 5);
    // Task "s" = sign of a; task "t" = sign of a + b, missing on every 4th row.
    rows.push([
      a * 10 + 5,
      b,
      a > 0 ? 'pos' : 'neg',
      i % 4 === 0 ? null : a + b > 0 ? 'yes' : 'no',
    ]);
  }
  const col = (
    index: number,
    name: string,
    type: 'numeric' | 'categorical',
    role: 'input' | 'target',
  ) => ({
    index,
    name,
    type,
    role,
    profile: emptyProfile,
  });
  const ds = await store.datasets.create(
    {
      name: 'synthetic',
      sourceName: 'synthetic.csv',
      encoding: 'utf-8',
      delimiter: ',',
      columns: [
        col(0, 'x1', 'numeric', 'input'),
        col(1, 'x2', 'numeric', 'input'),
        col(2, 's', 'categorical', 'target'),
        col(3, 't', 'categorical', 'target'),
      ],
    },
    (async function* () {
      yield* rows;
    })(),
  );
  datasetId = ds.id;
  const assignment = stratifiedSplit(
    N,
    rows.map((row) => row[2] as string),
    { train: 0.7, validation: 0.15, test: 0.15 },
    1,
  );
  splitId = (
    await store.splits.create({
      datasetId,
      seed: 1,
      fractions: { train: 0.7, validation: 0.15, test: 0.15 },
      stratifiedOn: 's',
      rowIds: rows.map((_, i) => i + 1),
      assignment,
    })
  ).id;
});
afterAll(async () => {
  await store.close();
  await cleanup();
});

describe('trainStreaming', () => {
  it('fits preprocessing on training rows across chunks and learns both tasks', async () => {
    const out = await trainStreaming(
      {
        store,
        datasetId,
        splitId,
        inputs: [
          { name: 'x1', type: 'numeric' },
          { name: 'x2', type: 'numeric' },
        ],
        targets: [
          { task: { name: 's', classes: ['neg', 'pos'] }, column: 's', type: 'categorical' },
          { task: { name: 't', classes: ['no', 'yes'] }, column: 't', type: 'categorical' },
        ],
        chunkRows: 250, // 5 chunks
        maxValidationRows: 100,
      },
      {
        tasks: [
          { name: 's', classes: ['neg', 'pos'] },
          { name: 't', classes: ['no', 'yes'] },
        ],
        config: { ...DEFAULT_TRAIN_CONFIG, epochs: 25, patience: 0, batchSize: 32 },
      },
    );
    // Independent check of the fitted mean of x1: over the training rows only, in memory.
    const { assignment } = await store.splits.assignment(splitId);
    const trainX1 = x1.filter((_, i) => assignment[i] === 'train');
    const mean = trainX1.reduce((a, b) => a + b, 0) / trainX1.length;
    const enc = out.preprocessing.encoders[0];
    expect(enc.kind === 'numeric' && enc.mean).toBeCloseTo(mean, 9);
    expect(out.trainRows).toBe(trainX1.length);
    // Scored on fresh rows drawn from the same rule: both tasks are linearly separable.
    const { features } = {
      features: new Float32Array([
        (0.5 * 10 + 5 - mean) / (enc.kind === 'numeric' ? enc.std : 1),
        0.3,
      ]),
    };
    const probs = predictProbabilities(out.network, features, 2, [0]);
    expect(probs[0][1]).toBeGreaterThan(0.8); // a = 0.5 > 0 → "pos"
    expect(probs[1][1]).toBeGreaterThan(0.8); // a + b = 0.8 > 0 → "yes"
    const last = out.epochs.at(-1)!;
    expect(last.tasks.s.valAccuracy).toBeGreaterThan(0.9);
    out.network.dispose();
  });
});
