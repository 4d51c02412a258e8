/**
 * The Cancel question's numbers (found by a new user: "trained for 32 s (102 epochs)" while
 * the panel said "Epoch 138"). A resumed run's panel holds epochs 37…138 (its epochs before
 * the checkpoint were read as stored, those after it heard live: 102 records), so counting
 * records said 102 where the panel's latest epoch, 138, is what it shows. Expected sentences
 * are the i18n strings written out by hand; times are ISO strings 32 s apart.
 */
import { createI18n } from 'vue-i18n';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  cancelQuestionMessage,
  followCheckpoint,
} from '../../src/renderer/src/components/cancelQuestion';
import { MESSAGES } from '../../src/renderer/src/i18n';
import type { EpochRecord } from '../../src/shared/domain';

const i18n = createI18n({ legacy: false, locale: 'en', messages: MESSAGES });

function t(key: string, values?: Record<string, unknown>): string {
  return i18n.global.t(key, values ?? {});
}

const epochs = (from: number, to: number): EpochRecord[] =>
  Array.from({ length: to - from + 1 }, (_, i) => ({ epoch: from + i }) as EpochRecord);
const run = { startedAt: '2026-12-05T08:00:00.000Z', finishedAt: null, status: 'running' as const };
const at = (seconds: number) => Date.parse(run.startedAt) + seconds * 1000;

describe('the Cancel question', () => {
  it('says the latest epoch the panel shows, and the time to now', () => {
    i18n.global.locale.value = 'en';
    expect(epochs(37, 138)).toHaveLength(102);
    expect(cancelQuestionMessage(run, epochs(37, 138), at(32), 130, t)).toBe(
      'So far it has trained for 32 s, to epoch 138. A cancelled run keeps its curves and its latest checkpoint (after epoch 130 as of now; a later one may be saved before it stops) but is not scored; Resume continues it from that checkpoint.',
    );
    i18n.global.locale.value = 'zh-CN';
    expect(cancelQuestionMessage(run, epochs(37, 138), at(32), 130, t)).toBe(
      '到目前为止它已训练 32 秒，到第 138 轮。取消的运行保留曲线和最新的检查点（目前在第 130 轮后；停止前可能还会保存更新的检查点），但不会评分；可用“断点续训”从该检查点继续。',
    );
  });

  it('follows the run as it trains on while the question is open', () => {
    i18n.global.locale.value = 'en';
    expect(cancelQuestionMessage(run, epochs(1, 140), at(35), 120, t)).toContain(
      'trained for 35 s, to epoch 140.',
    );
    expect(cancelQuestionMessage(run, [], at(0), null, t)).toContain(
      'trained for 0 s, to epoch 0.',
    );
  });

  // Found by a new user: a run cancelled after 10 s, before its first checkpoint was saved,
  // had only Restart, though the question had promised Resume from the checkpoint.
  it('says there will be no Resume when the run has no checkpoint yet, or is an Auto run', () => {
    i18n.global.locale.value = 'en';
    expect(cancelQuestionMessage(run, epochs(1, 40), at(9), null, t)).toBe(
      'So far it has trained for 9 s, to epoch 40. It has no checkpoint yet (none was saved so far): a cancelled run keeps its curves but is not scored, and without a checkpoint it has no Resume, only Restart, which trains it again from the first epoch.',
    );
    expect(cancelQuestionMessage({ ...run, auto: true }, epochs(1, 40), at(9), null, t)).toBe(
      'So far it has trained for 9 s, to epoch 40. An Auto run saves no checkpoint: cancelled, it keeps its curves but is not scored and has no Resume, only Restart, which searches again from the start.',
    );
    i18n.global.locale.value = 'zh-CN';
    expect(cancelQuestionMessage(run, epochs(1, 40), at(9), null, t)).toContain('它还没有检查点');
  });
});

describe('the Cancel question of a paused run', () => {
  // Found by a new user: "So far it has trained for 109 s, to epoch 0" after 2 s of training
  // and a long pause. The run's time leaves the pause out: by hand, a run started at 0 s and
  // paused at 2 s, asked at 109 s, has trained 2 s; one paused at 7.4 s, 7 s (toFixed(0)).
  it('says the time it trained before the pause, and that it is paused', () => {
    i18n.global.locale.value = 'en';
    expect(cancelQuestionMessage(run, [], at(109), null, t, at(2))).toMatch(
      /^So far it has trained for 2 s and is paused now, before the end of its first epoch\. It has no checkpoint yet/,
    );
    expect(cancelQuestionMessage(run, epochs(1, 3), at(109), 2, t, at(7.4))).toMatch(
      /^So far it has trained for 7 s, to epoch 3, and is paused now\. A cancelled run keeps/,
    );
    // Not paused: the clock runs to now.
    expect(cancelQuestionMessage(run, epochs(1, 3), at(109), 2, t)).toMatch(
      /^So far it has trained for 109 s, to epoch 3\. A cancelled run keeps/,
    );
    i18n.global.locale.value = 'zh-CN';
    expect(cancelQuestionMessage(run, epochs(1, 3), at(109), 2, t, at(2))).toMatch(
      /^到目前为止它已训练 2 秒，到第 3 轮，现已暂停。取消的运行/,
    );
    i18n.global.locale.value = 'en';
  });
});

/**
 * The question's checkpoint follows the run while it is open (found by a new user: it said
 * "after epoch 18" while the run trained on; once cancelled the panel said 35). The project's
 * answers below are that run's checkpoints as they were saved; fake timers step the reads.
 */
describe('followCheckpoint', () => {
  afterEach(() => vi.useRealTimers());

  it('tells each later checkpoint read while the question is open, none after it closes', async () => {
    vi.useFakeTimers();
    const answers: (number | null | undefined)[] = [18, 18, 25, undefined, 35, 42];
    const told: number[] = [];
    const follows = followCheckpoint(
      () => Promise.resolve(answers.shift()),
      (epoch) => told.push(epoch),
      null,
      1000,
    );
    await follows.first;
    expect(told).toEqual([18]);
    await vi.advanceTimersByTimeAsync(1000); // 18 again: nothing new
    await vi.advanceTimersByTimeAsync(1000); // 25
    await vi.advanceTimersByTimeAsync(1000); // not known this time: 25 stays
    await vi.advanceTimersByTimeAsync(1000); // 35
    expect(told).toEqual([18, 25, 35]);
    follows.stop();
    await vi.advanceTimersByTimeAsync(5000);
    expect(told).toEqual([18, 25, 35]);
    expect(answers).toEqual([42]); // no read after stop
  });

  it('never goes back to an earlier epoch, nor reads twice at once', async () => {
    vi.useFakeTimers();
    let reads = 0;
    let answer: (epoch: number | null) => void = () => undefined;
    const told: number[] = [];
    const follows = followCheckpoint(
      () => {
        reads++;
        return new Promise((resolve) => (answer = resolve));
      },
      (epoch) => told.push(epoch),
      20,
      1000,
    );
    // The first read is slow: the ticks meanwhile start no second one.
    await vi.advanceTimersByTimeAsync(3000);
    expect(reads).toBe(1);
    answer(12); // older than the 20 held as it opened
    await follows.first;
    expect(told).toEqual([]);
    await vi.advanceTimersByTimeAsync(1000);
    expect(reads).toBe(2);
    answer(30);
    await vi.advanceTimersByTimeAsync(0);
    expect(told).toEqual([30]);
    follows.stop();
  });

  it('keeps asking after a failed read', async () => {
    vi.useFakeTimers();
    let calls = 0;
    const told: number[] = [];
    const follows = followCheckpoint(
      () => (++calls === 1 ? Promise.reject(new Error('socket closed')) : Promise.resolve(7)),
      (epoch) => told.push(epoch),
      null,
      1000,
    );
    await follows.first;
    expect(told).toEqual([]);
    await vi.advanceTimersByTimeAsync(1000);
    expect(told).toEqual([7]);
    follows.stop();
  });
});
