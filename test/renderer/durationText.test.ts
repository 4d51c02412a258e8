/**
 * The Auto trial table and the runs table in Simplified Chinese: a new user saw "28.5 s"
 * and class weights "balanced"/"none" in English. Expected texts are the zh-CN strings of
 * src/renderer/src/i18n (common.seconds, train.values), written out by hand.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { secondsText, trainedSeconds } from '../../src/renderer/src/durationText';
import { startWithoutPause } from '../../src/shared/trainedTime';
import { valueLabel } from '../../src/renderer/src/components/methodLabels';
import { i18n } from '../../src/renderer/src/i18n';

afterEach(() => {
  i18n.global.locale.value = 'en';
});

describe('durations and class weights in the UI language', () => {
  it('writes seconds with one decimal and the unit of the language', () => {
    i18n.global.locale.value = 'en';
    expect(secondsText(28.46)).toBe('28.5 s');
    expect(secondsText(0)).toBe('0.0 s');
    i18n.global.locale.value = 'zh-CN';
    expect(secondsText(28.46)).toBe('28.5 秒');
  });

  it('names the class weights of a trial in Chinese', () => {
    i18n.global.locale.value = 'zh-CN';
    expect(valueLabel('balanced')).toBe('平衡');
    expect(valueLabel('none')).toBe('无');
    i18n.global.locale.value = 'en';
    expect(valueLabel('balanced')).toBe('Balanced');
  });
});

/**
 * The seconds a run has trained (the runs table's Time, the cancel question): a new user saw
 * 0 s for a run cancelled 7 s in, and a resumed run at 37 s for 7.1 s trained. Expected
 * values: differences of the ISO times written here, by hand.
 */
describe('seconds a run has trained', () => {
  const now = Date.parse('2026-12-05T02:00:10.000Z');
  it('counts a running run up to now, a finished one to its end, a queued one not at all', () => {
    expect(trainedSeconds({ startedAt: '2026-12-05T02:00:03.000Z', finishedAt: null }, now)).toBe(
      7,
    );
    expect(
      trainedSeconds({ startedAt: '2026-12-05T02:00:03.000Z', finishedAt: null }, now + 1500),
    ).toBe(8.5);
    expect(
      trainedSeconds(
        { startedAt: '2026-12-05T01:00:00.000Z', finishedAt: '2026-12-05T01:00:07.100Z' },
        now,
      ),
    ).toBeCloseTo(7.1, 9);
    expect(trainedSeconds({ startedAt: null, finishedAt: null }, now)).toBeNull();
  });

  it('a stopped run whose end the page does not know does not count up to now', () => {
    const started = '2026-12-05T02:00:03.000Z';
    for (const status of ['cancelled', 'interrupted', 'failed', 'completed'] as const) {
      expect(trainedSeconds({ startedAt: started, finishedAt: null, status }, now)).toBeNull();
    }
    // Running: up to now (10 − 3 = 7 s); stopped with its end: to its end (5 − 3 = 2 s).
    expect(trainedSeconds({ startedAt: started, finishedAt: null, status: 'running' }, now)).toBe(
      7,
    );
    expect(
      trainedSeconds(
        { startedAt: started, finishedAt: '2026-12-05T02:00:05.000Z', status: 'cancelled' },
        now,
      ),
    ).toBe(2);
  });

  it('a resumed run (its start moved later by its downtime) counts from its trained time', () => {
    // 7.1 s trained, down 25 s, resumed at `now`: the server stores the start at now − 7.1 s.
    const resumed = { startedAt: '2026-12-05T02:00:02.900Z', finishedAt: null };
    expect(trainedSeconds(resumed, now)).toBeCloseTo(7.1, 9);
    expect(trainedSeconds(resumed, now + 2000)).toBeCloseTo(9.1, 9);
  });
});

/**
 * A paused run's time leaves its pauses out (found by a new user: "trained for 109 s" after
 * 2 s of training and a long pause). By hand: started at 02:00:03, paused at 02:00:05, the
 * clock stands at 2 s however late it is read; resumed at 02:00:20 after 15 s paused, its
 * start moves to 02:00:18, and at 02:00:25 it has trained 2 + 5 = 7 s.
 */
describe('a paused run', () => {
  const started = '2026-12-05T02:00:03.000Z';
  const pausedAt = Date.parse('2026-12-05T02:00:05.000Z');
  it('stands at the moment it paused', () => {
    const run = { startedAt: started, finishedAt: null, status: 'running' as const };
    expect(trainedSeconds(run, pausedAt + 100_000, pausedAt)).toBe(2);
    expect(trainedSeconds(run, pausedAt + 100_000, null)).toBe(102);
  });
  it('after its resume counts from its start moved later by the pause', () => {
    const moved = startWithoutPause(started, 15_000);
    expect(moved).toBe('2026-12-05T02:00:18.000Z');
    const run = { startedAt: moved, finishedAt: null };
    expect(trainedSeconds(run, Date.parse('2026-12-05T02:00:25.000Z'))).toBe(7);
    // A finished run counts to its end, whatever pause the page still holds.
    expect(
      trainedSeconds({ startedAt: moved, finishedAt: '2026-12-05T02:00:30.000Z' }, 0, pausedAt),
    ).toBe(12);
  });
  it('refuses a start that is not a time', () => {
    expect(() => startWithoutPause('yesterday', 1000)).toThrow(/"yesterday"/);
  });
});
