/**
 * Auto: a budgeted, seeded search for a good configuration that looks at validation data
 * only, then one final model trained with the chosen configuration and scored on the test
 * split — the only time test rows are read.
 *
 * Order, so that Auto is never worse than the studio's defaults on validation:
 * 1. The defaults (hard sharing, then single-task, with the base settings; single-task only
 *    for one task) are trained like a normal run — the base's epoch cap with early stopping on
 *    validation macro-F1 and reduce-on-plateau — and scored. On a table the first always runs
 *    to its end, so a tiny budget returns the default (and may take longer than the budget; the
 *    progress clock shows it); on images its first epoch is timed and its epochs per inner fold
 *    capped so that it ends within the budget (autoSpace.ts firstDefaultEpochCap; the trial's
 *    `epochsCapped`, its stored epoch cap lowered to it, so the final model trains no more); the second runs if the first one's time still fits, and stops at the
 *    budget's end plus {@link AUTO_DEADLINE_GRACE} (5 %) as early stopping stops a run (the
 *    trainer's deadline: each task's best weights kept, the trial marked `stoppedForTime`).
 * 2. Hyperband (Li et al., JMLR 2018, Algorithm 1) over epochs with η = 3 and s_max = 2, i.e.
 *    R = E epochs at most and E/9 at least (E never above the base's epoch cap, `--epochs`,
 *    which bounds every trial and the final model alike), on drawn configurations: bracket s runs
 *    successive halving (Jamieson & Talwalkar, AISTATS 2016) on
 *    n = ⌈(s_max + 1)/(s + 1) · η^s⌉ configurations starting at E·η^−s epochs, keeping the
 *    best ⌊n_i/η⌋ for each longer rung. `brackets` (1–3) says how many of Hyperband's brackets
 *    a sweep runs, most exploratory first: s = 2 (9 configurations for E/9 epochs, the best 3
 *    for E/3, the best 1 for E), s = 1 (5 for E/3, the best 1 for E), s = 0 (3 for E). The
 *    default, 1, is plain successive halving. Sweeps repeat with fresh configurations while
 *    the budget lasts, keeping back the time of one run like a normal run: the costliest
 *    default's time, or, when more, the finalist-so-far's estimate (the best of the longest
 *    trials: its own trial's seconds per epoch × the epochs early stopping is expected to
 *    train, the runs like a normal run so far's mean best epoch + patience), never more than
 *    AUTO_RESERVE_SHARE (40 %) of the budget (autoSpace.ts {@link finalistReserve}). A trial
 *    runs only if its estimate — scaled to its size from the last runs measured
 *    ({@link estimateSeconds}) — fits in what is left besides; one that does not is skipped
 *    (a smaller one may fit), and a sweep that trained nothing ends the search. These trials
 *    are short and fixed-length (no early stopping or schedule): they only rank configurations.
 *    Configurations are drawn (seeded) over the architecture (single-task, hard sharing,
 *    MMoE, PLE), loss weighting, width and depth, learning rate, dropout, weight decay and
 *    class weights. On images the CNN trunk (conv filters, kernel) and augmentation stay the
 *    base's and the width and depth drawn are its dense head's (autoSpace.ts
 *    drawConfiguration); the data are then the non-test pixels with their per-channel
 *    scaling (engine/autoJob.ts).
 * 3. The search's best among its longest trials is trained like a normal run too, when the
 *    time left before the budget's end plus the grace covers at least its own trial's
 *    seconds; it stops at that deadline as the second default does.
 * 4. Chosen: the best validation score among the runs of steps 1 and 3 (all trained alike).
 *    The final model is the chosen configuration trained like a normal run: on the split's
 *    training rows with early stopping and the schedule on its validation rows. With the
 *    validation selection (2 000 labelled non-test rows or more) that is exactly the chosen
 *    run of step 1 or 3 — same rows, same preprocessing (fitted on the training rows), same
 *    configuration and seed — so its network is kept and becomes the final model instead of
 *    being trained a second time (a new user saw a 40 s budget take 69.5 s: the one
 *    candidate trained in the search, then again as the final model); only the best-scored
 *    normal run's network is held while the search goes on. Per-class decision offsets that
 *    maximise validation macro-F1 are then added to its logits (engine/decisionBias.ts;
 *    Narasimhan et al., ICML 2015), so Auto's model differs from a normal run of its
 *    configuration by those offsets — and, when that run stopped at the budget (AutoFinal's
 *    `stoppedForTime`), by the epochs it did not train. With inner folds on fewer than
 *    500 (AUTO_REFIT_BELOW_ROWS, engine/autoRefit.ts) labelled non-test rows the final model is
 *    trained anew on every non-test row (training and validation rows), each task for the
 *    chosen run's restored epoch for it averaged over the inner folds, without early
 *    stopping, its last weights kept ({@link refitEpochs}; AutoFinal's `refitEpochs`).
 * Before (measured in bench/results/2026-12-02T22-51-02-096Z.md) the choice was made among
 * the short E-epoch trials and the final model trained E' ≤ E epochs on every non-test row
 * without early stopping; on diamonds, income_marketing and fashion_mnist_1000 that scored
 * below the plain defaults.
 *
 * Validation: with fewer than 2 000 labelled non-test rows, 3 stratified inner folds over
 * the training and validation rows (each trial's score is the mean over the folds); above,
 * the split's validation rows. A fixed-length trial's score is the mean over tasks of
 * validation macro-F1 at its best epoch (per-epoch curves averaged over inner folds); a run
 * like a normal run scores the mean over tasks of validation macro-F1 at each task's restored
 * (early-stopping) epoch, averaged over inner folds.
 *
 * "End search now" (`end`, engine/autoEnd.ts) makes the budget run out at once: see
 * {@link SearchOptions.end}.
 *
 * The budget's clock stops while the job's pause (`pause`) is paused; every trial and run
 * waits in it, as a normal run does.
 *
 * Progress (`onAutoProgress`, shared/domain.ts AutoProgress): an event as steps 1, 2 and 3
 * start (phases 'defaults', 'search', 'finalist') and after each trial, and one ('final')
 * once the choice is made (`kept` when the chosen run's network is kept, nothing trained after);
 * the final model's epochs then come as a normal run's.
 */
import {
  AUTO_DEADLINE_GRACE,
  type AutoPhase,
  type AutoProgress,
  type AutoSearch,
  type AutoTrial,
  type TrainConfig,
} from '../../shared/domain';
import { trainingCancelledError } from '../../shared/errors';
import {
  asNormalRun,
  budgetClock,
  configurationWork,
  defaultCandidates,
  drawConfiguration,
  estimateSeconds,
  finalistReserve,
  firstDefaultEpochCap,
  type EpochCost,
} from './autoSpace';
import { CROSS_VALIDATION_BELOW_ROWS, jointKeys, stratifiedKFold } from './crossValidation';
import type { TrainingJobHooks } from './job';
import type { PauseControl } from './pause';
import { hyperbandSchedule } from './hyperband';
import { scaledSchedule } from './schedule';
import { deriveSeed, mulberry32 } from './random';
import type { InputRows } from './batches';
import type { ImagePreprocessing } from './images';
import { trainNetwork, type TrainingTask, type TrainOutcome } from './trainer';
import type { AutoEndControl } from './autoEnd';

/** Optimizer steps of the longest trials (fewer epochs on large tables, at least 27). */
const AUTO_STEPS = 2000;
/** Inner folds of the search on small tables. */
export const AUTO_INNER_FOLDS = 3;
/** The rows the search may see: the non-test rows only, preprocessed. */
export interface SearchData {
  /**
   * Row-major [m, numFeatures] of the m non-test rows: float32 table features, or for images
   * uint8 pixels [m, height, width, channels] (NHWC; numFeatures = height · width · channels).
   */
  features: InputRows;
  numFeatures: number;
  /** Images: their shape and per-channel scaling (fitted on non-test rows only); tables: absent. */
  image?: ImagePreprocessing;
  /** Per task [m] class index or −1. */
  labels: Int32Array[];
  /** Indices into the m rows: the split's training and validation rows. */
  train: Int32Array;
  validation: Int32Array;
}

/** Options of {@link searchConfiguration}. */
export interface SearchOptions {
  tasks: TrainingTask[];
  /** Defaults every drawn configuration starts from (batch size, backend, …). */
  base: TrainConfig;
  budgetSeconds: number;
  seed: number;
  /** Hyperband brackets per sweep (1 to 3, default 1: plain successive halving). */
  brackets?: number;
  /** Stop after this many sweeps even with budget left (default: the budget decides). */
  maxSweeps?: number;
  /**
   * R, the longest trials' epochs (default: about 2 000 optimizer steps, 27 to 300); never
   * more than the base's `epochs`, the user's cap for every trial and the final model.
   */
  maxEpochs?: number;
  signal?: AbortSignal;
  /**
   * The job's pause: every trial and run like a normal run waits while it is paused, and the
   * budget's clock stops meanwhile (paused time is not charged).
   */
  pause?: PauseControl;
  /** The budget's clock in milliseconds (default `performance.now`); tests inject one. */
  now?: () => number;
  /** As each phase starts and after each trial (see {@link AutoProgress}). */
  onAutoProgress?: TrainingJobHooks['onAutoProgress'];
  /**
   * With the validation selection, receives the chosen configuration's own normal run — its
   * network trained on `data.train` with early stopping and the schedule on
   * `data.validation`, best weights restored, and its record — once the search is over, so
   * the caller can keep it as the final model instead of training the same configuration
   * again on the same rows (see {@link runAutoJob}); the caller then owns the network and
   * must dispose it. Until then only the best-scored normal run's network is held (the others
   * are disposed once scored); with inner folds, or without this option, none is kept.
   */
  keepChosen?: (outcome: TrainOutcome) => void;
  /**
   * "End search now" (engine/autoEnd.ts): once asked, the search goes on exactly as if its
   * budget had run out at that moment. The run like a normal run in flight stops at its next
   * epoch end as at the budget's deadline (best weights kept, `stoppedForTime`) — except the
   * first default, which always runs to its end, as under a tiny budget: asked before any
   * configuration finished, the search waits for that first one (progress says the end was
   * asked, `endedEarly`); a fixed-length trial in flight is stopped and left out of the table
   * (it only ranks configurations, and is never chosen). No trial starts after the request,
   * nor the second default or the finalist (step 3); the choice (step 4) is the best
   * validation score among the runs trained like a normal run so far, and the search is
   * stored with `endedEarly: true`. Test rows are no more read than in a full search.
   *
   * Asked while the job is paused (a choice: ending the search must not need a resume, but
   * nothing trains while paused): a fixed-length trial stops at once, as above; a timed run
   * like a normal run stops at once too, without another mini-batch (trainer.ts
   * `stopWhilePaused`): its half-trained epoch dropped, its best finished epoch kept as at
   * the deadline, or, on a pair with no finished epoch, left out of the table — as are the
   * inner-fold pairs it had not reached. The search then returns while still paused; the
   * final model (engine/autoJob.ts) starts training only on the resume. The first default
   * alone still needs the resume: it always runs to its end, so a search ended before it
   * finished (progress `endedEarly` with no trial) goes on with it once resumed.
   */
  end?: AutoEndControl;
}

/**
 * How Auto selects on `rows` (the non-test rows): on the split's validation rows when at
 * least {@link CROSS_VALIDATION_BELOW_ROWS} of them carry a label of some task, else on
 * {@link AUTO_INNER_FOLDS} inner folds.
 * @param labels per task, class index or −1 per row.
 */
export function autoSelection(
  labels: Int32Array[],
  rows: ArrayLike<number>,
): AutoSearch['selection'] {
  return labelledRowCount(labels, rows) < CROSS_VALIDATION_BELOW_ROWS
    ? 'inner-folds'
    : 'validation';
}

/**
 * How many of `rows` carry a label of some task.
 * @param labels per task, class index or −1 per row ([rows of the search data] each).
 */
export function labelledRowCount(labels: Int32Array[], rows: ArrayLike<number>): number {
  let labelled = 0;
  for (let i = 0; i < rows.length; i++) if (labels.some((l) => l[rows[i]] >= 0)) labelled++;
  return labelled;
}

/**
 * Searches a configuration on the search data (non-test rows only): the defaults like a
 * normal run, Hyperband's fixed-length trials, the search's best like a normal run (see the
 * module comment for the order and the budget).
 * @returns the trials (fixed-length ones with their bracket, normal runs marked `full`) and
 *   the chosen one, the best-scored normal run, as the final model trains it.
 * @throws MtlError('TRAINING_CANCELLED') when `signal` aborts; MtlError('BAD_REQUEST') for
 *   a bracket count outside 1 … 3.
 */
export async function searchConfiguration(
  data: SearchData,
  options: SearchOptions,
): Promise<AutoSearch> {
  const kept: KeptRun = { trial: 0, score: -Infinity, outcome: null };
  let handedOver = false;
  const clock = budgetClock(options.now ?? (() => performance.now()), options.pause);
  try {
    const search = await runSearch(data, options, kept, clock.ms);
    if (kept.outcome && kept.trial === search.chosenTrial && options.keepChosen) {
      options.keepChosen(kept.outcome);
      handedOver = true;
    }
    return search;
  } finally {
    // Cancelled or failed: no request can end it either.
    options.end?.close();
    clock.stop();
    // Cancelled, failed (a progress callback that threw too), or not the chosen one: nobody
    // will use it.
    if (!handedOver) kept.outcome?.network.dispose();
  }
}

/** The best-scored normal run so far whose network is held for the final model. */
interface KeptRun {
  trial: number;
  score: number;
  outcome: TrainOutcome | null;
}

/** The search of {@link searchConfiguration}; keeps its best normal run in `kept` when asked. */
async function runSearch(
  data: SearchData,
  options: SearchOptions,
  kept: KeptRun,
  clock: () => number,
): Promise<AutoSearch> {
  /** Seconds on the budget's clock (paused time left out). */
  const elapsed = () => clock() / 1000;
  const { tasks, base } = options;
  /** The runs like a normal run (bar the first default) stop here, on the budget's clock. */
  const deadline = {
    deadline: options.budgetSeconds * (1 + AUTO_DEADLINE_GRACE) * 1000,
    // "End search now" is the budget running out: the run stops at its next epoch end.
    now: () => (ended() ? Infinity : clock()),
  };
  const nonTest = Int32Array.from([...data.train, ...data.validation]).sort();
  const selection = autoSelection(data.labels, nonTest);
  // Inner (train, held-out) pairs over the non-test rows.
  const pairs: { train: Int32Array; held: Int32Array }[] = [];
  if (selection === 'inner-folds') {
    const keys = jointKeys(
      data.labels.map((l) => Array.from(nonTest, (r) => (l[r] < 0 ? null : String(l[r])))),
    );
    const k = Math.min(AUTO_INNER_FOLDS, nonTest.length);
    const fold = stratifiedKFold(keys, k, deriveSeed(options.seed, 'inner folds'));
    for (let f = 0; f < k; f++) {
      pairs.push({
        train: nonTest.filter((_, i) => fold[i] !== f),
        held: nonTest.filter((_, i) => fold[i] === f),
      });
    }
  } else pairs.push({ train: data.train, held: data.validation });
  const steps = Math.ceil(pairs[0].train.length / base.batchSize);
  // The user's epoch cap (`--epochs`, the base's `epochs`) bounds every trial as it bounds the
  // runs like a normal run and the final model: a search of 27-epoch trials under
  // `--epochs 5` ranked configurations at lengths the final model never trains.
  const maxEpochs = Math.min(
    base.epochs,
    options.maxEpochs ?? Math.min(300, Math.max(27, Math.ceil(AUTO_STEPS / steps))),
  );
  const brackets = options.brackets ?? 1;
  const schedule = hyperbandSchedule(brackets, maxEpochs);

  const random = mulberry32(deriveSeed(options.seed, 'auto search'));
  const trials: AutoTrial[] = [];
  const costs: EpochCost[] = [];
  const fullCost: number[] = [];
  const sizes = new Map<string, number>();
  /**
   * A configuration's work per sample (cached): its parameters on a table, its conv layers'
   * multiply-adds plus its dense parameters on images (autoSpace.ts configurationWork).
   */
  const sizeOf = (config: TrainConfig): number => {
    const key = JSON.stringify(config);
    let size = sizes.get(key);
    if (size === undefined) {
      size = configurationWork(config, data.numFeatures, tasks, data.image);
      sizes.set(key, size);
    }
    return size;
  };
  const cancelled = () => {
    if (options.signal?.aborted) throw trainingCancelledError();
  };
  /** The user asked to end the search now (see {@link SearchOptions.end}). */
  const ended = (): boolean => options.end?.requested === true;
  // Progress: the phase running, and a search trial's sweep and rung (1-based).
  let phase: AutoPhase = 'defaults';
  const at: { sweep?: number; rung?: number } = {};
  const report = (trial?: AutoTrial, capped?: AutoProgress['firstDefaultCapped']): void =>
    options.onAutoProgress?.({
      ...autoProgress(phase, trials, options.budgetSeconds, elapsed()),
      ...(trial ? { trial } : {}),
      ...(capped ? { firstDefaultCapped: capped } : {}),
      ...(phase === 'search' ? at : {}),
      ...(ended() ? { endedEarly: true as const } : {}),
    });
  // "End search now": said at once (the search itself ends at its next trial or epoch end).
  let over = false;
  options.end?.onEnd(() => {
    if (!over) report();
  });
  const startPhase = (next: AutoPhase): void => {
    phase = next;
    report();
  };
  const record = (trial: Omit<AutoTrial, 'id'>): AutoTrial => {
    const t = { id: trials.length + 1, ...trial };
    trials.push(t);
    report(t);
    return t;
  };
  /** A fixed-length trial stops on a cancel and on "End search now". */
  const trialSignal = anySignal([options.signal, options.end?.signal]);
  /** The search's data with one pair's training and held-out rows. */
  const onPair = (pair: (typeof pairs)[number]) => ({
    features: data.features,
    numFeatures: data.numFeatures,
    ...(data.image ? { image: data.image } : {}),
    labels: data.labels,
    train: pair.train,
    validation: pair.held,
  });
  /** Trains one configuration for `epochs` on every pair; scores its mean curve. */
  const runTrial = async (
    config: TrainConfig,
    epochs: number,
    bracket: number,
  ): Promise<AutoTrial | null> => {
    const t0 = clock();
    const curves: number[][] = [];
    const taskCurves: number[][][] = [];
    for (const pair of pairs) {
      cancelled();
      if (ended()) return null;
      const curve: number[] = [];
      const perTask: number[][] = [];
      const outcome = await trainNetwork(onPair(pair), {
        tasks,
        // Every epoch is scored at a fixed length: the trials of a rung compare alike.
        config: { ...config, epochs, patience: 0, patienceSteps: 0, lrSchedule: 'none' },
        signal: trialSignal,
        pause: options.pause,
        keepLast: true,
        onEpoch: (record) => {
          const f1 = tasks.map((t) => record.tasks[t.name]?.valMacroF1 ?? NaN);
          perTask.push(f1);
          const finite = f1.filter(Number.isFinite);
          curve.push(finite.reduce((a, b) => a + b, 0) / Math.max(1, finite.length));
        },
      }).catch((error: unknown) => {
        // Stopped by "End search now" (not a cancel): the trial is left out of the table.
        if (ended() && !options.signal?.aborted) return null;
        throw error;
      });
      if (!outcome) return null;
      outcome.network.dispose();
      curves.push(curve);
      taskCurves.push(perTask);
    }
    let bestEpoch = 1;
    let score = -Infinity;
    for (let e = 0; e < epochs; e++) {
      const mean = curves.reduce((a, c) => a + (c[e] ?? 0), 0) / curves.length;
      if (mean > score + 1e-9) {
        score = mean;
        bestEpoch = e + 1;
      }
    }
    const seconds = (clock() - t0) / 1000;
    costs.push({
      secondsPerEpoch: seconds / epochs,
      work: sizeOf(config),
      arch: config.arch,
    });
    return record({
      config,
      epochs,
      bracket,
      score,
      bestEpoch,
      perTask: Object.fromEntries(
        tasks.map((t, i) => [
          t.name,
          taskCurves.reduce((a, c) => a + (c[bestEpoch - 1]?.[i] ?? 0), 0) / taskCurves.length,
        ]),
      ),
      seconds,
    });
  };
  /**
   * Trains one configuration like a normal run on every pair: the base's epoch cap, early
   * stopping and learning-rate schedule, each task's weights restored at its best epoch.
   * Scores the mean over pairs of the mean over tasks of validation macro-F1 at those epochs.
   * With `timed`, each pair's run also stops at the budget's end plus its grace (then at its
   * first epoch on the pairs after), its best weights kept, and the trial says so; ended
   * while paused (SearchOptions.end), it stops at once, and is left out (null) when a pair
   * has no finished epoch to keep.
   */
  const runFull = async (
    config: TrainConfig,
    timed: boolean,
    capped = false,
  ): Promise<AutoTrial | null> => {
    const t0 = clock();
    const full = asNormalRun(config, base);
    // The first default on images: capped once its first epoch is timed (firstDefaultEpochCap).
    let cap: { epochs: number; uncappedSeconds: number } | null = null;
    // The cap is said once, when first set.
    let said = false;
    const perTask = tasks.map(() => 0);
    // Per pair, the mean over tasks of validation macro-F1 at each task's restored epoch.
    const foldScores: number[] = [];
    const restoredSum = tasks.map(() => 0);
    let epochsSum = 0;
    let bestSum = 0;
    let stoppedForTime = false;
    // On the validation split this run is exactly the final model of its configuration.
    let held: TrainOutcome | null = null;
    try {
      for (const [p, pair] of pairs.entries()) {
        cancelled();
        let epochStart = clock();
        const curves: Record<string, number>[] = [];
        const outcome = await trainNetwork(onPair(pair), {
          tasks,
          config: full,
          signal: options.signal,
          pause: options.pause,
          // Ended while paused: the run stops there, not after the resume (SearchOptions.end).
          ...(timed ? { ...deadline, stopWhilePaused: options.end?.signal } : {}),
          ...(capped ? { epochCap: () => cap?.epochs ?? full.epochs } : {}),
          onEpoch: (record) => {
            curves.push(
              Object.fromEntries(
                tasks.map((t) => [t.name, record.tasks[t.name]?.valMacroF1 ?? NaN]),
              ),
            );
            // Re-read at every epoch of the first fold: the first one's warm-up errs long.
            if (capped && p === 0) {
              const at = clock();
              const first = cap === null && !said;
              cap = firstDefaultEpochCap({
                budgetSeconds: options.budgetSeconds,
                elapsedSeconds: at / 1000,
                epochSeconds: (at - epochStart) / 1000,
                epochsDone: curves.length,
                folds: pairs.length,
                epochCap: full.epochs,
              });
              epochStart = at;
              // Never below the epochs this fold already trained: the later folds train as many.
              if (cap) cap = { ...cap, epochs: Math.max(cap.epochs, curves.length) };
              said ||= cap !== null;
              if (cap && first)
                report(undefined, {
                  epochsCapped: cap.epochs,
                  uncappedSeconds: cap.uncappedSeconds,
                });
            }
          },
        }).catch((error: unknown) => {
          // Ended while paused before a pair had a finished epoch to keep: left out.
          if (ended() && !options.signal?.aborted) return null;
          throw error;
        });
        if (!outcome) return null;
        if (options.keepChosen && selection === 'validation') {
          // The validation selection has one pair; were there more, only the last is held.
          held?.network.dispose();
          held = outcome;
        } else outcome.network.dispose();
        const pairScores = tasks.map((t) => {
          const at = outcome.bestEpochPerTask[t.name] ?? outcome.bestEpoch;
          const f1 = curves[at - 1]?.[t.name];
          return Number.isFinite(f1) ? f1 : 0;
        });
        pairScores.forEach((f1, i) => (perTask[i] += f1));
        tasks.forEach(
          (t, i) => (restoredSum[i] += outcome.bestEpochPerTask[t.name] ?? outcome.bestEpoch),
        );
        foldScores.push(pairScores.reduce((a, b) => a + b, 0) / Math.max(1, pairScores.length));
        epochsSum += outcome.epochs.length;
        bestSum += outcome.bestEpoch;
        stoppedForTime ||= outcome.stoppedForTime === true;
      }
      const seconds = (clock() - t0) / 1000;
      fullCost.push(seconds);
      const epochs = Math.max(1, Math.round(epochsSum / pairs.length));
      costs.push({
        secondsPerEpoch: (seconds * pairs.length) / Math.max(1, epochsSum),
        work: sizeOf(full),
        arch: full.arch,
      });
      const mean = perTask.map((v) => v / pairs.length);
      const capping = cap as { epochs: number; uncappedSeconds: number } | null;
      const trial = record({
        // Capped: the final model trains no more epochs than the folds saw.
        config: capping ? { ...full, epochs: capping.epochs } : full,
        epochs,
        full: true,
        score: mean.reduce((a, b) => a + b, 0) / Math.max(1, mean.length),
        bestEpoch: Math.round(bestSum / pairs.length),
        perTask: Object.fromEntries(tasks.map((t, i) => [t.name, mean[i]])),
        ...(selection === 'inner-folds' ? { foldScores } : {}),
        bestEpochPerTask: Object.fromEntries(
          tasks.map((t, i) => [t.name, Math.round(restoredSum[i] / pairs.length)]),
        ),
        seconds,
        ...(stoppedForTime ? { stoppedForTime: true } : {}),
        ...(capping
          ? { epochsCapped: capping.epochs, uncappedSeconds: capping.uncappedSeconds }
          : {}),
      });
      // Kept while it is the best normal run (as step 4 chooses: the first of the best).
      if (held && trial.score > kept.score) {
        kept.outcome?.network.dispose();
        Object.assign(kept, { trial: trial.id, score: trial.score, outcome: held });
        held = null;
      }
      return trial;
    } finally {
      // Not the best so far, or the progress callback threw: nobody will use it.
      held?.network.dispose();
    }
  };
  /** The search's finalist if it stopped now: the best-scored of its longest trials. */
  const leader = (): AutoTrial | null => {
    const searched = trials.filter((t) => !t.full);
    if (searched.length === 0) return null;
    const top = Math.max(...searched.map((t) => t.epochs));
    return searched.filter((t) => t.epochs === top).reduce((a, b) => (b.score > a.score ? b : a));
  };
  /** Early stopping's patience as the runs like a normal run use it, scaled to the data. */
  const patience = scaledSchedule(base, pairs[0].train.length).patience;
  /**
   * Seconds kept back for the search winner's run like a normal run ({@link finalistReserve}):
   * the costliest default's time or the finalist-so-far's expected early-stopping run, at most
   * autoSpace.ts AUTO_RESERVE_SHARE (40 %) of the budget (before, its trial's seconds per
   * epoch × the defaults' mean epochs, uncapped: 185 s of a 30 s budget on diamonds after one
   * 3-epoch [256, 256, 128] trial, which ended the search after 3 trials).
   */
  const reserve = (): number =>
    finalistReserve(
      trials.filter((t) => t.full),
      leader(),
      patience,
      base.epochs,
      options.budgetSeconds,
    );
  /**
   * Whether a trial of `config` for `epochs` still fits in the budget with the reserve kept
   * back, by its estimate scaled to its size ({@link estimateSeconds}).
   */
  const fits = (config: TrainConfig, epochs: number): boolean =>
    !ended() &&
    elapsed() + estimateSeconds(costs, config.arch, sizeOf(config), epochs) + reserve() <=
      options.budgetSeconds;

  // 1. The studio's defaults, trained like a normal run: the first always runs to its end, so
  //    a tiny budget returns the default configuration (and may take longer than the budget);
  //    the other if the first one's time still fits, stopped at the budget's end.
  const defaults = defaultCandidates(base, tasks.length);
  startPhase('defaults');
  for (const [i, config] of defaults.entries()) {
    if (i > 0 && (ended() || elapsed() + Math.max(...fullCost) > options.budgetSeconds)) break;
    // On images the first default is capped to end within the budget (firstDefaultEpochCap);
    // on tables it is cheap and runs to its end as before.
    await runFull(config, i > 0, i === 0 && data.image !== undefined);
  }
  // 2. Hyperband over drawn configurations with the budget left (short fixed-length trials).
  //    A configuration whose estimate does not fit is skipped (a smaller one may); a sweep
  //    that trained nothing ends the search.
  let sweeps = 0;
  let stop = false;
  while (!stop && !ended() && elapsed() + reserve() < options.budgetSeconds) {
    if (options.maxSweeps !== undefined && sweeps >= options.maxSweeps) break;
    sweeps++;
    at.sweep = sweeps;
    if (sweeps === 1) startPhase('search');
    let trained = 0;
    for (const [b, bracket] of schedule.entries()) {
      let configs: TrainConfig[] = Array.from({ length: bracket.rungs[0].configs }, () =>
        drawConfiguration(random, base, tasks.length),
      );
      let ranked: AutoTrial[] = [];
      for (const [r, rung] of bracket.rungs.entries()) {
        if (r > 0 && rung.epochs === bracket.rungs[r - 1].epochs) {
          // Under a small epoch cap (`--epochs 3`: rungs 3, 3, 3) a rung can be as long as the
          // one before: its configurations were already scored at this length (a trial is
          // seeded, so training them again gives the same scores), so they are promoted
          // without training them again.
          ranked = ranked.slice(0, rung.configs);
        } else {
          const results: AutoTrial[] = [];
          for (const config of configs) {
            if (!fits(config, rung.epochs)) continue;
            at.rung = r + 1;
            const trial = await runTrial(config, rung.epochs, b + 1);
            if (trial) results.push(trial);
          }
          trained += results.length;
          ranked = results.sort((x, y) => y.score - x.score);
        }
        if (ranked.length === 0 || r === bracket.rungs.length - 1) break;
        configs = ranked.slice(0, bracket.rungs[r + 1].configs).map((t) => t.config);
      }
    }
    if (trained === 0) stop = true;
  }
  // 3. The search's best among its longest trials, trained like a normal run when the time
  //    left before its deadline covers at least its own trial's seconds (it was kept back as
  //    the reserve); it stops at the budget's end plus the grace, best weights kept.
  const best = ended() ? null : leader();
  if (best) {
    const done = trials.some((t) => t.full && sameConfig(t.config, asNormalRun(best.config, base)));
    if (!done && elapsed() + best.seconds <= options.budgetSeconds * (1 + AUTO_DEADLINE_GRACE)) {
      startPhase('finalist');
      await runFull(best.config, true);
    }
  }
  // 4. Chosen: the best validation score among the runs trained like a normal run only.
  const chosen = trials.filter((t) => t.full).reduce((a, b) => (b.score > a.score ? b : a));
  over = true;
  // `endedEarly` is fixed here: a request from now on is too late and answers so.
  options.end?.close();
  return {
    selection,
    innerFolds: selection === 'inner-folds' ? pairs.length : 0,
    budgetSeconds: options.budgetSeconds,
    seed: options.seed,
    brackets,
    trials,
    chosenTrial: chosen.id,
    chosen: chosen.config,
    seconds: elapsed(),
    ...(ended() ? { endedEarly: true as const } : {}),
  };
}

/**
 * A signal that aborts when any of `signals` does (AbortSignal.any, written out for the
 * TypeScript lib in use); undefined when none is given.
 */
function anySignal(signals: (AbortSignal | undefined)[]): AbortSignal | undefined {
  const given = signals.filter((s): s is AbortSignal => s !== undefined);
  if (given.length <= 1) return given[0];
  const controller = new AbortController();
  for (const s of given) {
    if (s.aborted) controller.abort();
    else s.addEventListener('abort', () => controller.abort(), { once: true });
  }
  return controller.signal;
}

function sameConfig(a: TrainConfig, b: TrainConfig): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * An Auto run's progress in `phase` after `trials` (the trial just finished, its sweep and
 * rung are added by the caller): how many, the best score among them (null before the first).
 * @param elapsedSeconds seconds since the search started
 * @param budgetSeconds its budget
 */
export function autoProgress(
  phase: AutoPhase,
  trials: readonly AutoTrial[],
  budgetSeconds: number,
  elapsedSeconds: number,
): AutoProgress {
  const scores = trials.map((t) => t.score).filter(Number.isFinite);
  return {
    phase,
    trialsDone: trials.length,
    bestScore: scores.length ? Math.max(...scores) : null,
    elapsedSeconds,
    budgetSeconds,
  };
}
