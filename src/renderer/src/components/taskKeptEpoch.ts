/**
 * Where a task's curve marks its kept ("best") epoch in the run detail (RunDetail.vue,
 * epochCharts.ts taskCurvesChart). Found by a new user: in an Auto run's refit the species
 * curve stopped at epoch 23 (its own epoch count, AutoFinal.refitEpochsPerTask) while its
 * "best" line stood at epoch 41, the run's `bestEpoch` (the longest task's last epoch).
 */
// Relative, type-only import: this module is also unit-tested from Node.
import type { EpochRecord } from '../../../shared/domain';

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
