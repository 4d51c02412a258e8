/**
 * Resume of a cancelled run, as the Train view follows it (found by a new user: after Resume
 * the dashboard showed the previous attempt's epochs and curves). Run 5 was cancelled after
 * epoch 37 with its checkpoint after epoch 30; Resume trains epochs 31… again (the project
 * deletes the stored 31–37 as it resumes, store/trainingCheckpoints.ts). The page held 1–37
 * live: before the fix the new attempt's 31–37 were dropped as already held and the old ones
 * stayed. The epochs and statuses below are that situation, written out here.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ref } from 'vue';
import { createI18n } from 'vue-i18n';
import { MESSAGES } from '../../src/renderer/src/i18n';
import type { EventChannel } from '../../src/shared/contract';
import type { EpochRecord, RunInfo } from '../../src/shared/domain';
import type { StudioApi } from '../../src/renderer/src/api';
import { dropEpochsAfter } from '../../src/renderer/src/stores/epochBuffer';
import { createTraining } from '../../src/renderer/src/stores/training';

/** An epoch record; `attempt` marks which attempt trained it (in its train loss). */
const record = (epoch: number, attempt: number): EpochRecord => ({
  epoch,
  trainLoss: attempt,
  valLoss: 1,
  tasks: { species: { trainLoss: attempt, valLoss: 1, valAccuracy: 0.5, valMacroF1: 0.5 } },
  seconds: 0.01,
});
const range = (from: number, to: number, attempt: number): EpochRecord[] =>
  Array.from({ length: to - from + 1 }, (_, i) => record(from + i, attempt));
const run = (status: RunInfo['status'], checkpointEpoch?: number): RunInfo =>
  ({ id: 5, datasetId: 1, status, checkpointEpoch }) as RunInfo;

/** A client whose events the test sends (`emit`); invoke is not used here. */
function fakeClient() {
  const listeners = new Map<EventChannel, (payload: unknown) => void>();
  const client = {
    transport: 'websocket',
    invoke: () => Promise.reject(new Error('not used')),
    on: (channel: EventChannel, listener: (payload: unknown) => void) => {
      listeners.set(channel, listener);
      return () => listeners.delete(channel);
    },
    onConnection: () => () => undefined,
  } as unknown as StudioApi;
  return {
    client,
    emit: (channel: EventChannel, payload: unknown) => listeners.get(channel)?.(payload),
  };
}

describe('dropEpochsAfter', () => {
  it('keeps the epochs up to the checkpoint, in place', () => {
    const list = range(1, 37, 1);
    expect(dropEpochsAfter(list, 30)).toBe(7);
    expect(list.map((r) => r.epoch)).toEqual(range(1, 30, 1).map((r) => r.epoch));
    expect(dropEpochsAfter(list, 30)).toBe(0);
    expect(dropEpochsAfter(list, 0)).toBe(30);
    expect(list).toEqual([]);
  });
});

describe('a resumed run in the training store', () => {
  afterEach(() => vi.useRealTimers());

  it('drops the previous attempt’s epochs after the checkpoint and says it resumes until a new epoch', () => {
    vi.useFakeTimers();
    const training = createTraining({
      datasetId: ref(1),
      splitsVersion: ref(0),
      readForSelected: () => Promise.resolve(),
      inBackground: () => undefined,
    });
    const { client, emit } = fakeClient();
    training.followTrainingEvents(client);
    const views = training.forViews;
    views.upsertRun(run('running'));
    emit('training.epoch', { runId: 5, records: range(1, 37, 1) });
    emit('training.finished', { run: run('cancelled', 30) });
    expect(views.epochsOf(5)).toHaveLength(37);
    expect(views.resumedFromOf(5)).toBeNull();

    // Resume: the answer (or the started event of another page) lists it running again.
    emit('training.started', { run: run('running', 30) });
    expect(views.epochsOf(5).map((r) => r.epoch)).toEqual(range(1, 30, 1).map((r) => r.epoch));
    expect(views.resumedFromOf(5)).toBe(30);
    // The resume's own answer after the event changes nothing more.
    views.upsertRun(run('running', 30));
    expect(views.epochsOf(5)).toHaveLength(30);

    // The new attempt's epochs 31–33 are taken (before the fix: dropped as already held).
    emit('training.epoch', { runId: 5, records: range(31, 33, 2) });
    vi.runAllTimers();
    const epochs = views.epochsOf(5);
    expect(epochs.map((r) => r.epoch)).toEqual(range(1, 33, 1).map((r) => r.epoch));
    expect(epochs.slice(30).every((r) => r.trainLoss === 2)).toBe(true);
    expect(views.resumedFromOf(5)).toBeNull();
  });

  it('follows a Resume done by another page, heard as a reread list', () => {
    let answer: RunInfo[] = [];
    const training = createTraining({
      datasetId: ref(1),
      splitsVersion: ref(0),
      readForSelected: async (read, keep) => keep(answer as never[]),
      inBackground: () => undefined,
    });
    const views = training.forViews;
    views.upsertRun(run('cancelled', 12));
    views.mergeStoredEpochs(5, range(1, 20, 1));
    answer = [run('running', 12)];
    return views.refreshRuns().then(() => {
      expect(views.epochsOf(5)).toHaveLength(12);
      expect(views.resumedFromOf(5)).toBe(12);
    });
  });
});

describe('the note of a resuming run', () => {
  it('names the checkpoint’s epoch in en and zh-CN (the messages written out here)', () => {
    const i18n = createI18n({ legacy: false, locale: 'en', messages: MESSAGES });
    expect(i18n.global.t('train.resumingFrom', { epoch: 30 })).toBe(
      'Resuming from the checkpoint after epoch 30: the curves stop there until the resumed training’s first epoch.',
    );
    i18n.global.locale.value = 'zh-CN';
    expect(i18n.global.t('train.resumingFrom', { epoch: 30 })).toBe(
      '正在从第 30 轮后的检查点继续：在继续训练的第一轮完成之前，曲线只显示到该轮。',
    );
  });
});

describe('a run stopped while the server goes away', () => {
  it('shows the status training.failed names, though the reread of the runs is lost', () => {
    // A new user's Ctrl-C: the server interrupted the run and closed the connection before
    // the page's reread of the runs was answered; the run stayed 'running'.
    let rereads = 0;
    const training = createTraining({
      datasetId: ref(1),
      splitsVersion: ref(0),
      readForSelected: () => Promise.resolve(),
      inBackground: () => void rereads++,
    });
    const { client, emit } = fakeClient();
    training.followTrainingEvents(client);
    const views = training.forViews;
    views.upsertRun(run('running'));
    expect(views.runningRuns.value).toHaveLength(1);
    const error = { code: 'TRAINING_INTERRUPTED', message: 'Training was interrupted' };
    emit('training.failed', { runId: 5, cancelled: false, interrupted: true, error });
    expect(views.runs.value[0]).toMatchObject({
      status: 'interrupted',
      error: 'Training was interrupted',
      errorCode: 'TRAINING_INTERRUPTED',
    });
    expect(views.runningRuns.value).toEqual([]);
    expect(rereads).toBe(1);
  });

  it('marks its checkpoint unread until a reread lists the run (then as the project says)', async () => {
    // A new user's SIGINT mid-training: the open tab said "no checkpoint to resume from"
    // (the run as listed when it started had none), yet after the restart Resume offered
    // the checkpoint after epoch 18. The reread answer below is that project's listing.
    let answer: RunInfo[] | null = null;
    const training = createTraining({
      datasetId: ref(1),
      splitsVersion: ref(0),
      readForSelected: async (read, keep) => {
        if (answer) keep(answer as never[]);
      },
      inBackground: () => undefined,
    });
    const { client, emit } = fakeClient();
    training.followTrainingEvents(client);
    const views = training.forViews;
    views.upsertRun(run('running'));
    expect(views.stopUnread(5)).toBe(false);
    const error = { code: 'TRAINING_INTERRUPTED', message: 'Training was interrupted' };
    emit('training.failed', { runId: 5, cancelled: false, interrupted: true, error });
    expect(views.stopUnread(5)).toBe(true);
    // The reread is lost with the connection: still unread.
    await views.refreshRuns();
    expect(views.stopUnread(5)).toBe(true);
    // Reconnected: the project lists it interrupted with its checkpoint.
    answer = [run('interrupted', 18)];
    await views.refreshRuns();
    expect(views.stopUnread(5)).toBe(false);
    expect(views.runs.value[0].checkpointEpoch).toBe(18);
  });

  it('does not mark a cancelled or failed run (its stop is not the server going away)', () => {
    const training = createTraining({
      datasetId: ref(1),
      splitsVersion: ref(0),
      readForSelected: () => Promise.resolve(),
      inBackground: () => undefined,
    });
    const { client, emit } = fakeClient();
    training.followTrainingEvents(client);
    const views = training.forViews;
    views.upsertRun(run('running'));
    const error = { code: 'TRAINING_CANCELLED', message: 'Training was cancelled.' };
    emit('training.failed', { runId: 5, cancelled: true, interrupted: false, error });
    expect(views.runs.value[0].status).toBe('cancelled');
    expect(views.stopUnread(5)).toBe(false);
  });
});
