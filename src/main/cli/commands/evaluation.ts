/**
 * `mtl-studio evaluate`: per-task test scores and Δm, of single runs and of cross-validated
 * evaluations (mean ± std over folds, Δm per fold with paired tests); `mtl-studio affinity`:
 * task affinity (Fifty et al., NeurIPS 2021), measured and stored in the project, or the
 * stored one printed without measuring (`--stored`).
 */
import type { Command } from 'commander';
import type { TaskAffinityView } from '../../../shared/contract/evaluation';
import {
  isContinuable,
  MIN_FOLD_TEST_ROWS,
  smallTestSplit,
  type AutoSearch,
  type CrossValidationSummary,
  type MeanStd,
  type RunBaselineMissingReason,
  type RunInfo,
} from '../../../shared/domain';
import { MtlError } from '../../../shared/errors';
import { meanStdText, signedMeanStdText } from '../../../shared/meanStdText';
import { shellWord } from '../../../shared/shellWord';
import { signed } from '../../../shared/signedText';
import { counted } from '../../../shared/counted';
import {
  baselineMissingText,
  tasksAndInputsDiffer,
  withBaselineMissingText,
} from '../baselineMissingText';
import { headlineScores, method, printJson, score, table } from '../output';
import { int, isJson, resolveDataset, scopeWords, withScope, withStore } from '../program';
import type { ProjectStore } from '../../store/projectStore';
import { namesOf } from './tasks';
import { continueRunHint } from './trainingStop';
import { AUTO_SEARCH_JSON_HELP, autoSearchesOf } from './trainingOutput';
import type { FoldRunComparison, RunComparison } from '../../services/evaluation';
import type { BundleCrossValidationEstimate } from '../../export/metadata';
import { finalModelEstimate, labelledRowsPerTask } from '../../services/finalModelEstimate';

/** Registers `evaluate` and `affinity`. */
export function registerEvaluationCommands(program: Command): void {
  program
    .command('evaluate')
    .description(
      'Per-task test scores of the completed runs, with Δm against the single-task baseline.',
    )
    .requiredOption('-p, --project <file>', 'project file')
    .option('-d, --dataset <id>', 'dataset id (default: the only one)', int('--dataset'))
    .option('--run <id>', 'only this run', int('--run'))
    .addHelpText(
      'after',
      `
--run of a fold of a cross-validation gives that fold's test scores, with Δm
against the same fold of the single-task cross-validation on the same folds.

With --json: one document { crossValidations, runs }; each cross-validation
{ evaluation (id, status, tasks, method, runs: its fold runs), scheme, folds
(finished), plannedFolds, continuable (stopped: cancelled, interrupted or
failed; listed even when no fold finished), tasks (mean ± std over the
finished folds), deltaM, baselineMissing (why deltaM is null, in English),
baselineReason (the same as a code and its parameters), … }; each run
{ runId, arch, weighting, tasks (test scores per task), deltaM (percent),
baselineRunId; for a run on a fixed split baselineMissing (why deltaM is null, in
English, with the command that trains the baseline where one trained now pairs)
and baselineReason (the same as a code and its parameters: noSingleTaskRun,
singleTaskRunDiffers, autoSingleTaskNotBaseline, baselineScoresZero; null for a
plain single-task run or with a Δm); for a fold run also fold (crossValidationId, fold, folds, repeat,
repeats; 1-based), baselineEvaluationId, baselineMissing and baselineReason (why
deltaM is null); for a cross-validation's final model, which has no test
score, finalModel { crossValidationId, estimate: the cross-validation's
per task mean ± std of macroF1, accuracy, balancedAccuracy, folds, scheme,
labelledRows, labelledRowsPerTask (null when no longer summarised) } }, and
${AUTO_SEARCH_JSON_HELP}`,
    )
    .action(async (opts: { project: string; dataset?: number; run?: number }) => {
      const { compareCrossValidations, compareFoldRun, compareRuns } =
        await import('../../services/evaluation');
      const { rows, cv, searches, scope, dataset, ofFold } = await withStore(
        opts.project,
        false,
        async (store) => {
          // `!== undefined`, not truthiness: --run 0 is a run id (unknown, refused), not "every
          // run" (found by a new user: it printed every run, exit 0).
          const asked = opts.run !== undefined ? await store.training.getRun(opts.run) : null;
          // A run not completed has no test score: refused as an unknown run is (exit 1),
          // saying why and how it goes on (found by a new user: it printed nothing, exit 0).
          if (asked && asked.status !== 'completed') throw notCompletedError(asked, opts.project);
          const datasetId = asked ? asked.datasetId : await resolveDataset(store, opts.dataset);
          // A fold run of a cross-validation is compared with the same fold of its single-task
          // baseline (found by a new user: `--run` of a fold printed nothing).
          const rows: (RunComparison | FoldRunComparison)[] =
            asked?.fold && asked.status === 'completed'
              ? [await compareFoldRun(store, asked)]
              : (await compareRuns(store, datasetId)).filter(
                  (r) => opts.run === undefined || r.run.id === opts.run,
                );
          // A final model has no test score: its estimate is its cross-validation's.
          const summaries =
            opts.run === undefined || rows.some((r) => r.run.finalOf)
              ? await compareCrossValidations(store, datasetId)
              : [];
          return {
            rows: await Promise.all(
              rows.map(async (r) => ({
                ...r,
                estimate: r.run.finalOf
                  ? finalModelEstimate(r.run, summaries, await labelledRowsPerTask(store, r.run))
                  : undefined,
              })),
            ),
            cv: opts.run !== undefined ? [] : summaries,
            searches: isJson()
              ? await autoSearchesOf(
                  store,
                  rows.map((r) => r.run),
                )
              : new Map<number, AutoSearch>(),
            // For the train command said when there is nothing to show.
            scope: await scopeWords(store, opts.project, datasetId, opts.dataset),
            dataset: (await store.datasets.get(datasetId)).name,
            // A fold run's cross-validation: its folds and tasks name the baseline's command.
            ofFold: asked?.fold ? await foldOf(store, asked.fold.evaluationId) : null,
          };
        },
      );
      // Nothing to show (no completed run, no cross-validation): said, not an empty output.
      const nothing =
        rows.length === 0 && cv.length === 0 ? nothingToEvaluateText(dataset, scope) : null;
      if (isJson()) {
        return printJson({
          /** Cross-validated evaluations: per task mean ± std over folds, Δm per fold. */
          crossValidations: cv.map((s) => ({
            ...withBaselineMissingText(s, baselineCommand(scope, s.scheme, s.evaluation.tasks)),
            /** Folds it trains in all (k × repeats); `folds` of them finished. */
            plannedFolds: s.scheme.k * s.scheme.repeats,
            /** Stopped (cancelled, interrupted, failed): `train` or the studio continues it. */
            continuable: isContinuable(s.evaluation),
          })),
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
            /** A run on a fixed split: why it has no Δm (in English, and as a code). */
            ...(!('fold' in r) && !r.run.finalOf
              ? {
                  baselineMissing: r.baselineReason
                    ? runBaselineMissingText(r.baselineReason, splitBaselineCommand(scope, r.run))
                    : null,
                  baselineReason: r.baselineReason ?? null,
                }
              : {}),
            /** A fold run (`--run` of one): its fold, and why it has no Δm. */
            ...('fold' in r
              ? {
                  // Named as every --json's fold block: crossValidationId.
                  fold: (({ evaluationId, ...where }) => ({
                    crossValidationId: evaluationId,
                    ...where,
                  }))(r.fold),
                  baselineEvaluationId: r.baselineEvaluationId,
                  baselineMissing: withBaselineMissingText(
                    r,
                    ofFold ? baselineCommand(scope, ofFold.scheme, ofFold.tasks) : undefined,
                  ).baselineMissing,
                  baselineReason: r.baselineReason,
                }
              : {}),
            /**
             * A cross-validation's final model (no test split, so `tasks` is empty): its
             * estimate is the cross-validation's mean ± std (null when no longer summarised).
             */
            ...(r.run.finalOf
              ? {
                  finalModel: {
                    crossValidationId: r.run.finalOf.evaluationId,
                    estimate: r.estimate ?? null,
                  },
                }
              : {}),
            /** An Auto run: its stored search (trials, chosen, final with the refit). */
            ...(searches.has(r.run.id) ? { search: searches.get(r.run.id) } : {}),
          })),
          /** Why both lists are empty; absent otherwise. */
          ...(nothing !== null ? { note: nothing } : {}),
        });
      }
      if (nothing !== null) return console.log(nothing);
      for (const summary of cv) printCrossValidation(summary, scope);
      if (rows.length === 0) return;
      const [first] = rows;
      if ('fold' in first) return printFoldRun(first, scope, ofFold);
      const finals = rows.filter((r) => r.run.finalOf);
      const scored = rows.filter((r) => !r.run.finalOf);
      for (const r of finals) console.log(finalModelLine(r.run, r.estimate));
      if (scored.length === 0) return;
      if (cv.length > 0) console.log('Single runs (fixed split):');
      console.log(table(RUN_SCORE_HEADER, scored.flatMap(runScoreRows)));
      console.log(RUN_DELTA_M_LEGEND);
      const baselines = [
        ...new Set(scored.flatMap((r) => (r.baselineRunId ? [r.baselineRunId] : []))),
      ];
      if (baselines.length > 0)
        console.log(
          `Δm against single-task run ${baselines.join(', ')} (same split and input columns; per task over each run's tasks).`,
        );
      // Why a run has no Δm, once per distinct reason with the runs it holds for (found by
      // a new user: the command it named had no -p, --tasks, nor said which split).
      const missing = new Map<string, number[]>();
      for (const r of scored) {
        if ('fold' in r || !r.baselineReason) continue;
        const text = runBaselineMissingText(r.baselineReason, splitBaselineCommand(scope, r.run));
        missing.set(text, [...(missing.get(text) ?? []), r.run.id]);
      }
      for (const [text, ids] of missing)
        console.log(`Run${ids.length === 1 ? '' : 's'} ${ids.join(', ')}: ${text}`);
    });
  registerAffinityCommand(program);
}

/**
 * What `evaluate` says when it has nothing to show on a dataset (no completed run and no
 * cross-validation): e.g. `No completed run on dataset "zoo2" yet: train one with mtl-studio
 * train -p p.mtlproj -d 2`. Said on stdout, exit 0, as an empty listing (`runs`) is not an
 * error; with --json, the same as its `note`.
 * @param scope the `-p FILE [-d N]` of that train command (program.ts scopeWords).
 */
export function nothingToEvaluateText(dataset: string, scope: string): string {
  return `No completed run on dataset "${dataset}" yet: train one with mtl-studio train ${scope}`;
}

/**
 * The error of `evaluate --run` of a run not completed, which has no test score: e.g. "Run 16
 * is cancelled, not completed: nothing to evaluate. Continue it with: mtl-studio train -p
 * p.mtlproj --resume 16" (the wording a stop ends a run with, trainingStop.ts
 * continueRunHint); a fold run's goes on with its cross-validation; a queued or running
 * one is evaluated when it has finished. NOT_FOUND (exit 1), as `report --runs` of such a
 * run and `evaluate --run` of an unknown one.
 * @param project the project file, quoted by shellWord in the command named.
 */
export function notCompletedError(run: RunInfo, project: string): MtlError {
  const head = `Run ${run.id} is ${run.status}, not completed: nothing to evaluate`;
  const next =
    run.status === 'queued' || run.status === 'running'
      ? ' yet; evaluate it when it has finished.'
      : run.fold
        ? `. Continue cross-validation ${run.fold.evaluationId} with the \`train\` command that began it (same --evaluation cv, --folds, --tasks and method), or with "Continue cross-validation" in the studio.`
        : `. ${continueRunHint(run, project)}`;
  return new MtlError('NOT_FOUND', `${head}${next}`, { runId: run.id, status: run.status });
}

/**
 * Why an Auto run that chose single-task is not Δm's baseline, said when a run has no
 * baseline but such a run would otherwise fit (services/evaluation.ts findAutoSingleTask),
 * e.g. `Run 2 (auto → single-task) is not a Δm baseline: …`.
 * @param ids those Auto runs' ids, at least one.
 */
export function autoSingleTaskNote(ids: readonly number[]): string {
  const which =
    ids.length === 1
      ? `Run ${ids[0]} (auto → single-task) is`
      : `Runs ${ids.join(', ')} (auto → single-task) are`;
  return `${which} not a Δm baseline: Auto chose single-task with settings tuned by its search, may have stopped it early for its budget and may have trained it again on the validation rows too, so Δm against it would mix the search's tuning into the gain of sharing. Δm's baseline is a plain single-task run (fixed settings, trained on the split's training rows).`;
}

/**
 * The command that trains the single-task baseline of a run on a fixed split, to run as
 * shown: `mtl-studio train` with the project (and -d where needed: `scope`, from
 * scopeWords), the run's tasks, `--arch single-task --evaluation split`. It trains on the
 * dataset's newest split (`train` has no option to pick another): it pairs with the run only
 * when that is the run's split and the input columns are the same (see
 * {@link runBaselineMissingText}, which says so otherwise).
 * @returns e.g. "mtl-studio train -p 'my dir/zoo.mtlproj' --tasks type hair --arch
 *   single-task --evaluation split".
 */
export function splitBaselineCommand(scope: string, run: Pick<RunInfo, 'tasks'>): string {
  return [
    `mtl-studio train ${scope}`,
    run.tasks.length > 0 ? `--tasks ${run.tasks.map(shellWord).join(' ')}` : '',
    '--arch single-task --evaluation split',
  ]
    .filter(Boolean)
    .join(' ');
}

/**
 * Why a run on a fixed split has no Δm, in English (`evaluate`: `Δm of run N: – (…)`;
 * `--json`: `baselineMissing`), from its reason (services/evaluation.ts runBaselineReason):
 * what is missing, then the command that trains the baseline ({@link splitBaselineCommand})
 * when one trained now pairs with the run; otherwise why it would not (the dataset's newest
 * split is another, or the run's input columns differ from a training's now).
 * @param command the command that trains the baseline, put where one trained now pairs.
 */
export function runBaselineMissingText(reason: RunBaselineMissingReason, command: string): string {
  switch (reason.code) {
    case 'autoSingleTaskNotBaseline':
      return autoSingleTaskNote([reason.runId]);
    case 'baselineScoresZero':
      return `Single-task run ${reason.baselineRunId} scores 0 on a task: a relative change from 0 is undefined.`;
    case 'noSingleTaskRun':
    case 'singleTaskRunDiffers': {
      const head = `Δm needs a completed single-task run on the same split and input columns that trained every task of the run (removing or adding a task changes the input columns)`;
      let what = `; there is none on split ${reason.splitId}`;
      if (reason.code === 'singleTaskRunDiffers') {
        const differs = tasksAndInputsDiffer(reason);
        what = `; single-task run ${reason.runId} on split ${reason.splitId} differs in ${differs.join(' and ') || 'its settings'}`;
      }
      const changed = reason.inputsChanged;
      if (changed) {
        const restore = [
          changed.restore.length > 0 ? `${changed.restore.join(', ')} an input column again` : '',
          changed.drop.length > 0 ? `${changed.drop.join(', ')} no input column` : '',
        ].filter(Boolean);
        return `${head}${what}. The run was given the input columns ${changed.given.join(', ') || 'none'}; the dataset's are now ${changed.now.join(', ') || 'none'}, so a single-task run trained now cannot be its baseline (only with ${restore.join(', and ')}).`;
      }
      if (reason.latestSplitId !== null && reason.latestSplitId !== reason.splitId)
        return `${head}${what}. \`train\` trains on the dataset's newest split, ${reason.latestSplitId}, not on split ${reason.splitId}, so a single-task run trained now cannot be this run's baseline; train the run's method again beside one (both on split ${reason.latestSplitId}).`;
      const on =
        reason.latestSplitId === null ? '' : ` (on split ${reason.splitId}, the dataset's newest)`;
      return `${head}${what}. Train one${on} with: ${command}`;
    }
  }
}

/**
 * What the Δm (%) column of `evaluate`'s table of runs means, said once under it: Δm =
 * (100 / T) · Σ_t (F1_t − B_t) / B_t over the run's T tasks, F1_t its test macro-F1 and B_t
 * the single-task baseline's (services/evaluation.ts deltaMAgainst, engine/deltaM.ts).
 */
export const RUN_DELTA_M_LEGEND =
  "Δm: mean relative change of each task's test macro-F1 against the single-task baseline, in % (positive: better than single-task).";

/**
 * What a cross-validation's Δm and its "vs single-task" column mean, said once under its
 * table (`evaluate`, and `train` when it cross-validates): per fold, each task's relative
 * change of test macro-F1 against the same fold of the single-task cross-validation; Δm is
 * their mean over the tasks, shown as mean ± std over the folds (services/crossValidation).
 */
export const CV_DELTA_M_LEGEND =
  "Δm: mean relative change of each task's test macro-F1 against the single-task baseline on the same fold, in %, as mean ± std over folds; vs single-task: that change per task, mean over folds (positive: better than single-task).";

/** The columns of `evaluate`'s table of runs' test scores. */
const RUN_SCORE_HEADER = [
  'run',
  'method',
  'task',
  'accuracy',
  'balanced acc.',
  'macro-F1',
  'ROC-AUC',
  'Δm (%)',
];

/**
 * A run's rows of that table: one per task it trained, its test scores (3 decimals), with the
 * run's id, method and Δm (percent, 2 decimals; "–" when it has none) on its first row only.
 */
function runScoreRows(r: { run: RunInfo; deltaM: number | null }): (string | number)[][] {
  return Object.entries(r.run.results ?? {}).map(([task, m], i) => [
    i === 0 ? r.run.id : '',
    i === 0 ? method(r.run) : '',
    task,
    score(m.accuracy),
    score(m.balancedAccuracy),
    score(m.macroF1),
    score(m.rocAuc),
    i === 0 ? (r.deltaM === null ? '–' : signed(r.deltaM, 2)) : '',
  ]);
}

/**
 * Prints a fold run of a cross-validation (`evaluate --run`): its test scores per task, which
 * fold it is, and its Δm against the same fold of the single-task cross-validation or why
 * there is none, e.g. `Run 9 is fold 1/3 of cross-validation 1: scored on that fold's test
 * rows.`
 */
function printFoldRun(
  r: FoldRunComparison,
  scope: string,
  ofFold: { scheme: { k: number; repeats: number; seed: number }; tasks: string[] } | null,
): void {
  console.log(table(RUN_SCORE_HEADER, runScoreRows(r)));
  console.log(RUN_DELTA_M_LEGEND);
  const f = r.fold;
  const which =
    f.folds === null
      ? `fold ${f.fold} (repeat ${f.repeat})`
      : `fold ${f.fold}/${f.folds}${f.repeats !== null && f.repeats > 1 ? ` (repeat ${f.repeat}/${f.repeats})` : ''}`;
  console.log(
    `Run ${r.run.id} is ${which} of cross-validation ${f.evaluationId}: scored on that fold's test rows (the mean over its folds: mtl-studio evaluate ${scope}).`,
  );
  if (r.baselineRunId !== null && r.deltaM !== null)
    console.log(
      `Δm against single-task run ${r.baselineRunId}, the same fold of single-task cross-validation ${r.baselineEvaluationId} (same folds and input columns; per task over the run's tasks).`,
    );
  else if (r.run.config.arch === 'single-task' && !r.run.auto)
    console.log(
      'A single-task run: the baseline the same fold of other cross-validations is compared with (no Δm of its own).',
    );
  else if (r.baselineReason)
    console.log(
      `Δm: – (${baselineMissingText(r.baselineReason, ofFold ? baselineCommand(scope, ofFold.scheme, ofFold.tasks) : undefined)})`,
    );
}

/**
 * The line `evaluate` prints for a cross-validation's final model, which has no test score,
 * e.g. `run 12: final model of cross-validation 1 (trained on all labelled rows; no test
 * score) — its expected score is cross-validation 1's mean ± std over 3 folds: species
 * macro-F1 0.912 ± 0.031, accuracy 0.930 ± 0.020, balanced acc. 0.905 ± 0.030; sex …`.
 * @param estimate its estimate (finalModelEstimate), or undefined when its cross-validation
 *   is no longer summarised (then only the missing test score is said).
 */
export function finalModelLine(
  run: Pick<RunInfo, 'id' | 'finalOf'>,
  estimate: BundleCrossValidationEstimate | undefined,
): string {
  const cvId = run.finalOf!.evaluationId;
  const head = `run ${run.id}: final model of cross-validation ${cvId} (trained on all labelled rows; no test score)`;
  if (!estimate) return `${head}; cross-validation ${cvId} has no completed fold to estimate it.`;
  const tasks = Object.entries(estimate.metrics)
    .map(
      ([task, m]) =>
        `${task} macro-F1 ${pm(m.macroF1)}, accuracy ${pm(m.accuracy)}, balanced acc. ${pm(m.balancedAccuracy)}`,
    )
    .join('; ');
  return `${head} — its expected score is cross-validation ${cvId}'s mean ± std over ${counted(estimate.folds, 'fold', 'folds')}: ${tasks}.`;
}

/** Registers `affinity` (called by {@link registerEvaluationCommands}). */
function registerAffinityCommand(program: Command): void {
  program
    .command('affinity')
    .description(
      'Task affinity (look-ahead steps, Fifty et al. 2021) and the grouping it recommends: measured by a short pass and stored in the project, or with --stored the newest stored one, not measured again.',
    )
    .requiredOption('-p, --project <file>', 'project file')
    .option('-d, --dataset <id>', 'dataset id (default: the only one)', int('--dataset'))
    .option(
      '--tasks <names...>',
      'tasks to relate, 2 to 8, space- or comma-separated (--tasks a,b,c; a value that names a task whole, commas included, is that task; default: all)',
    )
    .option('--steps <n>', 'optimizer steps of the pass (default 300)', int('--steps', 1))
    .option('--stored', 'print the newest stored result (over exactly --tasks when given)')
    .action(
      async (opts: {
        project: string;
        dataset?: number;
        tasks?: string[];
        steps?: number;
        stored?: boolean;
      }) => {
        const [
          { estimateTaskAffinity, refuseFewerThanTwoTasks, storedTaskAffinity },
          { DEFAULT_AFFINITY_STEPS, MAX_AFFINITY_TASKS },
        ] = await Promise.all([
          import('../../services/taskAffinity'),
          import('../../engine/taskAffinity'),
        ]);
        // --stored only reads: the file is opened read-only (not upgraded, not cleaned up).
        const result = await withStore(
          opts.project,
          false,
          async (store) => {
            const datasetId = await resolveDataset(store, opts.dataset);
            // Suggested commands name this project (and -d where it takes one), not a
            // placeholder (found by a new user: "-p <project>").
            const scope = await scopeWords(store, opts.project, datasetId, opts.dataset);
            // Split at commas as `train --tasks` and `tasks --add` (found by a new user:
            // `--tasks a,b,c` said "No task "a,b,c""); only now, when the task names a value
            // may mean whole are known.
            if (opts.tasks)
              opts.tasks = namesOf(
                opts.tasks,
                (await store.tasks.list(datasetId)).map((t) => t.name),
              );
            if (!opts.stored)
              return estimateTaskAffinity(store, {
                datasetId,
                tasks: opts.tasks,
                steps: opts.steps,
              }).catch((err: unknown) => {
                throw withScope(withoutUnlabelledTask(err, opts, MAX_AFFINITY_TASKS), scope);
              });
            const stored = await storedTaskAffinity(store, datasetId, opts.tasks);
            // None stored, and none can be measured (one task, or --tasks names one): says
            // so rather than suggest the measuring command (found by a new user: it was
            // suggested on a one-task dataset, and refused with "needs at least 2 tasks").
            if (!stored)
              await refuseFewerThanTwoTasks(store, { datasetId, tasks: opts.tasks }).catch(
                (err: unknown) => {
                  if (!(err instanceof MtlError)) throw err;
                  throw withScope(
                    new MtlError(
                      err.code,
                      `No task affinity stored for dataset ${datasetId}, and none can be measured: ${err.message}`,
                      err.details,
                    ),
                    scope,
                  );
                },
              );
            if (!stored)
              throw new MtlError(
                'NOT_FOUND',
                `No task affinity stored for dataset ${datasetId}${opts.tasks ? ` over ${opts.tasks.join(', ')}` : ''}; measure it with: ${measureCommand(opts)}`,
              );
            return stored;
          },
          { readOnly: Boolean(opts.stored) },
        );
        if (isJson()) return printJson(result);
        // Measured again with the stored one's steps when they were not the default.
        const steps = result.steps === DEFAULT_AFFINITY_STEPS ? undefined : result.steps;
        printAffinity(result, measureCommand({ ...opts, steps }));
      },
    );
}

/**
 * The command that measures the affinity `affinity --stored` was asked for, runnable as
 * shown in a POSIX shell: `mtl-studio affinity -p <project>` with the same -d and --tasks
 * when given, and `--steps` when given, each word quoted by shellWord, e.g. `mtl-studio
 * affinity -p 'my runs/p.mtlproj' --tasks species sex --steps 30`.
 */
function measureCommand(opts: {
  project: string;
  dataset?: number;
  tasks?: string[];
  steps?: number;
}): string {
  return [
    'mtl-studio affinity -p',
    shellWord(opts.project),
    ...(opts.dataset !== undefined ? ['-d', String(opts.dataset)] : []),
    ...(opts.tasks ? ['--tasks', ...opts.tasks.map(shellWord)] : []),
    ...(opts.steps !== undefined ? ['--steps', String(opts.steps)] : []),
  ].join(' ');
}

/**
 * The affinity pass's error for tasks without a labelled row (services/taskAffinity.ts,
 * details UnlabelledTasksDetails: `problem`, `remedy`, `without`, `others`) worded again
 * from its details with the command that measures without them, e.g. `…; label some of
 * its rows, or measure without it: mtl-studio affinity -p p.mtlproj --tasks species
 * island`; when fewer than 2 or more than `maxTasks` others are left (the pass relates 2 to
 * `maxTasks`, engine/taskAffinity.ts MAX_AFFINITY_TASKS, passed in so that this module does
 * not load the engine), "or choose 2 to `maxTasks` labelled tasks with --tasks." Any other error is
 * returned as it is.
 */
function withoutUnlabelledTask(
  err: unknown,
  opts: { project: string; dataset?: number; steps?: number },
  maxTasks: number,
): unknown {
  if (!(err instanceof MtlError) || !Array.isArray(err.details?.others)) return err;
  const { others, problem, remedy, without } = err.details as {
    others: string[];
    problem: string;
    remedy: string;
    without: string;
  };
  const instead =
    others.length >= 2 && others.length <= maxTasks
      ? `measure without ${without}: ${measureCommand({ ...opts, tasks: others })}`
      : `choose 2 to ${maxTasks} labelled tasks with --tasks.`;
  return new MtlError(err.code, `${problem}; ${remedy}, or ${instead}`, err.details);
}

/**
 * Prints a task affinity: the matrix (× 100), the grouping, when and what changed since.
 * @param measure the command that measures it again (see measureCommand).
 */
function printAffinity(a: TaskAffinityView, measure: string): void {
  console.log(
    `Task affinity ${a.id ?? '(not stored: read-only project)'} (${a.method}, split ${a.splitId}, ${a.steps} steps, ${a.samples} look-ahead samples), computed ${a.computedAt}.`,
  );
  console.log('Row: step on task; column: task helped; value: % of its loss lowered (Z × 100).');
  console.log(
    table(
      ['', ...a.tasks],
      a.tasks.map((task, i) => [
        task,
        ...a.affinity[i].map((z, j) => (i === j ? '–' : (z * 100).toFixed(2))),
      ]),
    ),
  );
  console.log(
    `Recommended grouping: ${a.groups.map((g) => (g.length > 1 ? `{ ${g.join(', ')} }` : `${g[0]} alone`)).join('  ')}`,
  );
  const changed = [
    ...(a.changedSince.labels > 0 ? [counted(a.changedSince.labels, 'label', 'labels')] : []),
    ...(a.changedSince.tasks ? ['the tasks'] : []),
  ];
  if (changed.length > 0)
    console.log(`Changed since: ${changed.join(' and ')}; measure again: ${measure}`);
}

const pm = (m: MeanStd, digits = 3): string => meanStdText(m, digits);

/**
 * The warnings of a cross-validation whose folds score a task on too few labelled test rows
 * (`smallTestFolds`, fewer than MIN_FOLD_TEST_ROWS = 5 in some fold), one per task, e.g. `task
 * "colour": 2 of 2 folds score it on fewer than 5 labelled test rows (the smallest on 1): …`.
 */
export function smallTestFoldsWarnings(s: CrossValidationSummary): string[] {
  return s.smallTestFolds.map(
    (x) =>
      `task "${x.task}": ${x.folds} of ${s.folds} folds score it on fewer than ${MIN_FOLD_TEST_ROWS} labelled test rows (the smallest on ${x.fewest}): its cross-validated scores are close to meaningless; label more rows before trusting them.`,
  );
}

/**
 * The warnings of a run on a fixed split whose test split scores a task on too few labelled
 * rows (shared/evaluation.ts smallTestSplit: fewer than MIN_FOLD_TEST_ROWS = 5), one per task,
 * worded as {@link smallTestFoldsWarnings}, e.g. `task "species": the test split scores it on
 * 3 labelled test rows, fewer than 5: …`.
 */
export function smallTestSplitWarnings(run: Pick<RunInfo, 'results'>): string[] {
  return smallTestSplit(run.results).map(
    (x) =>
      `task "${x.task}": the test split scores it on ${x.n} labelled test row${x.n === 1 ? '' : 's'}, fewer than ${MIN_FOLD_TEST_ROWS}: its scores are close to meaningless; label more rows, make a split with a larger test fraction (mtl-studio splits --make) or cross-validate (--evaluation cv) before trusting them.`,
  );
}

/**
 * How a stopped cross-validation is continued, e.g. "Stopped (cancelled) with 0 of 5 folds
 * finished. Continue it (all 5 folds trained) with the `train` command that
 * began it (same --evaluation cv, --folds, --tasks and method; --fresh starts a new one), or
 * with "Continue cross-validation" in the studio (Train or Compare)."
 */
export function continueHint(s: CrossValidationSummary): string {
  const planned = s.scheme.k * s.scheme.repeats;
  const left = planned - s.folds;
  const what =
    s.folds === 0
      ? `all ${planned} folds trained`
      : `the ${left} fold${left === 1 ? '' : 's'} not finished trained, the finished kept`;
  return `Stopped (${s.evaluation.status}) with ${s.folds} of ${planned} folds finished. Continue it (${what}) with the \`train\` command that began it (same --evaluation cv, --folds, --tasks and method; --fresh starts a new one), or with "Continue cross-validation" in the studio (Train or Compare).`;
}

/** A cross-validation's fold scheme (k, repeats, seed) and tasks. */
async function foldOf(
  store: ProjectStore,
  evaluationId: number,
): Promise<{ scheme: { k: number; repeats: number; seed: number }; tasks: string[] }> {
  const evaluation = await store.evaluation.crossValidation(evaluationId);
  const { k, repeats, seed } = await store.splits.foldScheme(evaluation.schemeId);
  return { scheme: { k, repeats, seed }, tasks: evaluation.tasks };
}

/**
 * The command that trains the single-task baseline a cross-validation lacks, to run as shown:
 * `mtl-studio train` with the project (and -d where needed: `scope`, from scopeWords), the
 * cross-validation's tasks and the folds it was cut into, so the baseline pairs with it.
 * Found by a new user: the bare `train --arch single-task --evaluation cv` named no project
 * and was refused.
 * @param scheme the cross-validation's fold scheme (k folds, repeats, seed of the folds).
 * @param tasks the cross-validation's tasks, each quoted for a POSIX shell.
 * @returns e.g. "mtl-studio train -p p.mtlproj --tasks type hair --arch single-task
 *   --evaluation cv --folds 5 --cv-seed 42" (--repeats only when not 1).
 */
export function baselineCommand(
  scope: string,
  scheme: { k: number; repeats: number; seed: number },
  tasks: readonly string[],
): string {
  return [
    `mtl-studio train ${scope}`,
    tasks.length > 0 ? `--tasks ${tasks.map(shellWord).join(' ')}` : '',
    '--arch single-task --evaluation cv',
    `--folds ${scheme.k}`,
    scheme.repeats !== 1 ? `--repeats ${scheme.repeats}` : '',
    `--cv-seed ${scheme.seed}`,
  ]
    .filter(Boolean)
    .join(' ');
}

/**
 * Prints a cross-validated evaluation: per task mean ± std, Δm with its paired tests; for a
 * stopped one how to continue it, and no table when none of its folds finished.
 */
export function printCrossValidation(s: CrossValidationSummary, scope: string): void {
  const m = s.evaluation.method;
  const name =
    m.kind === 'auto'
      ? `auto (${m.budgetSeconds} s per fold${m.brackets && m.brackets > 1 ? `, ${m.brackets} brackets` : ''})`
      : m.config.arch === 'single-task'
        ? 'single-task'
        : `${m.config.arch ?? 'hard-sharing'} · ${m.config.weighting ?? 'equal'}`;
  const folds = s.folds; // completed fold runs (those averaged)
  const planned = s.scheme.k * s.scheme.repeats;
  console.log(
    `Cross-validation ${s.evaluation.id}: ${name}, ${s.scheme.k}-fold × ${s.scheme.repeats} (seed ${s.scheme.seed}), ${folds} of ${planned} fold runs completed, ${s.evaluation.status}.`,
  );
  if (isContinuable(s.evaluation)) console.log(continueHint(s));
  // Stopped before a fold finished: no score to show.
  if (folds === 0) return;
  console.log(
    table(
      [
        'task',
        'macro-F1 (mean ± std)',
        'accuracy',
        'balanced acc.',
        'vs single-task',
        'worse folds',
      ],
      Object.entries(s.tasks).map(([task, t]) => [
        task,
        pm(t.macroF1),
        pm(t.accuracy),
        pm(t.balancedAccuracy),
        s.taskChange[task] ? `${signed(s.taskChange[task].mean, 2)} %` : '–',
        s.taskChange[task]
          ? `${s.taskChange[task].worseFolds} of ${s.taskChange[task].folds}`
          : '–',
      ]),
    ),
  );
  // Said where a Δm (or why none) follows; a single-task cross-validation has none.
  if (s.deltaM || s.baselineReason) console.log(CV_DELTA_M_LEGEND);
  if (s.deltaM) {
    const tests = s.deltaM.tests
      .map((t) => `${t.name} p = ${t.p === null ? '–' : t.p.toFixed(3)}`)
      .join(', ');
    console.log(
      `Δm ${signedMeanStdText(s.deltaM.summary, 2)} % over ${s.deltaM.summary.n} folds against single-task cross-validation ${s.deltaM.baselineEvaluationId} (same folds); ${tests}.`,
    );
  } else if (s.baselineReason)
    console.log(
      `Δm: – (${baselineMissingText(s.baselineReason, baselineCommand(scope, s.scheme, s.evaluation.tasks))})`,
    );
  for (const task of s.negativeTransfer)
    console.log(negativeTransferLine(task, s.taskChange[task]));
}

/**
 * The line `evaluate` prints for a task worse in the multi-task model than alone, with the
 * `train` options that train it alone: `--task` and the name quoted for a POSIX shell
 * (shellWord), so that a name with a space or a comma ("size, coarse") is one task, e.g.
 * `Negative transfer: "sex" is worse than alone in 3 of 5 folds; train it alone (--arch
 * single-task --task sex) or in its affinity group (mtl-studio affinity).`
 * @param change the task's folds worse than alone (`worseFolds`) out of `folds`.
 */
export function negativeTransferLine(
  task: string,
  change: { worseFolds: number; folds: number },
): string {
  return `Negative transfer: "${task}" is worse than alone in ${change.worseFolds} of ${change.folds} folds; train it alone (--arch single-task --task ${shellWord(task)}) or in its affinity group (mtl-studio affinity).`;
}
