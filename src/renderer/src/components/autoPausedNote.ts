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

/**
 * The i18n key of the search's clock part ("23 s of 60 s"). The first configuration (the
 * studio's defaults) always runs to its end, so its clock can pass the budget (a new user
 * read "62 s of 20 s" after a pause and "End search now"): then the line says the budget is
 * used and, unless "End search now" already says so, that the first configuration is
 * finishing. Later trials stop at the budget, so their clock reads as before.
 * @param elapsed seconds the search has run
 * @param budget the search's budget in seconds
 * @param trialsDone configurations finished
 * @param endedEarly "End search now" was pressed (its line already names the wait)
 * @returns a key of train.* taking {elapsed} and {budget}
 */
export function autoClockKey(
  elapsed: number,
  budget: number,
  trialsDone: number,
  endedEarly: boolean,
): 'train.autoClock' | 'train.autoClockOver' | 'train.autoClockFirstOver' {
  if (trialsDone > 0 || elapsed <= budget) return 'train.autoClock';
  return endedEarly ? 'train.autoClockOver' : 'train.autoClockFirstOver';
}
