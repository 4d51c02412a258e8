/**
 * The hand-written gradients of the engine's fused ops against tfjs autodiff of the plain
 * formula (an independent computation of the same derivative).
 */
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../src/main/engine/backend';
import { crossEntropyOp } from '../../src/main/engine/ops/crossEntropy';
import { denseOp, markAsData } from '../../src/main/engine/ops/dense';
import { mulberry32 } from '../../src/main/engine/random';

beforeAll(async () => {
  await selectBackend('auto');
});

const random = mulberry32(7);
const values = (n: number, scale = 1) =>
  Float32Array.from({ length: n }, () => (random() * 2 - 1) * scale);
const close = (a: tf.Tensor, b: tf.Tensor) =>
  expect(Array.from(a.dataSync())).toEqual(
    Array.from(b.dataSync()).map((v) => expect.closeTo(v, 5)),
  );

describe('crossEntropyOp', () => {
  it('has the value and gradient of −Σ targets · logSoftmax / weightSum, with masked and weighted rows', () => {
    const logits = tf.tensor2d(values(5 * 4, 3), [5, 4]);
    // Row 2 has no label (all zeros); rows carry class weights 1, 2, 0, 0.5, 1.
    const targets = tf.tensor2d(
      [1, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0.5, 0, 0, 0, 0, 0, 1],
      [5, 4],
    );
    const weightSum = 4.5;
    const reference = (z: tf.Tensor) =>
      tf.div(tf.neg(tf.sum(tf.mul(targets, tf.logSoftmax(z as tf.Tensor2D)))), weightSum);
    const ours = (z: tf.Tensor) => crossEntropyOp(z as tf.Tensor2D, targets, weightSum);
    close(ours(logits), reference(logits));
    close(tf.grad(ours)(logits), tf.grad(reference)(logits));
  });
});

describe('denseOp', () => {
  for (const activation of ['relu', undefined] as const) {
    it(`matches matMul + bias${activation ? ' + relu' : ''} in value and in all three gradients`, () => {
      const x = tf.tensor2d(values(6 * 3), [6, 3]);
      const kernel = tf.tensor2d(values(3 * 4), [3, 4]);
      const bias = tf.tensor1d(values(4));
      const upstream = tf.tensor2d(values(6 * 4), [6, 4]);
      const plain = (a: tf.Tensor, k: tf.Tensor, b: tf.Tensor) => {
        const pre = tf.add(tf.matMul(a as tf.Tensor2D, k as tf.Tensor2D), b);
        return tf.sum(tf.mul(activation ? tf.relu(pre) : pre, upstream));
      };
      const fused = (a: tf.Tensor, k: tf.Tensor, b: tf.Tensor) =>
        tf.sum(
          tf.mul(
            denseOp(a as tf.Tensor2D, k as tf.Tensor2D, b as tf.Tensor1D, activation),
            upstream,
          ),
        );
      close(fused(x, kernel, bias), plain(x, kernel, bias));
      const [gx, gk, gb] = tf.grads(fused)([x, kernel, bias]);
      const [rx, rk, rb] = tf.grads(plain)([x, kernel, bias]);
      close(gx, rx);
      close(gk, rk);
      close(gb, rb);
    });
  }
});

describe('denseOp on a data batch', () => {
  it('gives the same kernel and bias gradients when the input is marked as data (no dx computed)', () => {
    const x = tf.tensor2d(values(5 * 3), [5, 3]);
    const kernel = tf.tensor2d(values(3 * 2), [3, 2]);
    const bias = tf.tensor1d(values(2));
    const upstream = tf.tensor2d(values(5 * 2), [5, 2]);
    const plain = (k: tf.Tensor, b: tf.Tensor) =>
      tf.sum(tf.mul(tf.relu(tf.add(tf.matMul(x, k as tf.Tensor2D), b)), upstream));
    const batch = tf.clone(x);
    markAsData(batch);
    const fused = (k: tf.Tensor, b: tf.Tensor) =>
      tf.sum(
        tf.mul(denseOp(batch as tf.Tensor2D, k as tf.Tensor2D, b as tf.Tensor1D, 'relu'), upstream),
      );
    close(fused(kernel, bias), plain(kernel, bias));
    const [gk, gb] = tf.grads(fused)([kernel, bias]);
    const [rk, rb] = tf.grads(plain)([kernel, bias]);
    close(gk, rk);
    close(gb, rb);
  });
});
