/**
 * A dense layer as one op with a hand-written gradient that avoids transposed matMuls.
 *
 * Why: on the tfjs wasm backend (4.22) a BatchMatMul with transposeA or transposeB runs a
 * slow path — measured here 690 µs for [128,128]ᵀ·[128,64] against 95 µs without the
 * transpose — and the default gradient of matMul / fused matMul uses exactly those. Here
 * the backward pass transposes the operands explicitly (a cheap copy) and multiplies
 * them untransposed, which goes through XNNPACK. Measured in bench/ (speed section).
 */
import * as tf from '@tensorflow/tfjs-core';

type DenseFn = (x: tf.Tensor2D, kernel: tf.Tensor2D, bias: tf.Tensor1D) => tf.Tensor2D;

/** x · kernel + bias (+ relu) in one _FusedMatMul kernel, which takes rank-3 operands. */
function fusedDense(
  x: tf.Tensor2D,
  kernel: tf.Tensor2D,
  bias: tf.Tensor1D,
  relu: boolean,
): tf.Tensor2D {
  const [batch, inDim] = x.shape;
  const outDim = kernel.shape[1];
  const y3 = tf.engine().runKernel(
    '_FusedMatMul',
    { a: tf.reshape(x, [1, batch, inDim]), b: tf.reshape(kernel, [1, inDim, outDim]), bias },
    {
      transposeA: false,
      transposeB: false,
      activation: relu ? 'relu' : 'linear',
      leakyreluAlpha: 0,
    },
  ) as tf.Tensor3D;
  return tf.reshape(y3, [batch, outDim]) as tf.Tensor2D;
}

function build(relu: boolean): DenseFn {
  // tfjs types the custom-gradient function as variadic over (Tensor | GradSaveFunc).
  const forward = (...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [x, kernel, bias] = args as [tf.Tensor2D, tf.Tensor2D, tf.Tensor1D];
    const save = args[3] as tf.GradSaveFunc;
    // Straight to the fused kernel (which takes rank-3 operands): tf.fused.matMul refuses
    // to fuse inside a gradient tape, and this forward always runs under one.
    const y = fusedDense(x, kernel, bias, relu);
    save([x, kernel, y]);
    return {
      value: y,
      gradFunc: (dy: tf.Tensor2D, saved: tf.Tensor[]) => {
        const [xs, ks, ys] = saved as [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D];
        // d(relu)/d(pre) is 1 where the output is positive.
        const dPre = relu ? tf.mul(dy, tf.step(ys)) : dy;
        const dx = tf.matMul(dPre, tf.transpose(ks));
        const dKernel = tf.matMul(tf.transpose(xs), dPre);
        const dBias = tf.sum(dPre, 0);
        return [dx, dKernel, dBias];
      },
    };
  };
  return tf.customGrad(forward) as unknown as DenseFn;
}

const denseRelu = build(true);
const denseLinear = build(false);

/**
 * Same forward pass with `x` closed over rather than an input of the op, so the backward
 * pass skips dx (a transpose and a matMul) — for layers fed the training batch itself.
 */
function denseOnData(
  x: tf.Tensor2D,
  kernel: tf.Tensor2D,
  bias: tf.Tensor1D,
  relu: boolean,
): tf.Tensor2D {
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [k, b] = args as [tf.Tensor2D, tf.Tensor1D];
    const save = args[2] as tf.GradSaveFunc;
    const y = fusedDense(x, k, b, relu);
    // x belongs to the caller's scope, which the tape does not keep alive: save it.
    save([x, y]);
    return {
      value: y,
      gradFunc: (dy: tf.Tensor2D, saved: tf.Tensor[]) => {
        const [xs, ys] = saved as [tf.Tensor2D, tf.Tensor2D];
        const dPre = relu ? tf.mul(dy, tf.step(ys)) : dy;
        return [tf.matMul(tf.transpose(xs), dPre), tf.sum(dPre, 0)];
      },
    };
  });
  return op(kernel, bias) as tf.Tensor2D;
}

/** Training batches: tensors no gradient flows into (see {@link markAsData}). */
const dataTensors = new WeakSet<tf.Tensor>();

/**
 * Marks a tensor as data (a batch of features): dense layers applied to it do not compute
 * the gradient with respect to it. Call on each batch before the forward pass.
 */
export function markAsData(x: tf.Tensor): void {
  dataTensors.add(x);
}

/**
 * y = activation(x · kernel + bias) with a transpose-free backward pass.
 * @param x [batch, in]; @param kernel [in, out]; @param bias [out].
 * @param activation 'relu' or undefined (linear).
 * @returns [batch, out]; the caller disposes it (or runs inside tf.tidy).
 */
export function denseOp(
  x: tf.Tensor2D,
  kernel: tf.Tensor2D,
  bias: tf.Tensor1D,
  activation?: 'relu',
): tf.Tensor2D {
  if (dataTensors.has(x)) return denseOnData(x, kernel, bias, activation === 'relu');
  return activation === 'relu' ? denseRelu(x, kernel, bias) : denseLinear(x, kernel, bias);
}
