/**
 * Auto's search on one fold of a bench dataset, trial by trial, with the seconds at which
 * each trial ended: how much of Auto's budget the defaults take and whether the search runs
 * at all (the accuracy-vs-scikit-learn section reports only trial counts). Same data, sample
 * and fold scheme as that section (bench/vsSklearn.ts: 5 folds, seed 1; diamonds: its seeded
 * 10 000-row sample), so a fold here is that section's fold.
 *
 * Usage: `npx tsx bench/autoTrials.ts <dataset> [fold 0–4 = 0] [budget s = 30]`; prints one
 * line per trial (architecture, trunk, epochs, validation score, seconds since the search
 * began), then the fold's test macro-F1 per task and the wall time of the whole run.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { trainAutoRun } from '../src/main/services/autoTraining';
import { ensureFoldScheme } from '../src/main/services/crossValidation';
import { ProjectStore } from '../src/main/store/projectStore';
import { BENCH_DATASETS, importBenchDataset } from './datasets';

async function main(): Promise<void> {
  const [name, foldArg = '0', budgetArg = '30'] = process.argv.slice(2);
  const dataset = BENCH_DATASETS.find((d) => d.name === name);
  if (!dataset) {
    throw new Error(
      `Unknown bench dataset "${name}"; known: ${BENCH_DATASETS.map((d) => d.name).join(', ')}.`,
    );
  }
  const dir = mkdtempSync(join(tmpdir(), 'mtl-bench-auto-'));
  const store = await ProjectStore.open(join(dir, `${dataset.name}.mtlproj`), { create: true });
  try {
    const sample = dataset.name === 'diamonds' ? 10_000 : undefined;
    const { info } = await importBenchDataset(store, dataset, dir, sample);
    const scheme = await ensureFoldScheme(store, info.id, { k: 5, seed: 1 });
    const fold = scheme.folds[Number(foldArg)];
    if (!fold) throw new Error(`Fold must be 0–${scheme.folds.length - 1}, got ${foldArg}.`);
    const load = loadavg()[0].toFixed(1);
    const started = performance.now();
    const run = await trainAutoRun(
      store,
      { datasetId: info.id, splitId: fold.splitId, budgetSeconds: Number(budgetArg), seed: 1 },
      {
        mode: 'in-process',
        onAutoProgress: (_runId, { trial: t, elapsedSeconds }) => {
          if (t)
            console.log(
              `trial ${t.id}${t.full ? ' (normal run)' : ` (bracket ${t.bracket ?? 1})`}: ` +
                `${t.config.arch} [${t.config.hiddenUnits.join(', ')}], ${t.epochs} epochs, ` +
                `validation ${t.score.toFixed(4)}, at ${elapsedSeconds.toFixed(1)} s`,
            );
        },
      },
    );
    const f1 = Object.entries(run.results ?? {}).map(([t, r]) => `${t} ${r.macroF1.toFixed(3)}`);
    console.log(
      `${dataset.name} fold ${fold.fold}, budget ${budgetArg} s: test macro-F1 ${f1.join(', ')}; ` +
        `${((performance.now() - started) / 1000).toFixed(1)} s in all; load ${load} → ${loadavg()[0].toFixed(1)}`,
    );
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
});
