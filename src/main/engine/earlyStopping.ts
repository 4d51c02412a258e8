/**
 * Early stopping of the training loop (trainer.ts): the groups of weights that stop
 * together, each group's best score, patience and best-weights snapshot, the epoch-end
 * update (improvement, patience, learning-rate halving on plateaus; engine/schedule.ts) and
 * the final restore of the best weights.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { EpochRecord, TrainConfig } from '../../shared/domain';
import { MtlError } from '../../shared/errors';
import type { MultiTaskNetwork, NamedVariable } from './architectures/types';
import type { TrainingTask } from './batches';
import type { TrainingCheckpoint } from './checkpoint';
import type { FusedKernel } from './kernel/fusedKernel';
import type { FlatAdam } from './optimizer';
import type { SplitScores } from './prediction';
import { invalidCheckpoint } from './resume';
import { improves, MAX_LR_HALVINGS, stoppingScore, type Schedule } from './schedule';

/** Weights that early-stop together and the tasks whose losses train them. */
export interface StoppingGroup {
  tasks: number[];
  weights: NamedVariable[];
}

/** One group's early-stopping state. */
export interface StoppingState {
  /** Best [primary, tie-break] score so far (see schedule.stoppingScore). */
  score: [number, number];
  /** 1-based epoch of the best score (0 before the first). */
  epoch: number;
  /** Epochs since the best one. */
  wait: number;
  /** Learning-rate halvings so far. */
  halvings: number;
  /** Copies of the group's weights at the best epoch (owned; disposed by the loop). */
  snapshot: tf.Tensor[] | null;
  done: boolean;
}

/**
 * The groups that early-stop together: one per task when the tasks share nothing (the
 * single-task baseline), else one over every weight.
 */
export function stoppingGroups(network: MultiTaskNetwork, tasks: TrainingTask[]): StoppingGroup[] {
  return network.perTaskWeights !== null
    ? network.perTaskWeights.map((weights, t) => ({ tasks: [t], weights }))
    : [{ tasks: tasks.map((_, t) => t), weights: network.weights }];
}

/**
 * Fresh states of `groups`, or those saved in `resume` (with their snapshots as new tensors).
 * @throws MtlError('CHECKPOINT_INVALID') when the checkpoint has another number of groups.
 */
export function initialStates(
  groups: StoppingGroup[],
  resume: TrainingCheckpoint | null,
): StoppingState[] {
  const best = groups.map((): StoppingState => ({
    score: [-Infinity, -Infinity],
    epoch: 0,
    wait: 0,
    halvings: 0,
    snapshot: null,
    done: false,
  }));
  if (resume) {
    if (resume.best.length !== groups.length)
      throw invalidCheckpoint(
        `it has ${resume.best.length} early-stopping groups, not ${groups.length}`,
      );
    resume.best.forEach((saved, i) => {
      const weights = groups[i].weights;
      Object.assign(best[i], {
        ...saved,
        snapshot: saved.snapshot
          ? saved.snapshot.map((values, j) => tf.tensor(values, weights[j].variable.shape))
          : null,
      });
    });
  }
  return best;
}

/** What {@link updateEarlyStopping} reads and changes at the end of an epoch. */
export interface EpochEnd {
  groups: StoppingGroup[];
  best: StoppingState[];
  tasks: TrainingTask[];
  config: TrainConfig;
  schedule: Schedule;
  keepLast: boolean | undefined;
  /**
   * With `keepLast`: per task name, the epoch after which its group stops (a group stops once
   * every task of it reached its own; a task not named never stops early).
   */
  stopAfter?: Record<string, number>;
  epoch: number;
  /** Per task, this epoch's validation scores. */
  scores: SplitScores[];
  /** This epoch's record (gains `stoppedTasks` when an independent group stops). */
  record: EpochRecord;
  /** Earlier epochs' records. */
  epochs: EpochRecord[];
  optimizers: FlatAdam[];
  kernel: FusedKernel | null;
}

/**
 * Per group still training: keeps a snapshot when the validation score improves (or always
 * with `keepLast`), else counts patience, stops the group when it runs out, and halves the
 * group's learning rate (both step engines) every `schedule.reduceEvery` epochs without
 * improvement, at most MAX_LR_HALVINGS times.
 * @throws MtlError('TRAINING_FAILED') when a task's validation loss is not finite.
 */
export function updateEarlyStopping(end: EpochEnd): void {
  const { groups, best, tasks, config, schedule, keepLast, epoch, scores: val } = end;
  groups.forEach((g, i) => {
    const state = best[i];
    if (state.done) return;
    for (const t of g.tasks) {
      if (val[t].labelled === 0) continue;
      if (!Number.isFinite(val[t].loss)) {
        throw new MtlError(
          'TRAINING_FAILED',
          `Task "${tasks[t].name}": validation loss became ${val[t].loss} at epoch ${epoch}; lower the learning rate.`,
        );
      }
    }
    const score = stoppingScore(
      config.earlyStopping,
      g.tasks.map((t) => val[t]),
    );
    if (keepLast || improves(score, state.score)) {
      state.score = score;
      state.epoch = epoch;
      state.wait = 0;
      if (keepLast) {
        const stopAfter = end.stopAfter;
        if (stopAfter && g.tasks.every((t) => epoch >= (stopAfter[tasks[t].name] ?? Infinity))) {
          state.done = true;
          if (groups.length > 1) recordStopped(end, g, state);
        }
        return;
      }
      if (state.snapshot) tf.dispose(state.snapshot);
      state.snapshot = g.weights.map((w) => tf.clone(w.variable));
    } else if (schedule.patience > 0 && ++state.wait >= schedule.patience) {
      state.done = true;
      if (groups.length > 1) recordStopped(end, g, state);
    } else if (
      schedule.reduceEvery > 0 &&
      state.wait % schedule.reduceEvery === 0 &&
      state.halvings < MAX_LR_HALVINGS
    ) {
      // Reduce on plateau: the same halving on both step engines.
      state.halvings++;
      const rate = config.learningRate / 2 ** state.halvings;
      end.optimizers[i].setLearningRate(rate);
      end.kernel?.setLearningRate(i, rate);
    }
  });
}

/**
 * Sets each group's weights back to its best snapshot (disposing it).
 * @returns the best epoch per task name.
 */
export function restoreBest(
  groups: StoppingGroup[],
  best: StoppingState[],
  tasks: TrainingTask[],
): Record<string, number> {
  const bestEpochPerTask: Record<string, number> = {};
  groups.forEach((g, i) => {
    const state = best[i];
    if (state.snapshot) {
      g.weights.forEach((w, j) => w.variable.assign(state.snapshot![j]));
      tf.dispose(state.snapshot);
    }
    g.tasks.forEach((t) => (bestEpochPerTask[tasks[t].name] = state.epoch));
  });
  return bestEpochPerTask;
}

/**
 * Independent networks stop one by one: the epoch's record says which stopped (with the
 * epoch each keeps and its validation macro-F1), so the drop in the summed losses of the next
 * epochs is explained.
 */
function recordStopped(end: EpochEnd, g: StoppingGroup, state: StoppingState): void {
  const { record, epoch, tasks } = end;
  record.stoppedTasks ??= {};
  for (const t of g.tasks) {
    const name = tasks[t].name;
    const kept = state.epoch === epoch ? record : end.epochs.find((e) => e.epoch === state.epoch);
    record.stoppedTasks[name] = {
      bestEpoch: state.epoch,
      valMacroF1: kept?.tasks[name]?.valMacroF1 ?? NaN,
    };
  }
}
