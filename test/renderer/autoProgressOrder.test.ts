/**
 * Auto progress after a reconnect or a reload (found by a review): the page keeps what it
 * heard live unless the session's latest is further along (stores/training.ts furtherAlong),
 * and the session ages the latest event's clock by the time since it came
 * (services/session.ts agedProgress). Expected values are worked out by hand below.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { agedProgress } from '../../src/main/services/session';
import { furtherAlong, pauseAutoClock } from '../../src/renderer/src/stores/training';
import type { AutoProgress } from '../../src/shared/domain';

const at = (
  phase: AutoProgress['phase'],
  trialsDone: number,
  elapsedSeconds = 10,
): AutoProgress => ({
  phase,
  trialsDone,
  bestScore: null,
  elapsedSeconds,
  budgetSeconds: 60,
});

describe('Auto progress order', () => {
  it('a later phase or more trials in the same phase is further along, nothing else', () => {
    expect(furtherAlong(at('search', 2), at('defaults', 2))).toBe(true);
    expect(furtherAlong(at('final', 7), at('finalist', 8))).toBe(true);
    expect(furtherAlong(at('search', 5), at('search', 4))).toBe(true);
    expect(furtherAlong(at('search', 4), at('search', 4))).toBe(false);
    expect(furtherAlong(at('defaults', 2), at('search', 1))).toBe(false);
    expect(furtherAlong(at('finalist', 9), at('final', 9))).toBe(false);
  });
});

describe("the session ages an Auto run's clock", () => {
  afterEach(() => vi.useRealTimers());

  it('adds the seconds since the event came, except once the search is over', () => {
    vi.useFakeTimers();
    vi.setSystemTime(1_000_000);
    // The event came 42.5 s ago at 10 s of the search: a page opened now shows 52.5 s.
    expect(agedProgress(at('defaults', 0), 1_000_000 - 42_500).elapsedSeconds).toBe(52.5);
    // 'final' carries the search's own time: 10 s, not aged.
    expect(agedProgress(at('final', 3), 1_000_000 - 42_500).elapsedSeconds).toBe(10);
    // Never heard when: as it came.
    expect(agedProgress(at('search', 3), undefined).elapsedSeconds).toBe(10);
  });
});

describe('a paused Auto run’s clock stands', () => {
  afterEach(() => vi.useRealTimers());

  it('the session does not age the latest event while the run is paused', () => {
    vi.useFakeTimers();
    vi.setSystemTime(1_000_000);
    // Came 42.5 s ago at 10 s; paused: the budget's clock stopped, 10 s (not 52.5 s).
    expect(agedProgress(at('search', 3), 1_000_000 - 42_500, true).elapsedSeconds).toBe(10);
    expect(agedProgress(at('search', 3), 1_000_000 - 42_500, false).elapsedSeconds).toBe(52.5);
  });

  it('the page stops its clock at the pause and counts again from the resume', () => {
    const live = { progress: at('search', 3), receivedAt: 1_000, trials: [] };
    // Paused 4.5 s after the event at 10 s: the clock stands at 14.5 s from then on.
    const paused = pauseAutoClock(live, true, 5_500);
    expect(paused.progress.elapsedSeconds).toBe(14.5);
    expect(paused.receivedAt).toBe(5_500);
    // Resumed 60 s later: still 14.5 s, counting from the resume (60 s not charged).
    const resumed = pauseAutoClock(paused, false, 65_500);
    expect(resumed.progress.elapsedSeconds).toBe(14.5);
    expect(resumed.receivedAt).toBe(65_500);
    // The search's 'final' event keeps its own time.
    const final = { ...live, progress: at('final', 3) };
    expect(pauseAutoClock(final, true, 5_500)).toBe(final);
  });
});
