import { describe, it, expect } from 'vitest';
import { deltaM } from '../../src/main/engine/deltaM';

describe('deltaM (Maninis et al., CVPR 2019)', () => {
  it('reproduces the docstring example by hand', () => {
    // Task A macro-F1 (higher better): (0.80 − 0.75) / 0.75 = +0.066667
    // Task B log-loss (lower better): −(0.40 − 0.50) / 0.50 = +0.20
    // Δm = 100 · (0.066667 + 0.20) / 2 = 13.3333 %
    const value = deltaM([
      { metric: 0.8, baseline: 0.75, lowerIsBetter: false },
      { metric: 0.4, baseline: 0.5, lowerIsBetter: true },
    ]);
    expect(value).toBeCloseTo(40 / 3, 10);
  });

  it('flips the sign for lower-is-better metrics', () => {
    // Log-loss rising from 0.5 to 0.6 is a 20 % regression.
    expect(deltaM([{ metric: 0.6, baseline: 0.5, lowerIsBetter: true }])).toBeCloseTo(-20, 10);
    expect(deltaM([{ metric: 0.6, baseline: 0.5, lowerIsBetter: false }])).toBeCloseTo(20, 10);
  });

  it('averages over entries rather than summing', () => {
    // +10 %, −10 %, +30 % → mean +10 %.
    const value = deltaM([
      { metric: 1.1, baseline: 1, lowerIsBetter: false },
      { metric: 0.9, baseline: 1, lowerIsBetter: false },
      { metric: 0.7, baseline: 1, lowerIsBetter: true },
    ]);
    expect(value).toBeCloseTo(10, 10);
  });

  it('is 0 when the model equals its baselines', () => {
    expect(
      deltaM([
        { metric: 0.7, baseline: 0.7, lowerIsBetter: false },
        { metric: 0.3, baseline: 0.3, lowerIsBetter: true },
      ]),
    ).toBe(0);
  });

  it('throws on empty input', () => {
    expect(() => deltaM([])).toThrow(/at least one entry/);
  });

  it('throws on a zero baseline, naming the entry', () => {
    expect(() =>
      deltaM([
        { metric: 0.8, baseline: 0.75, lowerIsBetter: false },
        { metric: 0.4, baseline: 0, lowerIsBetter: true },
      ]),
    ).toThrow(/entry 1: baseline = 0/);
  });

  it('throws on a non-finite metric or baseline, naming the entry', () => {
    expect(() => deltaM([{ metric: NaN, baseline: 0.5, lowerIsBetter: false }])).toThrow(
      /entry 0: metric = NaN/,
    );
    expect(() =>
      deltaM([
        { metric: 0.5, baseline: 0.5, lowerIsBetter: false },
        { metric: 0.5, baseline: Infinity, lowerIsBetter: false },
      ]),
    ).toThrow(/entry 1: baseline = Infinity/);
  });
});
