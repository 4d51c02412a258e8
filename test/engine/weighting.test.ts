/**
 * Loss weighting and gradient methods, class weights, masking: values by hand.
 */
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../src/main/engine/backend';
import { Adam } from '../../src/main/engine/optimizer';
import { mulberry32 } from '../../src/main/engine/random';
import {
  balancedClassWeights,
  maskedCrossEntropy,
  oneHotBatch,
  trainNetwork,
} from '../../src/main/engine/trainer';
import { getWeighting, WEIGHTINGS } from '../../src/main/engine/weighting';
import { dwaWeights } from '../../src/main/engine/weighting/dwa';
import { GradNormWeights } from '../../src/main/engine/weighting/gradnorm';
import { projectConflicting } from '../../src/main/engine/weighting/pcgrad';
import { uncertaintyLoss } from '../../src/main/engine/weighting/uncertainty';
import {
  DEFAULT_TRAIN_CONFIG,
  type TrainConfig,
  type WeightingName,
} from '../../src/shared/domain';
import { synthetic, TWO_TASKS as tasks } from './synthetic';

const config = (over: Partial<TrainConfig> = {}): TrainConfig => ({
  ...DEFAULT_TRAIN_CONFIG,
  patience: 0,
  ...over,
});

beforeAll(async () => {
  await selectBackend('auto');
});

describe('uncertainty weighting (Kendall et al.)', () => {
  it('computes Σ L_i / (2 e^{s_i}) + s_i / 2 by hand, negative when s < 0', () => {
    // s = [0, ln 2], L = [1, 2]: 1/2 + 0 + 2/(2·2) + ln2/2 = 1 + 0.346574 = 1.346574.
    const s = [tf.variable(tf.scalar(0)), tf.variable(tf.scalar(Math.LN2))];
    const value = tf.tidy(() => uncertaintyLoss([tf.scalar(1), tf.scalar(2)], s).dataSync()[0]);
    expect(value).toBeCloseTo(1.346574, 5);
    // s = −2, L = 0.1: 0.1 · e² / 2 − 1 = 0.369453 − 1 = −0.630547.
    const neg = [tf.variable(tf.scalar(-2))];
    expect(tf.tidy(() => uncertaintyLoss([tf.scalar(0.1)], neg).dataSync()[0])).toBeCloseTo(
      -0.630547,
      5,
    );
    tf.dispose([...s, ...neg]);
  });

  it('leaves an absent task’s s_i (and its Adam state) unchanged', () => {
    const state = getWeighting('uncertainty').create({
      tasks: ['a', 'b'],
      config: config(),
      seed: 1,
      shared: new Set(),
      lastShared: new Set(),
    });
    const adam = new Adam(0.1);
    const [sa, sb] = state.parameters;
    const { value, grads } = tf.variableGrads(
      () => state.combineLosses([tf.scalar(3), null]),
      state.parameters,
    );
    expect(Object.keys(grads)).toEqual([sa.name]);
    adam.step(state.parameters.filter((v) => grads[v.name]).map((v) => [v, grads[v.name]]));
    // dL/ds_a = −L/(2e^s) + 1/2 = −1 < 0, so s_a grows; s_b stays exactly 0.
    expect(sa.dataSync()[0]).toBeGreaterThan(0);
    expect(sb.dataSync()[0]).toBe(0);
    expect(state.taskWeights()[1]).toBe(0.5);
    tf.dispose([value, ...Object.values(grads)]);
    adam.dispose();
    state.dispose();
  });
});

describe('DWA (Liu et al., T = 2)', () => {
  it('weighs 1 for the first two epochs, then K · softmax(r / T) by hand', () => {
    expect(dwaWeights([], 2)).toEqual([1, 1]);
    expect(dwaWeights([[1, 1]], 2)).toEqual([1, 1]);
    // Losses [1, 1] then [2, 1]: r = [2, 1], λ = 2 · softmax([1, 0.5]):
    // e^1 / (e^1 + e^0.5) = 2.718282 / 4.367003 = 0.622459 → [1.244918, 0.755082].
    const w = dwaWeights(
      [
        [1, 1],
        [2, 1],
      ],
      2,
    );
    expect(w[0]).toBeCloseTo(1.244918, 5);
    expect(w[1]).toBeCloseTo(0.755082, 5);
    // Only the last two epochs count; three tasks sum to K = 3.
    const three = dwaWeights(
      [
        [9, 9, 9],
        [1, 2, 4],
        [1, 1, 1],
      ],
      3,
    );
    expect(three.reduce((s, x) => s + x, 0)).toBeCloseTo(3, 10);
    expect(three[0]).toBeGreaterThan(three[1]);
  });

  it('gives a task without labelled rows in an epoch r = 1 (finite weights)', () => {
    // r = [NaN → 1, 0.5]: λ = 2 · softmax([0.5, 0.25]) = [1.124353, 0.875647].
    const w = dwaWeights(
      [
        [NaN, 2],
        [1, 1],
      ],
      2,
    );
    expect(w[0]).toBeCloseTo(1.124353, 5);
    expect(w[1]).toBeCloseTo(0.875647, 5);
  });
});

describe('GradNorm (Chen et al., α = 1.5)', () => {
  it('moves weight away from the task with the larger gradient norm (first step by hand)', () => {
    // Step 1: L(0) = L, so r = [1, 1]; G = w · ‖∇‖ = [2, 1], Ḡ = 1.5; ∂L_grad/∂w =
    // sign(G − Ḡ) · ‖∇‖ = [+2, −1]. Adam's first step moves each by lr · sign: [0.9, 1.1],
    // already summing to T = 2.
    const g = new GradNormWeights(2, 0.1);
    g.update([0.7, 0.3], [2, 1]);
    expect(g.weights[0]).toBeCloseTo(0.9, 6);
    expect(g.weights[1]).toBeCloseTo(1.1, 6);
  });

  it('keeps weights positive and summing to T over steps, an absent task untouched', () => {
    const g = new GradNormWeights(3, 0.05);
    const r = mulberry32(4);
    for (let step = 0; step < 300; step++) {
      const absent = step % 7 === 3;
      const before = g.weights[2];
      g.update(
        [1 / (1 + step * r()), 2 * r() + 0.01, absent ? NaN : r() * 3],
        [5 * r(), 0.01 * r(), absent ? NaN : 50 * r()],
      );
      if (absent) expect(g.weights[2]).toBe(before);
      expect(g.weights.reduce((s, x) => s + x, 0)).toBeCloseTo(3, 9);
      for (const w of g.weights) expect(w).toBeGreaterThan(0);
    }
  });
});

describe('PCGrad (Yu et al.)', () => {
  it('projects two conflicting gradients by hand', () => {
    // g1 = [1, 0], g2 = [−1, 1]: g1 · g2 = −1 < 0.
    // g1' = g1 − (−1 / ‖g2‖² = −1/2) g2 = [0.5, 0.5]; g2' = g2 − (−1 / 1) g1 = [0, 1].
    // Sum [0.5, 1.5]; each projection is orthogonal to the other original gradient.
    const sum = projectConflicting([Float32Array.of(1, 0), Float32Array.of(-1, 1)], mulberry32(1));
    expect(Array.from(sum)).toEqual([0.5, 1.5]);
  });

  it('leaves non-conflicting gradients alone and survives a zero gradient', () => {
    expect(
      Array.from(projectConflicting([Float32Array.of(1, 0), Float32Array.of(1, 1)], mulberry32(1))),
    ).toEqual([2, 1]);
    expect(
      Array.from(
        projectConflicting([Float32Array.of(0, 0), Float32Array.of(-1, 1)], mulberry32(1)),
      ),
    ).toEqual([-1, 1]);
  });
});

describe('static weighting', () => {
  it('refuses a weight for an unknown task, naming it', () => {
    expect(() =>
      getWeighting('static').create({
        tasks: ['a', 'b'],
        config: config({ weighting: 'static', taskWeights: { colour: 2 } }),
        seed: 1,
        shared: new Set(),
        lastShared: new Set(),
      }),
    ).toThrow(/unknown task "colour"/);
  });

  it('gives a task named like an Object.prototype member its own weight or 1, never the member', () => {
    // Weights as they arrive from JSON (the training child's message): a plain object.
    const weighting = getWeighting('static').create({
      tasks: ['constructor', 'toString', 'b'],
      config: config({ weighting: 'static', taskWeights: JSON.parse('{"b":3}') as never }),
      seed: 1,
      shared: new Set(),
      lastShared: new Set(),
    });
    expect(weighting.taskWeights()).toEqual([1, 1, 3]);
  });
});

describe("class weights 'balanced'", () => {
  it("match sklearn's compute_class_weight: n / (k · count_c) over labelled training rows", () => {
    // Labels [0, 0, 0, 1, −1]: n = 4 labelled, k = 2 → w0 = 4 / (2 · 3) = 0.6667, w1 = 4 / 2 = 2.
    // Row 5 is outside the rows counted.
    const labels = Int32Array.from([0, 0, 0, 1, -1, 1]);
    expect(Array.from(balancedClassWeights(labels, [0, 1, 2, 3, 4], 2))).toEqual([
      expect.closeTo(2 / 3, 10),
      2,
    ]);
  });

  it('normalise the CE by the sum of the labelled rows’ weights (PyTorch reduction=mean)', () => {
    // Row 0: y = 0, logits [0, 0] → CE ln 2 = 0.693147, weight 2/3.
    // Row 1: y = 1, logits [2, 0] → CE ln(1 + e²) = 2.126928, weight 2. Row 2 unlabelled.
    // (2/3 · 0.693147 + 2 · 2.126928) / (2/3 + 2) = 4.715954 / 2.666667 = 1.768483.
    const { values, count, weight } = oneHotBatch(Int32Array.from([0, 1, -1]), [0, 1, 2], 2, [
      2 / 3,
      2,
    ]);
    expect(count).toBe(2);
    expect(weight).toBeCloseTo(8 / 3, 6);
    const loss = tf.tidy(
      () =>
        maskedCrossEntropy(
          tf.tensor2d([0, 0, 2, 0, 40, -40], [3, 2]),
          tf.tensor2d(values, [3, 2]),
          weight,
        ).dataSync()[0],
    );
    expect(loss).toBeCloseTo(1.768483, 5);
  });
});

describe('every method in training', () => {
  // Task b is labelled on 1 row in 10: with batches of 8 most batches lack it.
  const methods = Object.keys(WEIGHTINGS) as WeightingName[];
  it.each(methods)(
    '%s stays finite with a mostly-missing task and records weights',
    async (weighting) => {
      const before = tf.memory().numTensors;
      const data = synthetic(200, 7, 0.9);
      const out = await trainNetwork(data, {
        tasks,
        config: config({
          arch: weighting === 'pcgrad' ? 'mmoe' : 'hard-sharing',
          weighting,
          epochs: 4,
          batchSize: 8,
          classWeights: 'balanced',
          taskWeights: weighting === 'static' ? { b: 3 } : undefined,
        }),
      });
      for (const e of out.epochs) {
        expect(Number.isFinite(e.trainLoss)).toBe(true);
        expect(Number.isFinite(e.valLoss)).toBe(true);
        const w = Object.values(e.taskWeights!);
        expect(w).toHaveLength(2);
        for (const x of w) {
          expect(Number.isFinite(x)).toBe(true);
          expect(x).toBeGreaterThan(0);
        }
        if (weighting === 'gradnorm' || weighting === 'dwa') expect(w[0] + w[1]).toBeCloseTo(2, 6);
        if (weighting === 'static') expect(e.taskWeights).toEqual({ a: 1, b: 3 });
      }
      out.network.dispose();
      expect(tf.memory().numTensors).toBe(before);
    },
  );

  it('single-task ignores the weighting (no task weights recorded)', async () => {
    const out = await trainNetwork(synthetic(100, 1), {
      tasks,
      config: config({ arch: 'single-task', weighting: 'gradnorm', epochs: 2 }),
    });
    expect(out.epochs[0].taskWeights).toBeUndefined();
    out.network.dispose();
  });

  it('refuses GradNorm when nothing is shared (hard-sharing without a trunk)', async () => {
    await expect(
      trainNetwork(synthetic(100, 1), {
        tasks,
        config: config({ weighting: 'gradnorm', hiddenUnits: [], epochs: 1 }),
      }),
    ).rejects.toThrow(/GradNorm needs a shared layer/);
  });
});
