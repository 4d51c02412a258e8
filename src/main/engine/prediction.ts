/**
 * Forward passes of a trained network over stored rows: class probabilities, mean gates,
 * and the per-task loss and scores the training loop records each epoch.
 */
import * as tf from '@tensorflow/tfjs-core';
import { MtlError } from '../../shared/errors';
import type { MultiTaskNetwork } from './architectures/types';
import { gatherRows, type EvaluationSet, type InputRows, type TrainingTask } from './batches';
import { encodeImages, type ImagePreprocessing } from './images';
import { accuracyAndMacroF1 } from './metrics';

/** Per-task loss and scores of the network on some rows (labelled rows only). */
export interface SplitScores {
  labelled: number;
  loss: number;
  accuracy: number;
  macroF1: number;
}

export function evaluateSplit(
  network: MultiTaskNetwork,
  data: EvaluationSet,
  numFeatures: number,
  tasks: TrainingTask[],
  image: ImagePreprocessing | null,
): { scores: SplitScores[]; gates?: Record<string, number[]> } {
  const { probs, gates } = forwardRows(
    network,
    data.features,
    numFeatures,
    data.rows,
    tasks,
    image,
  );
  return { scores: scoreProbabilities(probs, data, tasks), gates };
}

/**
 * Per-task loss (mean −log p of the true class, p clipped at 1e-15), accuracy and macro-F1
 * over the labelled rows among `data.rows`.
 * @param probs per task, row-major [data.rows.length, classes_t] probabilities.
 */
export function scoreProbabilities(
  probs: Float32Array[],
  data: Pick<EvaluationSet, 'labels' | 'rows'>,
  tasks: TrainingTask[],
): SplitScores[] {
  const rows = data.rows;
  return tasks.map((task, t) => {
    const k = task.classes.length;
    const yTrue: number[] = [];
    const yPred: number[] = [];
    let nll = 0;
    for (let i = 0; i < rows.length; i++) {
      const y = data.labels[t][rows[i]];
      if (y < 0) continue;
      const p = probs[t].subarray(i * k, (i + 1) * k);
      nll -= Math.log(Math.min(Math.max(p[y], 1e-15), 1));
      let arg = 0;
      for (let c = 1; c < k; c++) if (p[c] > p[arg]) arg = c;
      yTrue.push(y);
      yPred.push(arg);
    }
    if (yTrue.length === 0) return { labelled: 0, loss: NaN, accuracy: NaN, macroF1: NaN };
    const { accuracy, macroF1 } = accuracyAndMacroF1(yTrue, yPred, k);
    return { labelled: yTrue.length, loss: nll / yTrue.length, accuracy, macroF1 };
  });
}

/**
 * Class probabilities of every task for some rows, computed in chunks of rows (4096 for
 * tables; about 4 M input values per chunk for images).
 * @param features row-major [n, numFeatures]: float32 features, or uint8 pixels
 *   [n, height, width, channels] with `image` (see {@link InputRows}).
 * @param rows indices of the rows to predict.
 * @param image the fitted image preprocessing saved with the model (image inputs only).
 * @returns per task, row-major probabilities [rows.length, numClasses_t] (float32).
 * @throws MtlError('BAD_REQUEST') when pixels come without `image` or features with it.
 */
export function predictProbabilities(
  network: MultiTaskNetwork,
  features: InputRows,
  numFeatures: number,
  rows: ArrayLike<number>,
  image?: ImagePreprocessing | null,
): Float32Array[] {
  return forwardRows(network, features, numFeatures, rows, undefined, image ?? null).probs;
}

/**
 * Mean gate weight of each task and expert over some rows (MMoE, PLE).
 * @param features row-major [n, numFeatures] (see {@link predictProbabilities});
 * @param rows the rows to average over; @param image the image preprocessing (images only).
 * @returns per task name, [numExperts_t] means (each sums to 1); undefined when the network
 *   has no gates or `rows` is empty.
 */
export function meanGates(
  network: MultiTaskNetwork,
  features: InputRows,
  numFeatures: number,
  rows: ArrayLike<number>,
  tasks: TrainingTask[],
  image?: ImagePreprocessing | null,
): Record<string, number[]> | undefined {
  return forwardRows(network, features, numFeatures, rows, tasks, image ?? null).gates;
}

/**
 * Input values per forward pass of images in {@link forwardRows}. A CNN's first block holds
 * `filters / channels` (16× for grey input and 16 filters) as many activations as its input,
 * and tfjs keeps every intermediate of a pass until it ends; the WebAssembly heap they grow
 * never shrinks. 250 000 input values keep a pass's first activation near 4 M floats (16 MB):
 * with 4 M input values, the full Fashion-MNIST's validation grew the training process to
 * 1.7 GB (bench `fmnist70k`).
 */
const IMAGE_VALUES_PER_PASS = 250_000;

/**
 * Rows per forward pass of {@link forwardRows}: 4096 for tables; for images
 * {@link IMAGE_VALUES_PER_PASS} input values (e.g. 318 Fashion-MNIST images of 28×28×1, 20 of
 * 64×64×3). A caller that reads rows in chunks of a multiple of this gets the same passes, so
 * the same numbers.
 */
export function predictionChunkRows(numFeatures: number, image: boolean): number {
  return image ? Math.max(1, Math.floor(IMAGE_VALUES_PER_PASS / numFeatures)) : 4096;
}

/** Probabilities, and mean gates when `tasks` is given and the network has gates. */
export function forwardRows(
  network: MultiTaskNetwork,
  features: InputRows,
  numFeatures: number,
  rows: ArrayLike<number>,
  tasks?: TrainingTask[],
  image: ImagePreprocessing | null = null,
): { probs: Float32Array[]; gates?: Record<string, number[]> } {
  if (features instanceof Uint8Array !== Boolean(image)) {
    throw new MtlError(
      'BAD_REQUEST',
      image
        ? 'Image preprocessing needs uint8 pixels.'
        : 'Uint8 pixels need the image preprocessing.',
    );
  }
  const chunk = predictionChunkRows(numFeatures, image !== null);
  const withGates = Boolean(tasks && network.forwardWithGates);
  let out: Float32Array[] | null = null;
  let gateSums: Float64Array[] | null = null;
  for (let start = 0; start < rows.length; start += chunk) {
    const idx = Array.from(
      { length: Math.min(chunk, rows.length - start) },
      (_, i) => rows[start + i],
    );
    const { parts, gates } = tf.tidy(() => {
      const input = image
        ? encodeImages(features as Uint8Array, image, idx)
        : gatherRows(features as Float32Array, numFeatures, idx);
      const x = tf.tensor2d(input, [idx.length, numFeatures]);
      if (withGates) {
        const o = network.forwardWithGates!(x, null);
        return {
          parts: o.logits.map((logits) => tf.softmax(logits)),
          gates: o.gates.map((g) => tf.sum(g, 0)),
        };
      }
      return { parts: network.forward(x, null).map((logits) => tf.softmax(logits)), gates: [] };
    });
    const values = parts.map((p) => p.dataSync() as Float32Array);
    if (!out) out = parts.map((p) => new Float32Array(rows.length * p.shape[1]!));
    values.forEach((v, t) => out![t].set(v, start * parts[t].shape[1]!));
    if (withGates) {
      const sums = gates.map((g) => g.dataSync());
      gateSums ??= sums.map((g) => new Float64Array(g.length));
      sums.forEach((g, t) => g.forEach((v, e) => (gateSums![t][e] += v)));
    }
    tf.dispose([...parts, ...gates]);
  }
  const result: { probs: Float32Array[]; gates?: Record<string, number[]> } = { probs: out ?? [] };
  if (gateSums && tasks) {
    result.gates = Object.fromEntries(
      tasks.map((task, t) => [task.name, Array.from(gateSums![t], (v) => v / rows.length)]),
    );
  }
  return result;
}
