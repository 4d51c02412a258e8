/**
 * Auto's refit on small tables: after an inner-fold search, the final model trains on every
 * non-test row for the chosen run's restored epochs (engine/autoJob.ts runAutoJob uses it).
 * One reason to change: when and for how long the final model refits.
 */
import type { AutoSearch } from '../../shared/autoSearch';
import type { TrainConfig } from '../../shared/domain';
import { MtlError } from '../../shared/errors';

/**
 * Auto refits its final model on every non-test row ({@link refitEpochs}) only below this
 * many labelled non-test rows. Measured (Auto's refitted result against its chosen
 * configuration trained with early stopping, same searches, 5 folds × search seeds,
 * bench/results/2026-12-04-auto-refit.md): zoo (81 non-test rows a fold) +1.6 points and
 * penguins (275) +0.65 gained; digits (1 438) −0.03 and Fashion-MNIST 1000 (800) −0.40
 * (3 better, 12 worse of 15 searches, Wilcoxon p 0.083) did not: with 120+ validation rows
 * early stopping no longer mostly follows noise.
 */
export const AUTO_REFIT_BELOW_ROWS = 500;

/**
 * With inner folds (tables of fewer than {@link CROSS_VALIDATION_BELOW_ROWS} labelled
 * non-test rows), the epochs the final model trains on every non-test row: per task, the
 * chosen run's restored epoch for it averaged over the inner folds (its `bestEpochPerTask`,
 * at least 1; tasks sharing a network share one), and the most of them (`epochs`, the run's
 * length) — Goodfellow, Bengio & Courville, Deep Learning (2016), Algorithm 7.2, counted in
 * epochs, at the configuration's constant learning rate (the inner runs' reduce-on-plateau
 * halvings are not replayed). On the split's ~15 % validation rows (12 on zoo's 101 rows)
 * early stopping was mostly noise: measured on the bench's zoo and penguins folds (5 folds ×
 * 3 search seeds, 2026-12-04, bench/results/2026-12-04-auto-refit.md), refitting every task
 * for the run's latest restored epoch raised Auto's mean test macro-F1 from 0.720 to 0.746
 * (zoo) and 0.842 to 0.853 (penguins); the same step count instead (epochs × inner-training
 * rows / all rows) gave 0.717 and 0.851.
 * @param labelledRows the non-test rows carrying a label of some task
 * @returns null with the validation selection (the chosen run itself is the final model),
 *   with {@link AUTO_REFIT_BELOW_ROWS} or more labelled non-test rows (inner folds all the
 *   same, but early stopping measured as good as the refit there), and when the chosen run
 *   was cut by the budget (`stoppedForTime`: its later inner folds
 *   trained one epoch each, so their restored epochs say nothing): it then trains with early
 *   stopping as before.
 * @throws MtlError('INTERNAL') when the chosen trial is not among the trials.
 */
export function refitEpochs(
  search: AutoSearch,
  labelledRows: number,
): { epochs: number; perTask: Record<string, number> } | null {
  if (search.selection !== 'inner-folds' || labelledRows >= AUTO_REFIT_BELOW_ROWS) return null;
  const chosen = search.trials.find((t) => t.id === search.chosenTrial);
  if (!chosen) {
    throw new MtlError(
      'INTERNAL',
      `Auto's chosen trial ${search.chosenTrial} is not among its trials.`,
    );
  }
  if (chosen.stoppedForTime) return null;
  const perTask = Object.fromEntries(
    Object.keys(chosen.perTask).map((task) => [
      task,
      Math.max(1, Math.round(chosen.bestEpochPerTask?.[task] ?? chosen.bestEpoch)),
    ]),
  );
  return { epochs: Math.max(1, ...Object.values(perTask)), perTask };
}

/**
 * The configuration Auto's final model refits with ({@link refitEpochs}): the chosen one for
 * `epochs` at most, no early stopping (patience 0, its scaling dropped) and no learning-rate
 * schedule.
 */
export function refitConfig(chosen: TrainConfig, epochs: number): TrainConfig {
  const { patienceScaledFrom: _scaled, ...rest } = chosen;
  return { ...rest, epochs, patience: 0, patienceSteps: 0, lrSchedule: 'none' };
}
