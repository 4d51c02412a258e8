/**
 * What `mtl-studio train`, `restart` and `runs` print about runs: a finished run (how it
 * ended, task weights and gates, test metrics), a fold's label, tasks stopped early, and an
 * Auto search's table of trials and its final row. Split out of training.ts (options and
 * the command itself) by domain.
 */
import {
  AUTO_DEADLINE_GRACE,
  type AutoSearch,
  type EpochRecord,
  type FoldSchemeInfo,
  type RunInfo,
  type TrainConfig,
} from '../../../shared/domain';
import {
  crowdedOutSearch,
  estimateSecondsText,
  type CrowdedOutSearch,
} from '../../../shared/autoBudget';
import { refitEpochCounts } from '../../../shared/autoRefit';
import { MtlError } from '../../../shared/errors';
import {
  keptEpochsDiffer,
  keptEpochsPerTask,
  perTaskEpochsText,
} from '../../../shared/perTaskEpochs';
import type { ProjectStore } from '../../store/projectStore';
import { convTrunkText, denseText, hiddenText, method, score, seconds, table } from '../output';

/**
 * What `runs --help` and `evaluate --help` say of an Auto run's `search` in the --json
 * document (shared/domain.ts AutoSearch and AutoFinal).
 */
export const AUTO_SEARCH_JSON_HELP = `  search  an Auto run whose search finished: what Auto did, as \`train --json\` has it
          { selection (inner-folds | validation), innerFolds, budgetSeconds, seed,
          brackets, trials (each configuration tried, scored on validation rows only:
          config, epochs, bestEpoch, score, perTask …), chosenTrial, chosen (the chosen
          configuration), seconds, final, endedEarly (true: ended early in the
          studio with End search now) }
          final: the final model { epochs, bestEpoch, score, perTask, kept,
          stoppedForTime, refitEpochs, refitEpochsPerTask }; with refitEpochs it was
          refitted on every non-test row (training and validation rows) for exactly
          refitEpochsPerTask[task] epochs, so its validation scores are of rows it
          trained on`;

/**
 * The stored Auto search of each Auto run among `runs` (its trials, the chosen configuration
 * and `final`, with the refit's `refitEpochs`/`refitEpochsPerTask` when it refitted), for the
 * `search` field of `runs --json` and `evaluate --json` — the same field `train --json` has.
 * @returns run id → search; an Auto run whose search never finished (cancelled, failed or
 *   interrupted while searching, or still running) and a run not chosen by Auto are absent.
 * @throws what the store throws, other than its NOT_FOUND for such an unfinished search.
 */
export async function autoSearchesOf(
  store: ProjectStore,
  runs: readonly RunInfo[],
): Promise<Map<number, AutoSearch>> {
  const searches = new Map<number, AutoSearch>();
  for (const run of runs) {
    if (!run.auto) continue;
    try {
      searches.set(run.id, await store.training.autoSearch(run.id));
    } catch (err) {
      if (!(err instanceof MtlError && err.code === 'NOT_FOUND')) throw err;
    }
  }
  return searches;
}

/**
 * Each task's kept epoch of a run (shared/perTaskEpochs.ts keptEpochsPerTask, from its stored
 * epoch records; an Auto refit's own counts), for `bestEpochPerTask` of `train --json` and
 * `runs --json`; null for a run that kept none (not completed).
 */
export async function bestEpochPerTaskOf(
  store: ProjectStore,
  run: RunInfo,
  search?: AutoSearch | null,
): Promise<Record<string, number> | null> {
  if (run.bestEpoch === null) return null;
  const epochs = await store.training.listEpochs(run.id);
  return keptEpochsPerTask(epochs, run.tasks, run.bestEpoch, search?.final?.refitEpochsPerTask);
}

/**
 * Prints a finished run: how it ended, its task weights and gates, its test metrics.
 * @param perTask each task's kept epoch ({@link bestEpochPerTaskOf}): said per task when they
 *   differ ("best epochs: type 11, aquatic 25, predator 12"), else the one best epoch.
 */
export function printRun(
  run: RunInfo,
  last: EpochRecord | undefined,
  perTask: Record<string, number> | null = null,
): void {
  const best =
    perTask !== null && keptEpochsDiffer(perTask)
      ? `best epochs: ${perTaskEpochsText(perTask)}`
      : `best epoch ${run.bestEpoch}`;
  console.log(
    `Run ${run.id} (${method(run)}) completed in ${seconds(run)} on ${run.backend}; ${best}.`,
  );
  if (run.config.arch === 'single-task' && run.config.weighting !== 'equal')
    console.log(
      `Note: single-task shares no parameter; --weighting ${run.config.weighting} was ignored.`,
    );
  if (last?.taskWeights) {
    const w = Object.entries(last.taskWeights).map(([t, v]) => `${t} ${score(v)}`);
    console.log(`Task weights (last epoch): ${w.join(', ')}`);
  }
  if (last?.gates) {
    console.log('Mean gate weight per expert (validation split, last epoch):');
    console.log(
      table(
        ['task', ...last.gates[Object.keys(last.gates)[0]].map((_, e) => `expert ${e + 1}`)],
        Object.entries(last.gates).map(([t, g]) => [t, ...g.map((v) => score(v))]),
      ),
    );
  }
  console.log(
    table(
      ['task', 'n', 'accuracy', 'balanced acc.', 'macro-F1', 'ROC-AUC', 'log-loss'],
      Object.entries(run.results ?? {}).map(([task, m]) => [
        task,
        m.n,
        score(m.accuracy),
        score(m.balancedAccuracy),
        score(m.macroF1),
        score(m.rocAuc),
        score(m.logLoss),
      ]),
    ),
  );
}

/**
 * A fold run as the runs table shows it, 1-based: "cv 2: fold 3/5 (repeat 1/2)"; without
 * its scheme, "cv 2: fold 3 (repeat 1)".
 */
export function foldLabel(
  fold: NonNullable<RunInfo['fold']>,
  scheme: Pick<FoldSchemeInfo, 'k' | 'repeats'> | undefined,
): string {
  const f = scheme ? `${fold.fold + 1}/${scheme.k}` : `${fold.fold + 1}`;
  const r = scheme ? `${fold.repeat + 1}/${scheme.repeats}` : `${fold.repeat + 1}`;
  return `cv ${fold.evaluationId}: fold ${f} (repeat ${r})`;
}

/**
 * One line per task whose own network (single-task baseline) stopped early at this epoch,
 * e.g. "task INCOME stopped early at epoch 50 (keeps epoch 30, validation macro-F1 0.412);
 * the losses printed from now on sum the tasks still training (OCCUPATION)".
 */
export function stoppedTaskLines(record: EpochRecord): string[] {
  const stopped = record.stoppedTasks ?? {};
  const training = Object.keys(record.tasks).filter((t) => !(t in stopped));
  const after =
    training.length === 0
      ? 'every task has stopped'
      : `the losses printed from now on sum the task${training.length > 1 ? 's' : ''} still training (${training.join(', ')})`;
  return Object.entries(stopped).map(
    ([task, s]) =>
      `task ${task} stopped early at epoch ${record.epoch} (keeps epoch ${s.bestEpoch}, validation macro-F1 ${score(s.valMacroF1)}); ${after}`,
  );
}

/** Whether Auto's search trained a CNN trunk (an image dataset: the trunk is the base's). */
function cnnSearch(search: AutoSearch): boolean {
  return search.chosen.trunk === 'cnn';
}

/**
 * A configuration's network cells in Auto's trial table: on images the CNN trunk ("cnn
 * 16/32/64 3×3") and the dense layers after it ("64,32"), else the MLP's hidden widths.
 */
function networkCells(search: AutoSearch, config: TrainConfig): string[] {
  return cnnSearch(search)
    ? [config.trunk === 'cnn' ? convTrunkText(config) : '–', denseText(config.hiddenUnits)]
    : [hiddenText(config.hiddenUnits)];
}

/**
 * The "final" row under Auto's trial table: the final model's own epochs, best epoch and
 * validation macro-F1 (AutoSearch.final), in the table's columns; none for a search stored
 * before the final model's numbers were kept.
 */
export function finalRow(search: AutoSearch, run: RunInfo): (string | number)[][] {
  const f = search.final;
  if (!f) return [];
  const c = search.chosen;
  return [
    [
      `final (run ${run.id})`,
      c.arch === 'single-task' ? c.arch : `${c.arch} · ${c.weighting}`,
      ...networkCells(search, c),
      c.learningRate,
      c.dropout,
      c.weightDecay,
      c.classWeights,
      f.refitEpochs !== undefined
        ? `${f.epochs} (all rows)`
        : `${f.epochs} (≤${c.epochs}${f.stoppedForTime ? ', time' : ''})`,
      f.bestEpoch,
      // A refit trained on the validation rows: its score is in-sample, unlike the trials'.
      f.refitEpochs !== undefined ? `${score(f.score)} (trained on)` : score(f.score),
      ...((search.brackets ?? 1) > 1 ? ['–'] : []),
    ],
  ];
}

/**
 * Prints what an Auto run searched: one row per trial (the chosen one ticked) and the final
 * model's row, how the trials were scored, and why nothing was searched when the defaults
 * took the budget; first, for a search ended early in the studio, that it was.
 */
export function printAutoSearch(search: AutoSearch, run: RunInfo): void {
  // Ended with the studio's "End search now": said before the table (absent otherwise).
  if (search.endedEarly)
    console.log(
      "The search was ended early at the user's request (End search now), as if its budget had run out.",
    );
  console.log(
    `Auto tried ${search.trials.length} configuration${search.trials.length === 1 ? '' : 's'} in ${search.seconds.toFixed(0)} s, chosen by validation macro-F1 (${search.selection === 'inner-folds' ? `${search.innerFolds} inner folds over the training and validation rows` : 'the validation split'}); the test split was read once, by the chosen model:`,
  );
  console.log(
    table(
      [
        'trial',
        'method',
        // Images: the CNN trunk's conv blocks, then the dense layers after them (what Auto
        // draws there); tables: the MLP's hidden layers.
        ...(cnnSearch(search) ? ['trunk', 'dense'] : ['hidden']),
        'lr',
        'dropout',
        'L2',
        'class w.',
        'epochs',
        'best epoch',
        'validation F1',
        // With Hyperband brackets (--brackets 2 or 3), which bracket each trial ran in.
        ...((search.brackets ?? 1) > 1 ? ['bracket'] : []),
      ],
      search.trials
        .map((t) => [
          t.id === search.chosenTrial ? `${t.id} ✓` : t.id,
          t.config.arch === 'single-task'
            ? t.config.arch
            : `${t.config.arch} · ${t.config.weighting}`,
          ...networkCells(search, t.config),
          t.config.learningRate,
          t.config.dropout,
          t.config.weightDecay,
          t.config.classWeights,
          // "≤500": trained like a normal run, with early stopping under the epoch cap; "time":
          // stopped at the end of the budget (plus its grace), best weights kept; "capped": the
          // first default on images, its epoch cap lowered to end within the budget.
          t.full
            ? `${t.epochs} (≤${t.config.epochs}${t.stoppedForTime ? ', time' : ''}${t.epochsCapped !== undefined ? ', capped' : ''})`
            : t.epochs,
          t.bestEpoch,
          score(t.score),
          // A run like a normal run (the defaults, the finalist) is in no bracket.
          ...((search.brackets ?? 1) > 1 ? [t.full ? '–' : (t.bracket ?? 1)] : []),
        ])
        .concat(finalRow(search, run)),
    ),
  );
  // Found by a new user: the chosen trial's best epoch differed from the run's. The
  // trials are scored on the search's rows; the final model is the run itself.
  if (search.final)
    console.log(
      `Trials: scored ${search.selection === 'inner-folds' ? 'on the inner folds (mean)' : 'on the validation split'}. final: ${finalNote(search, run.id)}`,
    );
  if (search.trials.some((t) => t.stoppedForTime) || search.final?.stoppedForTime)
    console.log(
      `"time": that run like a normal run stopped at the end of the budget (plus ${Math.round(AUTO_DEADLINE_GRACE * 100)} %) before early stopping ended it; each task keeps its best epoch's weights.`,
    );
  const capped = search.trials.find((t) => t.epochsCapped !== undefined);
  if (capped)
    console.log(
      `"capped": trial ${capped.id}, the first default configuration, had its epochs capped at ${capped.epochsCapped} by the budget (per inner fold): its first fold's epoch times said the whole run would need about ${estimateSecondsText(capped.uncappedSeconds ?? 0)} s.`,
    );
  const crowded = crowdedOutSearch(search);
  if (crowded)
    console.log(
      `No search trial fit: the studio's defaults, trained like a normal run, took ${crowded.defaultsSeconds.toFixed(1)} s of the ${search.budgetSeconds} s budget, so Auto chose from the defaults. A budget above about ${crowded.neededSeconds} s lets it search (the defaults' time plus the costliest one's again, kept back for the search winner's own run).`,
    );
  // Which default was chosen and why, as the table marks it (found by a new user: "chose from
  // the defaults" over a table choosing the single-task one).
  if (crowded) console.log(crowdedChoice(search, crowded));
}

/**
 * The default Auto chose when no search trial fit, and why: the best validation F1 among the
 * defaults (engine/autoSelect.ts), with the others' scores.
 * @param search a finished search; crowded its {@link crowdedOutSearch}.
 */
export function crowdedChoice(search: AutoSearch, crowded: CrowdedOutSearch): string {
  const config = search.trials.find((t) => t.id === crowded.chosen.id)?.config ?? search.chosen;
  const how = config.arch === 'single-task' ? config.arch : `${config.arch} · ${config.weighting}`;
  if (crowded.others.length === 0)
    return `It chose trial ${crowded.chosen.id} (${how}), the only one.`;
  const others = crowded.others.map((o) => `trial ${o.id}: ${score(o.score)}`).join(', ');
  return `Of them it chose trial ${crowded.chosen.id} (${how}), the best validation F1 (${score(crowded.chosen.score)}; ${others}).`;
}

/**
 * What the "final" row of Auto's trial table is: the chosen run kept, the chosen
 * configuration trained again with early stopping, or refitted on every non-test row
 * (engine/autoSelect.ts refitEpochs), whose validation F1 is then of rows it trained on.
 * @param search a finished search (with `final`); runId the run the final model is.
 */
export function finalNote(search: AutoSearch, runId: number): string {
  const f = search.final!;
  const refit = refitEpochCounts(f);
  if (refit) {
    const epochs = refit.perTask
      ? `each task its own number of epochs (${refit.perTask.map(([task, n]) => `${task} ${n}`).join(', ')})`
      : plural(refit.epochs, 'epoch');
    return `the chosen configuration (trial ${search.chosenTrial}) trained again as run ${runId} on every non-test row (the split's training and validation rows) for ${epochs}, the chosen run's restored epochs averaged over the inner folds, without early stopping: its validation F1 is of rows it trained on, not held out.`;
  }
  if (f.kept)
    return `the chosen trial ${search.chosenTrial}'s own network (its normal run on the split's training rows, early stopping on its validation rows, not trained again), kept as run ${runId} with per-class decision offsets tuned on the validation rows${f.stoppedForTime ? ', stopped at the budget ("time")' : ''}: its own epochs, best epoch and validation F1.`;
  return `the chosen configuration (trial ${search.chosenTrial}) trained again as run ${runId} on the split's training rows, early stopping on its validation rows: its own epochs, best epoch and validation F1.`;
}

/** "1 epoch", "35 epochs". */
function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
