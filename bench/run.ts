/**
 * `npm run bench`: accuracy (every architecture × weighting vs scikit-learn), accuracy vs
 * scikit-learn (split and 5-fold: single-task, best fixed method, Auto), speed (MLP vs
 * PyTorch), cnn (CNN vs PyTorch at 28×28 grey and 64×64 RGB), scale (1 000 000 rows from
 * SQLite), predict (1 000 000 CSV rows through a model bundle), import (CSV → SQLite against
 * the sqlite3 shell's `.import`), start-up (`mtl-studio --help`), active labelling
 * (uncertainty vs random sampling on digits with hidden labels), images (import rate of
 * 10 000 PNG files), cards (the card example: single-task vs shared vs MMoE CNNs),
 * fmnist1k (Fashion-MNIST 1 000 as a folder of PNG files) and fmnist70k (the full 70 000
 * through the CLI: import, streamed training, peak RSS), table1m (the Data view's scroll, sort
 * and filter on 1 000 000 rows in Chromium). Results in bench/results/ as JSON
 * and Markdown. `--tiny` runs a seconds-long smoke configuration (used by `npm test`).
 */
import { cpus, totalmem } from 'node:os';
import { setFlagsFromString } from 'node:v8';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { runAccuracy, type AccuracyResult, type GridPoint } from './accuracy';
import { cnnSpeedCases, runCnnSpeed } from './cnnSpeed';
import { runImageImport } from './imageImport';
import { runCardsBench, runFmnist1k, runFmnist70k } from './imageTraining';
import { runPredict } from './predict';
import { runActiveLearning } from './activeLearning';
import { BENCH_DATASETS } from './datasets';
import { writeReport, type BenchReport } from './report';
import { runImportSpeed, runStartup } from './importSpeed';
import { runScale } from './scale';
import { runSpeed } from './speed';
import { runTable1m } from './table1m';
import { benchGrid } from './grid';
import { runVsSklearn } from './vsSklearn';

/** Options of a benchmark run. */
export interface BenchOptions {
  tiny: boolean;
  sections: (
    | 'accuracy'
    | 'sklearn'
    | 'speed'
    | 'cnn'
    | 'scale'
    | 'predict'
    | 'import'
    | 'startup'
    | 'active'
    | 'images'
    | 'cards'
    | 'fmnist1k'
    | 'fmnist70k'
    | 'table1m'
  )[];
  /** Auto's search budget per run in the sklearn section (seconds). */
  autoBudget?: number;
  /** Auto's Hyperband brackets per sweep in the sklearn section (1 to 3; default 1). */
  autoBrackets?: number;
  /** Auto's search seeds in the sklearn section's folds (default [1]); scores averaged. */
  autoSeeds?: number[];
  seeds: number;
  /** Dataset names for the accuracy section (default: all). */
  datasets?: string[];
  outDir: string;
  log: (line: string) => void;
}

/**
 * Runs the chosen sections and writes the report.
 * @returns the report and the files written.
 */
export async function runBench(
  options: BenchOptions,
): Promise<{ report: BenchReport; files: ReturnType<typeof writeReport> }> {
  const { tiny, log } = options;
  const report: BenchReport = {
    startedAt: new Date().toISOString(),
    machine: {
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
      memoryGiB: Math.round(totalmem() / 2 ** 30),
      node: process.version,
      platform: `${process.platform}-${process.arch}`,
    },
    tiny,
    accuracy: [],
    vsSklearn: [],
    speed: null,
    cnnSpeed: null,
    scale: null,
    predict: null,
    importSpeed: null,
    startup: null,
    activeLearning: null,
    images: null,
    cards: null,
    fmnist1k: null,
    fmnist70k: null,
    table1m: null,
  };
  // Speed and scale first: they time the machine, best measured before anything else ran.
  if (options.sections.includes('speed')) {
    const diamonds = BENCH_DATASETS.find((d) => d.name === 'diamonds')!;
    log('speed: diamonds');
    report.speed = await runSpeed(diamonds, {
      epochs: tiny ? 1 : 3,
      rows: tiny ? 2_000 : undefined,
      log,
    });
  }
  if (options.sections.includes('cnn')) {
    report.cnnSpeed = [];
    for (const c of cnnSpeedCases(tiny)) {
      log(`cnn speed: ${c.name}`);
      report.cnnSpeed.push(await runCnnSpeed(c, { epochs: tiny ? 1 : 3, log }));
    }
  }
  if (options.sections.includes('scale')) {
    log('scale');
    report.scale = await runScale({ rows: tiny ? 5_000 : 1_000_000, epochs: 1, log });
  }
  if (options.sections.includes('predict')) {
    log('predict');
    report.predict = await runPredict({ rows: tiny ? 5_000 : 1_000_000, log });
  }
  if (options.sections.includes('import')) {
    log('import');
    report.importSpeed = await runImportSpeed({ rows: tiny ? 5_000 : 1_000_000, log });
  }
  if (options.sections.includes('startup')) {
    log('startup');
    report.startup = runStartup({ runs: tiny ? 3 : 9 });
    log(`startup: median ${report.startup.medianSeconds.toFixed(3)} s`);
  }
  if (options.sections.includes('images')) {
    log('images');
    report.images = await runImageImport({ images: tiny ? 200 : 10_000, log });
  }
  if (options.sections.includes('cards')) {
    log('cards');
    report.cards = await runCardsBench({ tiny, log });
  }
  if (options.sections.includes('fmnist1k')) {
    log('fmnist1k');
    report.fmnist1k = await runFmnist1k({ tiny, seeds: options.seeds, log });
  }
  if (options.sections.includes('fmnist70k')) {
    log('fmnist70k');
    report.fmnist70k = await runFmnist70k({ tiny, log });
  }
  if (options.sections.includes('table1m')) {
    log('table1m');
    report.table1m = await runTable1m({ rows: tiny ? 5_000 : 1_000_000, log });
  }
  if (options.sections.includes('accuracy')) {
    const grid: GridPoint[] = tiny ? benchGrid().slice(0, 3) : benchGrid();
    const wanted = tiny
      ? ['penguins']
      : (options.datasets ?? BENCH_DATASETS.filter((d) => d.grid !== false).map((d) => d.name));
    const datasets = BENCH_DATASETS.filter((d) => wanted.includes(d.name));
    const seeds = Array.from({ length: tiny ? 1 : options.seeds }, (_, i) => i + 1);
    for (const dataset of datasets) {
      log(`accuracy: ${dataset.name} (${grid.length} configurations × ${seeds.length} seeds)`);
      const result: AccuracyResult = await runAccuracy(dataset, {
        grid,
        seeds,
        config: tiny ? { epochs: 3, batchSize: 64 } : { epochs: 100, patience: 10, batchSize: 64 },
        sample: dataset.name === 'diamonds' && !tiny ? 10_000 : undefined,
        concurrency: Math.min(2, cpus().length),
        log,
      });
      report.accuracy.push(result);
      // Written after each dataset, so a long run leaves its finished part behind.
      writeReport(report, options.outDir);
    }
  }
  if (options.sections.includes('sklearn')) {
    const wanted = tiny ? ['penguins'] : (options.datasets ?? BENCH_DATASETS.map((d) => d.name));
    // In the order asked for (--datasets), so a run stopped for time has the first ones.
    const named = wanted.map((name) => BENCH_DATASETS.find((d) => d.name === name));
    const unknown = wanted.filter((_, i) => !named[i]);
    if (unknown.length > 0)
      throw new Error(
        `Unknown bench dataset(s): ${unknown.join(', ')}; known: ${BENCH_DATASETS.map((d) => d.name).join(', ')}.`,
      );
    for (const dataset of named.filter((d) => d !== undefined)) {
      log(`accuracy vs scikit-learn: ${dataset.name}`);
      report.vsSklearn.push(
        await runVsSklearn(dataset, {
          k: tiny ? 2 : 5,
          budgetSeconds: tiny ? 2 : (options.autoBudget ?? 30),
          brackets: options.autoBrackets ?? 1,
          autoSeeds: tiny ? [1] : (options.autoSeeds ?? [1]),
          // Defaults of the studio; tiny: a few epochs only.
          config: tiny ? { epochs: 2, patienceSteps: 0, patience: 0 } : {},
          sample: dataset.name === 'diamonds' && !tiny ? 10_000 : undefined,
          log,
        }),
      );
      writeReport(report, options.outDir);
    }
  }
  if (options.sections.includes('active')) {
    log('active learning: least confidence vs random on digits');
    report.activeLearning = await runActiveLearning(
      tiny
        ? {
            seeds: [1],
            initial: 20,
            step: 20,
            rounds: 1,
            maxRows: 300,
            config: { epochs: 3, batchSize: 16, hiddenUnits: [16] },
            log,
          }
        : {
            seeds: Array.from({ length: options.seeds }, (_, i) => i + 1),
            initial: 20,
            step: 20,
            rounds: 14,
            config: {
              arch: 'hard-sharing',
              hiddenUnits: [64],
              epochs: 200,
              patience: 20,
              batchSize: 16,
            },
            log,
          },
    );
  }
  return { report, files: writeReport(report, options.outDir) };
}

const isMain = process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1];
if (isMain) {
  // Relaxed SIMD (the fused kernel's fused-fma.wasm) is on by default in the app's runtime
  // (Electron 45's V8) and in Node ≥ 22; Node 20's V8 has it behind this flag. Set before
  // any kernel is compiled, so that the bench measures what the app runs.
  setFlagsFromString('--experimental-wasm-relaxed-simd');
  const program = new Command()
    .name('bench')
    .option('--tiny', 'seconds-long smoke configuration')
    .option(
      '--only <sections>',
      'comma-separated: accuracy,sklearn,speed,cnn,scale,predict,import,startup,active,images,cards,fmnist1k,fmnist70k,table1m',
      'accuracy,sklearn,speed,cnn,scale,predict,import,startup,active,images,cards,fmnist1k,fmnist70k,table1m',
    )
    .option('--auto-budget <seconds>', "Auto's budget per run in the sklearn section", '30')
    .option(
      '--auto-brackets <n>',
      "Auto's Hyperband brackets per sweep in the sklearn section (1 to 3; 1: successive halving)",
      '1',
    )
    .option(
      '--auto-seeds <list>',
      "Auto's search seeds on the sklearn section's folds, comma-separated; its fold scores are averaged over them",
      '1',
    )
    .option('--seeds <n>', 'seeds per configuration', '3')
    .option('--datasets <names>', 'comma-separated accuracy datasets (default: all)')
    .option('--out <dir>', 'output folder', fileURLToPath(new URL('./results', import.meta.url)))
    .parse();
  const o = program.opts<{
    tiny?: boolean;
    only: string;
    seeds: string;
    datasets?: string;
    autoBudget: string;
    autoBrackets: string;
    autoSeeds: string;
    out: string;
  }>();
  const autoBrackets = Number(o.autoBrackets);
  if (!(Number.isInteger(autoBrackets) && autoBrackets >= 1 && autoBrackets <= 3))
    throw new Error(`--auto-brackets must be a whole number from 1 to 3, got "${o.autoBrackets}".`);
  const autoSeeds = o.autoSeeds.split(',').map(Number);
  if (autoSeeds.some((s) => !Number.isInteger(s)) || new Set(autoSeeds).size !== autoSeeds.length)
    throw new Error(`--auto-seeds takes distinct whole numbers, got "${o.autoSeeds}".`);
  const { files } = await runBench({
    tiny: Boolean(o.tiny),
    sections: o.only.split(',') as BenchOptions['sections'],
    seeds: Number(o.seeds),
    datasets: o.datasets?.split(','),
    autoBudget: Number(o.autoBudget),
    autoBrackets,
    autoSeeds,
    outDir: o.out,
    log: (line) => process.stderr.write(`${line}\n`),
  });
  process.stdout.write(
    `Wrote ${[files.json, files.markdown, files.latest].filter(Boolean).join('\n      ')}\n`,
  );
}
