/**
 * Saving and restoring the fused kernel's training state for checkpoints
 * (engine/checkpoint.ts): weights and Adam moments as they lie in the kernel's memory, the
 * per-group Adam step counts and learning rates, and the dropout stream.
 */
import type { GroupAdam } from './groupAdam';

/**
 * The kernel's training state (checkpoints): every trained layer's padded weights and
 * Adam moments as they lie in its memory, the per-group step counts and plateau-reduced
 * learning rates, and the dropout stream's state. Restoring it continues bit for bit.
 */
export interface KernelState {
  dropoutSeed: number;
  steps: number[];
  /** [group, learning rate] of groups whose rate was reduced. */
  rates: [number, number][];
  /** Per region (CNN trunk layers, then dense layers): weights, then m, then v. */
  parameters: Float32Array;
}

/** A trained layer's parameter region: weights, m and v byte offsets, and its floats. */
export interface ParameterRegion {
  w: number;
  m: number;
  v: number;
  floats: number;
}

/**
 * A copy of the training state.
 * @param regions every trained layer's region, in a fixed order;
 * @param view a float32 view of the kernel's memory (byte offset, floats).
 */
export function saveKernelState(
  regions: ParameterRegion[],
  view: (offset: number, floats: number) => Float32Array,
  adam: GroupAdam,
  dropoutSeed: number,
): KernelState {
  const parameters = new Float32Array(3 * regions.reduce((n, r) => n + r.floats, 0));
  let at = 0;
  for (const r of regions) {
    for (const offset of [r.w, r.m, r.v]) {
      parameters.set(view(offset, r.floats), at);
      at += r.floats;
    }
  }
  return {
    dropoutSeed,
    steps: adam.steps.slice(),
    rates: [...adam.groupRates.entries()],
    parameters,
  };
}

/**
 * Writes {@link saveKernelState}'s result back (regions, Adam's steps and rates).
 * @returns the dropout stream's state to continue from.
 * @throws Error when the state belongs to another graph (sizes differ).
 */
export function restoreKernelState(
  state: KernelState,
  regions: ParameterRegion[],
  view: (offset: number, floats: number) => Float32Array,
  adam: GroupAdam,
): number {
  const floats = 3 * regions.reduce((n, r) => n + r.floats, 0);
  if (state.parameters.length !== floats || state.steps.length !== adam.steps.length)
    throw new Error(
      `Kernel state of ${state.parameters.length} values and ${state.steps.length} groups for a kernel of ${floats} and ${adam.steps.length}.`,
    );
  let at = 0;
  for (const r of regions) {
    for (const offset of [r.w, r.m, r.v]) {
      view(offset, r.floats).set(state.parameters.subarray(at, at + r.floats));
      at += r.floats;
    }
  }
  adam.steps.splice(0, adam.steps.length, ...state.steps);
  adam.groupRates.clear();
  for (const [group, rate] of state.rates) adam.groupRates.set(group, rate);
  return state.dropoutSeed;
}
