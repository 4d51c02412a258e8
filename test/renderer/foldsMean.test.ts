/**
 * The Train view's folds panel's mean row is taken from the fold runs it lists (a new user
 * saw "Mean ± std (1 fold)" with folds 1 and 2 listed as completed). Expected values by
 * hand: macro-F1 0.8 and 0.9 → mean 0.85, sample std sqrt(((−0.05)² + 0.05²) / 1) = 0.0707107.
 */
import { describe, expect, it } from 'vitest';
import type { RunInfo, TaskMetrics } from '../../src/shared/domain';
import { foldsMean } from '../../src/renderer/src/components/foldsMean';

function fold(id: number, status: RunInfo['status'], f1?: number, acc?: number): RunInfo {
  const results =
    f1 === undefined ? null : { species: { macroF1: f1, accuracy: acc } as unknown as TaskMetrics };
  return { id, status, results, fold: { evaluationId: 1, repeat: 0, fold: id - 1 } } as RunInfo;
}

describe('folds panel: mean row', () => {
  it('averages every completed fold listed, at once', () => {
    const m = foldsMean(
      [fold(1, 'completed', 0.8, 0.9), fold(2, 'completed', 0.9, 0.95), fold(3, 'running')],
      ['species'],
    )!;
    expect(m.folds).toBe(2);
    expect(m.tasks.species.macroF1.n).toBe(2);
    expect(m.tasks.species.macroF1.mean).toBeCloseTo(0.85, 12);
    expect(m.tasks.species.macroF1.std).toBeCloseTo(0.0707107, 6);
    expect(m.tasks.species.accuracy.mean).toBeCloseTo(0.925, 12);
  });

  it('has no row before a fold completes, and one fold has no spread (n = 1)', () => {
    expect(foldsMean([fold(1, 'running'), fold(2, 'queued')], ['species'])).toBeNull();
    const one = foldsMean([fold(1, 'completed', 0.8, 0.9), fold(2, 'cancelled')], ['species'])!;
    expect(one.folds).toBe(1);
    expect(one.tasks.species.macroF1).toEqual({ mean: 0.8, std: 0, n: 1 });
  });
});
