/**
 * Δm's baseline is a plain single-task run, never an Auto run that chose single-task (a
 * new user's report: two 1-second Auto runs chose single-task, were cut short, and became
 * the baseline, giving MMoE +45.9 % where the plain single-task run gave ≈ 0 %).
 */
import { describe, expect, it } from 'vitest';
import type { RunInfo } from '../../src/shared/domain';
import { findBaseline, runComparisons } from '../../src/main/services/evaluation';

/** A completed run with a macro-F1 per task (only the fields findBaseline reads). */
function run(id: number, arch: RunInfo['config']['arch'], auto = false): RunInfo {
  return {
    id,
    splitId: 1,
    status: 'completed',
    tasks: ['type', 'legs'],
    config: { arch },
    auto,
    results: { type: { macroF1: 0.7 }, legs: { macroF1: 0.7 } },
  } as unknown as RunInfo;
}

describe('findBaseline', () => {
  it('skips Auto runs that chose single-task, taking the newest plain single-task run', () => {
    const plain = run(1, 'single-task');
    const mmoe = run(2, 'mmoe');
    const autoSingle = run(4, 'single-task', true);
    expect(findBaseline(mmoe, [plain, mmoe, autoSingle])?.id).toBe(1);
    // Without a plain one there is no baseline (Δm "–"), not the Auto run.
    expect(findBaseline(mmoe, [mmoe, autoSingle])).toBeNull();
    // A newer plain single-task run is preferred, as before.
    expect(findBaseline(mmoe, [plain, mmoe, autoSingle, run(5, 'single-task')])?.id).toBe(5);
  });
});

describe('runComparisons', () => {
  it('gives an Auto run that chose single-task its Δm against the plain single-task run, and the plain one none', () => {
    const plain = run(17, 'single-task');
    const autoSingle = {
      ...run(1, 'single-task', true),
      results: { type: { macroF1: 0.77 }, legs: { macroF1: 0.63 } },
    } as unknown as RunInfo;
    const [a, p] = runComparisons([autoSingle, plain]);
    // Δm = mean over tasks of (M − B) / B × 100 (Maninis et al. 2019), by hand:
    // type (0.77 − 0.7) / 0.7 = +10 %, legs (0.63 − 0.7) / 0.7 = −10 % → 0 %.
    expect(a.baselineRunId).toBe(17);
    expect(a.deltaM).toBeCloseTo(0, 10);
    expect(p.baselineRunId).toBeNull();
    expect(p.deltaM).toBeNull();
  });
});
