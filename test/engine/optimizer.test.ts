import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../src/main/engine/backend';
import { Adam } from '../../src/main/engine/optimizer';

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
