/**
 * Speed benchmark: the same multi-task MLP (inputs → 128 → 64 → one head per task,
 * batch 128, Adam) trained for the same epochs on the same data by our engine and by a
 * PyTorch reference script, in one run; samples/s of each, the ratio, a kernel profile of
 * our training step showing where the time goes, and the machine's load average.
 */
import { loadavg } from 'node:os';
import * as tf from '@tensorflow/tfjs-core';
import { selectBackend } from '../src/main/engine/backend';
import {
  kernelModule,
  profileKernels,
  type KernelProfile,
} from '../src/main/engine/kernel/fusedKernel';
import { trainNetwork, type TrainingData, type TrainingTask } from '../src/main/engine/trainer';
import { DEFAULT_TRAIN_CONFIG, type TrainConfig } from '../src/shared/domain';
import { loadBenchTable, type BenchDataset } from './datasets';
import { runTorchReference } from './torchReference';

/** Result of the speed section. */
export interface SpeedResult {
  dataset: string;
  rows: number;
  features: number;
  tasks: string[];
  hidden: number[];
  batchSize: number;
  epochs: number;
  /** The default engine: the fused kernel where it applies (dense network, loss weighting). */
  ours: { backend: string; stepEngine: string; samplesPerSecond: number; msPerStep: number };
  /** The same training through tfjs kernels only (the path of cross-stitch). */
  tfjsPath: { samplesPerSecond: number; msPerStep: number };
  torch: { threads: number; samplesPerSecond: number; version: string }[] | { skipped: string };
  /** ours / PyTorch (best thread setting), or null when PyTorch did not run. */
  ratio: number | null;
  /** Where a step's time goes in the fused kernel (per kernel function). */
  kernelProfile: StepProfile;
  /** Where a step's time goes on the tfjs path (per tfjs kernel). */
  profile: StepProfile;
  /** Load average (1, 5, 15 min) before and after the section: above the core count, the machine was shared. */
  load: { before: number[]; after: number[] };
}

/** Calls and time per step, by kernel, over a profiled epoch of 64 steps. */
export interface StepProfile {
  kernelsPerStep: number;
  kernelMsPerStep: number;
  wallMsPerStep: number;
  /** Share of the step's wall time spent outside kernels (engine bookkeeping, JS). */
  overheadShare: number;
  /** `count` and `ms` are per step. */
  topKernels: { name: string; count: number; ms: number }[];
}

/** Steps of the profiled epoch (fewer when the table is smaller). */
const PROFILE_STEPS = 64;

/**
 * Runs the speed comparison.
 * @param dataset the table to train on (its tasks and inputs, already preprocessed by loadBenchTable).
 * @param options.epochs timed epochs (after one warm-up epoch each side).
 */
export async function runSpeed(
  dataset: BenchDataset,
  options: { epochs: number; rows?: number; log: (line: string) => void },
): Promise<SpeedResult> {
  const loadBefore = loadavg();
  const table = await loadBenchTable(dataset, options.rows);
  const backend = await selectBackend('auto');
  const hidden = [128, 64];
  const batchSize = 128;
  const config: TrainConfig = {
    ...DEFAULT_TRAIN_CONFIG,
    arch: 'hard-sharing',
    hiddenUnits: hidden,
    batchSize,
    learningRate: 1e-3,
    dropout: 0,
    weightDecay: 0,
    patience: 0,
    epochs: options.epochs,
  };
  const n = table.rows;
  const all = Int32Array.from({ length: n }, (_, i) => i);
  // Validation on 256 rows only: its cost per epoch is < 1 % of the training pass.
  const data: TrainingData = {
    features: table.features,
    numFeatures: table.numFeatures,
    labels: table.labels,
    train: all,
    validation: all.subarray(0, 256),
  };
  const tasks: TrainingTask[] = table.tasks;

  /** Warm-up epoch, then the timed run. */
  const timedRun = async (kernel: 'auto' | 'off') => {
    const warm = await trainNetwork(data, { tasks, config: { ...config, epochs: 1 }, kernel });
    warm.network.dispose();
    const out = await trainNetwork(data, { tasks, config, kernel });
    const seconds = out.epochs.reduce((s, e) => s + e.seconds, 0);
    out.network.dispose();
    const steps = Math.ceil(n / batchSize) * options.epochs;
    return {
      stepEngine: out.stepEngine,
      samplesPerSecond: (n * options.epochs) / seconds,
      msPerStep: (seconds * 1000) / steps,
    };
  };
  const fused = await timedRun('auto');
  const kernel = kernelModule();
  // Which build of the fused kernel ran: fused-fma.wasm (relaxed SIMD: what Electron and Node
  // ≥ 22 load; run.ts turns it on in Node 20) or fused.wasm (MTL_KERNEL_FMA=0, or no flag).
  const ours = {
    backend: `${backend.description}${'file' in kernel ? ` · ${kernel.file}` : ''}`,
    ...fused,
  };
  options.log(
    `ours (${ours.stepEngine}): ${ours.samplesPerSecond.toFixed(0)} samples/s (${ours.msPerStep.toFixed(3)} ms/step)`,
  );
  const { samplesPerSecond, msPerStep } = await timedRun('off');
  const tfjsPath = { samplesPerSecond, msPerStep };
  options.log(`ours (tfjs path): ${samplesPerSecond.toFixed(0)} samples/s`);

  // Profiles of one epoch of (up to) 64 batches (validation on one row).
  const profileSteps = Math.max(1, Math.min(PROFILE_STEPS, Math.floor(n / batchSize)));
  const small = {
    ...data,
    train: all.subarray(0, Math.min(n, profileSteps * batchSize)),
    validation: all.subarray(0, 1),
  };
  const sink: KernelProfile = new Map();
  profileKernels(sink);
  let epochMs: number;
  try {
    const o = await trainNetwork(small, { tasks, config: { ...config, epochs: 1 } });
    // The epoch's own time (its steps and its validation), as the timed runs count it: the
    // run's set-up (network, kernel, copying the rows in) is not spread over its 64 steps.
    epochMs = o.epochs[0].seconds * 1000;
    o.network.dispose();
  } finally {
    profileKernels(null);
  }
  const kernelProfile = stepProfile(
    [...sink.entries()].map(([name, e]) => ({ name, count: e.calls, ms: e.ms })),
    epochMs,
    profileSteps,
  );
  const started = performance.now();
  const info = await tf.profile(async () => {
    const o = await trainNetwork(small, { tasks, config: { ...config, epochs: 1 }, kernel: 'off' });
    o.network.dispose();
    return [];
  });
  const wallMs = performance.now() - started;
  const byName = new Map<string, { count: number; ms: number }>();
  for (const k of info.kernels) {
    const ms =
      typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : Number(await k.kernelTimeMs) || 0;
    const e = byName.get(k.name) ?? { count: 0, ms: 0 };
    e.count++;
    e.ms += ms;
    byName.set(k.name, e);
  }
  const profile = stepProfile(
    [...byName.entries()].map(([name, e]) => ({ name, ...e })),
    wallMs,
    profileSteps,
  );

  const torch = runTorch(
    table,
    { hidden, batchSize, epochs: options.epochs, seed: 1 },
    options.log,
  );
  const best = Array.isArray(torch) ? Math.max(...torch.map((t) => t.samplesPerSecond)) : null;
  return {
    dataset: dataset.name,
    rows: n,
    features: table.numFeatures,
    tasks: tasks.map((t) => t.name),
    hidden,
    batchSize,
    epochs: options.epochs,
    ours,
    tfjsPath,
    torch,
    ratio: best ? ours.samplesPerSecond / best : null,
    kernelProfile,
    profile,
    load: { before: loadBefore, after: loadavg() },
  };
}

/** Per-step profile from totals over `steps` steps. */
export function stepProfile(
  totals: { name: string; count: number; ms: number }[],
  wallMs: number,
  steps: number,
): StepProfile {
  const kernelMs = totals.reduce((a, k) => a + k.ms, 0);
  return {
    kernelsPerStep: totals.reduce((a, k) => a + k.count, 0) / steps,
    kernelMsPerStep: kernelMs / steps,
    wallMsPerStep: wallMs / steps,
    overheadShare: 1 - kernelMs / wallMs,
    topKernels: totals
      .filter((k) => k.count > 0)
      .map((k) => ({ name: k.name, count: k.count / steps, ms: k.ms / steps }))
      .sort((a, b) => b.ms - a.ms)
      .slice(0, 10),
  };
}

function runTorch(
  table: Awaited<ReturnType<typeof loadBenchTable>>,
  opts: { hidden: number[]; batchSize: number; epochs: number; seed: number },
  log: (line: string) => void,
): SpeedResult['torch'] {
  const runs = runTorchReference({
    script: 'torch_speed.py',
    data: {
      file: 'x.f32',
      field: 'featuresFile',
      bytes: new Uint8Array(
        table.features.buffer,
        table.features.byteOffset,
        table.features.byteLength,
      ),
    },
    labels: table.labels,
    rows: table.rows,
    spec: {
      rows: table.rows,
      features: table.numFeatures,
      classes: table.tasks.map((t) => t.classes.length),
      hidden: opts.hidden,
      batchSize: opts.batchSize,
      epochs: opts.epochs,
      learningRate: 1e-3,
      seed: opts.seed,
    },
    onResult: (threads, r) =>
      log(`PyTorch ${r.torch}, ${threads} thread(s): ${r.samplesPerSecond.toFixed(0)} samples/s`),
  });
  if (!Array.isArray(runs)) return runs;
  return runs.map(({ threads, output }) => ({
    threads,
    samplesPerSecond: output.samplesPerSecond,
    version: output.torch,
  }));
}
