/**
 * Adam (Kingma & Ba, ICLR 2015) over the fused kernel's parameters, per early-stopping
 * group: each group has its own bias-correction step count and, once reduced on a plateau,
 * its own learning rate; L2 on kernels and filters only (biases are not penalised), as the
 * tfjs path's FlatAdam (engine/optimizer.ts).
 */
import type { ConvTrunkBuffers } from './convTrunk';
import type { LayerBuffers } from './kernelLayout';
import type { KernelExports } from './wasmModule';

/** Adam's hyper-parameters as the tfjs path's FlatAdam uses them. */
export interface KernelAdam {
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  /** λ of the L2 penalty λ‖kernel‖² (biases are not penalised). */
  l2: number;
}

/** The per-group Adam state of one kernel (its moments lie in the kernel's memory). */
export class GroupAdam {
  /** Steps taken per early-stopping group (Adam's t). */
  readonly steps: number[];
  /** Learning rate per early-stopping group once reduced on a plateau (else Adam's own). */
  readonly groupRates = new Map<number, number>();

  /**
   * @param ops the kernel's exports; @param options Adam's hyper-parameters;
   * @param groups number of early-stopping groups.
   */
  constructor(
    private readonly ops: KernelExports,
    private readonly options: KernelAdam,
    groups: number,
  ) {
    this.steps = Array.from({ length: groups }, () => 0);
  }

  /**
   * Sets Adam's step size α (> 0) of one early-stopping group's layers for the next steps
   * (reduce on plateau; the tfjs path's FlatAdam.setLearningRate does the same).
   */
  setLearningRate(group: number, learningRate: number): void {
    this.groupRates.set(group, learningRate);
  }

  /** Adam on each active group with its own bias-correction counter; L2 on kernels only. */
  apply(activeGroups: boolean[], trunks: ConvTrunkBuffers[], layers: LayerBuffers[]): void {
    const o = this.options;
    activeGroups.forEach((active, group) => {
      if (active) this.steps[group]++;
    });
    // 1 − β in double precision, rounded once to float32 as tfjs does (see mlp.as.ts adam).
    const [b1, b2, c1, c2] = [o.beta1, o.beta2, 1 - o.beta1, 1 - o.beta2];
    /** Adam on n floats at (w, g, m, v) with group `group`'s corrections and rate; L2 when `l2`. */
    const adam = (group: number) => {
      const t = this.steps[group];
      const rate = this.groupRates.get(group) ?? o.learningRate;
      const stepSize = rate / (1 - o.beta1 ** t);
      const vCorrection = 1 / (1 - o.beta2 ** t);
      return (w: number, g: number, m: number, v: number, n: number, l2: boolean) =>
        this.ops.adam(
          w,
          g,
          m,
          v,
          n,
          stepSize,
          vCorrection,
          b1,
          b2,
          c1,
          c2,
          o.epsilon,
          l2 ? 2 * o.l2 : 0,
        );
    };
    for (const trunk of trunks)
      if (activeGroups[trunk.spec.group]) trunk.adam(adam(trunk.spec.group));
    layers.forEach((l) => {
      if (!activeGroups[l.group]) return;
      const step = adam(l.group);
      const nw = l.inPad * l.outPad;
      // Without L2 the kernel and the bias (stored right after it, as are their gradients
      // and moments) take the same update: one call for both.
      if (o.l2 === 0) return step(l.w, l.gw, l.m, l.v, nw + l.outPad, false);
      step(l.w, l.gw, l.m, l.v, nw, true);
      step(l.b, l.gb, l.m + nw * 4, l.v + nw * 4, l.outPad, false);
    });
  }
}
