/**
 * Whether a measured task affinity is too small to guide a grouping (AffinityPanel.vue's
 * note). Z_{i→j} is the fraction of task j's loss that a step on task i lowers (Fifty et al.,
 * NeurIPS 2021; negative: raises).
 */

/**
 * Largest |Z| (fraction of the loss, 0.01 = 1 %) for which tasks count as barely affecting
 * each other. Chosen from what the engine measures with `mtl-studio affinity` at its defaults
 * (300 steps): on a table of a = x0 > 0, b = a with 10 % flipped, c = x3 > 0 (the engine test's
 * construction), the pairs with the unrelated c stay within 0.84 % while a and b reach 3.2 %
 * and 10.2 %; three tasks that are copies or complements of each other (the CLI test's
 * nine.csv, c1–c3) reach 22–27 %. 1 % sits just above the unrelated pairs and three times
 * below the weakest related one. (penguins.csv's species, island and sex give at most 1.3 %,
 * species → island: just above, so no note there.)
 */
export const WEAK_AFFINITY = 0.01;

/**
 * True when every off-diagonal |Z_{i→j}| of `affinity` ([tasks][tasks], fractions) is below
 * {@link WEAK_AFFINITY}; false with fewer than two tasks (nothing measured between tasks).
 * A non-finite entry counts as not weak.
 */
export function affinityIsWeak(affinity: readonly (readonly number[])[]): boolean {
  let pairs = 0;
  for (let i = 0; i < affinity.length; i++) {
    for (let j = 0; j < affinity[i].length; j++) {
      if (i === j) continue;
      const z = affinity[i][j];
      if (!Number.isFinite(z) || Math.abs(z) >= WEAK_AFFINITY) return false;
      pairs++;
    }
  }
  return pairs > 0;
}
