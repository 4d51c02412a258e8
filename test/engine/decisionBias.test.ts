/**
 * Per-class decision offsets for macro-F1 (engine/decisionBias.ts): the coordinate ascent
 * on a hand-computed example, and offsets folded into each architecture's logits.
 */
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { getArchitecture } from '../../src/main/engine/architectures';
import { selectBackend } from '../../src/main/engine/backend';
import { addDecisionBiases, tuneDecisionBiases } from '../../src/main/engine/decisionBias';
import { accuracyAndMacroF1 } from '../../src/main/engine/metrics';
import { testConfig } from './synthetic';

beforeAll(async () => {
  await selectBackend('auto');
});

/** argmax(log p + b) per row. */
function decide(probs: number[], k: number, bias: ArrayLike<number>): number[] {
  const out: number[] = [];
  for (let i = 0; i < probs.length / k; i++) {
    const z = Array.from({ length: k }, (_, c) => Math.log(probs[i * k + c]) + bias[c]);
    out.push(z.indexOf(Math.max(...z)));
  }
  return out;
}

describe('tuneDecisionBiases', () => {
  // Four rows, y = 0, 0, 1, 1, p(class 1) = 0.1, 0.2, 0.3, 0.4. By hand: the plain argmax
  // predicts class 0 everywhere, F1 = 2·2/(2·2 + 2) = 2/3 for class 0 and 0 for class 1,
  // macro-F1 1/3. Predicting class 1 where p1 ≥ 0.3 is perfect (macro-F1 1); it needs
  // log(p1/p0) + b1 − b0 > 0 for p1 = 0.3 (log(3/7) = −0.847) but not for p1 = 0.2
  // (log(1/4) = −1.386), i.e. b0 − b1 in (−1.386, −0.847). Class 0's offset is searched
  // first, upward from −2: −2.0 … −1.4 also flip row 2 (macro-F1 (2/3 + 4/5)/2 = 0.733),
  // −1.3 is the first grid value in the interval and nothing beats 1 after it.
  const y = [0, 0, 1, 1];
  const probs = [0.9, 0.1, 0.8, 0.2, 0.7, 0.3, 0.6, 0.4];

  it('finds the hand-computed offsets that make macro-F1 perfect', () => {
    expect(accuracyAndMacroF1(y, decide(probs, 2, [0, 0]), 2).macroF1).toBeCloseTo(1 / 3, 12);
    const b = tuneDecisionBiases(probs, y, 2);
    expect(Array.from(b)).toEqual([-1.3, 0]);
    expect(decide(probs, 2, b)).toEqual([0, 0, 1, 1]);
  });

  it('skips unlabelled rows and returns zeros without labelled rows', () => {
    // An extra unlabelled row (label −1) is not counted.
    const b = tuneDecisionBiases([...probs, 0.75, 0.25], [...y, -1], 2);
    expect(Array.from(b)).toEqual([-1.3, 0]);
    expect(Array.from(tuneDecisionBiases([0.5, 0.5], [-1], 2))).toEqual([0, 0]);
  });

  it('leaves an already perfect argmax alone (ties keep 0)', () => {
    expect(Array.from(tuneDecisionBiases([0.9, 0.1, 0.2, 0.8], [0, 1], 2))).toEqual([0, 0]);
  });

  it('refuses probabilities of the wrong length', () => {
    expect(() => tuneDecisionBiases([0.5, 0.5, 1], [0], 2)).toThrow(/3 probabilities/);
  });
});

describe('addDecisionBiases', () => {
  const tasks = [
    { name: 'two', classes: ['a', 'b'] },
    { name: 'three one', classes: ['x', 'y', 'z'] },
  ];
  // Hard sharing with linear heads uses one combined logits layer; the others one per task.
  it.each(['hard-sharing', 'single-task', 'mmoe', 'ple'] as const)(
    '%s: the logits shift by exactly the offsets',
    (arch) => {
      const net = getArchitecture(arch).build({
        inputDim: 3,
        tasks: tasks.map((t) => ({ name: t.name, numClasses: t.classes.length })),
        config: testConfig({ arch }),
        seed: 3,
      });
      const x = tf.tensor2d([0.5, -1, 2, 1, 0, -0.3], [2, 3]);
      const before = tf.tidy(() => net.forward(x, null).map((l) => l.arraySync()));
      const biases = [[0.5, -0.25], null, [1, 0, -2]];
      addDecisionBiases(net, tasks, [biases[0], biases[2]]);
      const after = tf.tidy(() => net.forward(x, null).map((l) => l.arraySync()));
      const offsets = [biases[0]!, biases[2]!];
      after.forEach((logits, t) =>
        logits.forEach((row, i) =>
          row.forEach((v, c) => expect(v).toBeCloseTo(before[t][i][c] + offsets[t][c], 5)),
        ),
      );
      // null leaves a task's logits as they were.
      addDecisionBiases(net, tasks, [null, null]);
      const same = tf.tidy(() => net.forward(x, null).map((l) => l.arraySync()));
      expect(same).toEqual(after);
      x.dispose();
      net.dispose();
    },
  );
});
