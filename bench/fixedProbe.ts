/**
 * Fixed configurations on the folds of a bench dataset (same 5 folds, seed 1, as the
 * accuracy-vs-scikit-learn section): test macro-F1 per task, mean over folds.
 * Usage: `npx tsx bench/fixedProbe.ts <dataset> '<json list of partial TrainConfig>'`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureFoldScheme } from '../src/main/services/crossValidation';
import { trainRun } from '../src/main/services/training';
import { ProjectStore } from '../src/main/store/projectStore';
import { BENCH_DATASETS, importBenchDataset } from './datasets';

async function main(): Promise<void> {
  const [name, configsArg] = process.argv.slice(2);
  const dataset = BENCH_DATASETS.find((d) => d.name === name);
  if (!dataset) throw new Error(`Unknown bench dataset "${name}".`);
  const configs = JSON.parse(configsArg) as Record<string, unknown>[];
  const dir = mkdtempSync(join(tmpdir(), 'mtl-bench-fixed-'));
  const store = await ProjectStore.open(join(dir, `${dataset.name}.mtlproj`), { create: true });
  try {
    const sample = dataset.name === 'diamonds' ? 10_000 : undefined;
    const { info } = await importBenchDataset(store, dataset, dir, sample);
    const scheme = await ensureFoldScheme(store, info.id, { k: 5, seed: 1 });
    for (const config of configs) {
      const perTask: Record<string, number[]> = {};
      const epochs: number[] = [];
      for (const fold of scheme.folds) {
        const r = await trainRun(
          store,
          { datasetId: info.id, splitId: fold.splitId, config },
          { mode: 'in-process' },
        );
        for (const [k, v] of Object.entries(r.results ?? {})) (perTask[k] ??= []).push(v.macroF1);
        epochs.push(r.bestEpoch ?? -1);
      }
      const mean = (a: number[]) => a.reduce((x, y) => x + y, 0) / a.length;
      console.log(
        JSON.stringify(config),
        Object.entries(perTask)
          .map(([k, v]) => `${k} ${mean(v).toFixed(3)} [${v.map((x) => x.toFixed(2)).join(' ')}]`)
          .join(' | '),
        'epochs',
        epochs.join(','),
      );
    }
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.stack : err);
  process.exitCode = 1;
});
