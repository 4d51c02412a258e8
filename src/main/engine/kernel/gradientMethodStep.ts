/**
 * A gradient method's step (PCGrad, Yu et al. NeurIPS 2020; GradNorm, Chen et al. ICML
 * 2018) in the fused kernel: one forward and backward pass per task with a labelled row
 * in the batch, the same dropout masks for all, each task's gradients over every trained
 * layer flattened, combined by the method (weighting/), written back, then Adam.
 */
import type { DenseGraph } from '../architectures/types';
import type { FlatGradients } from '../weighting/types';
import type { ConvTrunkBuffers } from './convTrunk';
import type { LayerBuffers, StepLoss } from './kernelLayout';

/** Whether a parameter is shared (θ_sh) and part of the last shared layer, by its kernel's variable name. */
export type ParameterMembership = (kernelName: string) => { shared: boolean; lastShared: boolean };

/** The trained gradients in flat order, their masks and one reusable copy buffer per task. */
export interface GradientLayout {
  /** Views into the kernel's memory: CNN trunks' layers first, then dense layers (weights, then bias). */
  views: Float32Array[];
  shared: Uint8Array;
  lastShared: Uint8Array;
  /** Per task, a buffer of the flat length. */
  perTask: Float32Array[];
}

/** {@link GradientLayout}s of one kernel, computed once per set of active groups. */
export class GradientLayouts {
  private cache: { key: string; layout: GradientLayout } | null = null;

  /** @param view a float32 view of the kernel's memory (byte offset, floats). */
  constructor(
    private readonly graph: DenseGraph,
    private readonly trunks: ConvTrunkBuffers[],
    private readonly layers: LayerBuffers[],
    private readonly view: (offset: number, floats: number) => Float32Array,
  ) {}

  /** The layout of the active groups' gradients (cached while they stay the same). */
  get(activeGroups: boolean[], membership: ParameterMembership): GradientLayout {
    const key = activeGroups.map(Number).join('');
    if (this.cache?.key === key) return this.cache.layout;
    const trained = [
      ...this.trunks.flatMap((trunk) =>
        activeGroups[trunk.spec.group] ? trunk.gradientViews() : [],
      ),
      ...this.layers.flatMap((l, i) =>
        activeGroups[l.group]
          ? [
              {
                view: this.view(l.gw, l.inPad * l.outPad + l.outPad),
                kernelName: this.graph.layers[i].params.kernel.name,
              },
            ]
          : [],
      ),
    ];
    const views = trained.map((t) => t.view);
    const length = views.reduce((n, v) => n + v.length, 0);
    const shared = new Uint8Array(length);
    const lastShared = new Uint8Array(length);
    let at = 0;
    for (const { view, kernelName } of trained) {
      const m = membership(kernelName);
      if (m.shared) shared.fill(1, at, at + view.length);
      if (m.lastShared) lastShared.fill(1, at, at + view.length);
      at += view.length;
    }
    const perTask = this.graph.outputs.map(() => new Float32Array(length));
    const layout = { views, shared, lastShared, perTask };
    this.cache = { key, layout };
    return layout;
  }
}

/** The kernel as a gradient method's step uses it. */
export interface GradientMethodHost {
  /** The dropout stream's state, reset before each task's pass. */
  dropoutSeed: number;
  /** Forward and backward pass of Σ_t taskWeights[t] · CE_t (see FusedKernel.forwardBackward). */
  forwardBackward(
    x: Float32Array | null,
    size: number,
    labels: Int32Array[],
    taskWeights: number[],
    activeGroups: boolean[],
  ): StepLoss[];
}

/**
 * One gradient-method step.
 * @param graph the kernel's graph; @param host the kernel.
 * @param x the batch's rows [size, inputDim], or null when they were gathered into the
 *   kernel's input block; @param labels per task [≥ size], −1 = missing.
 * @param combine the method's combination (WeightingState.combineFlat).
 * @param applyAdam Adam on the active groups once the combined gradients are written.
 * @returns per task its loss and label weight (NaN and 0 for tasks without a labelled row).
 */
export function gradientMethodStep(
  graph: DenseGraph,
  host: GradientMethodHost,
  layout: GradientLayout,
  x: Float32Array | null,
  size: number,
  labels: Int32Array[],
  activeGroups: boolean[],
  combine: (step: FlatGradients) => Float32Array,
  applyAdam: () => void,
): StepLoss[] {
  const T = graph.outputs.length;
  const seed = host.dropoutSeed;
  const losses: StepLoss[] = Array.from({ length: T }, () => ({ loss: NaN, weight: 0 }));
  const { views, shared, lastShared, perTask } = layout;
  const grads: (Float32Array | null)[] = Array.from({ length: T }, () => null);
  for (let t = 0; t < T; t++) {
    const group = graph.layers[graph.outputs[t].layer].group;
    if (!activeGroups[group] || !labels[t].subarray(0, size).some((y) => y >= 0)) continue;
    host.dropoutSeed = seed;
    const oneHot = Array.from({ length: T }, (_, j) => (j === t ? 1 : 0));
    losses[t] = host.forwardBackward(x, size, labels, oneHot, activeGroups)[t];
    const flat = perTask[t];
    let offset = 0;
    for (const view of views) {
      flat.set(view, offset);
      offset += view.length;
    }
    grads[t] = flat;
  }
  if (grads.some((g) => g !== null)) {
    const combined = combine({ grads, losses: losses.map((l) => l.loss), shared, lastShared });
    let offset = 0;
    for (const view of views) {
      view.set(combined.subarray(offset, offset + view.length));
      offset += view.length;
    }
    applyAdam();
  }
  return losses;
}
