/**
 * Accuracy benchmark: every architecture × loss weighting over several seeds on each
 * dataset, per-task test macro-F1 (mean ± std), Δm against the single-task baseline of the
 * same seed, and scikit-learn's best per-task macro-F1 on the very same splits.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deltaMAgainst } from '../src/main/services/evaluation';
import { ensureSplit, trainRun } from '../src/main/services/training';
import { ProjectStore } from '../src/main/store/projectStore';
import type { RunInfo, TrainConfig } from '../src/shared/domain';
import { importBenchDataset, sklearnOnSplit, type BenchDataset } from './datasets';
import { findPython } from './python';

/** One point of the grid: an architecture with a loss weighting. */
export interface GridPoint {
  arch: TrainConfig['arch'];
  weighting: TrainConfig['weighting'];
}

/** mean and sample standard deviation of a list. */
export interface MeanStd {
  mean: number;
  std: number;
  n: number;
}

/** Result of the accuracy section for one dataset. */
export interface AccuracyResult {
  dataset: string;
  rows: number;
  tasks: string[];
  seeds: number[];
  config: Partial<TrainConfig>;
  points: {
    arch: string;
    weighting: string;
    macroF1: Record<string, MeanStd>;
    /** Δm (%) against single-task of the same seed, over seeds; null for the baseline itself. */
    deltaM: MeanStd | null;
    seconds: MeanStd;
  }[];
  sklearn: Record<string, { logreg: MeanStd; hgb: MeanStd; best: MeanStd }> | { skipped: string };
}

/** Mean and sample std (n − 1; 0 for one value). */
export function meanStd(values: number[]): MeanStd {
  const n = values.length;
  const mean = values.reduce((a, b) => a + b, 0) / n;
  const std = n > 1 ? Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1)) : 0;
  return { mean, std, n };
}

/**
 * Runs the grid on one dataset.
 * @param options.sample keep a seeded random sample of this many rows (large tables).
 * @param options.concurrency runs trained at once (each in its own child process).
 */
export async function runAccuracy(
  dataset: BenchDataset,
  options: {
    grid: GridPoint[];
    seeds: number[];
    config: Partial<TrainConfig>;
    sample?: number;
    concurrency: number;
    log: (line: string) => void;
  },
): Promise<AccuracyResult> {
  const dir = mkdtempSync(join(tmpdir(), 'mtl-bench-acc-'));
  const store = await ProjectStore.open(join(dir, `${dataset.name}.mtlproj`), { create: true });
  try {
    const imported = await importBenchDataset(store, dataset, dir, options.sample);
    const { info } = imported;
    const runs = new Map<string, RunInfo[]>(); // key → run per seed (seed order)
    const sklearnPerSeed: Record<string, Record<string, number>>[] = [];
    const python = findPython('sklearn');
    for (const seed of options.seeds) {
      const split = await ensureSplit(store, info.id, { seed, fresh: true });
      const jobs = options.grid.map((point) => async () => {
        const run = await trainRun(store, {
          datasetId: info.id,
          splitId: split.id,
          config: { ...options.config, seed, arch: point.arch, weighting: point.weighting },
        });
        const key = `${point.arch}/${point.weighting}`;
        runs.set(key, [...(runs.get(key) ?? []), run]);
        options.log(
          `${dataset.name} seed ${seed} ${key}: ${Object.entries(run.results ?? {})
            .map(([t, m]) => `${t} ${m.macroF1.toFixed(3)}`)
            .join(', ')}`,
        );
      });
      await pool(jobs, options.concurrency);
      if (python.ok) {
        sklearnPerSeed.push(
          await sklearnOnSplit(python.path, store, split.id, imported, {
            dir,
            tag: `${seed}`,
            seed,
          }),
        );
      }
    }
    // Runs finish out of order under concurrency: order each key's runs by seed via splitId.
    for (const list of runs.values()) list.sort((a, b) => a.splitId - b.splitId);
    const baselinePoint = options.grid.find((p) => p.arch === 'single-task');
    const baseline = baselinePoint ? runs.get(keyOf(baselinePoint)) : undefined;
    const points = options.grid.map((point) => {
      const list = runs.get(keyOf(point)) ?? [];
      const macroF1 = Object.fromEntries(
        dataset.tasks.map((t) => [t, meanStd(list.map((r) => r.results?.[t]?.macroF1 ?? NaN))]),
      );
      const deltaM =
        point.arch === 'single-task' || !baseline
          ? null
          : // A seed whose baseline scores 0 on a task has no Δm: NaN makes the mean say so.
            meanStd(list.map((r, i) => deltaMAgainst(r, baseline[i]) ?? NaN));
      const seconds = meanStd(
        list.map((r) => (Date.parse(r.finishedAt!) - Date.parse(r.startedAt!)) / 1000),
      );
      return { arch: point.arch, weighting: point.weighting, macroF1, deltaM, seconds };
    });
    const sklearn: AccuracyResult['sklearn'] = python.ok
      ? Object.fromEntries(
          dataset.tasks.map((t) => [
            t,
            {
              logreg: meanStd(sklearnPerSeed.map((s) => s[t].logreg)),
              hgb: meanStd(sklearnPerSeed.map((s) => s[t].hgb)),
              best: meanStd(sklearnPerSeed.map((s) => s[t].best)),
            },
          ]),
        )
      : { skipped: python.reason };
    return {
      dataset: dataset.name,
      rows: info.rowCount,
      tasks: dataset.tasks,
      seeds: options.seeds,
      config: options.config,
      points,
      sklearn,
    };
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const keyOf = (p: GridPoint): string => `${p.arch}/${p.weighting}`;

async function pool(jobs: (() => Promise<void>)[], concurrency: number): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.max(1, concurrency) }, async () => {
    while (next < jobs.length) await jobs[next++]();
  });
  await Promise.all(workers);
}
