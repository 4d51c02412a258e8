/**
 * Why an Auto search ran none of its search trials, for the CLI and the Train view: the
 * studio's defaults, trained like a normal run, took the budget (engine/autoSelect.ts, steps
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
}

/**
 * The defaults' time and about the budget the search needed, when `search` ran only runs
 * trained like a normal run (the defaults; `full` trials); null when it ran any search trial,
 * or for searches stored before trials were marked `full` (all their trials are search
 * trials).
 */
export function crowdedOutSearch(search: AutoSearch): CrowdedOutSearch | null {
  const { trials } = search;
  if (trials.length === 0 || trials.some((t) => !t.full)) return null;
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
  return { defaultsSeconds, neededSeconds: Math.ceil(total + Math.max(...costs)) };
}
