/**
 * Saving a trained network's weights as one float32 buffer and rebuilding the network
 * from its topology and weights, bit-exactly.
 */
import * as tf from '@tensorflow/tfjs-core';
import { DEFAULT_TRAIN_CONFIG, type TrainConfig } from '../../shared/domain';
import { MtlError } from '../../shared/errors';
import { getArchitecture } from './architectures';
import type { ConvLayerDescription, MultiTaskNetwork } from './architectures/types';
import type { ImageShape } from './images';
import type { TrainingTask } from './trainer';

/** What is needed, with the weights, to rebuild a network. JSON-serialisable. */
export interface NetworkTopology {
  version: 1;
  arch: TrainConfig['arch'];
  /** Values per input row (images: height · width · channels). */
  inputDim: number;
  tasks: TrainingTask[];
  /** The architecture-relevant part of the training configuration. */
  config: TrainConfig;
  /** Image models: the shape of one input image, [height, width, channels] NHWC. */
  image?: ImageShape;
  /**
   * CNN trunks' layers spelled out (conv2d with filters, kernel size, strides, padding and
   * activation; maxPooling2d; flatten; shapes and weight names), for exporters. Informative:
   * the network is rebuilt from `arch`, `config` and `image`.
   */
  convLayers?: ConvLayerDescription[];
}

/**
 * The topology to save with a trained network.
 * @param inputDim values per input row; @param image the image shape of image models.
 */
export function networkTopology(
  network: MultiTaskNetwork,
  config: TrainConfig,
  inputDim: number,
  tasks: TrainingTask[],
  image?: ImageShape,
): NetworkTopology {
  const topology: NetworkTopology = { version: 1, arch: config.arch, inputDim, tasks, config };
  if (image)
    topology.image = { height: image.height, width: image.width, channels: image.channels };
  if (network.convLayers?.length) topology.convLayers = network.convLayers;
  return topology;
}

/** Weights as stored: names + shapes, and little-endian float32 values concatenated. */
export interface SerializedWeights {
  weightSpecs: { name: string; shape: number[] }[];
  weights: Uint8Array;
}

/**
 * Reads every variable of the network into one buffer (in `network.weights` order).
 * @returns specs and a Uint8Array of 4 · Σ size bytes.
 */
export function serializeWeights(network: MultiTaskNetwork): SerializedWeights {
  const specs = network.weights.map((w) => ({ name: w.name, shape: [...w.variable.shape] }));
  const total = network.weights.reduce((s, w) => s + w.variable.size, 0);
  const values = new Float32Array(total);
  let offset = 0;
  for (const w of network.weights) {
    values.set(w.variable.dataSync() as Float32Array, offset);
    offset += w.variable.size;
  }
  return { weightSpecs: specs, weights: new Uint8Array(values.buffer) };
}

/**
 * Rebuilds a network from its topology and serialized weights. Every architecture's
 * learnable parameters (cross-stitch α and MMoE/PLE gates included) are model weights and
 * reload bit-exactly; loss-weighting parameters (uncertainty s, GradNorm w) are not part
 * of the model. A topology saved before a configuration field existed gets its default.
 * @throws MtlError('BAD_REQUEST') when a weight is missing, has another shape, or the
 *   buffer is shorter than the specs say (names the weight).
 */
export function deserializeNetwork(
  topology: NetworkTopology,
  stored: SerializedWeights,
): MultiTaskNetwork {
  const network = getArchitecture(topology.arch).build({
    inputDim: topology.inputDim,
    image: topology.image,
    tasks: topology.tasks.map((t) => ({ name: t.name, numClasses: t.classes.length })),
    config: { ...DEFAULT_TRAIN_CONFIG, ...topology.config },
    seed: 0,
  });
  try {
    // Copy into an aligned buffer: a Uint8Array view from SQLite may start at any offset.
    const bytes = new Uint8Array(stored.weights.byteLength);
    bytes.set(stored.weights);
    const values = new Float32Array(bytes.buffer);
    const offsets = new Map<string, { offset: number; shape: number[] }>();
    let offset = 0;
    for (const spec of stored.weightSpecs) {
      offsets.set(spec.name, { offset, shape: spec.shape });
      offset += spec.shape.reduce((a, b) => a * b, 1);
    }
    if (offset > values.length) {
      throw new MtlError(
        'BAD_REQUEST',
        `Weights buffer holds ${values.length} values; the specs need ${offset}.`,
      );
    }
    for (const w of network.weights) {
      const spec = offsets.get(w.name);
      if (!spec) throw new MtlError('BAD_REQUEST', `Stored model lacks weight "${w.name}".`);
      if (spec.shape.join('x') !== w.variable.shape.join('x')) {
        throw new MtlError(
          'BAD_REQUEST',
          `Weight "${w.name}" has shape [${spec.shape}] in the stored model, [${w.variable.shape}] in the network.`,
        );
      }
      const t = tf.tensor(
        values.subarray(spec.offset, spec.offset + w.variable.size),
        w.variable.shape,
      );
      w.variable.assign(t);
      t.dispose();
    }
    return network;
  } catch (err) {
    network.dispose();
    throw err;
  }
}
