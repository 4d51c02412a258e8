/**
 * Δm of a run against its single-task baseline (services/evaluation.ts deltaMAgainst).
 */
import { describe, expect, it } from 'vitest';
import { deltaMAgainst } from '../../src/main/services/evaluation';
import type { RunInfo } from '../../src/shared/domain';

/** A completed run with only what Δm reads: its tasks and their test macro-F1. */
function run(id: number, macroF1: Record<string, number>): RunInfo {
  const results = Object.fromEntries(Object.entries(macroF1).map(([t, f]) => [t, { macroF1: f }]));
  return { id, tasks: Object.keys(macroF1), results } as unknown as RunInfo;
}

describe('deltaMAgainst', () => {
  it('is the mean relative change of macro-F1 in percent (hand computation)', () => {
    // a: (0.6 − 0.5) / 0.5 = +20 %; b: (0.3 − 0.4) / 0.4 = −25 %; mean −2.5 %.
    expect(deltaMAgainst(run(2, { a: 0.6, b: 0.3 }), run(1, { a: 0.5, b: 0.4 }))).toBeCloseTo(
      -2.5,
      10,
    );
  });

  it('is null, not an error, when the baseline scores 0 on a task', () => {
    expect(deltaMAgainst(run(2, { a: 0.6, b: 0.3 }), run(1, { a: 0.5, b: 0 }))).toBeNull();
  });
});
