/**
 * The CNN trunk for image inputs: blocks of a 'same' k×k convolution (stride 1) + bias,
 * ReLU and 2×2 max-pooling with stride 2 ('valid'), one block per entry of
 * `config.convFilters`, then a flatten in channels-last (NHWC) order — the layer pattern
 * of LeCun et al., "Gradient-based learning applied to document recognition", Proc. IEEE
 * 1998, with ReLU and max-pooling as in Krizhevsky et al., NIPS 2012. Every architecture
 * puts it in front of its dense layers through {@link createInputStage}: shared by the
 * tasks (hard sharing; MMoE's and PLE's experts and gates read its features) or one per
 * task (single-task baselines).
 *
 * Shapes: the network input x [batch, height · width · channels] is each image flattened
 * NHWC; the trunk reshapes it to [batch, height, width, channels] and returns
 * [batch, outHeight · outWidth · filters] (outHeight = ⌊…⌊height / 2⌋… / 2⌋).
 */
import * as tf from '@tensorflow/tfjs-core';
import { MtlError } from '../../../shared/errors';
import type { TrainConfig } from '../../../shared/domain';
import type { ImageShape } from '../images';
import { convGeometry } from '../kernel/convTrunk';
import type {
  ArchitectureContext,
  ConvLayerDescription,
  ConvLayerSpec,
  ConvTrunkSpec,
  DenseGraph,
  NamedVariable,
} from './types';

/** A built CNN trunk: its layers (variables included) and output width. */
export interface ConvTrunk extends ConvTrunkSpec {
  /** Name prefix of its variables (e.g. "shared_trunk"). */
  name: string;
  /** [height, width, channels] after the last block. */
  outputShape: [number, number, number];
  /** Features per image after the flatten. */
  outputDim: number;
}

/**
 * Creates a CNN trunk's variables: per block a filter [k, k, in, filters] with Glorot-uniform
 * values (fan-in k·k·in, fan-out k·k·filters, as Keras's glorot_uniform for conv kernels)
 * from the seeded generator, and a zero bias.
 * @param weights the list the variables are appended to (filter, then bias, per block).
 * @throws MtlError('BAD_REQUEST') when the image is too small for the number of blocks.
 */
export function createConvTrunk(
  image: ImageShape,
  config: Pick<TrainConfig, 'convFilters' | 'convKernel'>,
  name: string,
  random: () => number,
  weights: NamedVariable[],
): ConvTrunk {
  let [height, width, channels] = [image.height, image.width, image.channels];
  const k = config.convKernel;
  const layers: ConvLayerSpec[] = [];
  config.convFilters.forEach((filters, i) => {
    if (height < 2 || width < 2) {
      throw new MtlError(
        'BAD_REQUEST',
        `Images of ${image.width}×${image.height} pixels are too small for ${config.convFilters.length} conv blocks (each halves the size); use fewer convFilters or larger images.`,
      );
    }
    const limit = Math.sqrt(6 / (k * k * channels + k * k * filters));
    const values = new Float32Array(k * k * channels * filters);
    for (let j = 0; j < values.length; j++) values[j] = (random() * 2 - 1) * limit;
    const kernel = tf.tidy(() => tf.variable(tf.tensor4d(values, [k, k, channels, filters]), true));
    const bias = tf.tidy(() => tf.variable(tf.zeros([filters]), true));
    weights.push({ name: `${name}/conv_${i}/kernel`, variable: kernel, isKernel: true });
    weights.push({ name: `${name}/conv_${i}/bias`, variable: bias, isKernel: false });
    layers.push({ params: { kernel, bias }, stride: 1, padding: 'same', relu: true, pool: true });
    const g = convGeometry(height, width, k, k, 1, 'same');
    [height, width, channels] = [g.outHeight >> 1, g.outWidth >> 1, filters];
  });
  return {
    name,
    input: image,
    layers,
    group: 0,
    outputShape: [height, width, channels],
    outputDim: height * width * channels,
  };
}

/**
 * Applies a CNN trunk with tfjs ops (the tfjs path and inference).
 * @param x [batch, height · width · channels] → returns [batch, trunk.outputDim].
 */
export function applyConvTrunk(x: tf.Tensor2D, trunk: ConvTrunk): tf.Tensor2D {
  let h = imageBatch(x, trunk.input);
  for (const layer of trunk.layers) h = applyConvLayer(h, layer);
  return tf.reshape(h, [x.shape[0], trunk.outputDim]) as tf.Tensor2D;
}

/**
 * The network input as images. @param x [batch, height · width · channels] (NHWC rows)
 * → [batch, height, width, channels].
 */
export function imageBatch(x: tf.Tensor2D, image: ImageShape): tf.Tensor4D {
  return tf.reshape(x, [x.shape[0], image.height, image.width, image.channels]);
}

/**
 * One conv block with tfjs ops: conv (stride, padding) + bias, then ReLU and 2×2 max-pooling
 * (stride 2, 'valid') as the layer asks.
 * @param h [batch, height, width, inChannels] → [batch, outHeight, outWidth, filters].
 */
export function applyConvLayer(h: tf.Tensor4D, layer: ConvLayerSpec): tf.Tensor4D {
  const { kernel, bias } = layer.params;
  let out = tf.add(
    tf.conv2d(h, kernel as tf.Tensor4D, layer.stride, layer.padding),
    bias,
  ) as tf.Tensor4D;
  if (layer.relu) out = tf.relu(out);
  if (layer.pool) out = tf.maxPool(out, 2, 2, 'valid');
  return out;
}

/**
 * The trunk's layers spelled out (see ConvLayerDescription), for saving and exporting.
 */
export function describeConvTrunk(trunk: ConvTrunk): ConvLayerDescription[] {
  const out: ConvLayerDescription[] = [];
  let shape: [number, number, number] = [
    trunk.input.height,
    trunk.input.width,
    trunk.input.channels,
  ];
  trunk.layers.forEach((layer, i) => {
    const [kh, kw, , filters] = layer.params.kernel.shape as [number, number, number, number];
    const g = convGeometry(shape[0], shape[1], kh, kw, layer.stride, layer.padding);
    const convShape: [number, number, number] = [g.outHeight, g.outWidth, filters];
    out.push({
      kind: 'conv2d',
      trunk: trunk.name,
      filters,
      kernelSize: [kh, kw],
      strides: [layer.stride, layer.stride],
      padding: layer.padding,
      activation: layer.relu ? 'relu' : 'linear',
      inputShape: shape,
      outputShape: convShape,
      weights: { kernel: `${trunk.name}/conv_${i}/kernel`, bias: `${trunk.name}/conv_${i}/bias` },
    });
    shape = convShape;
    if (layer.pool) {
      const pooled: [number, number, number] = [shape[0] >> 1, shape[1] >> 1, filters];
      out.push({
        kind: 'maxPooling2d',
        trunk: trunk.name,
        poolSize: [2, 2],
        strides: [2, 2],
        padding: 'valid',
        inputShape: shape,
        outputShape: pooled,
      });
      shape = pooled;
    }
  });
  out.push({ kind: 'flatten', trunk: trunk.name, inputShape: shape, units: trunk.outputDim });
  return out;
}

/**
 * What an architecture puts in front of its dense layers: nothing for an MLP trunk (the
 * features go straight in), a CNN trunk for `config.trunk` 'cnn'.
 */
export interface InputStage {
  /** Width of what the dense layers read: inputDim, or the CNN's flattened output. */
  outputDim: number;
  /** The CNN trunk, or null. */
  conv: ConvTrunk | null;
  /** Its variables (filters and biases), in creation order; empty without a CNN. */
  weights: NamedVariable[];
  /** x [batch, inputDim] → [batch, outputDim] (x itself without a CNN). */
  apply(x: tf.Tensor2D): tf.Tensor2D;
}

/**
 * The input stage of one trunk of an architecture.
 * @param name prefix of the CNN's variables; @param weights the list they are appended to.
 * @throws MtlError('BAD_REQUEST') when `config.trunk` is 'cnn' and the input is not images.
 */
export function createInputStage(
  ctx: Pick<ArchitectureContext, 'inputDim' | 'image' | 'config'>,
  name: string,
  random: () => number,
  weights: NamedVariable[],
): InputStage {
  if (ctx.config.trunk !== 'cnn')
    return { outputDim: ctx.inputDim, conv: null, weights: [], apply: (x) => x };
  if (!ctx.image)
    throw new MtlError(
      'BAD_REQUEST',
      'The CNN trunk needs image inputs; this data set is a table (use trunk "mlp").',
    );
  const own: NamedVariable[] = [];
  const conv = createConvTrunk(ctx.image, ctx.config, name, random, own);
  weights.push(...own);
  return { outputDim: conv.outputDim, conv, weights: own, apply: (x) => applyConvTrunk(x, conv) };
}

/**
 * Adds a stage's CNN (if any) to a dense graph for the fused kernel, in early-stopping
 * group `group`, and makes every layer of that group that reads the input features read
 * the CNN's output instead. Call after the group's dense layers are in the graph.
 * @returns the graph.
 */
export function attachInputStage(graph: DenseGraph, stage: InputStage, group: number): DenseGraph {
  if (!stage.conv) return graph;
  graph.convTrunks ??= [];
  graph.convTrunks.push({ input: stage.conv.input, layers: stage.conv.layers, group });
  const index = graph.convTrunks.length - 1;
  for (const layer of graph.layers)
    if (layer.group === group && layer.input === -1) layer.convTrunk = index;
  return graph;
}
