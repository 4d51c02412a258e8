/**
 * The numbers of a run's Cancel question (found by a new user: the dialog said "trained for
 * 32 s (102 epochs)" while the panel behind it said "Epoch 138": the dialog counted the epochs
 * read, once, as it opened). They are read from what the panel reads (the run as listed, its
 * live epochs: the latest epoch, as the panel's "Epoch n of at most m"), each time the dialog
 * draws, so they follow the run while the question is open.
 * Nothing here imports the API: the renderer's unit tests run it in Node.
 */
import type { CrossValidationInfo, EpochRecord, RunInfo } from '../../../shared/domain';
import { trainedSeconds } from '../durationText';
import { latestEpoch } from '../stores/epochBuffer';

/** Translates `key` with `values` (vue-i18n's `t`). */
type Translate = (key: string, values?: Record<string, unknown>) => string;

/**
 * "So far it has trained for 32 s, to epoch 138. …" for `run` at `now`, and what a cancel
 * leaves: Resume from the checkpoint after epoch `checkpoint`, or, when the run has none yet
 * (a run cancelled before its first checkpoint was saved; an Auto run saves none), no Resume,
 * only Restart.
 * @param epochs the run's epochs as the panel holds them (sorted by epoch).
 * @param now ms since the epoch (a clock ticking while the question is open).
 * @param checkpoint the epoch of the run's saved checkpoint as the project last said, or null
 *   when it has none.
 * @param pausedSince when the run's pause began (ms since the epoch) while it is paused now,
 *   else null: its time stands there (its pauses left out, shared/trainedTime.ts), said as
 *   "So far it has trained for 2 s, to epoch 3, and is paused now."
 */
export function cancelQuestionMessage(
  run: Pick<RunInfo, 'startedAt' | 'finishedAt' | 'status' | 'auto'>,
  epochs: readonly EpochRecord[],
  now: number,
  checkpoint: number | null,
  t: Translate,
  pausedSince: number | null = null,
): string {
  const paused = pausedSince !== null;
  const seconds = (trainedSeconds(run, now, pausedSince) ?? 0).toFixed(0);
  const epoch = latestEpoch(epochs);
  // A paused run's clock leaves the pause out (found by a new user: "trained for 109 s, to
  // epoch 0" after 2 s of training and a long pause), and the question says it is paused.
  const soFarKey = !paused
    ? 'train.cancelSoFar'
    : epoch > 0
      ? 'train.cancelSoFarPaused'
      : 'train.cancelSoFarPausedNoEpoch';
  const values = { soFar: t(soFarKey, { seconds, epoch }), checkpoint };
  if (run.auto) return t('train.cancelMessageAuto', values);
  return t(checkpoint === null ? 'train.cancelMessageNoCheckpoint' : 'train.cancelMessage', values);
}

/** How often the open Cancel question rereads the run's checkpoint (ms): it follows the clock. */
export const CHECKPOINT_READ_MS = 1000;

/**
 * Follows a running run's checkpoint epoch while its Cancel question is open (found by a new
 * user: the question said "after epoch 18" while the run trained on and saved one after epoch
 * 35). Reads at once and every `everyMs`, one read at a time (a slow answer is not overtaken
 * by a later read's), and tells `onValue` each epoch read that is later than the one held: a
 * running run's checkpoint only moves forward, so an answer read before a newer one arrives
 * late changes nothing.
 * @param read the run's checkpoint epoch as the project says it now (null: none yet);
 *   undefined or a rejection: not known this time (the value held stays).
 * @param held the epoch known as the question opens (null: none).
 * @returns `first`, settled once the first read is; `stop`, which ends the reads (call it as
 *   the question closes; nothing is told after it).
 */
export function followCheckpoint(
  read: () => Promise<number | null | undefined>,
  onValue: (epoch: number) => void,
  held: number | null,
  everyMs = CHECKPOINT_READ_MS,
): { first: Promise<void>; stop: () => void } {
  let latest = held;
  let stopped = false;
  let inFlight = false;
  const once = async (): Promise<void> => {
    if (inFlight || stopped) return;
    inFlight = true;
    try {
      const epoch = await read();
      if (!stopped && typeof epoch === 'number' && (latest === null || epoch > latest)) {
        latest = epoch;
        onValue(epoch);
      }
    } catch {
      // Not known this time: the value held stays, the next read tries again.
    } finally {
      inFlight = false;
    }
  };
  const first = once();
  const timer = setInterval(() => void once(), everyMs);
  return {
    first,
    stop: () => {
      stopped = true;
      clearInterval(timer);
    },
  };
}

/**
 * What a Cancel question asks about: run `runId`, or, asked from one of its folds,
 * cross-validation `evaluationId` (cancelling a fold stops its cross-validation; its next fold
 * may run while the question is open).
 */
export type CancelAsked = { runId: number } | { evaluationId: number };

/** How a cross-validation stands (`CrossValidationInfo.status`). */
type CrossValidationStatus = CrossValidationInfo['status'];

/** What a Cancel question asked about, ended while it was open, and how it ended. */
export type CancelAskedEnded =
  | { runId: number; status: RunInfo['status'] }
  | { evaluationId: number; status: CrossValidationStatus };

/**
 * Whether what a Cancel question asks about has ended (found by a new user: "Cancel run 15?"
 * stayed open, its backdrop blocking the page, after run 15 had finished). A run has ended
 * once listed with a status other than running or queued (a run no longer listed, e.g. while
 * the list reloads, is not taken as ended); a cross-validation once its end was heard
 * (`training.crossValidated`): between two folds none of its runs runs, so its runs' statuses
 * cannot tell its end.
 * @param runs the page's runs as listed now.
 * @param crossValidationsEnded the cross-validations whose end was heard, by id, with their status.
 * @returns what ended and how, or null while it goes on.
 */
export function cancelAskedEnded(
  asked: CancelAsked,
  runs: readonly Pick<RunInfo, 'id' | 'status'>[],
  crossValidationsEnded: ReadonlyMap<number, CrossValidationStatus>,
): CancelAskedEnded | null {
  if ('evaluationId' in asked) {
    const status = crossValidationsEnded.get(asked.evaluationId);
    return status === undefined || status === 'running'
      ? null
      : { evaluationId: asked.evaluationId, status };
  }
  const run = runs.find((r) => r.id === asked.runId);
  if (!run || run.status === 'running' || run.status === 'queued') return null;
  return { runId: run.id, status: run.status };
}

/**
 * `check` that keeps its first answer other than null: once a question's subject has ended,
 * the question stays answered so even if the run is resumed meanwhile (from another tab).
 */
export function keepFirstEnd<T>(check: () => T | null): () => T | null {
  let ended: T | null = null;
  return () => (ended ??= check());
}

/**
 * The notice that replaces a Cancel question whose subject ended while it was open: "Run 15
 * has ended" / "Run 15 ended (completed) while this question was open: there is nothing to
 * cancel." (the cross-validation's likewise).
 */
export function cancelEndedNotice(
  ended: CancelAskedEnded,
  t: Translate,
): { title: string; message: string } {
  const status = t(`status.${ended.status}`);
  if ('evaluationId' in ended) {
    const values = { evaluation: ended.evaluationId, status };
    return {
      title: t('train.cancelEndedTitleFold', values),
      message: t('train.cancelEndedMessageFold', values),
    };
  }
  const values = { id: ended.runId, status };
  return {
    title: t('train.cancelEndedTitle', values),
    message: t('train.cancelEndedMessage', values),
  };
}
