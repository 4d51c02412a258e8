/**
 * Scale benchmark: a 1 000 000-row table (diamonds repeated with noise) imported into a
 * project and trained by streaming chunks from SQLite (engine/streaming.ts); samples/s and
 * peak resident memory.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { importCsv } from '../src/main/data/importCsv';
import { defineTasks } from '../src/main/services/tasks';
import { ensureSplit } from '../src/main/services/training';
import { ProjectStore } from '../src/main/store/projectStore';
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
  /** Maximum resident set size of the training process (MiB). */
  peakRssMiB: number;
  rssNote: string;
  importSeconds: number;
  /** Wall seconds of the timed epochs (validation included), as in samplesPerSecond. */
  epochSeconds?: number;
  /** CPU seconds of the training process over those epochs (all its threads). */
  epochCpuSeconds?: number;
  /**
   * CPU seconds of its main thread over those epochs (null off Linux): samples per
   * main-thread CPU second is what a free core would give, whatever the load.
   */
  epochMainThreadCpuSeconds?: number | null;
  /** 1-, 5- and 15-minute load averages before and after training. */
  load?: { before: number[]; after: number[] };
}

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
      await defineTasks(
        store,
        dataset.id,
        diamonds.tasks.map((column) => ({ column })),
      );
      const split = await ensureSplit(store, dataset.id, { seed: 1 });
      await store.close();
      // Training runs in its own process so that its peak memory excludes the import's.
      const child = spawnSync(
        process.execPath,
        [
          // A 256 MiB V8 heap cap: streaming must fit in it whatever the table's size.
          '--max-old-space-size=256',
          '--import',
          import.meta.resolve('tsx'),
          fileURLToPath(new URL('./scaleTrain.ts', import.meta.url)),
          join(dir, 'scale.mtlproj'),
          String(dataset.id),
          String(split.id),
          String(options.epochs),
          String(chunkRows),
        ],
        { encoding: 'utf8', maxBuffer: 1 << 24 },
      );
      if (child.status !== 0) throw new Error(`scale training failed: ${child.stderr}`);
      const r = JSON.parse(child.stdout.trim().split('\n').at(-1)!);
      const result: ScaleResult = {
        rows: dataset.rowCount,
        source: 'diamonds repeated with ±2 % noise on numeric cells',
        chunkRows,
        epochs: options.epochs,
        trainRows: r.trainRows,
        backend: r.backend,
        samplesPerSecond: r.samplesPerSecond,
        peakRssMiB: r.maxRssMiB,
        rssNote: `maximum resident set of the training process, run with a 256 MiB V8 heap cap (${r.rssBeforeMiB.toFixed(0)} MiB after loading the engine)`,
        importSeconds,
        epochSeconds: r.epochSeconds,
        epochCpuSeconds: r.epochCpuSeconds,
        epochMainThreadCpuSeconds: r.epochMainThreadCpuSeconds,
        load: r.load,
      };
      options.log(
        `scale: ${result.samplesPerSecond.toFixed(0)} samples/s, peak RSS ${result.peakRssMiB.toFixed(0)} MiB`,
      );
      return result;
    } catch (err) {
      await store.close().catch(() => undefined);
      throw err;
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
