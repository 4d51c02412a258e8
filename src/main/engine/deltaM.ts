/**
 * Δm, the average relative change of a multi-task model against single-task baselines.
 *
 * Maninis, Radosavovic & Kokkinos, "Attentive Single-Tasking of Multiple Tasks",
 * CVPR 2019 (eq. for Δ_MTL / Δm), as used by LibMTL and most MTL papers since.
 */

/** One metric of one task: the multi-task value, its single-task baseline, its direction. */
export interface DeltaMEntry {
  /** M_i: the metric of the model being compared (same split as the baseline). */
  metric: number;
  /** B_i: the same metric of the single-task baseline; must be non-zero. */
  baseline: number;
  /** l_i = 1: lower is better (e.g. log-loss); false for accuracy, F1, AUC. */
  lowerIsBetter: boolean;
}

/**
 * Δm in percent:
 *
 *   Δm = (100 / T) · Σ_i (−1)^{l_i} · (M_i − B_i) / B_i
 *
 * over the T entries (one per task and metric), with l_i = 1 where lower is better.
 * Positive means the model beats its baselines on average. Source: Maninis et al.,
 * "Attentive Single-Tasking of Multiple Tasks", CVPR 2019. The baseline is always the
 * explicitly named single-task run on the same split (never an epoch-0 stand-in).
 * B_i is used as is, not |B_i|, as in the paper; metrics here are positive anyway.
 *
 * Worked example, two tasks:
 * - task A macro-F1: M = 0.80, B = 0.75, higher better → +(0.80 − 0.75)/0.75 = +0.06667
 * - task B log-loss: M = 0.40, B = 0.50, lower better → −(0.40 − 0.50)/0.50 = +0.20
 * - Δm = 100 · (0.06667 + 0.20) / 2 = +13.333 %
 *
 * @param entries `[T]` entries, T ≥ 1.
 * @returns Δm in percent (e.g. 13.333 for +13.333 %).
 * @throws Error when `entries` is empty, or naming the entry index when a metric or
 *   baseline is not finite or a baseline is 0 (relative change undefined).
 */
export function deltaM(entries: readonly DeltaMEntry[]): number {
  if (entries.length === 0) throw new Error('Δm needs at least one entry, got none');
  let sum = 0;
  entries.forEach((entry, i) => {
    const { metric, baseline, lowerIsBetter } = entry;
    if (!Number.isFinite(metric)) {
      throw new Error(`Δm entry ${i}: metric = ${metric} is not a finite number`);
    }
    if (!Number.isFinite(baseline)) {
      throw new Error(`Δm entry ${i}: baseline = ${baseline} is not a finite number`);
    }
    if (baseline === 0) {
      throw new Error(`Δm entry ${i}: baseline = 0 (metric ${metric}), relative change undefined`);
    }
    const relative = (metric - baseline) / baseline;
    sum += lowerIsBetter ? -relative : relative;
  });
  return (100 * sum) / entries.length;
}
