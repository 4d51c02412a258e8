/**
 * `mtl-studio evaluate`: per-task test scores and Δm.
 */
import type { Command } from 'commander';
import { headlineScores, method, printJson, score, table } from '../output';
import { int, isJson, resolveDataset, withStore } from '../program';

/** Registers `evaluate`. */
export function registerEvaluationCommands(program: Command): void {
  program
    .command('evaluate')
    .description(
      'Per-task test scores of the completed runs, with Δm against the single-task baseline.',
    )
    .requiredOption('-p, --project <file>', 'project file')
    .option('-d, --dataset <id>', 'dataset id (default: the only one)', int('--dataset'))
    .option('--run <id>', 'only this run', int('--run'))
    .action(async (opts: { project: string; dataset?: number; run?: number }) => {
      const { compareRuns } = await import('../../services/evaluation');
      const rows = await withStore(opts.project, false, async (store) => {
        const datasetId = opts.run
          ? (await store.training.getRun(opts.run)).datasetId
          : await resolveDataset(store, opts.dataset);
        const all = await compareRuns(store, datasetId);
        return opts.run ? all.filter((r) => r.run.id === opts.run) : all;
      });
      if (isJson()) {
        return printJson({
          runs: rows.map((r) => ({
            runId: r.run.id,
            arch: r.run.config.arch,
            weighting: r.run.config.arch === 'single-task' ? null : r.run.config.weighting,
            tasks: Object.fromEntries(
              Object.entries(r.run.results ?? {}).map(([t, m]) => [t, headlineScores(m)]),
            ),
            /** Percent (Maninis et al. 2019) on test macro-F1. */
            deltaM: r.deltaM,
            baselineRunId: r.baselineRunId,
          })),
        });
      }
      console.log(
        table(
          ['run', 'method', 'task', 'accuracy', 'balanced acc.', 'macro-F1', 'ROC-AUC', 'Δm (%)'],
          rows.flatMap((r) =>
            Object.entries(r.run.results ?? {}).map(([task, m], i) => [
              i === 0 ? r.run.id : '',
              i === 0 ? method(r.run) : '',
              task,
              score(m.accuracy),
              score(m.balancedAccuracy),
              score(m.macroF1),
              score(m.rocAuc),
              i === 0 ? (r.deltaM === null ? '–' : r.deltaM.toFixed(2)) : '',
            ]),
          ),
        ),
      );
      const baselines = [
        ...new Set(rows.flatMap((r) => (r.baselineRunId ? [r.baselineRunId] : []))),
      ];
      if (baselines.length > 0)
        console.log(`Δm against single-task run ${baselines.join(', ')} (same tasks and split).`);
      else if (rows.some((r) => r.run.config.arch !== 'single-task'))
        console.log(
          'Δm needs a completed single-task run on the same tasks and split: train --arch single-task.',
        );
    });
}
