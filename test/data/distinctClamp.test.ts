/**
 * Distinct counts past the exact cap are HyperLogLog estimates (≈ 0.8 % standard error),
 * which can exceed the number of values. Found by a new user: a 20 101-row column of
 * 0 … 19 999, then 0 … 99 and 5 (20 000 distinct values, counted by hand) showed
 * "distinct 20162" — more distinct values than rows. The estimate is now capped at the
 * values counted; it stays within 3 standard errors of the true 20 000.
 */
import { describe, expect, it } from 'vitest';
import { buildProfile, ColumnStats } from '../../src/main/data/profile';

/** The column of the report: 0 … 19 999, 0 … 99, then 5 (lines from 2). */
function reportedColumn(asText: (i: number) => string): ColumnStats {
  const stats = new ColumnStats();
  let line = 2;
  for (let i = 0; i < 20_000; i++) stats.add(asText(i), line++);
  for (let i = 0; i < 100; i++) stats.add(asText(i), line++);
  stats.add(asText(5), line++);
  return stats;
}

describe('distinct count past the exact cap', () => {
  it('numbers: never more than the values, within 3 standard errors of the truth', () => {
    const profile = buildProfile(reportedColumn(String), 'numeric');
    expect(profile.distinct).toBeLessThanOrEqual(20_101);
    expect(Math.abs(profile.distinct - 20_000)).toBeLessThanOrEqual(3 * 0.008 * 20_000);
  });

  it('texts: the same', () => {
    const profile = buildProfile(
      reportedColumn((i) => `id-${i}`),
      'text',
    );
    expect(profile.distinct).toBeLessThanOrEqual(20_101);
    expect(Math.abs(profile.distinct - 20_000)).toBeLessThanOrEqual(3 * 0.008 * 20_000);
  });
});
