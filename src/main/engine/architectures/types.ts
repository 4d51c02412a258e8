/**
 * The small interface every architecture fulfils (after LibMTL's AbsArchitecture):
 * build the variables once, then map a batch of features to one logits tensor per task.
 */
import type * as tf from '@tensorflow/tfjs-core';
import type { ArchitectureName, TrainConfig } from '../../../shared/domain';
import type { ImageShape } from '../images';

/** A task as the network sees it: a name and a number of classes (≥ 2). */
export interface TaskHeadSpec {
  name: string;
  numClasses: number;
}

/** What an architecture needs to build a network. */
export interface ArchitectureContext {
  /**
   * Width of the feature matrix, i.e. x has shape [batch, inputDim]. For image inputs,
   * inputDim = height · width · channels: each row is one image, NHWC, flattened.
   */
  inputDim: number;
  /**
   * Image inputs: the shape of one image (x reshapes to [batch, height, width, channels]).
   * Required by the CNN trunk (`config.trunk` 'cnn'); an MLP trunk reads the pixels flat.
   */
  image?: ImageShape;
  tasks: TaskHeadSpec[];
  config: TrainConfig;
  /** Seed of the weight initialisation. */
  seed: number;
}

/** A named trainable tensor; names are stable and used to save and reload weights. */
export interface NamedVariable {
  name: string;
  variable: tf.Variable;
  /** True for kernels (matrices), which get the L2 penalty; false for biases. */
  isKernel: boolean;
}

/** Dropout applied while training: the seed of this step's masks. Null at inference. */
export type TrainingMode = { dropoutSeed: number } | null;

/** A built multi-task network. */
export interface MultiTaskNetwork {
  /** All trainable variables, in the fixed order used for serialisation. */
  readonly weights: NamedVariable[];
  /**
   * For architectures whose tasks share no parameter (single-task baselines): the weights
   * of each task, so each task can keep its own best epoch. Null when tasks share weights.
   */
  readonly perTaskWeights: NamedVariable[][] | null;
  /**
   * Parameters whose gradient comes from more than one task's loss (θ_sh of PCGrad, after
   * LibMTL's `get_share_params`). Empty when tasks share nothing.
   */
  readonly sharedWeights: NamedVariable[];
  /**
   * Variables of the last shared layer, the W of GradNorm (Chen et al., ICML 2018) whose
   * per-task gradient norms are balanced. Empty when tasks share nothing.
   */
  readonly lastSharedLayer: NamedVariable[];
  /**
   * Forward pass.
   * @param x features [batch, inputDim], float32.
   * @param mode dropout seed while training, null at inference.
   * @returns logits per task, in task order, each [batch, numClasses_t]. The caller disposes
   *   them (or runs this inside tf.tidy).
   */
  forward(x: tf.Tensor2D, mode: TrainingMode): tf.Tensor2D[];
  /**
   * Forward pass that also returns the gate of each task (MMoE, PLE only).
   * @returns logits as {@link forward}, and per task the softmax gate weights
   *   [batch, numExperts_t] (each row sums to 1). The caller disposes all of them.
   */
  forwardWithGates?(x: tf.Tensor2D, mode: TrainingMode): GatedOutput;
  /**
   * Networks the fused kernel can run (hard sharing, single-task, MMoE, PLE, with an MLP or
   * a CNN trunk) describe their layers here so the trainer steps them in WebAssembly;
   * absent for the others.
   */
  readonly denseGraph?: DenseGraph;
  /** The CNN trunks' layers, explicitly (kinds, shapes, strides, padding); empty for MLP trunks. */
  readonly convLayers?: ConvLayerDescription[];
  /** Disposes every variable. */
  dispose(): void;
}

/**
 * One convolutional layer as tf.conv2d runs it (NHWC): conv (stride, padding) + bias, then
 * ReLU, then optionally 2×2 max-pooling with stride 2 ('valid').
 */
export interface ConvLayerSpec {
  /** kernel [kh, kw, inChannels, outChannels] (tfjs filter layout), bias [outChannels]. */
  params: { kernel: tf.Variable; bias: tf.Variable };
  stride: number;
  padding: 'same' | 'valid';
  relu: boolean;
  pool: boolean;
}

/** A stack of conv layers reading the input images; its output is flattened (NHWC order). */
export interface ConvTrunkSpec {
  /** The image it reads: each input row as [height, width, channels]. */
  input: ImageShape;
  layers: ConvLayerSpec[];
  /** Early-stopping group whose optimiser updates it. */
  group: number;
}

/**
 * A layer of a CNN trunk, spelled out for saving and exporting (a TF.js LayersModel has
 * the same kinds): 'conv2d' (filters, kernel size, strides, padding, activation, input and
 * output shapes [height, width, channels]), 'maxPooling2d' (pool 2×2, strides 2, 'valid'),
 * 'flatten' (channels-last order). `weights` names the layer's variables.
 */
export type ConvLayerDescription =
  | {
      kind: 'conv2d';
      trunk: string;
      filters: number;
      kernelSize: [number, number];
      strides: [number, number];
      padding: 'same' | 'valid';
      activation: 'relu' | 'linear';
      inputShape: [number, number, number];
      outputShape: [number, number, number];
      weights: { kernel: string; bias: string };
    }
  | {
      kind: 'maxPooling2d';
      trunk: string;
      poolSize: [number, number];
      strides: [number, number];
      padding: 'valid';
      inputShape: [number, number, number];
      outputShape: [number, number, number];
    }
  | { kind: 'flatten'; trunk: string; inputShape: [number, number, number]; units: number };

/**
 * A network of dense layers (and, for MMoE, softmax-gated mixtures of their outputs),
 * optionally after CNN trunks, described for the fused kernel (engine/kernel/fusedKernel.ts):
 * layers in forward order, each reading the features (or a CNN trunk's flattened output),
 * an earlier layer's activations or a task's mixture, and where each task's logits are.
 */
export interface DenseGraph {
  layers: {
    /** kernel [in, out], bias [out]. */
    params: { kernel: tf.Variable; bias: tf.Variable };
    /**
     * Index of the layer whose activations it reads; −1 for the input features; −2 − m for
     * mixture m (see `mixtures`).
     */
    input: number;
    /** With input −1: reads CNN trunk `convTrunks[convTrunk]`'s flattened output instead. */
    convTrunk?: number;
    /** ReLU after the layer (hidden layers); logits layers have none. */
    relu: boolean;
    /** Inverted-dropout rate after the activation while training (0 = none). */
    dropout: number;
    /** Early-stopping group whose optimiser updates it (task index for single-task). */
    group: number;
  }[];
  /** Per task: the layer holding its logits and its columns [offset, offset + classes). */
  outputs: { layer: number; offset: number; classes: number }[];
  /** Number of early-stopping groups. */
  groups: number;
  /**
   * Softmax-gated mixtures of experts (MMoE, PLE): mixture m computes
   * Σ_j softmax(z[gateColumn … gateColumn + E − 1])_j · h_{experts[j]} with z the (linear)
   * gate layer's logits and the experts ReLU layers of equal width read by mixtures only.
   * A layer with input −2 − m reads mixture m.
   */
  mixtures?: { experts: number[]; gate: number; gateColumn: number }[];
  /** CNN trunks reading the input images (one per early-stopping group that has one). */
  convTrunks?: ConvTrunkSpec[];
}

/** Output of {@link MultiTaskNetwork.forwardWithGates}. */
export interface GatedOutput {
  /** Per task [batch, numClasses_t]. */
  logits: tf.Tensor2D[];
  /** Per task [batch, numExperts_t], rows summing to 1. */
  gates: tf.Tensor2D[];
}

/** One architecture, selectable by name from the registry. */
export interface Architecture {
  name: ArchitectureName;
  /** One line for the UI and CLI help. */
  description: string;
  /** Paper or source of the method. */
  reference: string;
  /**
   * Creates the network's variables (seeded) and its forward pass.
   * @throws MtlError('BAD_REQUEST') for a configuration the architecture cannot build
   *   (e.g. PLE without expert layers).
   */
  build(ctx: ArchitectureContext): MultiTaskNetwork;
}
