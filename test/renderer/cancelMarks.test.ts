/**
 * The Cancel button's "Cancelling…" of a run whose Cancel was confirmed (found by a new user:
 * run 16 cancelled, then resumed in the same tab, kept "Cancelling…", disabled, while it
 * trained on). The runs below are that report's: ids and statuses as it tells them; the
 * resumed attempt's start later by the run's downtime, as services/trainingResume.ts stores it.
 */
import { describe, expect, it } from 'vitest';
import {
  forgetCancelling,
  isCancelling,
  liveCancelMarks,
  markCancelling,
} from '../../src/renderer/src/components/cancelMarks';
import type { RunInfo } from '../../src/shared/domain';

type Run = Pick<RunInfo, 'id' | 'status' | 'startedAt'>;
const run = (id: number, status: RunInfo['status'], startedAt: string | null): Run => ({
  id,
  status,
  startedAt,
});

describe('a confirmed Cancel', () => {
  const first = run(16, 'running', '2026-12-05T08:00:00.000Z');

  it('holds while the attempt it was confirmed in runs', () => {
    const marks = markCancelling([], first);
    expect(isCancelling(marks, first)).toBe(true);
    expect(liveCancelMarks(marks, [first])).toEqual(marks);
    // Another run is not cancelling.
    expect(isCancelling(marks, run(17, 'running', first.startedAt))).toBe(false);
  });

  it('ends with the run: a resumed run can be cancelled again', () => {
    const marks = markCancelling([], first);
    // Cancelled: the mark goes as the page hears of it.
    const stopped = run(16, 'cancelled', first.startedAt);
    expect(isCancelling(marks, stopped)).toBe(false);
    expect(liveCancelMarks(marks, [stopped])).toEqual([]);
    // Resumed (the same id, running again, its start moved by its 40 s downtime): even had the
    // page missed the cancelled state, the old mark does not hold for the new attempt.
    const resumed = run(16, 'running', '2026-12-05T08:00:40.000Z');
    expect(isCancelling(marks, resumed)).toBe(false);
    expect(liveCancelMarks(marks, [resumed])).toEqual([]);
    // …and its own Cancel holds again.
    expect(isCancelling(markCancelling(marks, resumed), resumed)).toBe(true);
  });

  it('is forgotten when it found nothing to stop, or the run is no longer listed', () => {
    const marks = markCancelling(markCancelling([], first), run(17, 'running', null));
    expect(forgetCancelling(marks, 16)).toEqual([{ runId: 17, startedAt: null }]);
    expect(liveCancelMarks(marks, [run(17, 'running', null)])).toEqual([
      { runId: 17, startedAt: null },
    ]);
  });
});
