/**
 * The numbers of a run's Cancel question (found by a new user: the dialog said "trained for
 * 32 s (102 epochs)" while the panel behind it said "Epoch 138": the dialog counted the epochs
 * read, once, as it opened). They are read from what the panel reads (the run as listed, its
 * live epochs: the latest epoch, as the panel's "Epoch n of at most m"), each time the dialog
 * draws, so they follow the run while the question is open.
 * Nothing here imports the API: the renderer's unit tests run it in Node.
 */
import type { EpochRecord, RunInfo } from '../../../shared/domain';
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
