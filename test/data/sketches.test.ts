/**
 * The profile sketches against exact values on known data: HyperLogLog distinct counts
 * within three of their documented standard errors (1.04 / √16384 ≈ 0.81 %, Flajolet et
 * al. 2007), the reservoir exact while it holds every value and, past that, a histogram
 * whose bins stay within five standard errors √(p(1 − p)/k)·n of the exact counts.
 */
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../src/main/engine/random';
import { ColumnStats, NumericHistogram } from '../../src/main/data/profile';
import { HyperLogLog, Reservoir } from '../../src/main/data/sketches';

const HLL_ERROR = 1.04 / Math.sqrt(16384);

describe('HyperLogLog', () => {
  it.each([100, 5_000, 50_000, 300_000])('estimates %i distinct strings', (n) => {
    const sketch = new HyperLogLog();
    // Each value twice: duplicates must not count.
    for (let rep = 0; rep < 2; rep++) for (let i = 0; i < n; i++) sketch.addString(`id-${i}`);
    expect(Math.abs(sketch.estimate() - n) / n).toBeLessThan(3 * HLL_ERROR);
  });

  it('estimates distinct numbers (and counts 0 and -0 once)', () => {
    const sketch = new HyperLogLog();
    const random = mulberry32(7);
    const values = Array.from({ length: 200_000 }, () => Math.round(random() * 1e9) / 1000);
    for (const v of values) sketch.addNumber(v);
    sketch.addNumber(0);
    sketch.addNumber(-0);
    const exact = new Set([...values, 0]).size;
    expect(Math.abs(sketch.estimate() - exact) / exact).toBeLessThan(3 * HLL_ERROR);
    const zeros = new HyperLogLog();
    zeros.addNumber(0);
    zeros.addNumber(-0);
    expect(zeros.estimate()).toBe(1);
  });
});

describe('Reservoir (Algorithm L)', () => {
  it('keeps every value while at most `capacity` were seen', () => {
    const r = new Reservoir(100);
    for (let i = 0; i < 100; i++) r.add(i);
    expect(r.exact).toBe(true);
    expect([...r.values()]).toEqual(Array.from({ length: 100 }, (_, i) => i));
  });

  it('samples uniformly past capacity: each decile of a stream holds about a tenth of the sample', () => {
    const k = 2_000;
    const n = 200_000;
    const r = new Reservoir(k, 3);
    for (let i = 0; i < n; i++) r.add(i);
    expect(r.exact).toBe(false);
    expect(r.seen).toBe(n);
    const deciles = new Array<number>(10).fill(0);
    for (const v of r.values()) deciles[Math.floor(v / (n / 10))]++;
    // Binomial(k, 0.1): standard deviation √(2000 · 0.1 · 0.9) ≈ 13.4; five of them.
    for (const d of deciles) expect(Math.abs(d - k / 10)).toBeLessThan(5 * 13.4);
  });
});

describe('numeric histogram of a large column', () => {
  it('is exact up to the sample size and within the sampling error past it', () => {
    const random = mulberry32(11);
    const n = 40_000;
    const k = 2_048;
    const values = Array.from({ length: n }, () => (random() + random()) * 50); // triangular
    const stats = new ColumnStats(undefined, k);
    for (const v of values) stats.add(String(v));
    const exact = new NumericHistogram(Math.min(...values), Math.max(...values));
    for (const v of values) exact.add(v);
    const estimated = stats.numericHistogram()!;
    expect(estimated.counts.reduce((a, b) => a + b, 0)).toBe(n);
    exact.counts.forEach((count, i) => {
      const p = count / n;
      const se = Math.sqrt((p * (1 - p)) / k) * n;
      expect(Math.abs(estimated.counts[i] - count)).toBeLessThanOrEqual(5 * se + 1);
    });
    // With a sample as large as the column the same histogram is exact.
    const whole = new ColumnStats(undefined, n);
    for (const v of values) whole.add(String(v));
    expect(whole.numericHistogram()!.counts).toEqual(exact.counts);
  });
});
