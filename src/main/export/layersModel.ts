/**
 * A trained network as a plain Keras-style functional model of `@tensorflow/tfjs-layers`,
 * built only from standard layers (Dense, Concatenate, Reshape, Dot), so any TensorFlow.js
 * user loads it with `tf.loadLayersModel` — no custom layer, no studio code.
 *
 * How each architecture maps (all read one input `features` [batch, inputDim]):
 * - single-task, hard sharing, MMoE, PLE: translated generically from the engine's
 *   {@link DenseGraph} (the description the fused kernel trains from). A ReLU or hidden
 *   layer is a `Dense(relu)`; a softmax-gated mixture Σ_j softmax(z)_j · h_j is a gate
 *   `Dense(E, softmax)` → `Reshape([1, E])`, the experts `Concatenate` → `Reshape([E, U])`,
 *   `Dot(axes [2, 1])` → `Reshape([U])` (the same batched product as the engine's
 *   `mixExperts`). A gate layer that holds several mixtures' logits side by side (MMoE's
 *   [inputDim, T·E] kernel) becomes one `Dense(E, softmax)` per mixture over its columns;
 *   a logits layer holding several tasks (hard sharing's combined heads) one output
 *   `Dense(k_t, softmax)` per task over its columns. A column of x·W + b does not depend
 *   on the other columns, so the slices are exact.
 * - cross-stitch (Misra et al., CVPR 2016): one `Dense(relu)` column per task and layer;
 *   the unit h̃_t = Σ_s α[t, s] · h_s is a bias-free `Dense(U)` per task over the
 *   `Concatenate` of all columns, with the fixed block kernel [α[t, 0]·I; …; α[t, T−1]·I]
 *   (a column of kron(αᵀ, I)): the same sum, plus exact zeros. With the CNN trunk each
 *   task's conv column is `Conv2D` (+ `MaxPooling2D`) blocks on the `Reshape`d features, and
 *   the unit after each block is a bias-free 1×1 `Conv2D(C)` per task over the channel-wise
 *   `Concatenate` of the columns' maps [height, width, T·C], its kernel [1, 1, T·C, C] the
 *   same block matrix; each column is then `Flatten`ed into its dense layers.
 * - a CNN trunk (image inputs, any dense-graph architecture): `features` is the image
 *   flattened NHWC and standardised per channel ([batch, height · width · channels], see
 *   engine/images.ts); `Reshape([height, width, channels])`, then per block
 *   `Conv2D(filters, k, 'same', relu)` and `MaxPooling2D(2, 2, 'valid')`, then `Flatten`
 *   (channels-last, the order of the engine's reshape) feed the layers that read the
 *   features. Single-task networks have one trunk per task, all reading `features`.
 * Outputs: one per task, in task order, `Dense(k_t, softmax)` giving probabilities
 * [batch, k_t], named `probs_<task>`.
 */
import * as tf from '@tensorflow/tfjs';
import { MtlError } from '../../shared/errors';
import { safe } from '../engine/architectures/layers';
import type {
  ConvLayerDescription,
  ConvTrunkSpec,
  DenseGraph,
  MultiTaskNetwork,
  NamedVariable,
} from '../engine/architectures/types';
import type { NetworkTopology } from '../engine/modelIO';

/** Name of the model's input layer. */
export const INPUT_NAME = 'features';

/** A functional model and the name of each task's output, in task order. */
export interface ExportedLayersModel {
  model: tf.LayersModel;
  /** Per task, the name of its output layer (`model.outputNames` in the same order). */
  outputNames: string[];
}

type Symbolic = tf.SymbolicTensor;

/** Keeps layer names unique within one model (`a`, `a_2`, …). */
class LayerNames {
  private readonly used = new Set<string>();
  take(wanted: string): string {
    let name = wanted.replace(/[^A-Za-z0-9_.-]/g, '_');
    for (let i = 2; this.used.has(name); i++) name = `${wanted}_${i}`;
    this.used.add(name);
    return name;
  }
}

/** The stored name of a weight with its "/kernel" or "/bias" suffix cut, slashes as "_". */
function layerNameOf(network: MultiTaskNetwork, variable: tf.Variable): string {
  const found = network.weights.find((w) => w.variable === variable);
  if (!found) throw new MtlError('INTERNAL', 'A layer of the network is not among its weights.');
  return found.name.replace(/\/(kernel|bias|alpha)$/, '').replace(/\//g, '_');
}

/**
 * Applies a new Dense layer to `input` and sets its weights.
 * @param kernel [in, units]; @param bias [units] or null for a bias-free layer.
 * The caller keeps ownership of `kernel` and `bias` (setWeights copies them).
 */
function dense(
  input: Symbolic,
  name: string,
  kernel: tf.Tensor2D,
  bias: tf.Tensor1D | null,
  activation: 'relu' | 'softmax' | 'linear',
): Symbolic {
  const layer = tf.layers.dense({
    units: kernel.shape[1],
    activation,
    useBias: bias !== null,
    name,
  });
  const out = layer.apply(input) as Symbolic;
  layer.setWeights(bias ? [kernel, bias] : [kernel]);
  return out;
}

/**
 * A CNN trunk as standard layers, weights copied.
 * @param input features [batch, height · width · channels] (NHWC, standardised).
 * @returns its flattened output [batch, outHeight · outWidth · filters], NHWC order.
 */
function convTrunkLayers(
  network: MultiTaskNetwork,
  trunk: ConvTrunkSpec,
  input: Symbolic,
  names: LayerNames,
): Symbolic {
  const { height, width, channels } = trunk.input;
  const first = trunk.layers[0];
  const base = first ? layerNameOf(network, first.params.kernel).replace(/_conv_0$/, '') : 'cnn';
  let h = tf.layers
    .reshape({ targetShape: [height, width, channels], name: names.take(`${base}_image`) })
    .apply(input) as Symbolic;
  for (const layer of trunk.layers) {
    const kernel = layer.params.kernel as unknown as tf.Tensor4D;
    const [kh, kw, , filters] = kernel.shape;
    const conv = tf.layers.conv2d({
      filters,
      kernelSize: [kh, kw],
      strides: layer.stride,
      padding: layer.padding,
      activation: layer.relu ? 'relu' : 'linear',
      useBias: true,
      name: names.take(layerNameOf(network, layer.params.kernel)),
    });
    h = conv.apply(h) as Symbolic;
    conv.setWeights([kernel, layer.params.bias as unknown as tf.Tensor1D]);
    if (layer.pool) {
      h = tf.layers
        .maxPooling2d({
          poolSize: 2,
          strides: 2,
          padding: 'valid',
          name: names.take(`${layerNameOf(network, layer.params.kernel)}_pool`),
        })
        .apply(h) as Symbolic;
    }
  }
  return tf.layers.flatten({ name: names.take(`${base}_flatten`) }).apply(h) as Symbolic;
}

/** Columns [offset, offset + count) of a dense layer's kernel [in, out] and bias [out]. */
function columns(
  params: { kernel: tf.Variable; bias: tf.Variable },
  offset: number,
  count: number,
): { kernel: tf.Tensor2D; bias: tf.Tensor1D } {
  const kernel = params.kernel as unknown as tf.Tensor2D;
  const inDim = kernel.shape[0];
  return {
    kernel: tf.slice(kernel, [0, offset], [inDim, count]),
    bias: tf.slice(params.bias as unknown as tf.Tensor1D, [offset], [count]),
  };
}

/**
 * Σ_j gate_j · experts_j as standard layers.
 * @param gate softmax weights [batch, E]; @param experts E tensors [batch, U].
 * @returns [batch, U].
 */
function mixture(gate: Symbolic, experts: Symbolic[], name: string, names: LayerNames): Symbolic {
  const E = experts.length;
  const units = experts[0].shape[1] as number;
  const g = tf.layers.reshape({ targetShape: [1, E], name: names.take(`${name}_gate_row`) });
  const stacked =
    E === 1
      ? experts[0]
      : (tf.layers
          .concatenate({ axis: 1, name: names.take(`${name}_experts`) })
          .apply(experts) as Symbolic);
  const matrix = tf.layers.reshape({
    targetShape: [E, units],
    name: names.take(`${name}_experts_matrix`),
  });
  const dot = tf.layers.dot({ axes: [2, 1], name: names.take(`${name}_mix`) });
  const mixed = dot.apply([g.apply(gate) as Symbolic, matrix.apply(stacked) as Symbolic]);
  return tf.layers
    .reshape({ targetShape: [units], name: names.take(`${name}_mixed`) })
    .apply(mixed) as Symbolic;
}

/**
 * Builds the functional model of a network whose layers are described by a dense graph
 * (single-task, hard sharing, MMoE, PLE).
 * @throws MtlError('INTERNAL') when a gate or logits layer has a ReLU (the graph promises
 *   linear ones).
 */
function fromDenseGraph(
  network: MultiTaskNetwork,
  graph: DenseGraph,
  input: Symbolic,
  taskNames: string[],
  names: LayerNames,
): Symbolic[] {
  const sliced = new Set<number>();
  graph.outputs.forEach((o) => sliced.add(o.layer));
  graph.mixtures?.forEach((m) => sliced.add(m.gate));
  const readByLayers = new Set(graph.layers.map((l) => l.input).filter((i) => i >= 0));
  const outputs: (Symbolic | null)[] = graph.layers.map(() => null);
  const mixtures = new Map<number, Symbolic>();
  const trunks = new Map<number, Symbolic>();

  /** What a layer reads: the features, its CNN trunk's output, a layer or a mixture. */
  const read = (layer: DenseGraph['layers'][number]): Symbolic => {
    const at = layer.convTrunk;
    if (layer.input !== -1 || at === undefined) return source(layer.input);
    let out = trunks.get(at);
    if (!out) {
      const spec = graph.convTrunks?.[at];
      if (!spec) throw new MtlError('INTERNAL', `CNN trunk ${at} is missing from the graph.`);
      out = convTrunkLayers(network, spec, input, names);
      trunks.set(at, out);
    }
    return out;
  };

  const source = (at: number): Symbolic => {
    if (at === -1) return input;
    if (at >= 0) {
      const s = outputs[at];
      if (!s) throw new MtlError('INTERNAL', `Layer ${at} is read before it is built.`);
      return s;
    }
    const m = -2 - at;
    const done = mixtures.get(m);
    if (done) return done;
    const spec = graph.mixtures![m];
    const gateLayer = graph.layers[spec.gate];
    if (gateLayer.relu) throw new MtlError('INTERNAL', 'A gate layer must be linear.');
    const base = layerNameOf(network, gateLayer.params.kernel);
    const { kernel, bias } = columns(gateLayer.params, spec.gateColumn, spec.experts.length);
    const gate = dense(
      read(gateLayer),
      names.take(`${base}_softmax_${m}`),
      kernel,
      bias,
      'softmax',
    );
    tf.dispose([kernel, bias]);
    const mixed = mixture(
      gate,
      spec.experts.map((e) => source(e)),
      `mixture_${m}`,
      names,
    );
    mixtures.set(m, mixed);
    return mixed;
  };

  graph.layers.forEach((layer, i) => {
    // A linear layer read only through column slices (gates, task logits) is not built whole.
    if (sliced.has(i) && !readByLayers.has(i) && !layer.relu) return;
    outputs[i] = dense(
      read(layer),
      names.take(layerNameOf(network, layer.params.kernel)),
      layer.params.kernel as unknown as tf.Tensor2D,
      layer.params.bias as unknown as tf.Tensor1D,
      layer.relu ? 'relu' : 'linear',
    );
  });

  return graph.outputs.map((o, t) => {
    const logits = graph.layers[o.layer];
    if (logits.relu) throw new MtlError('INTERNAL', 'A logits layer must be linear.');
    const { kernel, bias } = columns(logits.params, o.offset, o.classes);
    const probs = dense(
      read(logits),
      names.take(`probs_${safe(taskNames[t])}`),
      kernel,
      bias,
      'softmax',
    );
    tf.dispose([kernel, bias]);
    return probs;
  });
}

/**
 * The kernel of a cross-stitch unit for task t over T concatenated columns of `units`
 * values each: [T · units, units] with α[t, s] on the diagonal of block s, zeros elsewhere,
 * so output j = Σ_s α[t, s] · h_s[j].
 */
function crossStitchKernel(alpha: number[][], t: number, units: number): Float32Array {
  const T = alpha.length;
  const values = new Float32Array(T * units * units);
  for (let s = 0; s < T; s++) {
    for (let j = 0; j < units; j++) values[(s * units + j) * units + j] = alpha[t][s];
  }
  return values;
}

/**
 * A cross-stitch unit as standard layers: per task a bias-free Dense (columns [batch, U])
 * or 1×1 Conv2D (maps [batch, height, width, C]) over the concatenation of all columns.
 * @param cols T symbolic tensors of one shape; @param alpha [T, T].
 * @returns T mixed columns, of the same shape.
 */
function crossStitchLayers(
  cols: Symbolic[],
  alpha: number[][],
  tasks: string[],
  name: string,
  names: LayerNames,
): Symbolic[] {
  const T = cols.length;
  const maps = cols[0].shape.length === 4;
  const all =
    T === 1
      ? cols[0]
      : (tf.layers
          .concatenate({ axis: -1, name: names.take(`${name}_columns`) })
          .apply(cols) as Symbolic);
  const units = cols[0].shape[cols[0].shape.length - 1] as number;
  return tasks.map((task, t) => {
    const values = crossStitchKernel(alpha, t, units);
    if (!maps) {
      const kernel = tf.tensor2d(values, [T * units, units]);
      const out = dense(all, names.take(`${name}_${task}`), kernel, null, 'linear');
      kernel.dispose();
      return out;
    }
    const layer = tf.layers.conv2d({
      filters: units,
      kernelSize: 1,
      padding: 'valid',
      useBias: false,
      activation: 'linear',
      name: names.take(`${name}_${task}`),
    });
    const out = layer.apply(all) as Symbolic;
    const kernel = tf.tensor4d(values, [1, 1, T * units, units]);
    layer.setWeights([kernel]);
    kernel.dispose();
    return out;
  });
}

/**
 * The conv blocks of one cross-stitch column, in order: each conv2d with the max-pooling
 * that follows it, if any (from the network's ConvLayerDescription list).
 */
function convBlocks(
  network: MultiTaskNetwork,
  trunk: string,
): { conv: Extract<ConvLayerDescription, { kind: 'conv2d' }>; pool: boolean }[] {
  const blocks: { conv: Extract<ConvLayerDescription, { kind: 'conv2d' }>; pool: boolean }[] = [];
  for (const layer of network.convLayers ?? []) {
    if (layer.trunk !== trunk) continue;
    if (layer.kind === 'conv2d') blocks.push({ conv: layer, pool: false });
    else if (layer.kind === 'maxPooling2d' && blocks.length > 0) blocks.at(-1)!.pool = true;
  }
  return blocks;
}

/**
 * Builds the functional model of a cross-stitch network from its named weights
 * (`column_<task>/conv_<i>`, `cross_stitch_conv_<i>/alpha`, `column_<task>/dense_<l>`,
 * `cross_stitch_<l>/alpha`, `head_<task>/hidden|logits`) and, with the CNN trunk, its
 * conv layers' descriptions (network.convLayers).
 * @throws MtlError('INTERNAL') when a weight of that naming is missing, or the CNN's
 *   image shape.
 */
function fromCrossStitch(
  network: MultiTaskNetwork,
  topology: NetworkTopology,
  input: Symbolic,
  names: LayerNames,
): Symbolic[] {
  const byName = new Map<string, NamedVariable>(network.weights.map((w) => [w.name, w]));
  const weight = (name: string): tf.Tensor => {
    const w = byName.get(name);
    if (!w) throw new MtlError('INTERNAL', `Cross-stitch network lacks weight "${name}".`);
    return w.variable;
  };
  const tasks = topology.tasks.map((t) => safe(t.name));
  const units = topology.config.hiddenUnits;
  let h: Symbolic[] = tasks.map(() => input);
  const columns = tasks.map((task) => convBlocks(network, `column_${task}`));
  if (columns[0].length > 0) {
    const image = topology.image;
    if (!image) throw new MtlError('INTERNAL', 'A cross-stitch CNN lacks its image shape.');
    const reshaped = tf.layers
      .reshape({
        targetShape: [image.height, image.width, image.channels],
        name: names.take(`${INPUT_NAME}_image`),
      })
      .apply(input) as Symbolic;
    let maps = tasks.map(() => reshaped);
    columns[0].forEach((_, i) => {
      maps = tasks.map((task, t) => {
        const { conv, pool } = columns[t][i];
        const layer = tf.layers.conv2d({
          filters: conv.filters,
          kernelSize: conv.kernelSize,
          strides: conv.strides,
          padding: conv.padding,
          activation: conv.activation,
          useBias: true,
          name: names.take(`column_${task}_conv_${i}`),
        });
        let out = layer.apply(maps[t]) as Symbolic;
        layer.setWeights([weight(conv.weights.kernel), weight(conv.weights.bias)]);
        if (pool) {
          out = tf.layers
            .maxPooling2d({
              poolSize: 2,
              strides: 2,
              padding: 'valid',
              name: names.take(`column_${task}_conv_${i}_pool`),
            })
            .apply(out) as Symbolic;
        }
        return out;
      });
      const alpha = weight(`cross_stitch_conv_${i}/alpha`).arraySync() as number[][];
      maps = crossStitchLayers(maps, alpha, tasks, `cross_stitch_conv_${i}`, names);
    });
    h = maps.map(
      (m, t) =>
        tf.layers.flatten({ name: names.take(`column_${tasks[t]}_flatten`) }).apply(m) as Symbolic,
    );
  }
  units.forEach((_, l) => {
    const cols = tasks.map((task, t) =>
      dense(
        h[t],
        names.take(`column_${task}_dense_${l}`),
        weight(`column_${task}/dense_${l}/kernel`) as tf.Tensor2D,
        weight(`column_${task}/dense_${l}/bias`) as tf.Tensor1D,
        'relu',
      ),
    );
    const alpha = weight(`cross_stitch_${l}/alpha`).arraySync() as number[][];
    h = crossStitchLayers(cols, alpha, tasks, `cross_stitch_${l}`, names);
  });
  return tasks.map((task, t) => {
    let x = h[t];
    if (topology.config.headUnits > 0) {
      x = dense(
        x,
        names.take(`head_${task}_hidden`),
        weight(`head_${task}/hidden/kernel`) as tf.Tensor2D,
        weight(`head_${task}/hidden/bias`) as tf.Tensor1D,
        'relu',
      );
    }
    return dense(
      x,
      names.take(`probs_${task}`),
      weight(`head_${task}/logits/kernel`) as tf.Tensor2D,
      weight(`head_${task}/logits/bias`) as tf.Tensor1D,
      'softmax',
    );
  });
}

/**
 * Builds the standard-layers model of a trained network (weights copied, the network is
 * left as it is; the caller disposes both).
 * @param network the engine's network (e.g. from deserializeNetwork).
 * @param topology its topology (architecture, input width, tasks, configuration).
 * @returns a model mapping features [batch, inputDim] (for a CNN trunk: the standardised
 *   image flattened NHWC, inputDim = height · width · channels) to one probability tensor
 *   [batch, k_t] per task, in task order.
 * @throws MtlError('BAD_REQUEST') for an architecture this exporter cannot express (a CNN
 *   trunk outside a dense graph and outside cross-stitch).
 */
export function toLayersModel(
  network: MultiTaskNetwork,
  topology: NetworkTopology,
): ExportedLayersModel {
  if (
    network.convLayers?.length &&
    !network.denseGraph?.convTrunks?.length &&
    topology.arch !== 'cross-stitch'
  ) {
    throw new MtlError(
      'BAD_REQUEST',
      `A ${topology.arch} network with a CNN trunk cannot be exported as a TensorFlow.js layers model.`,
    );
  }
  const names = new LayerNames();
  const input = tf.input({ shape: [topology.inputDim], name: names.take(INPUT_NAME) });
  const taskNames = topology.tasks.map((t) => t.name);
  let outputs: Symbolic[];
  if (network.denseGraph) {
    outputs = fromDenseGraph(network, network.denseGraph, input, taskNames, names);
  } else if (topology.arch === 'cross-stitch') {
    outputs = fromCrossStitch(network, topology, input, names);
  } else {
    throw new MtlError(
      'BAD_REQUEST',
      `Architecture "${topology.arch}" cannot be exported as a TensorFlow.js layers model yet.`,
    );
  }
  const model = tf.model({ inputs: input, outputs, name: `mtl_studio_${safe(topology.arch)}` });
  return { model, outputNames: outputs.map((o) => o.name.replace(/\/.*$/, '')) };
}
