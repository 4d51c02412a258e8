/**
 * One signed-number formatter for Δm and per-task change (CLI `evaluate` and `demo`, Compare
 * view, HTML report, bundle README). Before it, four hand-written copies disagreed about zero
 * (the Compare view showed "0.00 %", the others "+0.00 %"), a value just below zero read
 * "-0.00", and the CLI's Δm and "vs single-task" columns showed no "+" at all.
 * Expected texts are written by hand here.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { printCrossValidation } from '../../src/main/cli/commands/evaluation';
import type { CrossValidationSummary, MeanStd } from '../../src/shared/domain';
import { signed } from '../../src/shared/signedText';

describe('signed', () => {
  it('writes "+" before a positive value and ASCII "-" before a negative one', () => {
    expect(signed(1.234, 2)).toBe('+1.23');
    expect(signed(-1.5, 2)).toBe('-1.50');
    expect(signed(12.5, 0)).toBe('+13');
    expect(signed(-0.25, 1)).toBe('-0.3'); // toFixed's rounding; -0.25 is exact in binary
    expect(signed(-3.14159, 3)).toBe('-3.142');
    expect(signed(-2, 2).charCodeAt(0)).toBe(0x2d); // hyphen-minus, not U+2212
  });
  it('writes a value that rounds to zero without a sign', () => {
    expect(signed(0, 2)).toBe('0.00');
    expect(signed(-0, 2)).toBe('0.00');
    expect(signed(-0.004, 2)).toBe('0.00');
    expect(signed(0.004, 2)).toBe('0.00');
    expect(signed(0.04, 1)).toBe('0.0');
    expect(signed(-0.4, 0)).toBe('0');
  });
  it('keeps the sign of a value that rounds away from zero', () => {
    expect(signed(0.005, 2)).toBe('+0.01'); // 0.005 is stored as 0.005000000000000000104
    expect(signed(-0.006, 2)).toBe('-0.01');
  });
  it('writes – for a value that is not finite', () => {
    expect(signed(NaN, 2)).toBe('–');
    expect(signed(Infinity, 2)).toBe('–');
    expect(signed(-Infinity, 2)).toBe('–');
  });
  it('rejects decimals outside 0–100', () => {
    expect(() => signed(1, -1)).toThrow(RangeError);
    expect(() => signed(1, 101)).toThrow(RangeError);
  });
});

describe('evaluate: the "vs single-task" column of a cross-validation', () => {
  afterEach(() => vi.restoreAllMocks());

  it('writes each task’s mean change with its sign, and none at zero', () => {
    const lines: string[] = [];
    vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => {
      lines.push(a.map(String).join(' '));
    });
    const two = (x: number): MeanStd => ({ mean: x, std: 0.01, n: 2 });
    const task = { macroF1: two(0.8), accuracy: two(0.8), balancedAccuracy: two(0.8) };
    const change = (mean: number) => ({ mean, worseFolds: mean < 0 ? 2 : 0, folds: 2 });
    const summary: CrossValidationSummary = {
      evaluation: {
        id: 3,
        schemeId: 1,
        datasetId: 1,
        tasks: ['up', 'down', 'flat'],
        method: { kind: 'fixed', config: { arch: 'hard-sharing', weighting: 'equal' } },
        status: 'completed',
        createdAt: '2026-12-04T10:00:00.000Z',
        finishedAt: '2026-12-04T10:01:00.000Z',
        error: null,
        runs: [
          { repeat: 0, fold: 0, runId: 5 },
          { repeat: 0, fold: 1, runId: 6 },
        ],
      },
      scheme: { k: 2, repeats: 1, seed: 42 },
      folds: 2,
      tasks: {
        up: { ...task, perFold: [0.79, 0.81] },
        down: { ...task, perFold: [0.79, 0.81] },
        flat: { ...task, perFold: [0.79, 0.81] },
      },
      deltaM: null,
      baselineReason: null,
      taskChange: { up: change(1.234), down: change(-1.5), flat: change(-0.004) },
      negativeTransfer: [],
      smallTestFolds: [],
    };
    printCrossValidation(summary, '-p p.mtlproj');
    const row = (name: string): string[] => {
      const line = lines
        .join('\n')
        .split('\n')
        .find((l) => l.split('│')[1]?.trim() === name);
      return line!.split('│').map((c) => c.trim());
    };
    // Cells: '', task, macro-F1, accuracy, balanced acc., vs single-task, worse folds, ''.
    expect(row('up')[5]).toBe('+1.23 %');
    expect(row('down')[5]).toBe('-1.50 %');
    expect(row('flat')[5]).toBe('0.00 %');
  });
});
