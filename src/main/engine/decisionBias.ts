/**
 * Per-class decision biases for macro-F1: after training, an additive offset per class is
 * chosen on the validation rows so that argmax(log p + b) maximises validation macro-F1, and
 * folded into the bias of each task's logits layer (softmax(z + b) ∝ p · e^b), so the saved
 * model, its test scores and every later prediction use it without another file or step.
 *
 * Why: macro-F1 is not maximised by the argmax of the class probabilities; for multiclass
 * F-measures the optimal classifier predicts argmax_c w_c · p_c with class weights w_c that
 * depend on the data (Narasimhan, Ramaswamy, Saha & Agarwal, "Consistent multiclass
 * algorithms for complex performance measures", ICML 2015; binary case: Lipton, Elkan &
 * Naryanaswamy, "Optimal thresholding of classifiers to maximize F1 measure", ECML PKDD
 * 2014). log w_c is the offset b_c searched here, by coordinate ascent over a fixed grid.
 *
 * Probabilities of a model with offsets are the decision's, not calibrated ones (as with
 * the default balanced class weights). Measured on the benchmark's diamonds folds in the
 * commit that added this (engine/autoSelect.ts uses it for Auto's final model only, when the
 * validation split is large enough to select on).
 */
import * as tf from '@tensorflow/tfjs-core';
import { safe } from './architectures/layers';
import type { MultiTaskNetwork } from './architectures/types';
import { accuracyAndMacroF1 } from './metrics';

/** Offsets tried for each class (nats): −2 … 2 in steps of 0.1. */
export const DECISION_BIAS_GRID: readonly number[] = Array.from(
  { length: 41 },
  (_, i) => Math.round((i - 20) * 10) / 100,
);
/** Most sweeps over the classes (fewer when a sweep changes nothing). */
export const DECISION_BIAS_SWEEPS = 3;

/** Macro-F1 (sklearn's, zero_division = 0) of argmax(logP + bias) on the given rows. */
function macroF1With(
  logP: Float64Array,
  yTrue: Int32Array,
  k: number,
  bias: Float64Array,
  predicted: Int32Array,
): number {
  for (let i = 0; i < yTrue.length; i++) {
    let best = 0;
    let top = -Infinity;
    for (let c = 0; c < k; c++) {
      const v = logP[i * k + c] + bias[c];
      if (v > top) {
        top = v;
        best = c;
      }
    }
    predicted[i] = best;
  }
  return accuracyAndMacroF1(yTrue, predicted, k).macroF1;
}

/**
 * Chooses per-class offsets b (nats) so that argmax_c(log p_c + b_c) maximises macro-F1 on
 * the given rows: coordinate ascent, each class's offset set in turn to the value of
 * {@link DECISION_BIAS_GRID} that scores best with the others fixed (a strictly better score
 * only, so ties keep the smaller change), for up to {@link DECISION_BIAS_SWEEPS} sweeps.
 * Starts from b = 0, so the result never scores below the plain argmax on these rows.
 * @param probs row-major [n, k] class probabilities (rows with yTrue < 0 are skipped).
 * @param yTrue [n] class indices in [0, k), or −1 for an unlabelled row.
 * @param k classes (≥ 2).
 * @returns [k] offsets (all 0 when no row is labelled or nothing improves).
 * @throws Error when probs.length ≠ n·k.
 */
export function tuneDecisionBiases(
  probs: ArrayLike<number>,
  yTrue: ArrayLike<number>,
  k: number,
): Float64Array {
  if (probs.length !== yTrue.length * k)
    throw new Error(`Decision biases: ${probs.length} probabilities for ${yTrue.length}×${k}.`);
  const rows: number[] = [];
  for (let i = 0; i < yTrue.length; i++) if (yTrue[i] >= 0) rows.push(i);
  const bias = new Float64Array(k);
  if (rows.length === 0) return bias;
  const logP = new Float64Array(rows.length * k);
  const y = Int32Array.from(rows, (i) => yTrue[i]);
  rows.forEach((i, j) => {
    for (let c = 0; c < k; c++) logP[j * k + c] = Math.log(Math.max(probs[i * k + c], 1e-9));
  });
  const predicted = new Int32Array(rows.length);
  let best = macroF1With(logP, y, k, bias, predicted);
  for (let sweep = 0; sweep < DECISION_BIAS_SWEEPS; sweep++) {
    let changed = false;
    for (let c = 0; c < k; c++) {
      const keep = bias[c];
      let chosen = keep;
      for (const g of DECISION_BIAS_GRID) {
        bias[c] = g;
        const score = macroF1With(logP, y, k, bias, predicted);
        if (score > best + 1e-12) {
          best = score;
          chosen = g;
        }
      }
      bias[c] = chosen;
      if (chosen !== keep) changed = true;
    }
    if (!changed) break;
  }
  return bias;
}

/**
 * Adds per-class offsets to each task's logits layer bias, in place: the network's logits
 * for task t become z_t + biases[t]. Heads are those of architectures/layers.ts createHeads:
 * `head_<task>/logits/bias`, or the combined `heads/logits/bias` (tasks' classes in order).
 * @param biases per task (in `tasks` order) [numClasses] offsets; null leaves a task as is.
 * @throws Error when a task's logits bias is not found or has the wrong size.
 */
export function addDecisionBiases(
  network: MultiTaskNetwork,
  tasks: { name: string; classes: string[] }[],
  biases: (ArrayLike<number> | null)[],
): void {
  const byName = new Map(network.weights.map((w) => [w.name, w.variable]));
  const combined = byName.get('heads/logits/bias');
  let offset = 0;
  tasks.forEach((task, t) => {
    const k = task.classes.length;
    const b = biases[t];
    const own = byName.get(`head_${safe(task.name)}/logits/bias`);
    const variable = own ?? combined;
    if (!variable) throw new Error(`No logits layer for task "${task.name}".`);
    const at = own ? 0 : offset;
    offset += own ? 0 : k;
    if (!b) return;
    if (b.length !== k || variable.size < at + k)
      throw new Error(`Decision biases of task "${task.name}": ${b.length} for ${k} classes.`);
    const values = new Float32Array(variable.size);
    values.set(Float32Array.from(b), at);
    tf.tidy(() => variable.assign(tf.add(variable, tf.tensor1d(values))));
  });
}
