/**
 * Δm's baseline is a plain single-task run, never an Auto run that chose single-task (a
 * new user's report: two 1-second Auto runs chose single-task, were cut short, and became
 * the baseline, giving MMoE +45.9 % where the plain single-task run gave ≈ 0 %).
 */
import { describe, expect, it } from 'vitest';
import type { RunInfo } from '../../src/shared/domain';
import { findBaseline, runComparisons } from '../../src/main/services/evaluation';
import { autoSingleTaskNote } from '../../src/main/cli/commands/evaluation';

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

describe('an Auto run that chose single-task, named when a run has no baseline', () => {
  it('is named for a run without a plain baseline, and not once a plain one exists', () => {
    // A new user's project: hard sharing (run 1) and Auto → single-task (run 2) on one split.
    const shared = run(1, 'hard-sharing');
    const autoSingle = run(2, 'single-task', true);
    const [s] = runComparisons([shared, autoSingle]);
    expect(s).toMatchObject({ baselineRunId: null, deltaM: null, autoSingleTaskRunId: 2 });
    expect(autoSingleTaskNote([2])).toMatch(
      /^Run 2 \(auto → single-task\) is not a Δm baseline: Auto chose single-task with settings tuned by its search/,
    );
    // Another split's Auto run does not fit the rule either way: not named.
    const elsewhere = { ...run(3, 'single-task', true), splitId: 2 } as RunInfo;
    expect(runComparisons([shared, elsewhere])[0].autoSingleTaskRunId).toBeNull();
    // With a plain single-task run it is the baseline, and nothing more is said.
    const [t] = runComparisons([shared, autoSingle, run(4, 'single-task')]);
    expect(t).toMatchObject({ baselineRunId: 4, autoSingleTaskRunId: null });
  });
});
