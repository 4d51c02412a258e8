/**
 * Auto: the search that chooses a run's configuration (its trials, choice, final model and
 * progress) and its budget limits.
 * Nothing here imports Node or Electron: the renderer compiles this file too.
 */
import type { TrainConfig } from './trainConfig';

/** One configuration Auto tried, scored on validation data only. */
export interface AutoTrial {
  /** 1-based, in the order tried. */
  id: number;
  /** The configuration (fields that differ from the defaults are what was searched). */
  config: TrainConfig;
  /**
   * Epochs this trial trained for: its successive-halving rung, or for a trial trained like a
   * normal run (`full`) the epochs it ran before early stopping (mean over inner folds).
   */
  epochs: number;
  /**
   * Trained like a normal run: the epoch cap with early stopping and the learning-rate
   * schedule (the studio's defaults and the search's finalist); only these are chosen from.
   * Absent for the search's fixed-length trials and in searches stored before.
   */
  full?: boolean;
  /** 1-based Hyperband bracket of its sweep (absent in searches stored before brackets). */
  bracket?: number;
  /** Mean validation macro-F1 over the tasks at its best epoch (inner folds averaged). */
  score: number;
  /** The epoch of that best score. */
  bestEpoch: number;
  /** Per task validation macro-F1 at that epoch. */
  perTask: Record<string, number>;
  /**
   * A run like a normal run selected on inner folds: its score on each inner fold (the mean
   * over tasks of validation macro-F1 at each task's restored epoch), in fold order; `score`
   * is their mean. Absent for fixed-length trials, the validation selection, and searches
   * stored before.
   */
  foldScores?: number[];
  /**
   * A run like a normal run: per task, the epoch its weights were restored from, averaged over
   * the inner folds and rounded (equal for tasks that share a network). Absent for
   * fixed-length trials and in searches stored before.
   */
  bestEpochPerTask?: Record<string, number>;
  seconds: number;
  /**
   * A run like a normal run stopped at the end of Auto's budget (plus its grace) before early
   * stopping or the epoch cap ended it, each task's best weights kept (engine/autoSelect.ts).
   * Absent otherwise.
   */
  stoppedForTime?: boolean;
  /**
   * The first default on images, capped by the budget: timed at each epoch of its first inner
   * fold, it was estimated (at the last of them) to need `uncappedSeconds` (the base's epoch
   * cap on every inner fold) and so trained this many epochs at most per inner fold, the cap
   * chosen so that it ends within the budget (engine/autoSpace.ts firstDefaultEpochCap); its `config.epochs` is this cap, so
   * the final model trains no more epochs than the folds saw. Absent otherwise.
   */
  epochsCapped?: number;
  /** With {@link AutoTrial.epochsCapped}: the uncapped run's estimated seconds. */
  uncappedSeconds?: number;
}

/**
 * A trial as the Train view's live table lists it during a search: the trial and, for the
 * search's fixed-length trials, the rung of its Hyperband bracket (AutoProgress.rung).
 */
export interface HeardTrial {
  trial: AutoTrial;
  rung?: number;
}

/**
 * The trials heard so far with the one `progress` reports (AutoProgress.trial) added at the
 * end, in the order heard; a progress without a trial, or with one already listed (same
 * id), adds nothing.
 * @returns `heard` itself when nothing is added, else a new array (`heard` is not changed).
 */
export function withTrialHeard(
  heard: readonly HeardTrial[],
  progress: AutoProgress,
): readonly HeardTrial[] {
  const { trial, rung } = progress;
  if (!trial || heard.some((h) => h.trial.id === trial.id)) return heard;
  return [...heard, rung === undefined ? { trial } : { trial, rung }];
}

/**
 * The trials of a search as a page shows them after a reload or a reconnect: every trial the
 * session heard (`restored`, in its order), then any this page heard live that the session's
 * list lacks (none, unless the list was read before an event this page already took).
 * @returns a new array; neither argument is changed.
 */
export function mergeHeardTrials(
  heard: readonly HeardTrial[],
  restored: readonly HeardTrial[],
): HeardTrial[] {
  const ids = new Set(restored.map((h) => h.trial.id));
  return [...restored, ...heard.filter((h) => !ids.has(h.trial.id))];
}

/** What an Auto search did: its trials, the choice, and how it validated. */
export interface AutoSearch {
  /** 'inner-folds': k folds over the non-test rows; 'validation': the split's validation rows. */
  selection: 'inner-folds' | 'validation';
  innerFolds: number;
  budgetSeconds: number;
  seed: number;
  /** Hyperband brackets per sweep (absent in searches stored before brackets: 1). */
  brackets?: number;
  trials: AutoTrial[];
  /** Id of the chosen trial. */
  chosenTrial: number;
  /**
   * The chosen configuration as the final model trains it: like a normal run (epoch cap,
   * early stopping and learning-rate schedule on the split's validation rows). Searches
   * stored before trained it on every non-test row for `epochs` epochs.
   */
  chosen: TrainConfig;
  seconds: number;
  /**
   * The final model's own numbers — the chosen configuration trained on the split's training
   * rows, early stopping on its validation rows — which a trial's (scored on the search's
   * inner folds) need not equal. Absent in searches stored before.
   */
  final?: AutoFinal;
  /**
   * The user ended the search early ("End search now", `training.endAutoSearch`): it went on
   * as if its budget had run out then (engine/autoSelect.ts SearchOptions.end). Absent
   * otherwise.
   */
  endedEarly?: true;
}

/** The final model of an Auto run, on the split's validation rows (see {@link AutoSearch.final}). */
export interface AutoFinal {
  /** Epochs trained before early stopping (or the cap). */
  epochs: number;
  /** The run's best epoch (the latest of the tasks' when each task keeps its own). */
  bestEpoch: number;
  /** Mean over tasks of validation macro-F1 at each task's kept epoch. */
  score: number;
  /** Per task validation macro-F1 at its kept epoch. */
  perTask: Record<string, number>;
  /**
   * The final model is the chosen trial's own network (the search's normal run on the same
   * rows, selecting on the validation split), kept instead of trained a second time — identical
   * to a normal run of its configuration unless it stopped at the budget
   * ({@link AutoFinal.stoppedForTime}); absent: trained again after the search (inner folds,
   * and searches stored before).
   */
  kept?: boolean;
  /**
   * The kept run stopped at the end of Auto's budget (plus {@link AUTO_DEADLINE_GRACE}) before
   * early stopping ended it, each task keeping its best epoch's weights: its `epochs` are fewer
   * than a normal run of the chosen configuration (whose stored epoch cap it keeps) would
   * train. Absent otherwise.
   */
  stoppedForTime?: true;
  /**
   * Inner folds (small tables): the final model was trained on every non-test row — the
   * split's training and validation rows — for this many epochs at most, each task for the
   * chosen run's restored epoch for it averaged over the inner folds
   * ({@link AutoFinal.refitEpochsPerTask}), with no early stopping, no learning-rate schedule
   * and its last weights kept ("retrain on all the data for the number of steps early
   * stopping found", Goodfellow, Bengio & Courville, Deep Learning, 2016, Algorithm 7.2).
   * Its validation scores (`score`, `perTask`, the run's curves, MMoE/PLE gates) are then of
   * rows it trained on, not held out. Absent: trained on the training rows with early
   * stopping (validation selection, a chosen run cut by the budget, searches stored before).
   */
  refitEpochs?: number;
  /** With {@link AutoFinal.refitEpochs}: each task's own epoch count. */
  refitEpochsPerTask?: Record<string, number>;
}

/**
 * A phase of an Auto run (engine/autoSelect.ts): 'defaults', the studio's defaults trained
 * like a normal run (step 1); 'search', Hyperband's short fixed-length trials (step 2);
 * 'finalist', the search's best trained like a normal run (step 3); 'final', the chosen
 * configuration trained as the run's own model, or its run kept as that model
 * (AutoProgress.kept) (its epochs follow as for a normal run).
 */
export type AutoPhase = 'defaults' | 'search' | 'finalist' | 'final';

/**
 * Where an Auto run stands, sent as each phase starts and after each trial (the Train view's
 * and the CLI's search progress). Scores are validation macro-F1, mean over tasks.
 */
export interface AutoProgress {
  phase: AutoPhase;
  /** Trials finished so far (the trial table's rows so far). */
  trialsDone: number;
  /** The trial just finished; absent when a phase starts. */
  trial?: AutoTrial;
  /** 1-based sweep of Hyperband and rung of the trial's bracket; search trials only. */
  sweep?: number;
  rung?: number;
  /** Best trial score so far (any trial, short or like a normal run); null before the first. */
  bestScore: number | null;
  /** Seconds since the search started, and its budget (the final model comes on top). */
  elapsedSeconds: number;
  budgetSeconds: number;
  /** Phase 'final': id of the chosen trial. */
  chosenTrial?: number;
  /**
   * Phase 'final': the chosen trial's own run is kept as the run's model (validation
   * selection, engine/autoSelect.ts), so nothing trains after the search; absent: the chosen
   * configuration trains now.
   */
  kept?: true;
  /**
   * Phase 'final' with inner folds: the chosen configuration now trains on every non-test
   * row for this many epochs, without early stopping (see {@link AutoFinal.refitEpochs}).
   */
  refitEpochs?: number;
  /** With {@link AutoProgress.refitEpochs}: each task's own epoch count (AutoFinal.refitEpochsPerTask). */
  refitEpochsPerTask?: Record<string, number>;
  /**
   * Phase 'final', when the chosen configuration trains now (not `kept`): about how many
   * seconds that training takes, estimated from the chosen trial's own time
   * (shared/autoBudget.ts finalTrainingSeconds); it comes on top of the search's budget.
   */
  finalSeconds?: number;
  /**
   * The user asked to end the search now (`training.endAutoSearch`): sent at once, and on
   * every event after; the search ends at its next trial or epoch end (the first default
   * always finishes first), then goes on as if its budget had run out.
   */
  endedEarly?: true;
  /**
   * Sent once, during the first default on images, when its first epoch's time says it cannot
   * end within the budget uncapped: its epochs per inner fold are capped (`epochsCapped`) and
   * the uncapped run would have needed about `uncappedSeconds` (engine/autoSpace.ts
   * firstDefaultEpochCap). Absent otherwise.
   */
  firstDefaultCapped?: { epochsCapped: number; uncappedSeconds: number };
}

/** Default search budget of Auto, in seconds. */
export const DEFAULT_AUTO_BUDGET_SECONDS = 60;

/** The longest Auto budget, in seconds (a day); a budget must also be more than 0. */
export const MAX_AUTO_BUDGET_SECONDS = 86_400;

/** The most Hyperband brackets an Auto sweep runs (η = 3, s_max = 2: s = 2, 1, 0). */
export const MAX_AUTO_BRACKETS = 3;

/**
 * Share of the budget a run like a normal run in Auto's search (other than the first default)
 * may go past the budget's end: its trainer deadline is budget × (1 + this), and it stops at
 * the first epoch end past it, each task keeping its best epoch's weights
 * (engine/autoSelect.ts). 5 %, so that a finalist started with just its kept-back time left
 * is not cut an epoch or two short.
 */
export const AUTO_DEADLINE_GRACE = 0.05;
