/**
 * Each task's kept ("best") epoch of a run, and its one-line text. Where a task's curve marks its kept ("best") epoch in the run detail (RunDetail.vue,
 * epochCharts.ts taskCurvesChart). Found by a new user: in an Auto run's refit the species
 * curve stopped at epoch 23 (its own epoch count, AutoFinal.refitEpochsPerTask) while its
 * "best" line stood at epoch 41, the run's `bestEpoch` (the longest task's last epoch).
 */
import type { EpochRecord } from './domain';

/**
 * A task's kept epoch, taken from its own curve.
 * @param epochs the run's epoch records, in epoch order.
 * @param task the task whose curve is drawn.
 * @param bestEpoch the run's kept epoch (RunInfo.bestEpoch), or null.
 * @param perTask each task's own epoch count when the run trained each task for a set number
 *   of epochs and kept its last weights (an Auto refit: AutoFinal.refitEpochsPerTask).
 * @returns the task's own count from `perTask`; else the epoch it kept when its own network
 *   stopped before the run's end (EpochRecord.stoppedTasks: single-task networks, a refit's
 *   shorter tasks); else `bestEpoch`, moved back to the task's last recorded epoch when its
 *   curve ends before it (a task never keeps weights of an epoch it did not train); null
 *   without any.
 */
export function taskKeptEpoch(
  epochs: readonly EpochRecord[],
  task: string,
  bestEpoch: number | null,
  perTask?: Readonly<Record<string, number>>,
): number | null {
  const own = perTask?.[task];
  if (own !== undefined) return own;
  let last: number | null = null;
  for (const e of epochs) {
    const stopped = e.stoppedTasks?.[task];
    if (stopped) return stopped.bestEpoch;
    if (e.tasks[task] !== undefined) last = e.epoch;
  }
  if (bestEpoch === null) return null;
  return last !== null && last < bestEpoch ? last : bestEpoch;
}

/**
 * Every task's kept epoch ({@link taskKeptEpoch}), in the run's task order; null when the run
 * kept none (`bestEpoch` null and no task's own). Tasks sharing a network keep the same epoch;
 * independent networks (single-task, or Auto's single-task choice) one each. Weak spot: a
 * single-task network that ran to the epoch cap is not named in `stoppedTasks`, so it is
 * given `bestEpoch` (moved back to its last epoch).
 */
export function keptEpochsPerTask(
  epochs: readonly EpochRecord[],
  tasks: readonly string[],
  bestEpoch: number | null,
  perTask?: Readonly<Record<string, number>>,
): Record<string, number> | null {
  const kept: Record<string, number> = {};
  for (const task of tasks) {
    const epoch = taskKeptEpoch(epochs, task, bestEpoch, perTask);
    if (epoch === null) return null;
    kept[task] = epoch;
  }
  return kept;
}

/** Whether the tasks kept different epochs (then one "best epoch" would misstate the run). */
export function keptEpochsDiffer(perTask: Readonly<Record<string, number>> | null): boolean {
  return perTask !== null && new Set(Object.values(perTask)).size > 1;
}

/**
 * "type 11, aquatic 25, predator 12": each task with its kept epoch, in the order of `perTask`
 * (the run's task order, as {@link keptEpochsPerTask} builds it).
 * @param separator between tasks: ', ' (the CLI's English), the UI language's in the studio.
 */
export function perTaskEpochsText(
  perTask: Readonly<Record<string, number>>,
  separator = ', ',
): string {
  return Object.entries(perTask)
    .map(([task, epoch]) => `${task} ${epoch}`)
    .join(separator);
}
