/**
 * CNN speed benchmark: the same multi-task CNN (conv 3×3 'same' + ReLU + 2×2 max-pool
 * blocks of 16, 32, 64 filters, flatten, dense 64, one head per task; batch 64, Adam)
 * trained on the same images by our engine (the fused kernel on the WebAssembly backend)
 * and by PyTorch on the CPU (1 and 2 threads), in one run, at 28×28 grey (Fashion-MNIST
 * size) and 64×64 RGB (the card example's size); samples/s per timed epoch of each, the
 * ratio of the bests, and a profile of our step by kernel function; and our cross-stitch
 * version of the same CNN (one column per task, tfjs kernels), which PyTorch does not run.
 */
import { selectBackend } from '../src/main/engine/backend';
import { fitImagePreprocessing, type ImageShape } from '../src/main/engine/images';
import { profileKernels, type KernelProfile } from '../src/main/engine/kernel/fusedKernel';
import { kernelModule } from '../src/main/engine/kernel/wasmModule';
import { mulberry32 } from '../src/main/engine/random';
import { trainNetwork, type TrainingData, type TrainingTask } from '../src/main/engine/trainer';
import { DEFAULT_TRAIN_CONFIG, type TrainConfig } from '../src/shared/domain';
import { runTorchReference } from './torchReference';
import { stepProfile, type StepProfile } from './speed';

/** One input size of the CNN speed section. */
export interface CnnSpeedCase {
  name: string;
  image: ImageShape;
  /** Classes of each head. */
  heads: number[];
  rows: number;
}

/** Result of one input size. */
export interface CnnSpeedResult {
  name: string;
  image: ImageShape;
  convFilters: number[];
  convKernel: number;
  hidden: number[];
  heads: number[];
  batchSize: number;
  rows: number;
  epochs: number;
  ours: {
    backend: string;
    stepEngine: string;
    /** Best timed epoch, and every timed epoch (the spread on a shared machine). */
    samplesPerSecond: number;
    epochs: number[];
    msPerStep: number;
  };
  torch:
    | { threads: number; samplesPerSecond: number; epochs: number[]; version: string }[]
    | { skipped: string };
  /** ours / PyTorch (best thread setting), or null when PyTorch did not run. */
  ratio: number | null;
  /** Where a step's time goes in the fused kernel (per kernel function). */
  kernelProfile: StepProfile;
  /**
   * The same CNN as one column per task with cross-stitch units (Misra et al., CVPR 2016)
   * after each block and dense layer: trained through tfjs kernels (on wasm with the
   * convolution gradients of engine/ops/wasmConvGradients.ts); samples/s per timed epoch.
   */
  crossStitch: { stepEngine: string; samplesPerSecond: number; epochs: number[] };
}

/** The two sizes of the issue: Fashion-MNIST (3 heads) and the cards (4 heads). */
export function cnnSpeedCases(tiny: boolean): CnnSpeedCase[] {
  return [
    {
      name: '28×28 grey (Fashion-MNIST size)',
      image: { height: 28, width: 28, channels: 1 },
      heads: [10, 5, 2],
      rows: tiny ? 128 : 4096,
    },
    {
      name: '64×64 RGB (card size)',
      image: { height: 64, width: 64, channels: 3 },
      heads: [2, 4, 2, 2],
      rows: tiny ? 64 : 1024,
    },
  ];
}

const FILTERS = [16, 32, 64];
const KERNEL = 3;
const HIDDEN = [64];
const BATCH = 64;
/** Steps of the profiled epoch. */
const PROFILE_STEPS = 8;

/** Random images (smooth blobs plus noise, so max-pooling is not degenerate) and labels. */
function images(c: CnnSpeedCase, seed: number): TrainingData<Uint8Array> {
  const random = mulberry32(seed);
  const { height: H, width: W, channels: C } = c.image;
  const pixels = new Uint8Array(c.rows * H * W * C);
  for (let i = 0; i < c.rows; i++) {
    const cx = random() * W;
    const cy = random() * H;
    for (let y = 0; y < H; y++)
      for (let x = 0; x < W; x++) {
        const blob = 200 * Math.exp(-((x - cx) ** 2 + (y - cy) ** 2) / (W * H * 0.02));
        for (let ch = 0; ch < C; ch++)
          pixels[((i * H + y) * W + x) * C + ch] = Math.min(255, blob + random() * 55);
      }
  }
  const all = Int32Array.from({ length: c.rows }, (_, i) => i);
  return {
    features: pixels,
    numFeatures: H * W * C,
    image: fitImagePreprocessing(pixels, c.image, all),
    labels: c.heads.map((k) => Int32Array.from({ length: c.rows }, () => Math.floor(random() * k))),
    train: all,
    // Validation on one batch: its cost per epoch is ≈ 1 / (rows / 64) of the training pass.
    validation: all.subarray(0, Math.min(BATCH, c.rows)),
  };
}

/**
 * Runs the CNN speed comparison for one input size.
 * @param options.epochs timed epochs (after one warm-up epoch each side).
 */
export async function runCnnSpeed(
  c: CnnSpeedCase,
  options: { epochs: number; log: (line: string) => void },
): Promise<CnnSpeedResult> {
  const backend = await selectBackend('auto');
  const data = images(c, 1);
  const tasks: TrainingTask[] = c.heads.map((k, t) => ({
    name: `task_${t}`,
    classes: Array.from({ length: k }, (_, j) => String(j)),
  }));
  const config: TrainConfig = {
    ...DEFAULT_TRAIN_CONFIG,
    arch: 'hard-sharing',
    trunk: 'cnn',
    convFilters: FILTERS,
    convKernel: KERNEL,
    hiddenUnits: HIDDEN,
    headUnits: 0,
    batchSize: BATCH,
    learningRate: 1e-3,
    dropout: 0,
    weightDecay: 0,
    patience: 0,
    epochs: options.epochs,
  };
  const warm = await trainNetwork(data, { tasks, config: { ...config, epochs: 1 } });
  warm.network.dispose();
  const out = await trainNetwork(data, { tasks, config });
  out.network.dispose();
  const rates = out.epochs.map((e) => c.rows / e.seconds);
  const seconds = out.epochs.reduce((s, e) => s + e.seconds, 0);
  const kernel = kernelModule();
  const ours = {
    // Which build of the fused kernel ran: fused-fma.wasm (relaxed SIMD) or fused.wasm.
    backend: `${backend.description}${'file' in kernel ? ` · ${kernel.file}` : ''}`,
    stepEngine: out.stepEngine,
    samplesPerSecond: Math.max(...rates),
    epochs: rates,
    msPerStep: (seconds * 1000) / (Math.ceil(c.rows / BATCH) * options.epochs),
  };
  options.log(
    `cnn ${c.name}: ours (${ours.stepEngine}) ${rates.map((r) => r.toFixed(0)).join(', ')} samples/s`,
  );

  // Cross-stitch: T conv columns through tfjs kernels, on fewer rows (it is slower).
  const xsRows = Math.min(c.rows, 8 * BATCH);
  const xsData = { ...data, train: data.train.subarray(0, xsRows) };
  const xsConfig: TrainConfig = { ...config, arch: 'cross-stitch', epochs: options.epochs };
  const xsWarm = await trainNetwork(xsData, { tasks, config: { ...xsConfig, epochs: 1 } });
  xsWarm.network.dispose();
  const xs = await trainNetwork(xsData, { tasks, config: xsConfig });
  xs.network.dispose();
  const xsRates = xs.epochs.map((e) => xsRows / e.seconds);
  const crossStitch = {
    stepEngine: xs.stepEngine,
    samplesPerSecond: Math.max(...xsRates),
    epochs: xsRates,
  };
  options.log(
    `cnn ${c.name}: cross-stitch (${xs.stepEngine}) ${xsRates.map((r) => r.toFixed(0)).join(', ')} samples/s`,
  );

  const profileRows = Math.min(c.rows, PROFILE_STEPS * BATCH);
  const small = {
    ...data,
    train: data.train.subarray(0, profileRows),
    validation: data.train.subarray(0, 1),
  };
  const sink: KernelProfile = new Map();
  profileKernels(sink);
  let started = performance.now();
  try {
    // Two epochs, the first one not counted: it pays for first touches of the kernel's
    // fresh memory (page faults), hundreds of ms for the 64×64 network's buffers.
    const o = await trainNetwork(small, {
      tasks,
      config: { ...config, epochs: 2 },
      onEpoch: (record) => {
        if (record.epoch !== 1) return;
        for (const entry of sink.values()) Object.assign(entry, { calls: 0, ms: 0 });
        started = performance.now();
      },
    });
    o.network.dispose();
  } finally {
    profileKernels(null);
  }
  const kernelProfile = stepProfile(
    [...sink.entries()].map(([name, e]) => ({ name, count: e.calls, ms: e.ms })),
    performance.now() - started,
    Math.ceil(profileRows / BATCH),
  );

  const torch = runTorchCnn(data, c, options.epochs, options.log);
  const best = Array.isArray(torch) ? Math.max(...torch.map((t) => t.samplesPerSecond)) : null;
  return {
    name: c.name,
    image: c.image,
    convFilters: FILTERS,
    convKernel: KERNEL,
    hidden: HIDDEN,
    heads: c.heads,
    batchSize: BATCH,
    rows: c.rows,
    epochs: options.epochs,
    ours,
    torch,
    ratio: best ? ours.samplesPerSecond / best : null,
    kernelProfile,
    crossStitch,
  };
}

function runTorchCnn(
  data: TrainingData<Uint8Array>,
  c: CnnSpeedCase,
  epochs: number,
  log: (line: string) => void,
): CnnSpeedResult['torch'] {
  const runs = runTorchReference({
    script: 'torch_cnn_speed.py',
    data: { file: 'x.u8', field: 'pixelsFile', bytes: data.features },
    labels: data.labels,
    rows: c.rows,
    spec: {
      rows: c.rows,
      ...c.image,
      classes: c.heads,
      filters: FILTERS,
      kernel: KERNEL,
      hidden: HIDDEN,
      batchSize: BATCH,
      epochs,
      learningRate: 1e-3,
      seed: 1,
    },
    onResult: (threads, r) =>
      log(
        `cnn ${c.name}: PyTorch ${r.torch}, ${threads} thread(s): ${(r.epochs as number[]).map((v) => v.toFixed(0)).join(', ')} samples/s`,
      ),
  });
  if (!Array.isArray(runs)) return runs;
  return runs.map(({ threads, output }) => ({
    threads,
    samplesPerSecond: output.samplesPerSecond,
    epochs: output.epochs as number[],
    version: output.torch,
  }));
}
