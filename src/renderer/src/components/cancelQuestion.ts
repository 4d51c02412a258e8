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
 * "So far it has trained for 32 s, to epoch 138. …" for `run` at `now`.
 * @param epochs the run's epochs as the panel holds them (sorted by epoch).
 * @param now ms since the epoch (a clock ticking while the question is open).
 */
export function cancelQuestionMessage(
  run: Pick<RunInfo, 'startedAt' | 'finishedAt' | 'status'>,
  epochs: readonly EpochRecord[],
  now: number,
  t: Translate,
): string {
  return t('train.cancelMessage', {
    seconds: (trainedSeconds(run, now) ?? 0).toFixed(0),
    epoch: latestEpoch(epochs),
  });
}
