/**
 * The affinity panel's loads keep each result with its dataset (composables/affinityLoads.ts):
 * a measure of dataset 1 that ends after the user switched to dataset 2 shows neither its
 * result, its grouping nor its error under 2, and 2's stored result (read while 1 was
 * measured) is shown; a stored read is skipped only while the same dataset is measured.
 * The API is a stub answering when the test releases each call.
 */
import { describe, expect, it } from 'vitest';
import { ref } from 'vue';
import type { TaskAffinityView } from '../../src/shared/contract';
import { useAffinityLoads } from '../../src/renderer/src/composables/affinityLoads';

function view(id: number, groups: string[][]): TaskAffinityView {
  return {
    id,
    tasks: ['a', 'b'],
    affinity: [
      [0, 0.1],
      [0.2, 0],
    ],
    groups,
    samples: 3,
    method: 'lookahead',
    splitId: 1,
    steps: 9,
    computedAt: '2026-12-03T10:00:00.000Z',
    changedSince: { labels: 0, tasks: false },
  };
}

/** A promise and the functions that settle it. */
function deferred<T>(): {
  promise: Promise<T>;
  resolve: (v: T) => void;
  reject: (e: unknown) => void;
} {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

function setup() {
  // Reactive, as the studio store's datasetId.
  const open = ref<number | null>(1);
  const stored = new Map<number, ReturnType<typeof deferred<TaskAffinityView | null>>>();
  const measured = new Map<number, ReturnType<typeof deferred<TaskAffinityView>>>();
  const groups: string[][][] = [];
  const loads = useAffinityLoads({
    datasetId: () => open.value,
    stored: (id) => {
      stored.set(id, deferred());
      return stored.get(id)!.promise;
    },
    measure: (id) => {
      measured.set(id, deferred());
      return measured.get(id)!.promise;
    },
    onGroups: (g) => groups.push(g),
  });
  return { loads, stored, measured, groups, openDataset: (id: number) => (open.value = id) };
}

describe('affinity panel loads', () => {
  it("keeps dataset 2's stored result when dataset 1's measure ends after the switch", async () => {
    const { loads, stored, measured, groups, openDataset } = setup();
    const firstLoad = loads.loadStored();
    stored.get(1)!.resolve(null);
    await firstLoad;
    const measuring = loads.measure();
    expect(loads.measuring.value).toBe(true);
    openDataset(2);
    expect(loads.measuring.value).toBe(false);
    const secondLoad = loads.loadStored();
    stored.get(2)!.resolve(view(20, [['b'], ['a']]));
    await secondLoad;
    expect(loads.result.value?.id).toBe(20);
    measured.get(1)!.resolve(view(10, [['a', 'b']]));
    await measuring;
    // Still dataset 2's result and grouping: 1's measure (id 10) is not shown under 2.
    expect(loads.result.value?.id).toBe(20);
    expect(groups.at(-1)).toEqual([['b'], ['a']]);
  });

  it("shows no error of dataset 1's stored read or measure under dataset 2", async () => {
    const { loads, stored, measured, openDataset } = setup();
    const firstLoad = loads.loadStored();
    const measuring = loads.measure();
    openDataset(2);
    const secondLoad = loads.loadStored();
    stored.get(1)!.reject(new Error('read of 1 failed'));
    measured.get(1)!.reject(new Error('measure of 1 failed'));
    await Promise.all([firstLoad, measuring]);
    stored.get(2)!.resolve(null);
    await secondLoad;
    expect(loads.error.value).toBeNull();
  });

  it('skips a stored read only while the same dataset is measured', async () => {
    const { loads, stored, measured } = setup();
    const measuring = loads.measure();
    const load = loads.loadStored();
    stored.get(1)!.resolve(view(5, [['a'], ['b']]));
    await load;
    expect(loads.result.value).toBeNull();
    measured.get(1)!.resolve(view(6, [['a', 'b']]));
    await measuring;
    expect(loads.result.value?.id).toBe(6);
  });
});
