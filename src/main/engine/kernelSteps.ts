/**
 * The training loop's fused-kernel side (engine/kernel/fusedKernel.ts): creating the kernel
 * for a run — with the in-memory table resident in its memory when the data offers it and
 * it fits (engine/kernel/residentRows.ts), so batches are gathered by the kernel, not
 * assembled in JavaScript — and one kernel step with its loss bookkeeping, shared by the
 * resident and the batch-source paths so both compute the same.
 */
import type { DenseGraph } from './architectures/types';
import { gatherRows, type EvaluationSet, type SourceData } from './batches';
import {
  FusedKernel,
  RESIDENT_MAX_BYTES,
  residentBytes,
  type KernelAdam,
  type ParameterMembership,
  type StepLoss,
} from './kernel/fusedKernel';
import type { WeightingState } from './weighting';

/**
 * The run's kernel. With `data.batches.resident` (an in-memory table) whose rows take at
 * most RESIDENT_MAX_BYTES, it holds them resident (loaded here); when that kernel does not
 * fit its memory, or without resident rows, batches come from the source as before.
 * @param maxBatch the largest batch; @param classWeights per task [k] or null;
 * @param seed seeds the dropout stream.
 * @returns the kernel, or null when it is unavailable or does not fit (the tfjs path).
 * @throws Error for a graph the kernel cannot run.
 */
export function createStepKernel(
  graph: DenseGraph,
  data: SourceData,
  maxBatch: number,
  adam: KernelAdam,
  classWeights: (ArrayLike<number> | null)[],
  seed: number,
): FusedKernel | null {
  const resident = data.image ? undefined : data.batches.resident;
  if (resident) {
    const rows = resident.features.length / data.numFeatures;
    if (residentBytes(rows, data.numFeatures, resident.labels.length) <= RESIDENT_MAX_BYTES) {
      const kernel = FusedKernel.create(
        graph,
        data.numFeatures,
        maxBatch,
        adam,
        classWeights,
        seed,
        rows,
      );
      if (kernel) {
        kernel.resident!.load(resident.features, resident.labels);
        return kernel;
      }
    }
  }
  return FusedKernel.create(graph, data.numFeatures, maxBatch, adam, classWeights, seed);
}

/**
 * Whether some active task has a labelled row among the batch's first `size` rows.
 * @param labels per task [≥ size] class index, −1 = missing.
 */
export function hasLabelledRow(labels: Int32Array[], activeTasks: number[], size: number): boolean {
  for (const t of activeTasks) {
    const y = labels[t];
    for (let i = 0; i < size; i++) if (y[i] >= 0) return true;
  }
  return false;
}

/** What a kernel step reads, fixed for one epoch. */
export interface KernelStepContext {
  kernel: FusedKernel;
  weighting: WeightingState;
  /** Loss weights fixed for the epoch (methods without parameters), else null. */
  epochWeights: number[] | null;
  /** Per early-stopping group, whether it still trains. */
  activeFlags: boolean[];
  membership: ParameterMembership;
  /** Steps the weighting's own parameters from the task losses (uncertainty's s_i). */
  stepLooseParameters: (losses: StepLoss[]) => void;
  /** Per task, Σ loss · weight and Σ weight of the epoch's steps (added to). */
  trainLossSum: Float64Array;
  trainLossRows: Float64Array;
}

/**
 * One step in the kernel: loss weighting (one pass) or a gradient method (one pass per
 * present task), Adam, the loose parameters, and the epoch's loss sums.
 * @param x the batch's rows [size, numFeatures], or null for a batch gathered from
 *   resident rows; @param labels per task [≥ size] (the kernel's batchLabels when gathered).
 */
export function kernelStep(
  ctx: KernelStepContext,
  x: Float32Array | null,
  size: number,
  labels: Int32Array[],
): void {
  const { kernel, weighting } = ctx;
  const losses =
    weighting.mode === 'loss'
      ? kernel.step(x, size, labels, ctx.epochWeights ?? weighting.taskWeights(), ctx.activeFlags)
      : kernel.stepPerTask(
          x,
          size,
          labels,
          ctx.activeFlags,
          ctx.membership,
          weighting.combineFlat!.bind(weighting),
        );
  losses.forEach(({ loss, weight }, t) => {
    if (weight === 0) return;
    ctx.trainLossSum[t] += loss * weight;
    ctx.trainLossRows[t] += weight;
  });
  if (weighting.parameters.length > 0) ctx.stepLooseParameters(losses);
}

/**
 * Class probabilities of the validation rows from the kernel's own forward pass (no
 * dropout), in chunks of its batch size: gathered by the kernel when they are its resident
 * rows (then its order block holds them: the next epoch sets its order again), else
 * gathered here.
 * @param set float32 features [n, inputDim], labels and the rows to score.
 * @returns per task, row-major [rows.length, classes_t] probabilities.
 */
export function kernelProbabilities(
  kernel: FusedKernel,
  set: EvaluationSet,
  inputDim: number,
  maxBatch: number,
  classes: number[],
): Float32Array[] {
  const { rows } = set;
  const out = classes.map((k) => new Float32Array(rows.length * k));
  const resident = kernel.resident?.holds(set.features) ? kernel.resident : null;
  resident?.setOrder(rows);
  for (let start = 0; start < rows.length; start += maxBatch) {
    const size = Math.min(maxBatch, rows.length - start);
    let x: Float32Array | null = null;
    if (resident) resident.gather(start, size);
    else x = gatherRows(set.features as Float32Array, inputDim, rows.subarray(start, start + size));
    kernel.predict(x, size).forEach((p, t) => out[t].set(p, start * classes[t]));
  }
  return out;
}
