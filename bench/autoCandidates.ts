/**
 * Auto's candidates on the folds of a bench dataset: for each fold and search seed, the runs
 * like a normal run the search chose from (the defaults and the finalist) with their
 * validation (inner-fold) scores, and each one's test macro-F1 when trained as the final model
 * on that fold — so selection rules can be compared on the same searches. Same data and fold
 * scheme as the accuracy-vs-scikit-learn section (bench/vsSklearn.ts: 5 folds, seed 1).
 *
 * Usage: `npx tsx bench/autoCandidates.ts <dataset> [seeds = 1,2,3] [budget s = 30]`; writes
 * one JSON line per (fold, seed) to stdout.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { trainAutoRun } from '../src/main/services/autoTraining';
import { ensureFoldScheme } from '../src/main/services/crossValidation';
import { prepareJob, trainRun } from '../src/main/services/training';
import { splitIndices, trainAndScore } from '../src/main/engine/job';
import { ProjectStore } from '../src/main/store/projectStore';
import { BENCH_DATASETS, importBenchDataset } from './datasets';

async function main(): Promise<void> {
  const [name, seedsArg = '1,2,3', budgetArg = '30'] = process.argv.slice(2);
  const dataset = BENCH_DATASETS.find((d) => d.name === name);
  if (!dataset) throw new Error(`Unknown bench dataset "${name}".`);
  const dir = mkdtempSync(join(tmpdir(), 'mtl-bench-cand-'));
  const store = await ProjectStore.open(join(dir, `${dataset.name}.mtlproj`), { create: true });
  try {
    const sample = dataset.name === 'diamonds' ? 10_000 : undefined;
    const { info } = await importBenchDataset(store, dataset, dir, sample);
    const scheme = await ensureFoldScheme(store, info.id, { k: 5, seed: 1 });
    for (const fold of scheme.folds) {
      for (const seed of seedsArg.split(',').map(Number)) {
        const load = loadavg()[0];
        const run = await trainAutoRun(
          store,
          { datasetId: info.id, splitId: fold.splitId, budgetSeconds: Number(budgetArg), seed },
          { mode: 'in-process' },
        );
        const search = await store.training.autoSearch(run.id);
        const candidates = [];
        // LIGHT=1: only the chosen run, trained as a normal run (the final model before
        // refitting), to compare with Auto's own (refitted) result.
        const light = process.env.LIGHT === '1';
        for (const t of search.trials.filter(
          (x) => x.full && (!light || x.id === search.chosenTrial),
        )) {
          const r = await trainRun(
            store,
            { datasetId: info.id, splitId: fold.splitId, config: t.config },
            { mode: 'in-process' },
          );
          // Refit: every non-test row, a fixed number of epochs (the run's mean restored epoch
          // over the inner folds, × inner-train rows / all rows when scaled), last weights.
          const input = await prepareJob(store, info.id, undefined, fold.splitId, t.config);
          const splits = splitIndices(input.assignment);
          const all = Int32Array.from([...splits.train, ...splits.validation]).sort();
          const refit: Record<string, Record<string, number>> = {};
          const variants = [
            ['refit', 1],
            ['refit-scaled', 2 / 3],
            ['refit-1.5', 1.5],
          ] as const;
          for (const [label, factor] of light ? [] : variants) {
            const epochs = Math.max(1, Math.round(t.bestEpoch * factor));
            const res = await trainAndScore(
              input,
              { ...t.config, epochs, patience: 0, patienceSteps: 0, lrSchedule: 'none' },
              all,
              splits.validation,
              {},
              { keepLast: true },
            );
            refit[label] = Object.fromEntries(
              Object.entries(res.results).map(([k, v]) => [k, v.macroF1]),
            );
          }
          candidates.push({
            bestEpoch: t.bestEpoch,
            refit,
            id: t.id,
            arch: t.config.arch,
            hidden: t.config.hiddenUnits,
            score: t.score,
            foldScores: (t as { foldScores?: number[] }).foldScores,
            perTask: t.perTask,
            test: Object.fromEntries(
              Object.entries(r.results ?? {}).map(([k, v]) => [k, v.macroF1]),
            ),
          });
        }
        console.log(
          JSON.stringify({
            dataset: dataset.name,
            fold: fold.fold,
            seed,
            trials: search.trials.length,
            chosen: search.chosenTrial,
            autoTest: Object.fromEntries(
              Object.entries(run.results ?? {}).map(([k, v]) => [k, v.macroF1]),
            ),
            load,
            candidates,
          }),
        );
      }
    }
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
});
