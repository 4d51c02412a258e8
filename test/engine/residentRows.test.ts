/**
 * Training rows resident in the fused kernel's memory (engine/kernel/residentRows.ts,
 * rows.as.ts): the kernel gathers each batch itself from the epoch's order instead of the
 * trainer assembling it in JavaScript. The reference is the batch-source path the
 * streaming sources still take (engine/batches.ts epoch(): gatherRows, gatherLabels), which
 * fusedKernel.test.ts checks against tfjs autodiff: the same batches in the same order must
 * give bit-identical losses and weights, not merely close ones. The gather itself is checked
 * against a gather computed by hand.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../src/main/engine/backend';
import { inMemoryBatches, type BatchSource } from '../../src/main/engine/batches';
import {
  kernelModule,
  profileKernels,
  type KernelProfile,
} from '../../src/main/engine/kernel/fusedKernel';
import type { KernelExports } from '../../src/main/engine/kernel/wasmModule';
import { mulberry32 } from '../../src/main/engine/random';
import {
  trainFromSource,
  type TrainingData,
  type TrainOptions,
  type TrainOutcome,
} from '../../src/main/engine/trainer';
import type { TrainConfig } from '../../src/shared/domain';
import { testConfig } from './synthetic';

beforeAll(async () => {
  await selectBackend('wasm');
});

interface WasmApi {
  Memory: new (d: { initial: number; maximum: number; shared: boolean }) => {
    buffer: ArrayBufferLike;
  };
  Instance: new (module: unknown, imports: object) => { exports: Record<string, unknown> };
}

const TASKS = [
  { name: 'three', classes: ['a', 'b', 'c'] },
  { name: 'two', classes: ['n', 'y'] },
];

/**
 * 7 features (padded to 8 in the kernel), 2 tasks; "two" misses all but every 29th label
 * (many batches have none of it), "three" every 5th. Rows 0…199 train, 200…249 validate.
 */
function table(): TrainingData {
  const n = 250;
  const d = 7;
  const r = mulberry32(11);
  const features = Float32Array.from({ length: n * d }, () => r() * 2 - 1);
  const x = (i: number, j: number) => features[i * d + j];
  return {
    features,
    numFeatures: d,
    labels: [
      Int32Array.from({ length: n }, (_, i) =>
        i % 5 === 0 ? -1 : x(i, 0) + 0.5 * x(i, 3) > 0.3 ? 2 : x(i, 0) > -0.3 ? 1 : 0,
      ),
      Int32Array.from({ length: n }, (_, i) => (i % 29 !== 0 ? -1 : x(i, 1) > 0 ? 1 : 0)),
    ],
    train: Int32Array.from({ length: 200 }, (_, i) => i),
    validation: Int32Array.from({ length: 50 }, (_, i) => 200 + i),
  };
}

/** The same in-memory batches without `resident`: the trainer assembles them in JavaScript. */
function assembled(source: BatchSource): BatchSource {
  return {
    classCounts: source.classCounts,
    rows: source.rows,
    order: source.order,
    epoch: (batchSize, random) => source.epoch(batchSize, random),
  };
}

/** Trains on `set` through the resident path or the assembled one; counts gatherBatch calls. */
async function train(
  set: TrainingData,
  config: TrainConfig,
  resident: boolean,
  extra: Partial<TrainOptions> = {},
): Promise<{ outcome: TrainOutcome; gathers: number }> {
  const batches = inMemoryBatches(set);
  const sink: KernelProfile = new Map();
  profileKernels(sink);
  try {
    const outcome = await trainFromSource(
      {
        numFeatures: set.numFeatures,
        batches: resident ? batches : assembled(batches),
        validation: { features: set.features, labels: set.labels, rows: set.validation },
      },
      { tasks: TASKS, config, ...extra },
    );
    return { outcome, gathers: sink.get('gatherBatch')?.calls ?? 0 };
  } finally {
    profileKernels(null);
  }
}

/** Epoch records without their timing, and every weight, as plain values. */
function result(outcome: TrainOutcome) {
  return {
    epochs: outcome.epochs.map((e) => ({ ...e, seconds: 0 })),
    bestEpoch: outcome.bestEpochPerTask,
    weights: outcome.network.weights.map((w) => Array.from(w.variable.dataSync())),
  };
}

// Batch 24 over 200 training rows: 9 batches, the last of 8 rows.
const base = (over: Partial<TrainConfig>) =>
  testConfig({ epochs: 4, batchSize: 24, hiddenUnits: [12, 8], ...over });

describe('resident training rows', () => {
  it('gatherBatch copies the ordered rows, zero-pads them and gathers every task’s labels (by hand)', () => {
    const loaded = kernelModule();
    if ('unavailable' in loaded) throw new Error(loaded.unavailable);
    const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;
    const memory = new wasm.Memory({ initial: 2, maximum: 2, shared: false });
    const ops = new wasm.Instance(loaded.module, { env: { memory, abort: () => {} } })
      .exports as unknown as KernelExports;
    const f32 = new Float32Array(memory.buffer);
    const i32 = new Int32Array(memory.buffer);
    // 4 rows of 3 features: row r = [10r, 10r + 1, 10r + 2]; labels a = [5, 6, 7, 8],
    // b = [−1, 1, −1, 0]; order [3, 0, 2, 1]; gather positions 1…2 = rows 0 and 2.
    const base = Math.max(1024, (loaded.heapBase + 15) & ~15);
    const [features, order, x, la, lb, ba, bb, labelTable, batchTable] = [
      0, 64, 128, 192, 256, 320, 384, 448, 512,
    ].map((o) => base + o);
    f32.set([0, 1, 2, 10, 11, 12, 20, 21, 22, 30, 31, 32], features >> 2);
    i32.set([3, 0, 2, 1], order >> 2);
    i32.set([5, 6, 7, 8], la >> 2);
    i32.set([-1, 1, -1, 0], lb >> 2);
    i32.set([la, lb], labelTable >> 2);
    i32.set([ba, bb], batchTable >> 2);
    f32.fill(NaN, x >> 2, (x >> 2) + 12);
    i32.fill(99, ba >> 2, (ba >> 2) + 3);
    i32.fill(99, bb >> 2, (bb >> 2) + 3);
    ops.gatherBatch(features, 3, 4, order, 1, 2, x, labelTable, batchTable, 2);
    // Two rows of stride 4; the third row of the block is untouched.
    expect(Array.from(f32.subarray(x >> 2, (x >> 2) + 8))).toEqual([0, 1, 2, 0, 20, 21, 22, 0]);
    expect(f32[(x >> 2) + 8]).toBeNaN();
    expect(Array.from(i32.subarray(ba >> 2, (ba >> 2) + 3))).toEqual([5, 7, 99]);
    expect(Array.from(i32.subarray(bb >> 2, (bb >> 2) + 3))).toEqual([-1, -1, 99]);
  });

  const cases: [string, Partial<TrainConfig>][] = [
    ['hard sharing, dropout, balanced class weights', { dropout: 0.2, classWeights: 'balanced' }],
    ['MMoE with PCGrad (one pass per task)', { arch: 'mmoe', weighting: 'pcgrad', dropout: 0.1 }],
    [
      'uncertainty weighting (loose parameters), L2',
      { weighting: 'uncertainty', weightDecay: 1e-3 },
    ],
    ['single-task networks with early stopping', { arch: 'single-task', patience: 2, epochs: 8 }],
  ];
  for (const [name, over] of cases) {
    it(`gives bit-identical losses and weights to JS-assembled batches: ${name}`, async () => {
      const set = table();
      const config = base(over);
      const resident = await train(set, config, true);
      const reference = await train(set, config, false);
      expect(resident.outcome.stepEngine).toBe('fused-kernel');
      expect(reference.outcome.stepEngine).toBe('fused-kernel');
      // The resident path gathered every batch (9 an epoch) and, without gates (MMoE's go
      // through tfjs), the 50 validation rows (3 chunks of 24 an epoch); the reference none.
      const validation = config.arch === 'mmoe' ? 0 : 3;
      expect(resident.gathers).toBe((9 + validation) * resident.outcome.epochs.length);
      expect(reference.gathers).toBe(0);
      expect(result(resident.outcome)).toEqual(result(reference.outcome));
      expect(Number.isFinite(resident.outcome.epochs[0].trainLoss)).toBe(true);
      resident.outcome.network.dispose();
      reference.outcome.network.dispose();
    });
  }

  it('continues bit for bit on the assembled path from a checkpoint the resident path wrote', async () => {
    const set = table();
    const config = base({ dropout: 0.2, epochs: 4 });
    const saved = new Map<number, Uint8Array>();
    const full = await train(set, config, true, {
      checkpoints: {
        fingerprint: 'resident',
        policy: { everyEpochs: 1, minSeconds: 0 },
        onCheckpoint: (bytes, epoch) => void saved.set(epoch, bytes),
      },
    });
    expect(saved.has(2)).toBe(true);
    const resumed = await train(set, config, false, {
      checkpoints: { fingerprint: 'resident', resumeFrom: saved.get(2) },
    });
    expect(result(resumed.outcome)).toEqual(result(full.outcome));
    full.outcome.network.dispose();
    resumed.outcome.network.dispose();
  });
});
