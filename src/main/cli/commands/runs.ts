/**
 * `mtl-studio runs`: list the runs of a project (as stored; with --json their Auto searches),
 * a column naming each fold run's cross-validation fold.
 */
import type { Command } from 'commander';
import type { AutoSearch, FoldSchemeInfo, RunInfo } from '../../../shared/domain';
import { finalModelRows } from '../../../shared/finalModel';
import type { ProjectStore } from '../../store/projectStore';
import { method, printJson, seconds, table } from '../output';
import { int, isJson, resolveDataset, withStore } from '../program';
import {
  AUTO_SEARCH_JSON_HELP,
  autoSearchesOf,
  bestEpochPerTaskOf,
  foldLabel,
} from './trainingOutput';
import { runJson } from './runModel';

/**
 * The fold scheme (k, repeats) of each cross-validation that a fold run among `runs`
 * belongs to, by evaluation id.
 */
async function foldSchemesOf(
  store: ProjectStore,
  runs: RunInfo[],
): Promise<Map<number, FoldSchemeInfo>> {
  const byEvaluation = new Map<number, FoldSchemeInfo>();
  const datasets = new Set(runs.filter((r) => r.fold).map((r) => r.datasetId));
  for (const datasetId of datasets) {
    const [evaluations, schemes] = await Promise.all([
      store.evaluation.crossValidations(datasetId),
      store.splits.foldSchemes(datasetId),
    ]);
    for (const e of evaluations) {
      const scheme = schemes.find((s) => s.id === e.schemeId);
      if (scheme) byEvaluation.set(e.id, scheme);
    }
  }
  return byEvaluation;
}

/** Registers `runs`. */
export function registerRunsCommand(program: Command): void {
  program
    .command('runs')
    .description('List the runs of a project.')
    .addHelpText(
      'after',
      `
With --json: one document { runs }, each run as stored (id, datasetId, status, tasks,
config, results, bestEpoch, bestEpochPerTask { task: epoch kept } of a completed run, fold { crossValidationId, fold, repeat; 0-based } of a fold
run, finalOf { crossValidationId, labelledRows, epochs, epochsPerTask } of a
cross-validation's final model, auto …), and
${AUTO_SEARCH_JSON_HELP}`,
    )
    .requiredOption('-p, --project <file>', 'project file')
    .option('-d, --dataset <id>', 'only runs of this dataset', int('--dataset'))
    .action(async (opts: { project: string; dataset?: number }) => {
      const { runs, schemes, searches, perTask } = await withStore(
        opts.project,
        false,
        async (store) => {
          // An unknown -d is refused as every command's is (found by a new user: `runs -d 9`
          // printed an empty table), naming the project's datasets.
          if (opts.dataset !== undefined) await resolveDataset(store, opts.dataset);
          const runs = await store.training.listRuns(opts.dataset);
          const searches = isJson()
            ? await autoSearchesOf(store, runs)
            : new Map<number, AutoSearch>();
          // Each task's kept epoch (--json only: it reads every run's epoch records).
          const perTask = new Map<number, Record<string, number>>();
          if (isJson())
            for (const r of runs) {
              const kept = await bestEpochPerTaskOf(store, r, searches.get(r.id));
              if (kept) perTask.set(r.id, kept);
            }
          return { runs, schemes: await foldSchemesOf(store, runs), searches, perTask };
        },
      );
      // An Auto run carries its stored search (trials, choice, final/refit), as in `train --json`.
      if (isJson())
        return printJson({
          runs: runs.map((r) => {
            const search = searches.get(r.id);
            const kept = perTask.get(r.id);
            // fold and finalOf name their cross-validation crossValidationId (runJson);
            // bestEpochPerTask beside bestEpoch (kept for compatibility).
            const json = kept ? { ...runJson(r), bestEpochPerTask: kept } : runJson(r);
            return search ? { ...json, search } : json;
          }),
        });
      // Fold runs of a cross-validation differ only in their fold: a column says which (and
      // which run is a cross-validation's final model, trained on every labelled row).
      const withFolds = runs.some((r) => r.fold || r.finalOf);
      console.log(
        table(
          [
            'run',
            'dataset',
            'method',
            ...(withFolds ? ['cross-validation'] : []),
            'status',
            'tasks',
            'backend',
            'time',
            'finished',
          ],
          runs.map((r) => [
            r.id,
            r.datasetId,
            method(r),
            ...(withFolds
              ? [
                  r.fold
                    ? foldLabel(r.fold, schemes.get(r.fold.evaluationId))
                    : r.finalOf
                      ? `cv ${r.finalOf.evaluationId}: final model (${finalModelRows(r.finalOf, null)})`
                      : '–',
                ]
              : []),
            r.status,
            r.tasks.join(', '),
            r.backend ?? '–',
            seconds(r),
            r.finishedAt ?? '–',
          ]),
        ),
      );
    });
}
