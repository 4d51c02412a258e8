/**
 * How a mean ± std over cross-validation folds is written (CLI `evaluate`, Compare view,
 * report). A new user cancelled a 5-fold cross-validation after its first fold and read
 * "0.783 ± 0.000" and "1 fold runs": a spread of exactly zero, which one fold cannot show
 * (the sample standard deviation divides by n − 1 = 0), and no word of how many folds were
 * planned.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { printCrossValidation } from '../../src/main/cli/commands/evaluation';
import type { CrossValidationSummary, MeanStd } from '../../src/shared/domain';
import { meanStdText, signedMeanStdText } from '../../src/shared/meanStdText';

/** Mean and sample std of values, computed here by hand (the same as numpy's ddof=1). */
function ms(values: number[]): MeanStd {
  const n = values.length;
  const mean = values.reduce((a, b) => a + b, 0) / n;
  const std = n > 1 ? Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1)) : 0;
  return { mean, std, n };
}

describe('meanStdText', () => {
  it('writes mean ± std over two or more folds', () => {
    // 0.8 and 0.9: mean 0.85, sample std sqrt(0.005) = 0.0707 (by hand).
    expect(meanStdText(ms([0.8, 0.9]))).toBe('0.850 ± 0.071');
    expect(meanStdText(ms([0.8, 0.9]), 2)).toBe('0.85 ± 0.07');
  });
  it('leaves the spread of one fold undefined, not 0', () => {
    expect(meanStdText({ mean: 0.783, std: 0, n: 1 })).toBe('0.783 ± –');
  });
  it('writes – without values', () => {
    expect(meanStdText({ mean: NaN, std: NaN, n: 0 })).toBe('–');
    expect(meanStdText(undefined)).toBe('–');
  });
});

describe('signedMeanStdText', () => {
  // Found by a new user: a fixed split's Δm read "+5.29 %", a cross-validation's "2.69 ± 9.73".
  it("signs the mean as a single run's Δm is signed, the spread unsigned", () => {
    // 1 and 3: mean 2, sample std sqrt(2) = 1.414 (by hand).
    expect(signedMeanStdText(ms([1, 3]))).toBe('+2.00 ± 1.41');
    // -5 and -1: mean -3, sample std sqrt(8) = 2.828 (by hand); ASCII hyphen-minus.
    expect(signedMeanStdText(ms([-5, -1]))).toBe('-3.00 ± 2.83');
    // -0.002 and 0.001: mean -0.0005 rounds to 0.00 at two decimals: no sign.
    expect(signedMeanStdText(ms([-0.002, 0.001]))).toBe('0.00 ± 0.00');
  });
  it("leaves one fold's spread undefined and writes – without values", () => {
    expect(signedMeanStdText({ mean: 2.69, std: 0, n: 1 })).toBe('+2.69 ± –');
    expect(signedMeanStdText({ mean: NaN, std: NaN, n: 0 })).toBe('–');
    expect(signedMeanStdText(undefined)).toBe('–');
  });
});

describe('evaluate: a cross-validation cancelled after one fold', () => {
  afterEach(() => vi.restoreAllMocks());

  it('says how many of the planned fold runs completed and shows no spread', () => {
    const lines: string[] = [];
    vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => {
      lines.push(a.map(String).join(' '));
    });
    const one = (x: number): MeanStd => ({ mean: x, std: 0, n: 1 });
    const summary: CrossValidationSummary = {
      evaluation: {
        id: 1,
        schemeId: 1,
        datasetId: 1,
        tasks: ['cut'],
        method: { kind: 'fixed', config: { arch: 'hard-sharing', weighting: 'equal' } },
        status: 'cancelled',
        createdAt: '2026-12-03T11:58:00.000Z',
        finishedAt: '2026-12-03T11:58:20.000Z',
        error: null,
        runs: [
          { repeat: 0, fold: 0, runId: 1 },
          { repeat: 0, fold: 1, runId: 2 },
        ],
      },
      scheme: { k: 5, repeats: 1, seed: 42 },
      folds: 1,
      tasks: {
        cut: {
          macroF1: one(0.783),
          accuracy: one(0.789),
          balancedAccuracy: one(0.795),
          perFold: [0.783],
        },
      },
      deltaM: null,
      baselineReason: null,
      taskChange: {},
      negativeTransfer: [],
      smallTestFolds: [],
    };
    printCrossValidation(summary, '-p p.mtlproj');
    const text = lines.join('\n');
    expect(text).toContain('5-fold × 1 (seed 42), 1 of 5 fold runs completed, cancelled.');
    expect(text).toContain('0.783 ± –');
    expect(text).not.toContain('± 0.000');
  });
});
