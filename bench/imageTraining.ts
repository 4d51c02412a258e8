/**
 * Image training benchmark sections:
 * - `cards`: the card example (services/cardExample.ts) with single-task CNNs, a shared
 *   (hard-sharing) CNN and MMoE on CNN features: per-task test macro-F1, Δm, and the wall
 *   time of each phase with the machine's load average beside it.
 * - `fmnist1k`: Fashion-MNIST 1 000 (the first 100 images of each class) as a real image
 *   folder: single-task vs hard-sharing vs MMoE CNNs over several split seeds.
 * - `fmnist70k`: the full 70 000 images, as a user would: PNG files written to a folder, then
 *   `mtl-studio import-images` (timed) and `mtl-studio train` (pixels streamed from the
 *   project file into the training child process), with the peak resident memory of the
 *   CLI and its child sampled from /proc; training samples/s and per-task test macro-F1.
 * The two Fashion-MNIST sections need the data set installed (bench/fashionMnist.ts) and
 * say so when it is not.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { importImages } from '../src/main/data/images';
import { DELTA_M_METRIC, deltaMAgainst } from '../src/main/services/evaluation';
import { runCardExample, type CardExampleRun } from '../src/main/services/cardExample';
import { defineTasks } from '../src/main/services/tasks';
import { ensureSplit, trainRun } from '../src/main/services/training';
import { ProjectStore } from '../src/main/store/projectStore';
import type { TrainConfig } from '../src/shared/domain';
import { meanStd, type MeanStd } from './accuracy';
import { firstPerClass, loadFashionMnist, writeFashionFolder } from './fashionMnist';
import { sampleTreeMemory, type TreeMemory } from './processTree';

const FASHION_TASKS = ['label', 'group', 'is_footwear'];
const BIN = fileURLToPath(new URL('../bin/mtl-studio.mjs', import.meta.url));
const load = (): number[] => loadavg().map((v) => Math.round(v * 10) / 10);

/** Result of the cards section. */
export interface CardsBenchResult {
  cards: number;
  imageSize: number;
  backend: string;
  timings: { generate: number; import: number; train: number; total: number };
  /** 1-, 5- and 15-minute load averages before and after (2 cores: above 2 means shared). */
  load: { before: number[]; after: number[] };
  runs: CardExampleRun[];
}

/**
 * The card example with MMoE, in a temporary project.
 * @param tiny 80 cards at 32 px, 2 epochs (a smoke run).
 */
export async function runCardsBench(options: {
  tiny: boolean;
  log: (line: string) => void;
}): Promise<CardsBenchResult> {
  const dir = await mkdtemp(join(tmpdir(), 'mtl-bench-cards-'));
  const before = load();
  const store = await ProjectStore.open(join(dir, 'cards.mtlproj'), { create: true });
  try {
    const report = await runCardExample(store, {
      dir: join(dir, 'cards'),
      mmoe: true,
      ...(options.tiny ? { count: 80, size: 32, config: { epochs: 2 } } : {}),
      log: options.log,
    });
    return {
      cards: report.cards,
      imageSize: report.imageSize,
      backend: report.backend,
      timings: report.timings,
      load: { before, after: load() },
      runs: report.runs,
    };
  } finally {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  }
}

/** One architecture of the Fashion-MNIST 1 000 section over the seeds. */
export interface FmnistPoint {
  arch: TrainConfig['arch'];
  macroF1: Record<string, MeanStd>;
  /** Δm (percent, test macro-F1) against single-task on the same split; null for it. */
  deltaM: MeanStd | null;
  seconds: MeanStd;
}

/** Result of the fmnist1k section. */
export type Fmnist1kResult =
  | {
      source: string;
      images: number;
      seeds: number;
      config: Partial<TrainConfig>;
      points: FmnistPoint[];
    }
  | { skipped: string };

/** The CNN of the Fashion-MNIST sections: three blocks of 16, 32, 64 filters, dense 64. */
const FASHION_CONFIG: Partial<TrainConfig> = {
  trunk: 'cnn',
  convFilters: [16, 32, 64],
  hiddenUnits: [64],
  learningRate: 0.003,
  batchSize: 64,
  epochs: 40,
  patience: 8,
};

/**
 * Fashion-MNIST 1 000: single-task, hard-sharing and MMoE CNNs, each seed a new split
 * (70/15/15, stratified on label) and the same seed for the runs.
 */
export async function runFmnist1k(options: {
  tiny: boolean;
  seeds: number;
  log: (line: string) => void;
}): Promise<Fmnist1kResult> {
  const data = loadFashionMnist();
  if ('missing' in data) return { skipped: data.missing };
  const dir = await mkdtemp(join(tmpdir(), 'mtl-bench-fmnist1k-'));
  const config = options.tiny ? { ...FASHION_CONFIG, epochs: 2 } : FASHION_CONFIG;
  const store = await ProjectStore.open(join(dir, 'fmnist.mtlproj'), { create: true });
  try {
    const images = await writeFashionFolder(
      join(dir, 'images'),
      data,
      firstPerClass(data, options.tiny ? 20 : 100),
    );
    const { dataset } = await importImages(store, join(dir, 'images'), {
      size: 28,
      colour: 'grey',
    });
    await defineTasks(
      store,
      dataset.id,
      FASHION_TASKS.map((column) => ({ column })),
    );
    const archs: TrainConfig['arch'][] = ['single-task', 'hard-sharing', 'mmoe'];
    const scores = archs.map(() => ({
      f1: Object.fromEntries(FASHION_TASKS.map((t) => [t, [] as number[]])),
      deltaM: [] as number[],
      seconds: [] as number[],
    }));
    const seeds = options.tiny ? 1 : options.seeds;
    for (let seed = 1; seed <= seeds; seed++) {
      const split = await ensureSplit(store, dataset.id, { seed, fresh: true });
      let baseline = null;
      for (const [a, arch] of archs.entries()) {
        const started = performance.now();
        const run = await trainRun(
          store,
          { datasetId: dataset.id, splitId: split.id, config: { ...config, arch, seed } },
          { mode: 'in-process' },
        );
        scores[a].seconds.push((performance.now() - started) / 1000);
        for (const t of FASHION_TASKS) scores[a].f1[t].push(run.results![t][DELTA_M_METRIC]);
        if (arch === 'single-task') baseline = run;
        else {
          const d = deltaMAgainst(run, baseline!);
          if (d !== null) scores[a].deltaM.push(d);
        }
        options.log(
          `fmnist1k seed ${seed} ${arch}: ${FASHION_TASKS.map((t) => `${t} ${run.results![t].macroF1.toFixed(3)}`).join(', ')}`,
        );
      }
    }
    return {
      source: data.source,
      images,
      seeds,
      config,
      points: archs.map((arch, a) => ({
        arch,
        macroF1: Object.fromEntries(FASHION_TASKS.map((t) => [t, meanStd(scores[a].f1[t])])),
        deltaM: arch === 'single-task' ? null : meanStd(scores[a].deltaM),
        seconds: meanStd(scores[a].seconds),
      })),
    };
  } finally {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  }
}

/** Result of the fmnist70k section. */
export type Fmnist70kResult =
  | {
      source: string;
      images: number;
      /** Seconds to write the PNG files (not part of the import). */
      writeSeconds: number;
      import: { seconds: number; imagesPerSecond: number; memory: TreeMemory };
      train: {
        arch: TrainConfig['arch'];
        config: Partial<TrainConfig>;
        epochs: number;
        trainRows: number;
        /** Training rows × epochs / the epochs' seconds (validation each epoch included). */
        samplesPerSecond: number;
        seconds: number;
        backend: string;
        memory: TreeMemory;
      };
      /** Per task, test macro-F1. */
      macroF1: Record<string, number>;
      load: { before: number[]; after: number[] };
    }
  | { skipped: string };

/** Runs `mtl-studio …args` while sampling its process tree's memory. */
function cliSampled(
  args: string[],
): Promise<{ stdout: string; seconds: number; memory: TreeMemory }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    const sampler = sampleTreeMemory(child.pid!);
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const memory = sampler.stop();
      if (code !== 0) reject(new Error(`mtl-studio ${args[1]} exited with ${code}: ${stdout}`));
      else resolve({ stdout, seconds: (performance.now() - started) / 1000, memory });
    });
  });
}

/**
 * The full Fashion-MNIST through the CLI: import, then a hard-sharing CNN trained for
 * `epochs` epochs (no early stopping) with the pixels streamed from the project file.
 * @param tiny 2 000 images, 1 epoch.
 */
export async function runFmnist70k(options: {
  tiny: boolean;
  epochs?: number;
  log: (line: string) => void;
}): Promise<Fmnist70kResult> {
  const data = loadFashionMnist();
  if ('missing' in data) return { skipped: data.missing };
  const dir = await mkdtemp(join(tmpdir(), 'mtl-bench-fmnist70k-'));
  const before = load();
  try {
    const count = options.tiny ? 2000 : data.labels.length;
    let started = performance.now();
    const images = await writeFashionFolder(
      join(dir, 'images'),
      data,
      Array.from({ length: count }, (_, i) => i),
    );
    const writeSeconds = (performance.now() - started) / 1000;
    options.log(`fmnist70k: ${images} PNG files written in ${writeSeconds.toFixed(1)} s`);
    const project = join(dir, 'fmnist.mtlproj');
    const imported = await cliSampled([
      '--json',
      'import-images',
      join(dir, 'images'),
      '-p',
      project,
      '--size',
      '28',
      '--colour',
      'grey',
    ]);
    options.log(
      `fmnist70k: imported in ${imported.seconds.toFixed(1)} s, peak RSS ${imported.memory.peakSumMiB.toFixed(0)} MiB`,
    );
    await cliSampled(['--json', 'tasks', '-p', project, '--add', ...FASHION_TASKS]);
    const epochs = options.epochs ?? (options.tiny ? 1 : 5);
    const config = { ...FASHION_CONFIG, arch: 'hard-sharing' as const, epochs, patience: 0 };
    started = performance.now();
    const trained = await cliSampled([
      '--json',
      'train',
      '-p',
      project,
      '--arch',
      config.arch,
      '--conv-filters',
      config.convFilters!.join(','),
      '--hidden',
      config.hiddenUnits!.join(','),
      '--lr',
      String(config.learningRate),
      '--batch-size',
      String(config.batchSize),
      '--epochs',
      String(epochs),
      '--patience',
      '0',
      '--evaluation',
      'split',
    ]);
    const { run } = JSON.parse(trained.stdout) as {
      run: {
        id: number;
        backend: string;
        splitId: number;
        results: Record<string, { macroF1: number }>;
      };
    };
    const store = await ProjectStore.open(project);
    let trainRows: number;
    let epochSeconds: number;
    try {
      const split = await store.splits.assignment(run.splitId);
      trainRows = split.assignment.filter((s) => s === 'train').length;
      epochSeconds = (await store.training.listEpochs(run.id)).reduce((s, e) => s + e.seconds, 0);
    } finally {
      await store.close();
    }
    const samplesPerSecond = (trainRows * epochs) / epochSeconds;
    options.log(
      `fmnist70k: ${samplesPerSecond.toFixed(0)} samples/s, peak RSS ${trained.memory.peakSumMiB.toFixed(0)} MiB (CLI + training process)`,
    );
    return {
      source: data.source,
      images,
      writeSeconds,
      import: {
        seconds: imported.seconds,
        imagesPerSecond: images / imported.seconds,
        memory: imported.memory,
      },
      train: {
        arch: config.arch,
        config,
        epochs,
        trainRows,
        samplesPerSecond,
        seconds: trained.seconds,
        backend: run.backend,
        memory: trained.memory,
      },
      macroF1: Object.fromEntries(FASHION_TASKS.map((t) => [t, run.results[t].macroF1])),
      load: { before, after: load() },
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
