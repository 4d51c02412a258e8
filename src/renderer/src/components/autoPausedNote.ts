/**
 * The line an Auto run's progress shows while paused (AutoSearchProgress.vue): what the
 * resume will do. "End search now" pressed while paused ends the search at once
 * (engine/autoSelect.ts SearchOptions.end) and the final model waits for the resume; only a
 * search ended before its first configuration (the studio's defaults) finished still needs
 * the resume to end, since that one always runs to its end.
 */
import type { AutoProgress } from '@shared/domain';

/**
 * The i18n key of the paused line, or null for none.
 * @param progress the run's latest Auto progress (null before the first)
 * @param paused the run is paused
 * @param training the run's own epochs (the final model's) have begun
 * @param endedEarly "End search now" was pressed (here or heard in the progress)
 */
export function autoPausedNoteKey(
  progress: Pick<AutoProgress, 'phase' | 'trialsDone'> | null,
  paused: boolean,
  training: boolean,
  endedEarly: boolean,
): 'train.autoPausedFinalWaits' | 'train.autoPausedFirstWaits' | null {
  if (!paused || !progress || training) return null;
  if (progress.phase === 'final') return 'train.autoPausedFinalWaits';
  if (endedEarly && progress.trialsDone === 0) return 'train.autoPausedFirstWaits';
  return null;
}
