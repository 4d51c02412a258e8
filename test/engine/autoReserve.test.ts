/**
 * The time Auto keeps back for its finalist while it runs search trials
 * (engine/autoSpace.ts finalistReserve): the costliest run like a normal run or the
 * finalist-so-far's trial cost per epoch × the epochs early stopping is expected to train
 * (best epoch + patience, at most the epoch cap), never more than AUTO_RESERVE_SHARE of the
 * budget. Every expected value is computed by hand in the comment next to it.
 */
import { describe, expect, it } from 'vitest';
import { AUTO_RESERVE_SHARE, finalistReserve } from '../../src/main/engine/autoSpace';

describe("Auto's finalist reserve", () => {
  it('keeps back at most 40 % of the budget', () => {
    expect(AUTO_RESERVE_SHARE).toBe(0.4);
  });

  // Diamonds fold 0 (bench/autoTrials.ts, before this change): hard sharing 208 epochs in
  // 3.8 s (best 188 with patience 20), single-task 139 epochs in 4.6 s (best 119), then a
  // 3-epoch single-task [256, 256, 128] trial in 3.2 s.
  const diamonds = [
    { seconds: 3.8, bestEpoch: 188 },
    { seconds: 4.6, bestEpoch: 119 },
  ];
  const bigTrial = { seconds: 3.2, epochs: 3 };

  it("reserves the leader's expected early-stopping run when it fits the share", () => {
    // Expected epochs ((188 + 20) + (119 + 20)) / 2 = 173.5; 3.2 / 3 s an epoch × 173.5 =
    // 185.0667 s, more than the costliest default's 4.6 s; a 1 000 s budget's 40 % is 400 s.
    expect(finalistReserve(diamonds, bigTrial, 20, 500, 1000)).toBeCloseTo(185.0667, 4);
  });

  it('caps it at 40 % of the budget', () => {
    // The same 185.07 s against a 30 s budget: 0.4 × 30 = 12 s (before: 185 s, which ended
    // the search after 3 trials).
    expect(finalistReserve(diamonds, bigTrial, 20, 500, 30)).toBeCloseTo(12, 12);
  });

  it("keeps the costliest default's time when there is no leader or it is cheaper", () => {
    // No search trial yet: max(3.8, 4.6) = 4.6 s (under 0.4 × 30 = 12 s).
    expect(finalistReserve(diamonds, null, 20, 500, 30)).toBeCloseTo(4.6, 12);
    // A cheap leader, 0.003 s for 3 epochs: 0.001 × 173.5 = 0.1735 s < 4.6 s.
    expect(finalistReserve(diamonds, { seconds: 0.003, epochs: 3 }, 20, 500, 30)).toBeCloseTo(
      4.6,
      12,
    );
    // The defaults' time is capped too: 0.4 × 10 = 4 s < 4.6 s.
    expect(finalistReserve(diamonds, null, 20, 500, 10)).toBeCloseTo(4, 12);
  });

  it('counts a run at the length early stopping would give it, at most the epoch cap', () => {
    // Best epochs 10 and 2, patience 20, cap 25: min(25, 30) = 25 and min(25, 22) = 22, mean
    // 23.5 (a run cut at the budget's end counts at this length, not at the epochs it ran);
    // the leader's 2 s for 4 epochs: 0.5 × 23.5 = 11.75 s > the defaults' 1 s, < 0.4 × 100.
    const runs = [
      { seconds: 1, bestEpoch: 10 },
      { seconds: 0.5, bestEpoch: 2 },
    ];
    expect(finalistReserve(runs, { seconds: 2, epochs: 4 }, 20, 25, 100)).toBeCloseTo(11.75, 12);
  });

  it('expects the epoch cap without early stopping (patience 0)', () => {
    // Patience 0: every run trains its 50-epoch cap; the leader's 1 s for 10 epochs × 50 = 5 s.
    expect(
      finalistReserve([{ seconds: 0.2, bestEpoch: 5 }], { seconds: 1, epochs: 10 }, 0, 50, 100),
    ).toBeCloseTo(5, 12);
  });

  it('keeps nothing back before anything ran', () => {
    expect(finalistReserve([], null, 20, 500, 30)).toBe(0);
    // A leader but no normal run to expect a length from: 0 epochs expected.
    expect(finalistReserve([], { seconds: 3, epochs: 3 }, 20, 500, 30)).toBe(0);
  });
});
