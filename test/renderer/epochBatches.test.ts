/**
 * A fast run's epochs reach the page in batches (`training.epoch` carries every record since
 * the server's previous push, services/epochCoalescing.ts): the training store appends a
 * batch in bulk, in place, and tells the views once per flush; the Train view's curves draw a
 * strided subset of a long run. Expected values are the records built below.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ref } from 'vue';
import type { EventChannel } from '../../src/shared/contract';
import type { EpochRecord } from '../../src/shared/domain';
import type { StudioApi } from '../../src/renderer/src/api';
import { appendEpochs, latestEpoch } from '../../src/renderer/src/stores/epochBuffer';
import { createTraining } from '../../src/renderer/src/stores/training';
import { MAX_CHART_POINTS, taskCurvesChart } from '../../src/renderer/src/components/epochCharts';

const record = (epoch: number): EpochRecord => ({
  epoch,
  trainLoss: 1 / epoch,
  valLoss: 2 / epoch,
  tasks: {
    species: { trainLoss: 1 / epoch, valLoss: 2 / epoch, valAccuracy: 0.6, valMacroF1: 0.5 },
  },
  seconds: 0.001,
});
const range = (from: number, to: number): EpochRecord[] =>
  Array.from({ length: to - from + 1 }, (_, i) => record(from + i));

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

describe('appendEpochs', () => {
  it('pushes a batch that follows the list, inserts one that does not, skips epochs held', () => {
    const list = range(1, 3);
    expect(appendEpochs(list, range(4, 60_003))).toBe(60_000);
    expect(list).toHaveLength(60_003);
    expect(list.at(-1)?.epoch).toBe(60_003);
    // Out of order (epoch 2 is held, 0 and 70 000 are not): two added, sorted.
    expect(appendEpochs(list, [record(70_000), record(2), record(0)])).toBe(2);
    expect(list.slice(0, 3).map((r) => r.epoch)).toEqual([0, 1, 2]);
    expect(list.at(-1)?.epoch).toBe(70_000);
  });
});

describe('the epoch a run has reached', () => {
  it('is its latest record’s, not the number of records held (a page opened mid-run)', () => {
    // Opened at epoch 60 000: only the epochs heard live since (59 998–60 000) are held.
    expect(latestEpoch(range(59_998, 60_000))).toBe(60_000);
    expect(latestEpoch([])).toBe(0);
  });
});

describe('the training store takes epochs in batches', () => {
  afterEach(() => vi.useRealTimers());

  it('appends every record of each batch, in order, and tells the views once per flush', () => {
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
    // 60 000 epochs in 300 batches of 200, as the server pushes a fast run.
    for (let b = 0; b < 300; b++) {
      emit('training.epoch', { runId: 7, records: range(b * 200 + 1, b * 200 + 200) });
    }
    // Nothing told to the views before the flush…
    expect(views.epochEvents.value).toBe(0);
    vi.runAllTimers();
    // …then every record, in order.
    expect(views.epochEvents.value).toBe(60_000);
    const epochs = views.epochsOf(7);
    expect(epochs).toHaveLength(60_000);
    expect(epochs.every((r, i) => r.epoch === i + 1)).toBe(true);
  });
});

describe('the curves of a long run', () => {
  it('draw at most MAX_CHART_POINTS points, keeping the first, the last and the best epoch', () => {
    const epochs = range(1, 60_000);
    const option = taskCurvesChart(epochs, 'species', 31_337, (k) => k) as {
      xAxis: { data: number[] };
      series: { data: unknown[]; sampling?: string }[];
    };
    const shown = option.xAxis.data;
    expect(shown.length).toBeLessThanOrEqual(MAX_CHART_POINTS + 2);
    expect(shown[0]).toBe(1);
    expect(shown.at(-1)).toBe(60_000);
    expect(shown).toContain(31_337);
    for (const s of option.series) expect(s.data).toHaveLength(shown.length);
    // A short run keeps every epoch.
    const short = taskCurvesChart(range(1, 50), 'species', null, (k) => k) as {
      xAxis: { data: number[] };
    };
    expect(short.xAxis.data).toEqual(range(1, 50).map((r) => r.epoch));
  });
});
