/**
 * Uncertainty sampling for active labelling: how confident a model is about an item, per
 * task and summed over several tasks, and the queue order that puts the least confident
 * items first. The three classic strategies (Settles, "Active Learning Literature Survey",
 * 2009, §3.1): least confidence (Lewis & Gale, SIGIR 1994), margin (Scheffer et al., IDA
 * 2001) and entropy (Shannon entropy of the predicted distribution).
 *
 * Plain TypeScript over probability vectors; no tensors, no store.
 */
import { MtlError } from '../../shared/errors';

/** How the uncertainty of a prediction is measured. */
export type UncertaintyStrategy = 'least-confidence' | 'margin' | 'entropy';

/** The strategies, in the order the UI lists them. */
export const UNCERTAINTY_STRATEGIES: readonly UncertaintyStrategy[] = [
  'least-confidence',
  'margin',
  'entropy',
];

/**
 * Confidence of one prediction of one task, in [0, 1] (1 = certain):
 * - least-confidence: max_c p_c;
 * - margin: p_(1) − p_(2), the gap between the two most probable classes;
 * - entropy: 1 − H(p) / ln K with H(p) = −Σ_c p_c ln p_c (0 · ln 0 = 0), i.e. one minus the
 *   entropy normalised by its maximum, so tasks with different class counts weigh alike.
 *
 * @param probs [K] class probabilities (K ≥ 2; summing to 1 up to float rounding).
 * @throws MtlError('BAD_REQUEST') for fewer than 2 probabilities or a non-finite one.
 */
export function taskConfidence(probs: ArrayLike<number>, strategy: UncertaintyStrategy): number {
  const k = probs.length;
  if (k < 2) {
    throw new MtlError(
      'BAD_REQUEST',
      `A prediction needs at least 2 class probabilities, got ${k}.`,
    );
  }
  let first = -Infinity;
  let second = -Infinity;
  let entropy = 0;
  for (let c = 0; c < k; c++) {
    const p = probs[c];
    if (!Number.isFinite(p)) {
      throw new MtlError('BAD_REQUEST', `Class probability ${c} is ${String(p)}.`);
    }
    if (p > first) {
      second = first;
      first = p;
    } else if (p > second) second = p;
    if (p > 0) entropy -= p * Math.log(p);
  }
  if (strategy === 'least-confidence') return first;
  if (strategy === 'margin') return first - second;
  if (strategy === 'entropy') return 1 - entropy / Math.log(k);
  throw new MtlError('BAD_REQUEST', `Unknown uncertainty strategy "${String(strategy)}".`);
}

/**
 * Confidence of an item over several tasks: 1 − Σ_t (1 − c_t), where c_t is
 * {@link taskConfidence} of task t. With one task it is c_t itself; with several it sums
 * their uncertainties (1 − c_t), so an item the model is unsure about on more tasks comes
 * earlier; it is below 0 when the summed uncertainty exceeds 1.
 * @param predictions one [K_t] probability vector per task considered (at least one).
 * @throws MtlError('BAD_REQUEST') for no task, or as {@link taskConfidence}.
 */
export function itemConfidence(
  predictions: readonly ArrayLike<number>[],
  strategy: UncertaintyStrategy,
): number {
  if (predictions.length === 0) {
    throw new MtlError('BAD_REQUEST', 'An item confidence needs at least one task prediction.');
  }
  let uncertainty = 0;
  for (const p of predictions) uncertainty += 1 - taskConfidence(p, strategy);
  return 1 - uncertainty;
}

/** An item to place in the queue: its key and the predictions of the tasks considered. */
export interface QueueCandidate {
  rowId: number;
  /** One [K_t] probability vector per task the item is ranked on. */
  predictions: readonly ArrayLike<number>[];
}

/**
 * Orders items for labelling: least confident first ({@link itemConfidence} ascending),
 * ties by row id.
 * @returns the items' row ids and confidences, in queue order.
 */
export function uncertaintyOrder(
  candidates: readonly QueueCandidate[],
  strategy: UncertaintyStrategy,
): { rowId: number; confidence: number }[] {
  return candidates
    .map((c) => ({ rowId: c.rowId, confidence: itemConfidence(c.predictions, strategy) }))
    .sort((a, b) => a.confidence - b.confidence || a.rowId - b.rowId);
}

/**
 * The most probable class of a prediction (first one on ties).
 * @param probs [K] probabilities. @returns its index and probability.
 */
export function topClass(probs: ArrayLike<number>): { index: number; probability: number } {
  let index = 0;
  for (let c = 1; c < probs.length; c++) if (probs[c] > probs[index]) index = c;
  return { index, probability: probs[index] };
}
