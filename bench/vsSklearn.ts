/**
 * "Accuracy vs scikit-learn": per task, macro-F1 of the single-task baseline, the best fixed
 * multi-task method (hard sharing, MMoE, PLE with defaults; "best" picked after the fact on
 * the scores shown, so it is an optimistic reference) and Auto (which chooses on validation
 * data only), on a fixed split and by stratified 5-fold cross-validation, against
 * scikit-learn's logistic regression and histogram gradient boosting on exactly the same
 * rows (bench/reference/sklearn_reference.py, one call per split or fold). Δm of each
 * method per fold against single-task of the same fold, with the Wilcoxon signed-rank and
 * corrected resampled t-tests.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { trainAutoRun } from '../src/main/services/autoTraining';
import { crossValidate } from '../src/main/services/crossValidation';
import { compareCrossValidations } from '../src/main/services/evaluation';
import { ensureSplit, trainRun } from '../src/main/services/training';
import { ProjectStore } from '../src/main/store/projectStore';
import type { CrossValidationSummary, MeanStd, RunInfo, TrainConfig } from '../src/shared/domain';
import { meanStd } from './accuracy';
import { importBenchDataset, sklearnOnSplit, type BenchDataset } from './datasets';
import { findPython } from './python';

/** Fixed methods compared (defaults otherwise). */
const FIXED: TrainConfig['arch'][] = ['hard-sharing', 'mmoe', 'ple'];

/** Per task of one dataset: macro-F1 of each contender on the split and over folds. */
export interface VsSklearnTask {
  task: string;
  split: Record<'single' | 'bestFixed' | 'auto' | 'logreg' | 'hgb', number | null> & {
    bestFixedMethod: string | null;
  };
  folds: Record<'single' | 'bestFixed' | 'auto' | 'logreg' | 'hgb', MeanStd | null> & {
    bestFixedMethod: string | null;
  };
  /** Auto's fold mean per search seed, in `autoSeeds` order (absent with one seed). */
  autoSeedMeans?: number[];
}

/** Result for one dataset. */
export interface VsSklearnResult {
  dataset: string;
  rows: number;
  k: number;
  autoBudgetSeconds: number;
  /** Hyperband brackets per sweep of Auto's search (absent in older reports: 1). */
  autoBrackets?: number;
  /**
   * Auto's search seeds on the folds (absent in older reports: [1]). With several, a task's
   * `folds.auto` is over the folds of the per-fold mean across seeds, `autoSeedMeans` each
   * seed's fold mean, and Auto's Δm is seed 1's (the first seed's) evaluation.
   */
  autoSeeds?: number[];
  /**
   * Trials Auto's search ran per bracket, for the split's run then each fold's (index 0:
   * bracket 1), over all sweeps: shows whether the budget reached the later brackets.
   */
  autoTrialsPerBracket?: number[][];
  tasks: VsSklearnTask[];
  /** Δm (%) over folds against single-task of the same fold, with tests, per method. */
  deltaM: Record<
    string,
    { mean: number; std: number; wilcoxonP: number | null; tTestP: number | null }
  >;
  sklearnSkipped: string | null;
  /** Set when scikit-learn's scores were computed afterwards (bench/fillSklearn.ts). */
  sklearnFilledLater?: string;
  seconds: number;
}

/**
 * Runs the section on one dataset.
 * @param options.k folds; options.budgetSeconds Auto's budget per run (split or fold);
 *   options.brackets Auto's Hyperband brackets per sweep (default 1); options.autoSeeds
 *   Auto's search seeds on the folds (default [1]): one cross-validation of Auto per seed on
 *   the same folds, its per-task fold scores averaged over the seeds fold by fold (one search
 *   seed moved zoo type's 5-fold mean by ± 3 points: bench/results/2026-12-04-auto-refit.md).
 */
export async function runVsSklearn(
  dataset: BenchDataset,
  options: {
    k: number;
    budgetSeconds: number;
    brackets?: number;
    autoSeeds?: number[];
    config: Partial<TrainConfig>;
    sample?: number;
    log: (line: string) => void;
  },
): Promise<VsSklearnResult> {
  const started = performance.now();
  const dir = mkdtempSync(join(tmpdir(), 'mtl-bench-vs-'));
  const store = await ProjectStore.open(join(dir, `${dataset.name}.mtlproj`), { create: true });
  const python = findPython('sklearn');
  const brackets = options.brackets ?? 1;
  const autoSeeds = options.autoSeeds ?? [1];
  try {
    const imported = await importBenchDataset(store, dataset, dir, options.sample);
    const { info } = imported;
    const hooks = { mode: 'in-process' as const };
    /** sklearn's scores on one stored split (train + validation → fit, test → score). */
    const sklearn = async (splitId: number, tag: string) =>
      python.ok
        ? sklearnOnSplit(python.path, store, splitId, imported, { dir, tag, seed: 1 })
        : null;

    // Fixed split.
    const split = await ensureSplit(store, info.id, { seed: 1, fresh: true });
    const config = { ...options.config, seed: 1 };
    const single = await trainRun(
      store,
      { datasetId: info.id, splitId: split.id, config: { ...config, arch: 'single-task' } },
      hooks,
    );
    const fixed: RunInfo[] = [];
    for (const arch of FIXED)
      fixed.push(
        await trainRun(
          store,
          { datasetId: info.id, splitId: split.id, config: { ...config, arch } },
          hooks,
        ),
      );
    const auto = await trainAutoRun(
      store,
      {
        datasetId: info.id,
        splitId: split.id,
        budgetSeconds: options.budgetSeconds,
        seed: 1,
        brackets,
        base: options.config,
      },
      hooks,
    );
    /** Trials per bracket of one Auto run's stored search. */
    const perBracket = async (runId: number): Promise<number[]> => {
      const search = await store.training.autoSearch(runId);
      const counts = Array.from({ length: search.brackets ?? 1 }, () => 0);
      // Runs like a normal run (defaults, finalist) belong to no bracket.
      for (const t of search.trials) if (!t.full) counts[(t.bracket ?? 1) - 1]++;
      return counts;
    };
    const autoTrials = [await perBracket(auto.id)];
    options.log(
      `${dataset.name} split: auto chose ${auto.config.arch} (trials per bracket ${autoTrials[0].join('+')})`,
    );
    const skSplit = await sklearn(split.id, 'split');

    // Folds: every method (and Auto) on the same stored folds.
    const plan = { k: options.k, seed: 1 };
    const evaluations: Record<string, number> = {};
    for (const arch of ['single-task', ...FIXED] as TrainConfig['arch'][]) {
      const e = await crossValidate(
        store,
        { datasetId: info.id, method: { kind: 'fixed', config: { ...config, arch } }, plan },
        hooks,
      );
      evaluations[arch] = e.id;
      options.log(`${dataset.name} ${options.k}-fold: ${arch} done`);
    }
    const autoEvaluations: number[] = [];
    for (const seed of autoSeeds) {
      const autoCv = await crossValidate(
        store,
        {
          datasetId: info.id,
          method: { kind: 'auto', budgetSeconds: options.budgetSeconds, seed, brackets },
          plan,
        },
        hooks,
      );
      autoEvaluations.push(autoCv.id);
      for (const fold of autoCv.runs) autoTrials.push(await perBracket(fold.runId));
      options.log(`${dataset.name} ${options.k}-fold: auto (search seed ${seed}) done`);
    }
    evaluations.auto = autoEvaluations[0];
    const summaries = await compareCrossValidations(store, info.id);
    const summaryOf = (id: number): CrossValidationSummary =>
      summaries.find((s) => s.evaluation.id === id)!;
    const scheme = (await store.splits.foldSchemes(info.id))[0];
    const skFolds: Awaited<ReturnType<typeof sklearn>>[] = [];
    for (const fold of scheme.folds) skFolds.push(await sklearn(fold.splitId, `fold-${fold.fold}`));

    const tasks: VsSklearnTask[] = dataset.tasks.map((task) => {
      const splitF1 = (r: { results: Record<string, { macroF1: number }> | null }) =>
        r.results?.[task]?.macroF1 ?? null;
      const bestSplit = fixed.reduce((a, b) => ((splitF1(b) ?? -1) > (splitF1(a) ?? -1) ? b : a));
      const cv = (key: string) => summaryOf(evaluations[key]).tasks[task]?.macroF1 ?? null;
      const bestCvArch = FIXED.reduce((a, b) =>
        (cv(b)?.mean ?? -1) > (cv(a)?.mean ?? -1) ? b : a,
      );
      const sk = (name: 'logreg' | 'hgb') =>
        python.ok ? meanStd(skFolds.map((s) => s![task][name])) : null;
      // Auto's per-fold scores averaged over its search seeds, fold by fold.
      const autoPerSeed = autoEvaluations.map((id) => summaryOf(id).tasks[task]?.perFold ?? []);
      const autoFolds =
        autoPerSeed.length > 1 && autoPerSeed.every((p) => p.length === autoPerSeed[0].length)
          ? meanStd(
              autoPerSeed[0].map(
                (_, f) => autoPerSeed.reduce((a, p) => a + p[f], 0) / autoPerSeed.length,
              ),
            )
          : cv('auto');
      return {
        task,
        split: {
          single: splitF1(single),
          bestFixed: splitF1(bestSplit),
          bestFixedMethod: bestSplit.config.arch,
          auto: splitF1(auto),
          logreg: skSplit?.[task].logreg ?? null,
          hgb: skSplit?.[task].hgb ?? null,
        },
        folds: {
          single: cv('single-task'),
          bestFixed: cv(bestCvArch),
          bestFixedMethod: bestCvArch,
          auto: autoFolds,
          logreg: sk('logreg'),
          hgb: sk('hgb'),
        },
        ...(autoPerSeed.length > 1
          ? { autoSeedMeans: autoPerSeed.map((p) => p.reduce((a, x) => a + x, 0) / p.length) }
          : {}),
      };
    });
    const deltaM: VsSklearnResult['deltaM'] = {};
    for (const key of [...FIXED, 'auto']) {
      const d = summaryOf(evaluations[key]).deltaM;
      if (d)
        deltaM[key] = {
          mean: d.summary.mean,
          std: d.summary.std,
          wilcoxonP: d.tests[0].p,
          tTestP: d.tests[1].p,
        };
    }
    return {
      dataset: dataset.name,
      rows: info.rowCount,
      k: options.k,
      autoBudgetSeconds: options.budgetSeconds,
      autoBrackets: brackets,
      autoSeeds,
      autoTrialsPerBracket: autoTrials,
      tasks,
      deltaM,
      sklearnSkipped: python.ok ? null : python.reason,
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Markdown of the section. */
export function vsSklearnMarkdown(results: VsSklearnResult[]): string {
  if (results.length === 0) return '';
  const f = (x: number | null | undefined) => (x === null || x === undefined ? '–' : x.toFixed(3));
  const ms = (m: MeanStd | null) => (m ? `${m.mean.toFixed(3)} ± ${m.std.toFixed(3)}` : '–');
  const lines = [
    '## Accuracy vs scikit-learn',
    '',
    'Macro-F1 per task. Split: one stratified 70/15/15 split (seed 1; scikit-learn fits on train + validation). Folds: stratified 5-fold, mean ± std. "Best fixed" is the best of hard sharing, MMoE and PLE with defaults, picked after the fact on these very scores (optimistic); Auto chooses on validation data only. Gap = Auto − max(LR, HGB) over folds, in points.',
    '',
    '| dataset | task | split: single | best fixed | Auto | LR | HGB | folds: single | best fixed | Auto | LR | HGB | gap |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const r of results) {
    for (const t of r.tasks) {
      const best = Math.max(t.folds.logreg?.mean ?? -1, t.folds.hgb?.mean ?? -1);
      const gap = t.folds.auto && best >= 0 ? (100 * (t.folds.auto.mean - best)).toFixed(1) : '–';
      lines.push(
        `| ${r.dataset} | ${t.task} | ${f(t.split.single)} | ${f(t.split.bestFixed)} (${t.split.bestFixedMethod}) | ${f(t.split.auto)} | ${f(t.split.logreg)} | ${f(t.split.hgb)} | ${ms(t.folds.single)} | ${ms(t.folds.bestFixed)} (${t.folds.bestFixedMethod}) | ${ms(t.folds.auto)} | ${ms(t.folds.logreg)} | ${ms(t.folds.hgb)} | ${gap} |`,
      );
    }
  }
  lines.push(
    '',
    '| dataset | method | Δm over folds (%) | Wilcoxon p | corrected t p | s |',
    '|---|---|---|---|---|---|',
  );
  for (const r of results) {
    for (const [method, d] of Object.entries(r.deltaM))
      lines.push(
        `| ${r.dataset} | ${method} | ${d.mean.toFixed(2)} ± ${d.std.toFixed(2)} | ${f(d.wilcoxonP)} | ${f(d.tTestP)} | ${r.seconds.toFixed(0)} |`,
      );
    if (r.sklearnSkipped)
      lines.push(`| ${r.dataset} | scikit-learn reference skipped: ${r.sklearnSkipped} | | | | |`);
  }
  lines.push('');
  for (const r of results) {
    // Reports written before brackets existed searched with successive halving only.
    const b = r.autoBrackets ?? 1;
    const seeds = r.autoSeeds ?? [1];
    const trials = r.autoTrialsPerBracket
      ? `; trials per bracket, split then folds${seeds.length > 1 ? ' (seed by seed)' : ''}: ${r.autoTrialsPerBracket.map((c) => c.join('+')).join(', ')}`
      : '';
    lines.push(
      `- ${r.dataset}: Auto searched with ${b} Hyperband bracket${b === 1 ? ' (successive halving)' : 's'} per sweep, budget ${r.autoBudgetSeconds} s per run (the split and each fold)${trials}.`,
    );
    if (r.sklearnFilledLater) lines.push(`- ${r.dataset}: ${r.sklearnFilledLater}.`);
    if (seeds.length > 1)
      lines.push(
        `- ${r.dataset}: Auto's fold scores are the mean over search seeds ${seeds.join(', ')} fold by fold (± over folds); each seed's fold mean: ${r.tasks.map((t) => `${t.task} ${(t.autoSeedMeans ?? []).map((m) => m.toFixed(3)).join(' / ')}`).join('; ')}. Its Δm is seed ${seeds[0]}'s.`,
      );
  }
  return `${lines.join('\n')}\n`;
}
