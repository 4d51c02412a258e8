/**
 * Cancel during a cross-validation (found by a new user: the dialog opened on fold 4, run 4,
 * was confirmed once run 4 had completed and fold 5, run 7, ran; it cancelled nothing and
 * said nothing) and the run panel following the running fold. The runs below are the
 * situation of that report (ids and statuses as its screenshots show them).
 */
import { describe, expect, it } from 'vitest';
import { cancelTarget, nextFollowedFold } from '../../src/renderer/src/components/runningFold';
import type { RunInfo } from '../../src/shared/domain';

const run = (id: number, status: RunInfo['status'], evaluationId?: number): RunInfo =>
  ({
    id,
    status,
    fold: evaluationId === undefined ? undefined : { evaluationId, repeat: 1, fold: id },
  }) as RunInfo;

describe('what a confirmed Cancel acts on', () => {
  it('the run while it runs; for a fold that ended, its cross-validation’s running fold', () => {
    const runs = [run(2, 'completed'), run(4, 'running', 1)];
    expect(cancelTarget(runs, 4)).toEqual({ cancel: runs[1] });
    // Fold 4 completed and fold 5 (run 7) runs while the dialog stayed open.
    const later = [run(2, 'completed'), run(4, 'completed', 1), run(7, 'running', 1)];
    expect(cancelTarget(later, 4)).toEqual({ cancel: later[2] });
  });

  it('nothing, said, once the run ended and no fold of its cross-validation runs', () => {
    const runs = [run(4, 'completed', 1), run(5, 'running'), run(7, 'completed', 1)];
    expect(cancelTarget(runs, 4)).toEqual({ ended: runs[0] });
    // A single run that ended, another running: not that other one.
    expect(cancelTarget([run(3, 'cancelled'), run(5, 'running')], 3)).toEqual({
      ended: run(3, 'cancelled'),
    });
    expect(cancelTarget([], 3)).toEqual({ ended: null });
  });
});

describe('the run panel follows a cross-validation', () => {
  it('moves to its next running fold once the fold shown ended, not elsewhere', () => {
    const runs = [run(4, 'completed', 1), run(7, 'running', 1), run(8, 'running')];
    expect(nextFollowedFold(runs, 1, 4)?.id).toBe(7);
    // Already there, or following nothing: stay.
    expect(nextFollowedFold(runs, 1, 7)).toBeNull();
    expect(nextFollowedFold(runs, null, 4)).toBeNull();
    // Between two folds (none running yet): stay.
    expect(nextFollowedFold([run(4, 'completed', 1)], 1, 4)).toBeNull();
  });
});
