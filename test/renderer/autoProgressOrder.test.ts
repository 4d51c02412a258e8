/**
 * Auto progress after a reconnect or a reload (found by a review): the page keeps what it
 * heard live unless the session's latest is further along (stores/studio.ts furtherAlong),
 * and the session ages the latest event's clock by the time since it came
 * (services/session.ts agedProgress). Expected values are worked out by hand below.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { agedProgress } from '../../src/main/services/session';
import { furtherAlong } from '../../src/renderer/src/stores/studio';
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
