import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../src/main/engine/backend';
import { Adam, FlatAdam } from '../../src/main/engine/optimizer';

beforeAll(async () => {
  await selectBackend('auto');
});

describe('Adam', () => {
  it('matches the update of Kingma & Ba by hand for two steps', () => {
    // w0 = 1, g = 0.5, α = 0.1. Step 1: m = 0.05, v = 0.00025, m̂ = 0.5, v̂ = 0.25,
    // w1 = 1 − 0.1 · 0.5 / (0.5 + 1e-8) = 0.9000000020.
    // Step 2 with g = −1: m = 0.045 − 0.1 = −0.055, v = 0.00024975 + 0.001 = 0.00124975,
    // m̂ = −0.055 / 0.19 = −0.289474, v̂ = 0.00124975 / 0.001999 = 0.625188,
    // w2 = w1 + 0.1 · 0.289474 / (0.790688 + 1e-8) = 0.936610.
    const w = tf.variable(tf.scalar(1));
    const adam = new Adam(0.1);
    const g1 = tf.scalar(0.5);
    adam.step([[w, g1]]);
    expect(w.dataSync()[0]).toBeCloseTo(0.9, 6);
    const g2 = tf.scalar(-1);
    adam.step([[w, g2]]);
    expect(w.dataSync()[0]).toBeCloseTo(0.93661, 5);
    tf.dispose([w, g1, g2]);
    adam.dispose();
  });

  it('keeps each variable its own state when the set of variables changes between steps', () => {
    // tf.train.adam keys moments by position, so skipping `a` in step 2 would update `b`
    // with `a`'s moments. Here `b` after its first step must equal a fresh one-step update.
    const a = tf.variable(tf.tensor1d([1, 2, 3]));
    const b = tf.variable(tf.tensor1d([5, 5]));
    const adam = new Adam(0.01);
    const ga = tf.tensor1d([1, 1, 1]);
    const gb = tf.tensor1d([2, -2]);
    adam.step([[a, ga]]);
    adam.step([[b, gb]]);
    // First step of Adam moves each weight by α · sign(g) (up to ε): 5 ∓ 0.01.
    expect(Array.from(b.dataSync())).toEqual([expect.closeTo(4.99, 6), expect.closeTo(5.01, 6)]);
    expect(Array.from(a.dataSync())).toEqual([
      expect.closeTo(0.99, 6),
      expect.closeTo(1.99, 6),
      expect.closeTo(2.99, 6),
    ]);
    tf.dispose([a, b, ga, gb]);
    adam.dispose();
  });
});

describe('FlatAdam', () => {
  it('updates like per-variable Adam when every weight has a gradient, and adds 2λ·kernel on kernels only', () => {
    const k1 = tf.variable(tf.tensor2d([1, -2, 3, 0.5], [2, 2]));
    const b1 = tf.variable(tf.tensor1d([0.1, -0.1]));
    const k2 = tf.variable(tf.tensor2d([1, -2, 3, 0.5], [2, 2]));
    const b2 = tf.variable(tf.tensor1d([0.1, -0.1]));
    const flat = new FlatAdam(
      [
        { name: 'k', variable: k1, isKernel: true },
        { name: 'b', variable: b1, isKernel: false },
      ],
      { learningRate: 0.05 },
      0.01,
    );
    const loose = new Adam(0.05);
    const gk = tf.tensor2d([0.3, -0.2, 0.1, 0.4], [2, 2]);
    const gb = tf.tensor1d([1, -1]);
    for (let step = 0; step < 3; step++) {
      flat.step({ [k1.name]: gk, [b1.name]: gb });
      // Reference: the L2 gradient 2λ·kernel added by hand, bias unpenalised.
      const gkRef = tf.add(gk, tf.mul(k2, 0.02));
      loose.step([
        [k2, gkRef],
        [b2, gb],
      ]);
      gkRef.dispose();
    }
    expect(Array.from(k1.dataSync())).toEqual(
      Array.from(k2.dataSync()).map((v) => expect.closeTo(v, 6)),
    );
    expect(Array.from(b1.dataSync())).toEqual(
      Array.from(b2.dataSync()).map((v) => expect.closeTo(v, 6)),
    );
    flat.dispose();
    loose.dispose();
    tf.dispose([k1, b1, k2, b2, gk, gb]);
  });

  it('treats a missing gradient as zero: a fresh weight does not move', () => {
    const a = tf.variable(tf.tensor1d([1, 2]));
    const b = tf.variable(tf.tensor1d([5]));
    const flat = new FlatAdam(
      [
        { name: 'a', variable: a, isKernel: false },
        { name: 'b', variable: b, isKernel: false },
      ],
      { learningRate: 0.1 },
    );
    const ga = tf.tensor1d([1, -1]);
    flat.step({ [a.name]: ga });
    // First Adam step moves by α·sign(g) (Kingma & Ba): a → [0.9, 2.1]; b had zero gradient:
    // m = v = 0, so its step is 0 / (0 + ε) = 0.
    expect(Array.from(a.dataSync())).toEqual([expect.closeTo(0.9, 6), expect.closeTo(2.1, 6)]);
    expect(Array.from(b.dataSync())).toEqual([5]);
    flat.dispose();
    tf.dispose([a, b, ga]);
  });
});
