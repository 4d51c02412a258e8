/**
 * Scale benchmark: a 1 000 000-row table (diamonds repeated with noise) imported into a
 * project and trained by streaming chunks from SQLite (engine/streaming.ts); samples/s and
 * peak resident memory.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importCsv } from '../src/main/data/importCsv';
import { selectBackend } from '../src/main/engine/backend';
import { trainStreaming } from '../src/main/engine/streaming';
import { defineTasks } from '../src/main/services/tasks';
import { ensureSplit } from '../src/main/services/training';
import { ProjectStore } from '../src/main/store/projectStore';
import { DEFAULT_TRAIN_CONFIG } from '../src/shared/domain';
import { BENCH_DATASETS } from './datasets';
import { writeNoisyDiamonds } from './scaleData';

/** Result of the scale section. */
export interface ScaleResult {
  rows: number;
  source: string;
  chunkRows: number;
  epochs: number;
  trainRows: number;
  backend: string;
  samplesPerSecond: number;
  /** Highest RSS sampled every 50 ms while training (MiB). */
  peakRssMiB: number;
  rssNote: string;
  importSeconds: number;
}

const MiB = 1024 * 1024;

/**
 * Generates, imports and trains.
 * @param options.rows table size; @param options.epochs epochs streamed.
 */
export async function runScale(options: {
  rows: number;
  epochs: number;
  log: (line: string) => void;
}): Promise<ScaleResult> {
  const dir = mkdtempSync(join(tmpdir(), 'mtl-bench-scale-'));
  const chunkRows = 50_000;
  try {
    const csv = join(dir, 'diamonds-noisy.csv');
    const diamonds = BENCH_DATASETS.find((d) => d.name === 'diamonds')!;
    await writeNoisyDiamonds(diamonds.file, csv, options.rows);
    const store = await ProjectStore.open(join(dir, 'scale.mtlproj'), { create: true });
    try {
      const started = performance.now();
      const dataset = await importCsv(store, csv, { name: 'diamonds-noisy' });
      const importSeconds = (performance.now() - started) / 1000;
      options.log(`scale: imported ${dataset.rowCount} rows in ${importSeconds.toFixed(1)} s`);
      const tasks = await defineTasks(
        store,
        dataset.id,
        diamonds.tasks.map((column) => ({ column })),
      );
      const split = await ensureSplit(store, dataset.id, { seed: 1 });
      const info = await store.getDataset(dataset.id);
      const backend = await selectBackend('auto');
      let peak = process.memoryUsage().rss;
      const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
      try {
        const out = await trainStreaming(
          {
            store,
            datasetId: dataset.id,
            splitId: split.id,
            inputs: info.columns
              .filter((c) => c.role === 'input')
              .map((c) => ({ name: c.name, type: c.type })),
            targets: tasks.map((t) => ({
              task: { name: t.name, classes: t.classes },
              column: t.targetColumn,
              type: info.columns.find((c) => c.name === t.targetColumn)!.type,
            })),
            chunkRows,
          },
          {
            tasks: tasks.map((t) => ({ name: t.name, classes: t.classes })),
            config: {
              ...DEFAULT_TRAIN_CONFIG,
              arch: 'hard-sharing',
              hiddenUnits: [128, 64],
              batchSize: 128,
              learningRate: 1e-3,
              dropout: 0,
              weightDecay: 0,
              patience: 0,
              epochs: options.epochs,
            },
          },
        );
        const seconds = out.epochs.reduce((s, e) => s + e.seconds, 0);
        out.network.dispose();
        const result: ScaleResult = {
          rows: dataset.rowCount,
          source: 'diamonds repeated with ±2 % noise on numeric cells',
          chunkRows,
          epochs: options.epochs,
          trainRows: out.trainRows,
          backend: backend.description,
          samplesPerSecond: (out.trainRows * options.epochs) / seconds,
          peakRssMiB: Math.max(peak, process.memoryUsage().rss) / MiB,
          rssNote: `sampled every 50 ms while training; process max RSS including the import ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`,
          importSeconds,
        };
        options.log(
          `scale: ${result.samplesPerSecond.toFixed(0)} samples/s, peak RSS ${result.peakRssMiB.toFixed(0)} MiB`,
        );
        return result;
      } finally {
        clearInterval(sampler);
      }
    } finally {
      await store.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
