/**
 * Auto's time, for the CLI and the Train view: what is said before the start
 * ({@link autoSearchSeconds}), the final model's training estimated once the search is done
 * ({@link finalTrainingSeconds}), and why a search ran none of its search trials: the studio's
 * defaults, trained like a normal run, took the budget (engine/autoSelect.ts, steps
 * 1–2). The search starts only while the time spent plus the time it keeps back for its
 * winner's own normal run (the costliest default's time) is below the budget.
 */
import type { AutoSearch } from './domain';

/** What the defaults took, and about the budget above which the search would have started. */
export interface CrowdedOutSearch {
  /** Seconds the defaults' normal runs took together. */
  defaultsSeconds: number;
  /**
   * Every default's seconds plus the costliest one's again, rounded up to whole seconds: a
   * budget above it lets a search trial start (at this machine's speed then). A single-task
   * default that did not fit is counted as the hard-sharing one's time per task (it trains
   * one network per task).
   */
  neededSeconds: number;
  /**
   * The default Auto chose (engine/autoSelect.ts: the best validation score among the runs
   * trained like a normal run) and its score, so the note names the trial the table marks.
   */
  chosen: { id: number; score: number };
  /** The other defaults, in trial order, with their validation scores (lower or equal). */
  others: { id: number; score: number }[];
}

/**
 * The defaults' time and about the budget the search needed, when `search` ran only runs
 * trained like a normal run (the defaults; `full` trials); null when it ran any search trial,
 * or for searches stored before trials were marked `full` (all their trials are search
 * trials). Null too for a search the user ended early (`endedEarly`): its budget did not run
 * out, so "no search trial fit" would contradict "ended early at your request" (found by a
 * new user).
 */
export function crowdedOutSearch(search: AutoSearch): CrowdedOutSearch | null {
  const { trials } = search;
  if (search.endedEarly || trials.length === 0 || trials.some((t) => !t.full)) return null;
  const seconds = trials.map((t) => t.seconds);
  const defaultsSeconds = seconds.reduce((a, b) => a + b, 0);
  const tasks = Object.keys(trials[0].perTask).length;
  const shared = trials.find((t) => t.config.arch !== 'single-task');
  // With several tasks the defaults are hard sharing, then single-task if it fits.
  const costs =
    tasks > 1 && shared && !trials.some((t) => t.config.arch === 'single-task')
      ? [...seconds, tasks * shared.seconds]
      : seconds;
  const total = costs.reduce((a, b) => a + b, 0);
  const scored = (t: AutoSearch['trials'][number]) => ({ id: t.id, score: t.score });
  const chosen = trials.find((t) => t.id === search.chosenTrial) ?? trials[0];
  return {
    defaultsSeconds,
    neededSeconds: Math.ceil(total + Math.max(...costs)),
    chosen: scored(chosen),
    others: trials.filter((t) => t !== chosen).map(scored),
  };
}

/**
 * The seconds said before an Auto run starts: its searches' budgets, the budget of one search
 * × the searches (one per fold run under cross-validation, else 1), e.g. 3 s × 5 folds = 15 s.
 * Only the searches: what runs besides cannot be timed before the start, so the CLI's note and
 * the Train view name it beside this number (a new user's 2 s budget over 2 folds, said as
 * "≈ 4 s in all", took 18 s; engine/autoSelect.ts): each run's start-up (its training process
 * and backend, about a second), the final model's training of the chosen configuration
 * (estimated by {@link finalTrainingSeconds} once the search is done), and the floor: on a
 * table the first default configuration always trains to its end (like a normal run, on every
 * inner fold), even when that alone takes longer than the budget; on images it is capped after
 * its first epoch so that it ends within the budget (engine/autoSpace.ts firstDefaultEpochCap:
 * no epoch is timed before the start, so the number is said in the progress once known).
 * @param budgetSeconds one search's budget, in seconds (> 0)
 * @param searches the searches in all: 1 for a single run, folds × repeats under
 *   cross-validation
 * @returns whole seconds (rounded)
 */
export function autoSearchSeconds(budgetSeconds: number, searches: number): number {
  return Math.round(budgetSeconds * searches);
}

/**
 * Seconds the final model's training should take after the search, estimated from what the
 * search measured of the chosen trial (its `seconds` over `innerFolds` inner folds, or one
 * validation pair, for `epochs` epochs on average):
 * - kept (the chosen run's own network becomes the model): 0, nothing trains;
 * - refitted on every non-test row for `refitEpochs` epochs: the chosen run's seconds per
 *   epoch on one inner fold, × k/(k − 1) (every non-test row against an inner fold's
 *   training rows, (k − 1)/k of them) × `refitEpochs`; e.g. 3 s over 3 inner folds for 150
 *   epochs, refit for 90: 3/3/150 × 3/2 × 90 = 0.9 s;
 * - otherwise (early stopping again on the split's rows): the chosen run's seconds on one
 *   pair, `seconds / max(1, innerFolds)`.
 * @returns seconds (not rounded); 0 when the chosen trial is not among the trials
 */
export function finalTrainingSeconds(
  search: Pick<AutoSearch, 'trials' | 'chosenTrial' | 'innerFolds'>,
  refitEpochs: number | null,
  kept: boolean,
): number {
  const chosen = search.trials.find((t) => t.id === search.chosenTrial);
  if (kept || !chosen) return 0;
  const k = Math.max(1, search.innerFolds);
  const perPair = chosen.seconds / k;
  if (refitEpochs === null) return perPair;
  const everyRow = k > 1 ? k / (k - 1) : 1;
  return (perPair / Math.max(1, chosen.epochs)) * everyRow * refitEpochs;
}

/**
 * An estimate's seconds as the CLI and the Train view write them: one decimal below 10
 * ("0.4"), whole seconds from 10 ("23"); the unit is the caller's.
 */
export function estimateSecondsText(seconds: number): string {
  return seconds < 10 ? seconds.toFixed(1) : seconds.toFixed(0);
}
