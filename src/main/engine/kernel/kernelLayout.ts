/**
 * Where the fused kernel's buffers lie in its memory: per dense layer its weights,
 * gradients, Adam moments, transposed weights, activations and their gradient; per
 * mixture of experts its gates, output and pointer tables (all byte offsets), and which
 * layer reads which; copying a layer's weights between the tfjs layout and the kernel's
 * padded one. Also the graph's checks and the types the kernel's step returns.
 */
import type { DenseGraph } from '../architectures/types';
import { pad4, storedRow, type ConvTrunkBuffers } from './convTrunk';

/** gemm's epilogues (products.as.ts). */
export const EPILOGUE = { none: 0, relu: 1, reluBackward: 2 } as const;

/** One dense layer's buffers (byte offsets into the kernel's memory) and wiring. */
export interface LayerBuffers {
  inDim: number;
  outDim: number;
  inPad: number;
  outPad: number;
  /** Byte offsets: weights [inPad, outPad] then bias [outPad]; same layout for gradients and moments. */
  w: number;
  b: number;
  gw: number;
  gb: number;
  m: number;
  v: number;
  /** Transposed weights [outPad, inPad] (scratch for the input gradient). */
  wt: number;
  /** Activations [batch, outPad] and their gradient. */
  h: number;
  g: number;
  /** Byte offset of the input activations [batch, inPad]: features, a layer's h or a mixture. */
  input: number;
  /** As DenseGraph's `input`: −1 features, ≥ 0 a layer, ≤ −2 the mixture of task −2 − input. */
  inputLayer: number;
  /** Layers that read this one's activations, in forward order. */
  readers: number[];
  /** Inverted-dropout scale 1 / (1 − rate) of its activations (1 without dropout). */
  dropoutScale: number;
  /** The CNN trunk it reads (input −1), or −1. */
  convTrunk: number;
  /**
   * Reading a CNN trunk whose last layer has `channels` filters, stored padded to `stored`:
   * tfjs kernel row r is kernel row storedRow(r, channels, stored); null otherwise.
   */
  rowMap: { channels: number; stored: number } | null;
  /** Early-stopping group. */
  group: number;
}

/** A softmax-gated mixture of experts and its buffers (byte offsets). */
export interface MixtureBuffers {
  /** Layers whose activations are mixed (experts' last layers), in gate-column order. */
  experts: number[];
  /** The layer holding the gate logits, and the first of its columns this mixture uses. */
  gate: number;
  gateColumn: number;
  /** Expert width padded to 4. */
  width: number;
  /** Gates [batch, E]; output and its gradient [batch, width]. */
  gates: number;
  out: number;
  dOut: number;
  /** Pointer tables the kernel reads: experts' h, experts' g, out, dOut. */
  expertTable: number;
  dExpertTable: number;
  outTable: number;
  dOutTable: number;
  /** Index of the last layer it reads (the gate or an expert). */
  lastInput: number;
}

/** Per task after a step: mean (class-weighted) loss over its labelled rows and their weight sum. */
export interface StepLoss {
  /** Nats; NaN when the task had no labelled row in the batch or its group has stopped. */
  loss: number;
  /** Σ class weights of its labelled rows (their count without class weights); 0 when absent. */
  weight: number;
}

/** The dense layers and mixtures of a graph, laid out (see {@link layoutLayers}). */
export interface KernelLayout {
  layers: LayerBuffers[];
  /** The graph's mixtures of experts (MMoE, PLE) with their buffers. */
  mixtures: MixtureBuffers[];
  /** Layers whose activations only mixtures read (experts' last layers). */
  mixtureInputs: Set<number>;
  /** Per layer, the mixtures whose last input it is (computed right after it). */
  mixturesAfter: MixtureBuffers[][];
  /** Per CNN trunk, the dense layers reading it in forward order. */
  trunkReaders: number[][];
  /** Widest activation row (floats, padded): sizes the scratch block. */
  maxWidth: number;
}

/**
 * Allocates every dense layer's and mixture's buffers with `alloc` (floats → byte offset)
 * and wires inputs to outputs.
 * @param graph the network's layers; @param inputDim values per input row, padded to
 *   `inputPad` (a multiple of 4) in the input block at byte offset `x`;
 * @param trunks the graph's CNN trunks, already allocated; @param maxBatch rows.
 * @throws Error for a graph the kernel cannot run (see {@link checkGraph}).
 */
export function layoutLayers(
  graph: DenseGraph,
  inputDim: number,
  inputPad: number,
  x: number,
  trunks: ConvTrunkBuffers[],
  maxBatch: number,
  alloc: (floats: number) => number,
): KernelLayout {
  const trunkReaders: number[][] = trunks.map(() => []);
  const layers: LayerBuffers[] = [];
  const mixtures: MixtureBuffers[] = [];
  const mixtureInputs = new Set<number>();
  const mixturesAfter: MixtureBuffers[][] = [];
  let maxWidth = Math.max(inputPad, ...trunks.map((t) => t.outFloats));
  const specs = graph.mixtures ?? [];
  const width = (layer: number) => graph.layers[layer].params.kernel.shape[1]!;
  for (const spec of graph.layers) {
    const trunk = spec.input === -1 && spec.convTrunk !== undefined ? spec.convTrunk : -1;
    const conv = trunk >= 0 ? trunks[trunk] : null;
    const inDim = conv
      ? (conv.outFloats / conv.outChannelsStored) * conv.outChannels
      : spec.input === -1
        ? inputDim
        : spec.input < -1
          ? width(specs[-2 - spec.input].experts[0])
          : width(spec.input);
    const outDim = spec.params.kernel.shape[1]!;
    const inPad = conv ? conv.outFloats : pad4(inDim);
    const outPad = pad4(outDim);
    maxWidth = Math.max(maxWidth, outPad);
    const n = inPad * outPad + outPad;
    const w = alloc(n);
    const gw = alloc(n);
    layers.push({
      inDim,
      outDim,
      inPad,
      outPad,
      w,
      b: w + inPad * outPad * 4,
      gw,
      gb: gw + inPad * outPad * 4,
      m: alloc(n),
      v: alloc(n),
      wt: alloc(inPad * outPad),
      h: alloc(maxBatch * outPad),
      g: alloc(maxBatch * outPad),
      input: 0,
      inputLayer: spec.input,
      readers: [],
      dropoutScale: spec.dropout > 0 ? 1 / (1 - spec.dropout) : 1,
      convTrunk: trunk,
      rowMap: conv ? { channels: conv.outChannels, stored: conv.outChannelsStored } : null,
      group: spec.group,
    });
  }
  for (const m of specs) {
    const u = pad4(width(m.experts[0]));
    const E = m.experts.length;
    mixtures.push({
      ...m,
      width: u,
      gates: alloc(maxBatch * E),
      out: alloc(maxBatch * u),
      dOut: alloc(maxBatch * u),
      expertTable: alloc(E),
      dExpertTable: alloc(E),
      outTable: alloc(1),
      dOutTable: alloc(1),
      lastInput: Math.max(m.gate, ...m.experts),
    });
    m.experts.forEach((e) => mixtureInputs.add(e));
    const last = mixtures[mixtures.length - 1];
    (mixturesAfter[last.lastInput] ??= []).push(last);
  }
  layers.forEach((l, i) => {
    l.input =
      l.convTrunk >= 0
        ? trunks[l.convTrunk].out
        : l.inputLayer === -1
          ? x
          : l.inputLayer < -1
            ? mixtures[-2 - l.inputLayer].out
            : layers[l.inputLayer].h;
    if (l.inputLayer >= 0) layers[l.inputLayer].readers.push(i);
    if (l.convTrunk >= 0) trunkReaders[l.convTrunk].push(i);
  });
  const layout = { layers, mixtures, mixtureInputs, mixturesAfter, trunkReaders, maxWidth };
  checkGraph(graph, layout, trunks);
  return layout;
}

/**
 * The backward pass relies on these; architectures must describe graphs that keep them.
 * @throws Error naming the layer, trunk or mixture that breaks one.
 */
function checkGraph(
  graph: DenseGraph,
  { layers, mixtures, mixtureInputs, trunkReaders }: Omit<KernelLayout, 'maxWidth'>,
  trunks: ConvTrunkBuffers[],
): void {
  layers.forEach((l, i) => {
    if (l.inputLayer < -1 && i <= mixtures[-2 - l.inputLayer].lastInput)
      throw new Error(`Layer ${i} reads a mixture before the mixture's inputs are computed.`);
    if (l.readers.some((r) => graph.layers[r].group !== graph.layers[i].group))
      throw new Error(`Layer ${i} is read by layers of another early-stopping group.`);
    if (mixtureInputs.has(i) && (l.readers.length > 0 || !graph.layers[i].relu))
      throw new Error(`Expert layer ${i} must be a ReLU layer read by mixtures only.`);
  });
  trunks.forEach((trunk, t) => {
    if (trunkReaders[t].some((r) => graph.layers[r].group !== trunk.spec.group))
      throw new Error(`CNN trunk ${t} is read by layers of another early-stopping group.`);
  });
  for (const m of mixtures) {
    if (m.experts.some((e) => layers[e].outPad !== m.width))
      throw new Error('The experts of a mixture must have equal widths.');
    if (m.experts.some((e) => graph.layers[e].group !== graph.layers[m.gate].group))
      throw new Error('A mixture must lie within one early-stopping group.');
  }
}

/** Kernel row of tfjs kernel row r of layer l (differs for a layer reading a CNN trunk). */
export function kernelRow(l: LayerBuffers, r: number): number {
  return l.rowMap ? storedRow(r, l.rowMap.channels, l.rowMap.stored) : r;
}

/**
 * Copies the graph's tfjs variables into the kernel's dense layers (padding with zeros).
 * @param view a float32 view of the kernel's memory (byte offset, floats).
 */
export function loadLayerWeights(
  graph: DenseGraph,
  layers: LayerBuffers[],
  view: (offset: number, floats: number) => Float32Array,
): void {
  graph.layers.forEach((spec, i) => {
    const l = layers[i];
    const kernel = spec.params.kernel.dataSync();
    const w = view(l.w, l.inPad * l.outPad);
    w.fill(0);
    for (let r = 0; r < l.inDim; r++)
      w.set(kernel.subarray(r * l.outDim, (r + 1) * l.outDim), kernelRow(l, r) * l.outPad);
    const b = view(l.b, l.outPad);
    b.fill(0);
    b.set(spec.params.bias.dataSync());
  });
}

/**
 * A copy of one dense layer's weights or gradients without padding.
 * @param view a float32 view of the kernel's memory (byte offset, floats).
 * @returns kernel [inDim, outDim] row-major and bias [outDim].
 */
export function readLayer(
  l: LayerBuffers,
  what: 'weights' | 'gradients',
  view: (offset: number, floats: number) => Float32Array,
): { kernel: Float32Array; bias: Float32Array } {
  const w = view(what === 'weights' ? l.w : l.gw, l.inPad * l.outPad);
  const kernel = new Float32Array(l.inDim * l.outDim);
  for (let r = 0; r < l.inDim; r++) {
    const from = kernelRow(l, r) * l.outPad;
    kernel.set(w.subarray(from, from + l.outDim), r * l.outDim);
  }
  return { kernel, bias: view(what === 'weights' ? l.b : l.gb, l.outDim).slice() };
}
