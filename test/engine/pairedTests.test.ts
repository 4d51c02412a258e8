/**
 * Paired tests over folds. Expected values: scipy 1.10.1 (Debian python3-scipy), printed by
 * `scipy.stats.wilcoxon(d, mode='exact' | 'approx', correction=False)`,
 * `scipy.stats.ttest_rel(d, zeros)` and `2 * scipy.stats.t.sf(|t|, n - 1)`; the smallest
 * case is also counted by hand.
 */
import { describe, expect, it } from 'vitest';
import {
  midRanks,
  pairedTTest,
  regularizedBeta,
  wilcoxonSignedRank,
} from '../../src/main/engine/pairedTests';

/** scipy reports min(W⁺, W⁻) for the two-sided test. */
const scipyStatistic = (wPlus: number, n: number) => Math.min(wPlus, (n * (n + 1)) / 2 - wPlus);

describe('Wilcoxon signed-rank (exact)', () => {
  it('5 folds: counted by hand', () => {
    // |d| ranks: 0.4→1, 0.7→2, 1.2→3, 2.5→4, 3.1→5; the only negative has rank 1, so
    // W⁺ = 14, W⁻ = 1. Sign patterns with W⁻ ≤ 1: {} and {rank 1}, 2 of 32 → p = 2·2/32.
    const r = wilcoxonSignedRank([1.2, -0.4, 2.5, 3.1, 0.7]);
    expect(r.statistic).toBe(14);
    expect(r.p).toBeCloseTo(0.125, 12);
    expect(r.n).toBe(5);
  });

  it('matches scipy on 8 and 12 pairs', () => {
    const d8 = [0.5, 1.5, -2.25, 3.0, 4.5, -0.75, 2.0, 6.0];
    const r8 = wilcoxonSignedRank(d8);
    expect(scipyStatistic(r8.statistic, 8)).toBe(7);
    expect(r8.p).toBeCloseTo(0.1484375, 12);
    const d12 = [3.1, -1.2, 0.4, 2.2, 5.0, -0.3, 1.9, 2.8, -4.1, 0.9, 3.3, 1.1];
    const r12 = wilcoxonSignedRank(d12);
    expect(scipyStatistic(r12.statistic, 12)).toBe(17);
    expect(r12.p).toBeCloseTo(0.09228515625, 12);
  });

  it('5 pairs all positive: the smallest p an exact test can give is 2/32', () => {
    expect(wilcoxonSignedRank([1, 2, 3, 4, 5]).p).toBeCloseTo(0.0625, 12);
  });

  it('drops zeros; nothing left gives p = null', () => {
    expect(wilcoxonSignedRank([0, 0, 0]).p).toBeNull();
    expect(wilcoxonSignedRank([0, 1.2, -0.4, 2.5, 3.1, 0.7]).p).toBeCloseTo(0.125, 12);
  });

  it('uses the normal approximation with tie correction past 50 pairs (scipy approx)', () => {
    const d = [
      0.6, 1.1, 0.6, -1.0, 1.2, 0.7, -0.2, 0.9, 0.7, 0.6, 0.3, 0.8, -0.4, 0.1, -0.2, 0.9, 0.3, 0.0,
      -0.5, 0.0, 0.3, 0.0, 1.6, 1.3, -2.4, -1.6, 0.1, -0.1, 0.5, 0.5, 2.4, -0.8, -0.1, 2.3, 0.9,
      1.0, -0.2, -1.3, 0.5, 0.4, -0.9, -0.4, 0.2, -0.6, 0.2, 0.4, 0.3, -0.2, 0.9, 1.2, 0.6, -0.5,
      1.0, -0.2, 1.2, -0.8, 1.2, 0.3, -0.9, -0.0,
    ];
    const r = wilcoxonSignedRank(d);
    expect(r.n).toBe(56);
    expect(scipyStatistic(r.statistic, 56)).toBe(502.5);
    // erfc of Numerical Recipes: ~1e-7 relative.
    expect(r.p!).toBeCloseTo(0.015849822235251353, 6);
  });

  it('mid-ranks share ties', () => {
    expect(midRanks([3, 1, 3, 2])).toEqual([3.5, 1, 3.5, 2]);
  });
});

describe('paired t-tests', () => {
  it('plain paired t matches scipy ttest_rel', () => {
    const r = pairedTTest([1.2, -0.4, 2.5, 3.1, 0.7]);
    expect(r.name).toBe('paired t-test');
    expect(r.statistic).toBeCloseTo(2.2639726007528975, 10);
    expect(r.p!).toBeCloseTo(0.08630052939038149, 10);
    const r12 = pairedTTest([3.1, -1.2, 0.4, 2.2, 5.0, -0.3, 1.9, 2.8, -4.1, 0.9, 3.3, 1.1]);
    expect(r12.statistic).toBeCloseTo(1.8169767426386276, 10);
    expect(r12.p!).toBeCloseTo(0.09653845467063572, 10);
  });

  it('the Nadeau–Bengio correction (5-fold: n₂/n₁ = 1/4) matches the formula through scipy', () => {
    const r = pairedTTest([0.5, 1.5, -2.25, 3.0, 4.5, -0.75, 2.0, 6.0], 1 / 4);
    expect(r.name).toBe('corrected resampled t-test');
    expect(r.statistic).toBeCloseTo(1.0955381661988635, 10);
    expect(r.p!).toBeCloseTo(0.30953617353328633, 10);
  });

  it('undefined for fewer than 2 pairs or no spread', () => {
    expect(pairedTTest([1]).p).toBeNull();
    expect(pairedTTest([0, 0, 0]).p).toBeNull();
    expect(pairedTTest([2, 2, 2]).p).toBe(0);
  });

  it('incomplete beta: Student t tails of scipy', () => {
    // 2 * t.sf(2.0, 3) and 2 * t.sf(0.5, 30) from scipy.
    expect(regularizedBeta(3 / (3 + 4), 1.5, 0.5)).toBeCloseTo(0.1393259685588431, 12);
    expect(regularizedBeta(30 / 30.25, 15, 0.5)).toBeCloseTo(0.6207230048851273, 12);
  });
});
