/**
 * The transports' coalescing of `training.epoch` events (services/epochCoalescing.ts): a
 * run's epochs wait at most EPOCH_PUSH_MS and go out as one event; any other event sends
 * them first. Expected values: the epochs emitted below, in order.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { EventChannel, TrainingEpochEvent } from '../../src/shared/contract';
import type { EpochRecord } from '../../src/shared/domain';
import { coalesceEpochEvents, EPOCH_PUSH_MS } from '../../src/main/services/epochCoalescing';

const record = (epoch: number): EpochRecord => ({
  epoch,
  trainLoss: 1,
  valLoss: 1,
  tasks: {},
  seconds: 0,
});

describe('coalesced epoch events', () => {
  afterEach(() => vi.useRealTimers());

  it('sends a run’s epochs as one event once the window has passed, not before', () => {
    vi.useFakeTimers();
    const sent: { channel: EventChannel; payload: unknown }[] = [];
    const pushes = coalesceEpochEvents((channel, payload) => sent.push({ channel, payload }));
    for (let e = 1; e <= 1000; e++) {
      pushes.listener('training.epoch', { runId: 3, records: [record(e)] });
    }
    vi.advanceTimersByTime(EPOCH_PUSH_MS - 1);
    expect(sent).toHaveLength(0);
    vi.advanceTimersByTime(1);
    expect(sent).toHaveLength(1);
    const { runId, records } = sent[0].payload as TrainingEpochEvent;
    expect(runId).toBe(3);
    expect(records.map((r) => r.epoch)).toEqual(Array.from({ length: 1000 }, (_, i) => i + 1));
    // Nothing held: no further event.
    vi.advanceTimersByTime(10 * EPOCH_PUSH_MS);
    expect(sent).toHaveLength(1);
    pushes.dispose();
  });

  it('sends the epochs held before any other event, which is not delayed', () => {
    vi.useFakeTimers();
    const sent: EventChannel[] = [];
    const pushes = coalesceEpochEvents((channel) => sent.push(channel));
    pushes.listener('training.epoch', { runId: 1, records: [record(1)] });
    pushes.listener('training.epoch', { runId: 2, records: [record(1)] });
    pushes.listener('training.paused', { runId: 1, paused: true });
    expect(sent).toEqual(['training.epoch', 'training.epoch', 'training.paused']);
    // The timer was cleared with the flush: nothing more comes.
    vi.advanceTimersByTime(10 * EPOCH_PUSH_MS);
    expect(sent).toHaveLength(3);
    pushes.dispose();
  });
});
