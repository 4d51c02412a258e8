/**
 * How an Auto run's refit reads, for the Train view, the CLI and the report: with inner folds
 * its final model trained on every non-test row, each task for its own epoch count
 * (engine/autoSelect.ts refitEpochs; shared/domain.ts AutoFinal.refitEpochs).
 */
import type { AutoFinal } from './domain';

/**
 * The refit's epoch counts: one count when every task trained as long (tasks sharing a
 * network always do), else each task's own.
 * @param final the final model's summary, or Auto's 'final' progress (same two fields).
 * @returns null when the final model did not refit; `perTask` null when the counts are equal,
 *   else [task name, epochs] pairs in the run's task order.
 */
export function refitEpochCounts(
  final: Pick<AutoFinal, 'refitEpochs' | 'refitEpochsPerTask'> | undefined,
): { epochs: number; perTask: [string, number][] | null } | null {
  if (final?.refitEpochs === undefined) return null;
  const pairs = Object.entries(final.refitEpochsPerTask ?? {});
  const distinct = new Set(pairs.map(([, n]) => n)).size;
  return { epochs: final.refitEpochs, perTask: distinct > 1 ? pairs : null };
}
