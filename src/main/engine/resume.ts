/**
 * Resuming a training run from a checkpoint (engine/checkpoint.ts): checking that it
 * belongs to this job and network, and setting the optimisers, the weighting, the kernel,
 * the random streams and the batch order back to its state.
 */
import * as tf from '@tensorflow/tfjs-core';
import { MtlError } from '../../shared/errors';
import type { MultiTaskNetwork } from './architectures/types';
import type { TrainingCheckpoint } from './checkpoint';
import type { FusedKernel } from './kernel/fusedKernel';
import type { Adam, FlatAdam } from './optimizer';
import type { RandomStream } from './random';
import type { WeightingState } from './weighting';

/** Which implementation ran the training steps (as a checkpoint records it). */
type StepEngine = TrainingCheckpoint['stepEngine'];

/** A CHECKPOINT_INVALID error saying why the run's checkpoint cannot be used. */
export function invalidCheckpoint(why: string): MtlError {
  return new MtlError('CHECKPOINT_INVALID', `The run's checkpoint cannot be used: ${why}.`);
}

/**
 * Checks that a checkpoint belongs to this job and network.
 * @throws MtlError('CHECKPOINT_INVALID') naming what differs.
 */
export function checkResume(
  checkpoint: TrainingCheckpoint,
  fingerprint: string,
  network: MultiTaskNetwork,
): void {
  if (checkpoint.fingerprint !== fingerprint)
    throw invalidCheckpoint(
      'the data, split, labels or configuration changed since it was written',
    );
  const sizes = network.weights.map((w) => w.variable.size);
  if (
    checkpoint.weights.length !== sizes.length ||
    checkpoint.weights.some((w, i) => w.length !== sizes[i])
  )
    throw invalidCheckpoint('its weights do not fit the network');
}

/** What a resumed loop sets back besides weights, epochs and early stopping. */
export interface ResumeTargets {
  stepEngine: StepEngine;
  optimizers: FlatAdam[];
  looseOptimizer: Adam;
  weighting: WeightingState;
  kernel: FusedKernel | null;
  shuffleRandom: RandomStream;
  augmentRandom: RandomStream;
  order: Int32Array | undefined;
}

/**
 * Sets the optimisers, the weighting, the kernel, the random streams and the batch order
 * back to a checkpoint's state.
 * @throws MtlError('CHECKPOINT_INVALID') when it was written by the other step engine (the
 *   backend changed) or its state does not fit.
 */
export function restoreState(checkpoint: TrainingCheckpoint, targets: ResumeTargets): void {
  if (checkpoint.stepEngine !== targets.stepEngine)
    throw invalidCheckpoint(
      `it was written by the ${checkpoint.stepEngine} step engine and this run trains with ${targets.stepEngine} (another backend, or MTL_KERNEL changed)`,
    );
  try {
    if (checkpoint.optimizers)
      targets.optimizers.forEach((o, i) => o.restoreState(checkpoint.optimizers![i]));
    tf.tidy(() =>
      targets.weighting.parameters.forEach((p, i) =>
        p.assign(tf.tensor(checkpoint.weightingParameters[i], p.shape)),
      ),
    );
    targets.looseOptimizer.restoreState(targets.weighting.parameters, checkpoint.looseAdam);
    if (checkpoint.weighting) targets.weighting.restoreState?.(checkpoint.weighting);
    if (checkpoint.kernel) targets.kernel?.restoreState(checkpoint.kernel);
    if (targets.order && checkpoint.order) {
      if (checkpoint.order.length !== targets.order.length)
        throw new Error(
          `its batch order has ${checkpoint.order.length} rows, the training split ${targets.order.length}`,
        );
      targets.order.set(checkpoint.order);
    }
  } catch (err) {
    if (err instanceof MtlError) throw err;
    throw invalidCheckpoint((err as Error).message);
  }
  targets.shuffleRandom.restore(checkpoint.random.shuffle);
  targets.augmentRandom.restore(checkpoint.random.augment);
}
