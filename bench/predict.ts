/**
 * Prediction benchmark: a model bundle (hard-sharing MLP → 128 → 64 → heads, trained
 * briefly on diamonds) predicts a 1 000 000-row CSV (diamonds repeated with noise) through
 * `export/predict.ts` with the bundle alone, streaming, in a child process with a 256 MiB
 * V8 heap cap; rows/s and peak resident memory. Twice: as `mtl-studio predict` runs it
 * (forward pass in the fused kernel) and with tfjs running the loaded model (as any
 * TensorFlow.js user would).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { importCsv } from '../src/main/data/importCsv';
import { exportModel } from '../src/main/services/exports';
import { defineTasks } from '../src/main/services/tasks';
import { trainRun } from '../src/main/services/training';
import { ProjectStore } from '../src/main/store/projectStore';
import { BENCH_DATASETS } from './datasets';
import { writeNoisyDiamonds } from './scaleData';

/** Result of the predict section. */
export interface PredictResult {
  rows: number;
  source: string;
  backend: string;
  /** What ran the forward pass ('fused-kernel' or 'tfjs'; absent in older reports). */
  forward?: string;
  /** CPU seconds of the predicting process (user + system; absent in older reports). */
  cpuSeconds?: number;
  /** Rows per forward pass. */
  batchRows: number;
  seconds: number;
  rowsPerSecond: number;
  /** Maximum resident set size of the predicting process (MiB). */
  peakRssMiB: number;
  /** Output CSV size (MiB). */
  outputMiB: number;
  /** The same pass with tfjs running the loaded model (absent in older reports). */
  tfjs?: { seconds: number; rowsPerSecond: number; cpuSeconds: number; peakRssMiB: number };
}

/**
 * Trains and exports the model, writes the CSV, predicts it in a child process.
 * @param options.rows rows of the CSV to predict.
 */
export async function runPredict(options: {
  rows: number;
  log: (line: string) => void;
}): Promise<PredictResult> {
  const dir = mkdtempSync(join(tmpdir(), 'mtl-bench-predict-'));
  try {
    const diamonds = BENCH_DATASETS.find((d) => d.name === 'diamonds')!;
    const store = await ProjectStore.open(join(dir, 'predict.mtlproj'), { create: true });
    const bundle = join(dir, 'bundle');
    try {
      const dataset = await importCsv(store, diamonds.file, { name: 'diamonds' });
      await defineTasks(
        store,
        dataset.id,
        diamonds.tasks.map((column) => ({ column })),
      );
      const run = await trainRun(
        store,
        {
          datasetId: dataset.id,
          config: {
            arch: 'hard-sharing',
            hiddenUnits: [128, 64],
            epochs: 2,
            batchSize: 128,
            patience: 0,
          },
        },
        { mode: 'in-process' },
      );
      await exportModel(store, run.id, bundle);
    } finally {
      await store.close();
    }
    const csv = join(dir, 'diamonds-noisy.csv');
    await writeNoisyDiamonds(diamonds.file, csv, options.rows);
    const predict = (forward: 'auto' | 'tfjs'): PredictResult => {
      const child = spawnSync(
        process.execPath,
        [
          '--max-old-space-size=256',
          '--import',
          import.meta.resolve('tsx'),
          fileURLToPath(new URL('./predictRun.ts', import.meta.url)),
          bundle,
          csv,
          join(dir, 'predictions.csv'),
          forward,
        ],
        { encoding: 'utf8', maxBuffer: 1 << 24 },
      );
      if (child.status !== 0) throw new Error(`prediction failed: ${child.stderr}`);
      return JSON.parse(child.stdout.trim().split('\n').at(-1)!) as PredictResult;
    };
    const r = predict('auto');
    const t = predict('tfjs');
    const result: PredictResult = {
      ...r,
      source: 'diamonds repeated with ±2 % noise on numeric cells',
      tfjs: {
        seconds: t.seconds,
        rowsPerSecond: t.rowsPerSecond,
        cpuSeconds: t.cpuSeconds!,
        peakRssMiB: t.peakRssMiB,
      },
    };
    options.log(
      `predict: ${result.rowsPerSecond.toFixed(0)} rows/s (${result.forward}), ${t.rowsPerSecond.toFixed(0)} rows/s (tfjs), peak RSS ${result.peakRssMiB.toFixed(0)} MiB`,
    );
    return result;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
