/**
 * The training schedule of tables: how long a run waits without improving (scaled to the
 * data's size), what counts as an improvement (validation macro-F1 or
 * validation loss), and when the learning rate is halved (reduce on plateau).
 *
 * Why: on a few hundred rows, 15 % of them score validation loss noisily, and the loss of a
 * softmax head rises (over-confidence) long before its macro-F1 stops improving; early
 * stopping on that loss ended most tabular runs after 4–11 epochs. A tiny table, on the
 * other hand, takes only a few optimizer steps per epoch: a patience counted in epochs
 * gave up after a few dozen steps.
 */
import type { TrainConfig } from '../../shared/domain';
import { effectivePatience } from '../../shared/patience';

/** Halvings of the learning rate at most (reduce on plateau): down to lr / 8. */
export const MAX_LR_HALVINGS = 3;

/** Epoch cap and patience after scaling to the data (see {@link scaledSchedule}). */
export interface Schedule {
  /** Maximum number of epochs. */
  epochs: number;
  /** Epochs without improvement before stopping; 0 = no early stopping. */
  patience: number;
  /** Epochs without improvement between two halvings of the learning rate; 0 = never. */
  reduceEvery: number;
}

/**
 * Scales the patience of `config` to a training split of `trainRows` rows: with
 * S = ⌈trainRows / batchSize⌉ optimizer steps per epoch,
 *
 *   patience = max(config.patience, ⌈patienceSteps / S⌉)   (0 stays 0: no early stopping)
 *
 * so that on a small table early stopping waits at least `patienceSteps` steps for an
 * improvement; a large table keeps the patience given. The epoch cap stays as given.
 * Idempotent: scaling a scaled schedule changes nothing. With `lrSchedule: 'plateau'` the
 * learning rate is halved after every ⌊patience / 3⌋ epochs without improvement (at most
 * {@link MAX_LR_HALVINGS} times), the scheme of Keras' ReduceLROnPlateau with factor 0.5.
 * The patience is shared/patience.ts effectivePatience (the Train form says the same).
 * @param trainRows rows in the training split (> 0).
 */
export function scaledSchedule(config: TrainConfig, trainRows: number): Schedule {
  const patience = effectivePatience(
    config.patience,
    config.patienceSteps ?? 0,
    trainRows,
    config.batchSize,
  ).epochs;
  const reduceEvery =
    config.lrSchedule === 'plateau' && patience >= 3 ? Math.floor(patience / 3) : 0;
  return { epochs: config.epochs, patience, reduceEvery };
}

/**
 * The configuration with its patience scaled to `trainRows` training rows (see
 * {@link scaledSchedule}); what a run stores, so its record says what it did. When the
 * scaling raised the patience, `patienceScaledFrom` keeps the patience given and
 * `trainRows`, so the report can say both (e.g. 50, the 20 given raised for 1 800 rows).
 * Idempotent: a configuration already scaled keeps its `patienceScaledFrom`.
 */
export function withScaledSchedule(config: TrainConfig, trainRows: number): TrainConfig {
  const patience = scaledSchedule(config, trainRows).patience;
  if (patience === config.patience) return { ...config };
  return { ...config, patience, patienceScaledFrom: { patience: config.patience, trainRows } };
}

/** The validation scores of one task in one epoch (labelled validation rows only). */
export interface ValidationScore {
  labelled: number;
  loss: number;
  macroF1: number;
}

/**
 * How good an epoch is for a group of tasks that stop together, as a pair compared
 * lexicographically (higher is better): for 'macroF1', the mean validation macro-F1 of the
 * group's tasks, ties broken by their summed validation loss (lower is better); for 'loss',
 * the summed validation loss alone. Tasks without labelled validation rows are left out.
 * @returns [primary, secondary], both "higher is better".
 */
export function stoppingScore(
  criterion: TrainConfig['earlyStopping'],
  scores: ValidationScore[],
): [number, number] {
  let loss = 0;
  let f1 = 0;
  let n = 0;
  for (const s of scores) {
    if (s.labelled === 0) continue;
    loss += s.loss;
    f1 += s.macroF1;
    n++;
  }
  if (criterion === 'loss') return [-loss, 0];
  return [n > 0 ? f1 / n : 0, -loss];
}

/**
 * Whether `score` improves on `best` (pairs of {@link stoppingScore}): a higher primary
 * value (by more than 1e-9), or an equal one and a secondary value higher by more than 1e-7.
 */
export function improves(score: [number, number], best: [number, number]): boolean {
  if (score[0] > best[0] + 1e-9) return true;
  return Math.abs(score[0] - best[0]) <= 1e-9 && score[1] > best[1] + 1e-7;
}
