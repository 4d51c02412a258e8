import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../src/main/engine/backend';
import { deserializeNetwork, serializeWeights } from '../../src/main/engine/modelIO';
import {
  maskedCrossEntropy,
  oneHotBatch,
  predictProbabilities,
  trainNetwork,
} from '../../src/main/engine/trainer';
import { synthetic, testConfig, TWO_TASKS } from './synthetic';

const tasks = TWO_TASKS;
const config = testConfig;

beforeAll(async () => {
  await selectBackend('auto');
});

describe('masked cross-entropy', () => {
  it('ignores rows without a label (hand computation)', () => {
    // Logits [0, 0] give p = 0.5 per class: CE = ln 2 for every labelled row. The unlabelled
    // row has huge logits that would dominate the loss if it were not masked.
    const { values, count } = oneHotBatch(Int32Array.from([0, -1, 1]), [0, 1, 2], 2);
    expect(count).toBe(2);
    const loss = tf.tidy(
      () =>
        maskedCrossEntropy(
          tf.tensor2d([0, 0, 50, -50, 0, 0], [3, 2]),
          tf.tensor2d(values, [3, 2]),
          count,
        ).dataSync()[0],
    );
    expect(loss).toBeCloseTo(Math.LN2, 6);
  });
});

describe('trainNetwork', () => {
  // Both step engines: the fused kernel (default here) and tfjs kernels (tfjs-node, or
  // when the kernel file is missing).
  for (const [arch, kernel] of [
    ['hard-sharing', 'auto'],
    ['single-task', 'auto'],
    ['hard-sharing', 'off'],
    ['single-task', 'off'],
  ] as const) {
    it(`${arch} learns a synthetic two-task problem well above chance (kernel ${kernel})`, async () => {
      const data = synthetic(500, 11);
      const out = await trainNetwork(data, { tasks, config: config({ arch }), kernel });
      const test = Int32Array.from({ length: 100 }, (_, i) => 400 + i);
      const probs = predictProbabilities(out.network, data.features, 2, test);
      tasks.forEach((_, t) => {
        let correct = 0;
        let n = 0;
        test.forEach((row, i) => {
          const y = data.labels[t][row];
          if (y < 0) return;
          n++;
          if ((probs[t][2 * i + 1] > 0.5 ? 1 : 0) === y) correct++;
        });
        // Chance is about 0.5; both tasks are linearly separable.
        expect(correct / n).toBeGreaterThan(0.9);
      });
      out.network.dispose();
    });
  }

  it('does not leak tensors across epochs, and frees everything once disposed', async () => {
    const before = tf.memory().numTensors;
    const counts: number[] = [];
    const out = await trainNetwork(synthetic(200, 2), {
      tasks,
      config: config({ epochs: 6 }),
      onEpoch: () => {
        counts.push(tf.memory().numTensors);
      },
    });
    // Epoch 1 allocates Adam's moments and the best-weights snapshot; after that, flat.
    expect(new Set(counts.slice(1)).size).toBe(1);
    out.network.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('is reproducible from its seed', async () => {
    const run = async (seed: number) => {
      const out = await trainNetwork(synthetic(200, 5), {
        tasks,
        config: config({ epochs: 3, seed }),
      });
      const w = Array.from(serializeWeights(out.network).weights);
      out.network.dispose();
      return w;
    };
    const first = await run(1);
    expect(await run(1)).toEqual(first);
    expect(await run(2)).not.toEqual(first);
  });

  it('single-task: names each task whose network stops early, at the epoch it stops', async () => {
    // Patience 2 on 40 epochs: the two independent networks stop on their own.
    const out = await trainNetwork(synthetic(300, 9), {
      tasks,
      config: config({ arch: 'single-task', epochs: 40, patience: 2 }),
    });
    out.network.dispose();
    const stops = out.epochs.flatMap((e) =>
      Object.entries(e.stoppedTasks ?? {}).map(([task, s]) => ({ task, at: e.epoch, ...s })),
    );
    expect(stops.map((s) => s.task).sort()).toEqual(tasks.map((t) => t.name).sort());
    for (const stop of stops) {
      // The epoch it stops is its last record; it kept its best epoch (patience 2 before).
      const recorded = out.epochs.filter((e) => e.tasks[stop.task]).map((e) => e.epoch);
      expect(Math.max(...recorded)).toBe(stop.at);
      expect(stop.bestEpoch).toBe(out.bestEpochPerTask[stop.task]);
      expect(stop.at - stop.bestEpoch).toBe(2);
      const kept = out.epochs.find((e) => e.epoch === stop.bestEpoch)!;
      expect(stop.valMacroF1).toBe(kept.tasks[stop.task].valMacroF1);
    }
    // A shared network stops as a whole: no per-task stop is recorded.
    const shared = await trainNetwork(synthetic(300, 9), {
      tasks,
      config: config({ epochs: 40, patience: 2 }),
    });
    shared.network.dispose();
    expect(shared.epochs.some((e) => e.stoppedTasks)).toBe(false);
  });

  it('restores the best epoch and round-trips weights bit-exactly', async () => {
    const data = synthetic(300, 9);
    const out = await trainNetwork(data, { tasks, config: config({ epochs: 8, patience: 3 }) });
    const best = out.epochs.reduce((b, e) => (e.valLoss < b.valLoss ? e : b));
    expect(out.bestEpoch).toBe(best.epoch);
    const saved = serializeWeights(out.network);
    const topology = {
      version: 1 as const,
      arch: 'hard-sharing' as const,
      inputDim: 2,
      tasks,
      config: config(),
    };
    const reloaded = deserializeNetwork(topology, saved);
    const rows = Int32Array.from({ length: 50 }, (_, i) => i);
    expect(predictProbabilities(reloaded, data.features, 2, rows)).toEqual(
      predictProbabilities(out.network, data.features, 2, rows),
    );
    reloaded.dispose();
    out.network.dispose();
  });

  it('stops between mini-batches when cancelled', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(
      trainNetwork(synthetic(100, 1), { tasks, config: config(), signal: controller.signal }),
    ).rejects.toMatchObject({
      code: 'TRAINING_CANCELLED',
    });
  });

  it('refuses a task without any labelled training row, naming it', async () => {
    const data = synthetic(100, 1);
    data.labels[1] = new Int32Array(100).fill(-1);
    await expect(trainNetwork(data, { tasks, config: config() })).rejects.toThrow(
      /Task "b" has no labelled row/,
    );
  });
});
