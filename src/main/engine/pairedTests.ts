/**
 * Paired tests over folds: is a difference between two methods, measured on the same
 * folds, real? Plain TypeScript, float64.
 *
 * - Wilcoxon signed-rank test (Wilcoxon 1945), two-sided, zero differences dropped
 *   ("wilcox"), mid-ranks for ties; exact p-value by enumerating the 2^n sign patterns
 *   (dynamic programming over the rank sum) up to 50 pairs, else the normal approximation
 *   with tie correction. Without ties or zeros it equals scipy 1.10's
 *   `wilcoxon(d, mode='exact')`.
 * - Paired t-test (Student), two-sided: t = mean(d) / (s_d / √n), n − 1 degrees of freedom;
 *   as scipy's `ttest_rel`.
 * - Corrected resampled t-test (Nadeau & Bengio, Machine Learning 52, 2003; for repeated
 *   k-fold: Bouckaert & Frank, PAKDD 2004): the same t with the variance s_d² (1/n + n₂/n₁),
 *   n₂/n₁ = test rows / training rows (1/(k − 1) for k-fold), because folds share training
 *   rows and their differences are correlated; the plain t-test is too liberal there.
 */

import type { PairedTest } from '../../shared/domain';

export type { PairedTest };

/** Largest n for the exact Wilcoxon distribution (as scipy 1.10's 'auto' mode). */
export const WILCOXON_EXACT_MAX = 50;

/**
 * Wilcoxon signed-rank test of the paired differences `d` (e.g. Δm per fold), two-sided.
 * @param d [n] differences; zeros are dropped (Wilcoxon's original treatment).
 * @returns statistic W⁺ and its p-value; p = null when no non-zero difference is left.
 */
export function wilcoxonSignedRank(d: readonly number[]): PairedTest {
  const name = 'Wilcoxon signed-rank';
  const nonZero = d.filter((x) => x !== 0 && Number.isFinite(x));
  const n = nonZero.length;
  if (n === 0) return { name, statistic: 0, p: null, n };
  const ranks = midRanks(nonZero.map(Math.abs));
  let wPlus = 0;
  nonZero.forEach((x, i) => {
    if (x > 0) wPlus += ranks[i];
  });
  const total = (n * (n + 1)) / 2;
  if (n <= WILCOXON_EXACT_MAX) {
    // Doubled ranks are integers (mid-ranks are multiples of ½): count sign patterns by sum.
    const doubled = ranks.map((r) => Math.round(2 * r));
    const max = doubled.reduce((a, b) => a + b, 0);
    let counts = new Float64Array(max + 1);
    counts[0] = 1;
    for (const r of doubled) {
      const next = new Float64Array(max + 1);
      for (let s = 0; s <= max; s++) {
        if (counts[s] === 0) continue;
        next[s] += counts[s];
        next[s + r] += counts[s];
      }
      counts = next;
    }
    const all = 2 ** n;
    const w2 = Math.round(2 * wPlus);
    // Two-sided: twice the smaller tail, capped at 1 (as scipy).
    let lower = 0;
    let upper = 0;
    for (let s = 0; s <= max; s++) {
      if (s <= w2) lower += counts[s];
      if (s >= w2) upper += counts[s];
    }
    return { name, statistic: wPlus, p: Math.min(1, (2 * Math.min(lower, upper)) / all), n };
  }
  // Normal approximation with the tie correction of the variance.
  const mean = total / 2;
  let variance = (n * (n + 1) * (2 * n + 1)) / 24;
  for (const t of tieSizes(ranks)) variance -= (t * t * t - t) / 48;
  const z = (wPlus - mean) / Math.sqrt(variance);
  return { name, statistic: wPlus, p: Math.min(1, 2 * normalSf(Math.abs(z))), n };
}

/**
 * Paired (Student) t-test of the differences `d`, two-sided, optionally with the
 * Nadeau–Bengio correction of the variance for resampled or cross-validated folds.
 * @param d [n] differences (n ≥ 2).
 * @param testToTrain n₂/n₁, test rows over training rows of one fold (1/(k − 1) for
 *   k-fold); 0 (default) = the plain paired t-test.
 * @returns t and its two-sided p-value on n − 1 degrees of freedom; p = null for n < 2 or
 *   when every difference is equal (t undefined), except that a non-zero constant
 *   difference gives p = 0 with t = ±Infinity.
 */
export function pairedTTest(d: readonly number[], testToTrain = 0): PairedTest {
  const name = testToTrain > 0 ? 'corrected resampled t-test' : 'paired t-test';
  const x = d.filter((v) => Number.isFinite(v));
  const n = x.length;
  if (n < 2) return { name, statistic: NaN, p: null, n };
  const mean = x.reduce((a, b) => a + b, 0) / n;
  const variance = x.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1);
  if (variance === 0) {
    return mean === 0
      ? { name, statistic: NaN, p: null, n }
      : { name, statistic: mean > 0 ? Infinity : -Infinity, p: 0, n };
  }
  const t = mean / Math.sqrt(variance * (1 / n + testToTrain));
  return { name, statistic: t, p: studentTwoSided(t, n - 1), n };
}

/** Mid-ranks (1-based) of values, ties sharing the mean of their ranks. */
export function midRanks(values: readonly number[]): number[] {
  const order = values.map((v, i) => ({ v, i })).sort((a, b) => a.v - b.v);
  const ranks = new Array<number>(values.length);
  for (let start = 0; start < order.length;) {
    let end = start;
    while (end + 1 < order.length && order[end + 1].v === order[start].v) end++;
    const rank = (start + end) / 2 + 1;
    for (let j = start; j <= end; j++) ranks[order[j].i] = rank;
    start = end + 1;
  }
  return ranks;
}

function tieSizes(ranks: number[]): number[] {
  const counts = new Map<number, number>();
  for (const r of ranks) counts.set(r, (counts.get(r) ?? 0) + 1);
  return [...counts.values()].filter((c) => c > 1);
}

/** P(|T| ≥ |t|) for Student's t with `df` degrees of freedom: I_{df/(df+t²)}(df/2, ½). */
export function studentTwoSided(t: number, df: number): number {
  if (!Number.isFinite(t)) return 0;
  return regularizedBeta(df / (df + t * t), df / 2, 0.5);
}

/** Upper tail of the standard normal, Q(z) = erfc(z/√2)/2. */
export function normalSf(z: number): number {
  return 0.5 * erfc(z / Math.SQRT2);
}

/** erfc with relative error < 1.2e-7 (Numerical Recipes, 3rd ed., §6.2, erfcc). */
function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t *
                  (0.09678418 +
                    t *
                      (-0.18628806 +
                        t *
                          (0.27886807 +
                            t *
                              (-1.13520398 +
                                t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}

/**
 * Regularised incomplete beta I_x(a, b) by Lentz's continued fraction (Numerical Recipes,
 * 3rd ed., §6.4), to about 1e-12 relative.
 */
export function regularizedBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(
    logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(1 - x),
  );
  // The fraction converges fast for x < (a + 1) / (a + b + 2); use the symmetry otherwise.
  if (x < (a + 1) / (a + b + 2)) return (front * betaFraction(x, a, b)) / a;
  return 1 - (front * betaFraction(1 - x, b, a)) / b;
}

function betaFraction(x: number, a: number, b: number): number {
  const tiny = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 300; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-15) break;
  }
  return h;
}

/** ln Γ(x) for x > 0 (Lanczos, g = 7, n = 9; about 1e-15 relative). */
export function logGamma(x: number): number {
  const g = 7;
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
    -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
    1.5056327351493116e-7,
  ];
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
  const y = x - 1;
  let a = c[0];
  const t = y + g + 0.5;
  for (let i = 1; i < g + 2; i++) a += c[i] / (y + i);
  return 0.5 * Math.log(2 * Math.PI) + (y + 0.5) * Math.log(t) - t + Math.log(a);
}
