/**
 * An Auto job from start to end (engine/autoSelect.ts describes the search it starts with):
 * the search on the non-test rows, then the final model of the chosen configuration trained,
 * refitted or kept, and scored on the test rows; and that final model's numbers
 * ({@link finalScores}). Split from autoSelect.ts, which keeps the search itself.
 */
import type { AutoFinal, AutoSearch } from '../../shared/domain';
import { finalTrainingSeconds } from '../../shared/autoBudget';
import { MtlError, trainingCancelledError } from '../../shared/errors';
import { refitConfig, refitEpochs } from './autoRefit';
import { autoProgress, autoSelection, labelledRowCount, searchConfiguration } from './autoSelect';
import { selectBackend } from './backend';
import {
  imagePreprocessing,
  splitIndices,
  trainAndScore,
  type TrainingJobHooks,
  type TrainingJobInput,
  type TrainingJobResult,
} from './job';
import { checkImageShape, fitImagePreprocessing, imageSize } from './images';
import { readImageRows, type PixelReader } from './imageStreaming';
import {
  encodeLabels,
  fitPreprocessing,
  transform,
  type FittedPreprocessing,
  type RawColumn,
} from './preprocessing';
import type { TrainOutcome } from './trainer';

/**
 * Runs an Auto job: the search on the non-test rows only (their values are copied out
 * first, so nothing of a test row is read until the search is over; for an image job their
 * pixels, copied or read through `hooks.pixels`: {@link imageSearchInputs}, and the search
 * keeps the CNN trunk, see engine/autoSpace.ts drawConfiguration), then the chosen
 * configuration trained like a normal run — on the split's training rows, early stopping and
 * the learning-rate schedule on its validation rows, up to the epoch cap — and scored on the
 * test rows. With inner folds on fewer than 500 (AUTO_REFIT_BELOW_ROWS, engine/autoRefit.ts) labelled non-test
 * rows it trains instead on every non-test row for {@link refitEpochs} epochs, its last
 * weights kept. When the search selected on the
 * validation split, that run is the search's own normal run of the chosen configuration, kept rather than trained again (its epoch records
 * go to `hooks.onEpoch` after the search), plus per-class decision offsets tuned on the
 * validation rows (engine/decisionBias.ts). When the studio's default wins, the final model
 * is exactly a default run (plus those offsets).
 * @throws MtlError('BAD_REQUEST') when `input.auto` is missing; MtlError('BACKEND_UNAVAILABLE')
 *   when a forced backend cannot load; as {@link trainAndScore}.
 * `hooks.now` is the budget's clock in milliseconds (default `performance.now`): tests inject
 * one so that what the budget lets in does not depend on how loaded the machine is.
 */
export async function runAutoJob(
  input: TrainingJobInput,
  hooks: TrainingJobHooks & {
    onSearchDone?: (search: AutoSearch) => void;
    now?: () => number;
  } = {},
): Promise<TrainingJobResult> {
  if (!input.auto) throw new MtlError('BAD_REQUEST', 'An Auto job needs a budget and a seed.');
  // The search trains too: on the run's backend, not on whatever tfjs starts with (its
  // plain-JavaScript cpu backend in a fresh process).
  const backend = await selectBackend(input.config.backend);
  // Known now, not only when the chosen configuration trains: a run cancelled during the
  // search names the backend it searched on (trainAndScore reports it again, with the
  // fused kernel when that runs the steps).
  hooks.onBackend?.(backend.description);
  const splits = splitIndices(input.assignment);
  const nonTest = Int32Array.from([...splits.train, ...splits.validation]).sort();
  // Copies of the non-test rows: the search never holds a reference to a test row.
  const position = new Map(Array.from(nonTest, (row, i) => [row, i]));
  const inputs = input.inputs.map((c) => ({
    ...c,
    values: Array.from(nonTest, (r) => c.values[r]),
  }));
  const everyRow = Int32Array.from(nonTest, (_, i) => i);
  const labels = input.targets.map((t) =>
    encodeLabels(
      Array.from(nonTest, (r) => t.values[r]),
      t.task.classes,
      t.type,
    ),
  );
  const train = Int32Array.from(splits.train, (r) => position.get(r)!);
  // Selecting on the validation split, the search's normal runs see the data exactly as the
  // final model does (preprocessing fitted on the training rows, as trainAndScore fits it), so
  // the chosen one's network can be that model; inner folds fit it on every non-test row.
  const selection = autoSelection(labels, everyRow);
  const fitRows = selection === 'validation' ? train : everyRow;
  // Tables: the columns preprocessed; images: the non-test pixels and their scaling.
  const searched = input.image
    ? await imageSearchInputs(input, nonTest, fitRows, hooks.pixels)
    : tableSearchInputs(inputs, fitRows);
  const { preprocessing } = searched;
  // The chosen normal run, kept as the final model (validation selection). Images too: the
  // search's pixels and scaling are the final model's (a streamed final model would have
  // early-stopped on its validation images up to maxValidationBytes; the kept one saw them
  // all). Before, image jobs never got here: the search fitted table preprocessing on their
  // (empty) table inputs and failed with "No usable input column: none given."
  const chosenRun: { outcome?: TrainOutcome } = {};
  const reusable = !input.checkpoints && !input.resumeFrom;
  const search = await searchConfiguration(
    {
      features: searched.features,
      numFeatures: searched.numFeatures,
      ...(preprocessing.image ? { image: preprocessing.image } : {}),
      labels,
      train,
      validation: Int32Array.from(splits.validation, (r) => position.get(r)!),
    },
    {
      tasks: input.targets.map((t) => t.task),
      base: input.config,
      budgetSeconds: input.auto.budgetSeconds,
      seed: input.auto.seed,
      brackets: input.auto.brackets,
      signal: hooks.signal,
      pause: hooks.pause,
      now: hooks.now,
      onAutoProgress: hooks.onAutoProgress,
      end: hooks.endSearch,
      ...(reusable ? { keepChosen: (outcome: TrainOutcome) => (chosenRun.outcome = outcome) } : {}),
    },
  );
  // With inner folds on a small table the final model refits on every non-test row, each task
  // for the chosen run's own restored epoch (null: validation selection, 500+ labelled rows,
  // or the chosen run cut by the budget).
  const refit = refitEpochs(search, labelledRowCount(labels, everyRow));
  // The kept network is this call's until trainAndScore takes it: a hook that throws here
  // must not leak it.
  try {
    hooks.onSearchDone?.(search);
    hooks.onAutoProgress?.({
      ...autoProgress('final', search.trials, search.budgetSeconds, search.seconds),
      chosenTrial: search.chosenTrial,
      ...(search.endedEarly ? { endedEarly: true as const } : {}),
      ...(chosenRun.outcome ? { kept: true as const } : {}),
      ...(refit ? { refitEpochs: refit.epochs, refitEpochsPerTask: refit.perTask } : {}),
      ...(chosenRun.outcome
        ? {}
        : { finalSeconds: finalTrainingSeconds(search, refit?.epochs ?? null, false) }),
    });
    // "End search now" pressed while paused ends the search at once (autoSelect.ts
    // SearchOptions.end), the 'final' progress above saying so; the final model — trained,
    // refitted or only scored — starts on the resume, not during the user's pause.
    if (hooks.pause?.isPaused) await hooks.pause.whilePaused(hooks.signal);
    if (hooks.signal?.aborted) throw trainingCancelledError();
  } catch (error) {
    chosenRun.outcome?.network.dispose();
    throw error;
  }
  // Per-class decision offsets for macro-F1 (engine/decisionBias.ts), only where the search
  // itself trusts the validation split to select on (not the small tables' inner folds).
  // There the chosen normal run already is the final model: it is scored, not trained again.
  const result =
    refit === null
      ? await trainAndScore(input, search.chosen, splits.train, splits.validation, hooks, {
          decisionBiases: search.selection === 'validation',
          ...(chosenRun.outcome ? { trained: { outcome: chosenRun.outcome, preprocessing } } : {}),
        })
      : await trainAndScore(
          input,
          refitConfig(search.chosen, refit.epochs),
          nonTest,
          splits.validation,
          hooks,
          { keepLast: true, stopAfter: refit.perTask },
        );
  // The final model's own best epoch and validation score go with the search, so what is
  // shown of it is the run's and not the chosen trial's (scored on other rows).
  const final = finalScores(
    result,
    input.targets.map((t) => t.task.name),
  );
  if (refit) {
    final.refitEpochs = refit.epochs;
    final.refitEpochsPerTask = refit.perTask;
  }
  // The kept run's own records (trainAndScore trains anew only if the data were not the same).
  if (chosenRun.outcome && result.epochs === chosenRun.outcome.epochs) {
    final.kept = true;
    // Cut short by the budget: not the normal run its configuration would have trained.
    if (chosenRun.outcome.stoppedForTime) final.stoppedForTime = true;
  }
  return { ...result, search: { ...search, final } };
}

/** What the search trains on: the features of the m non-test rows and their preprocessing. */
interface SearchInputs {
  /** Row-major [m, numFeatures]: float32 table features, or uint8 NHWC pixels of images. */
  features: Float32Array | Uint8Array;
  numFeatures: number;
  /** Fitted on the search's fit rows; `image` holds the images' per-channel scaling. */
  preprocessing: FittedPreprocessing;
}

/**
 * A table's search inputs: preprocessing fitted on `fitRows` (indices into the copied
 * non-test columns) and the columns transformed.
 * @throws MtlError('BAD_REQUEST') for no usable input column (engine/preprocessing.ts).
 */
function tableSearchInputs(inputs: RawColumn[], fitRows: Int32Array): SearchInputs {
  const preprocessing = fitPreprocessing(inputs, fitRows);
  return {
    features: transform(preprocessing, Object.fromEntries(inputs.map((c) => [c.name, c.values]))),
    numFeatures: preprocessing.featureNames.length,
    preprocessing,
  };
}

/**
 * An image job's search inputs: the pixels of the non-test rows only (copied out of
 * `input.image.pixels`, or read through the job's pixel reader when the images are
 * streamed — test images are never read here), in memory, with the per-channel scaling
 * fitted on `fitRows` (indices into the non-test rows) exactly as trainAndScore fits it on
 * the same training images (exact integer sums: engine/images.ts), so that the chosen run's
 * network can be kept as the final model. The table columns (e.g. the file path) are
 * skipped, as in any image run. Streamed or not, the search holds every non-test image in
 * memory (height · width · channels bytes each).
 * @param nonTest the job's non-test row indices, ascending.
 * @throws MtlError('BAD_REQUEST') for a bad image shape, streamed images without a reader,
 *   or a reader giving the wrong number of bytes; what the reader throws.
 */
async function imageSearchInputs(
  input: TrainingJobInput,
  nonTest: Int32Array,
  fitRows: Int32Array,
  reader: PixelReader | undefined,
): Promise<SearchInputs> {
  const { shape, pixels: all, chunkBytes } = input.image!;
  checkImageShape(shape);
  const size = imageSize(shape);
  let pixels: Uint8Array;
  if (all) {
    pixels = new Uint8Array(nonTest.length * size);
    nonTest.forEach((row, i) => pixels.set(all.subarray(row * size, (row + 1) * size), i * size));
  } else {
    if (!reader) {
      throw new MtlError(
        'BAD_REQUEST',
        'Image inputs without pixels need a pixel reader to stream them from the store.',
      );
    }
    pixels = await readImageRows({ reader, shape, rowIds: input.rowIds, chunkBytes }, nonTest);
  }
  return {
    features: pixels,
    numFeatures: size,
    preprocessing: imagePreprocessing(input, fitImagePreprocessing(pixels, shape, fitRows)),
  };
}

/**
 * The final model's numbers from its job result: epochs trained, best epoch, and per task
 * the validation macro-F1 of the epoch record at the task's kept epoch (NaN-free: a task
 * with no validation score counts 0, as the search's scores do), with their mean.
 */
export function finalScores(
  result: Pick<TrainingJobResult, 'epochs' | 'bestEpoch' | 'bestEpochPerTask'>,
  tasks: string[],
): AutoFinal {
  const perTask = Object.fromEntries(
    tasks.map((task) => {
      const at = result.bestEpochPerTask?.[task] ?? result.bestEpoch;
      const f1 = result.epochs.find((e) => e.epoch === at)?.tasks[task]?.valMacroF1;
      return [task, f1 !== undefined && Number.isFinite(f1) ? f1 : 0];
    }),
  );
  const values = Object.values(perTask);
  return {
    epochs: result.epochs.length,
    bestEpoch: result.bestEpoch,
    score: values.reduce((a, b) => a + b, 0) / Math.max(1, values.length),
    perTask,
  };
}
