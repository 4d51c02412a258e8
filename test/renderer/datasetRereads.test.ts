/**
 * The studio follows `datasets.changed` by reading the changed dataset again, one read at
 * a time per project and dataset (src/renderer/src/stores/datasetRereads.ts). Found by a
 * reviewer: keyed by dataset id alone, a project switched during a read lost the new
 * project's change; an error while a change waited lost that change; a project closed
 * during a read showed a warning. The API is a fake whose replies the test releases one by
 * one, so the order of events is fixed; the expected reads are counted by hand.
 */
import { describe, expect, it } from 'vitest';
import {
  datasetRereads,
  type DatasetRereadHost,
} from '../../src/renderer/src/stores/datasetRereads';
import type { DatasetInfo } from '../../src/shared/domain';

/** A dataset entry as the fake API returns it: `name` tells which reply it was. */
const dataset = (id: number, name: string) => ({ id, name }) as unknown as DatasetInfo;

class NotFound extends Error {}

/** A fake store and API: each read waits until the test resolves or rejects it. */
function fakeHost(path = '/p/a.mtlproj') {
  const reads: {
    path: string | undefined;
    id: number;
    resolve: (name: string) => void;
    reject: (err: unknown) => void;
  }[] = [];
  const state = {
    path: path as string | undefined,
    list: [dataset(1, 'first'), dataset(2, 'other')],
    reloads: 0,
  };
  const host: DatasetRereadHost = {
    projectPath: () => state.path,
    listed: (id) => state.list.some((d) => d.id === id),
    read: (id) =>
      new Promise<DatasetInfo>((resolve, reject) =>
        reads.push({
          path: state.path,
          id,
          resolve: (name) => resolve(dataset(id, name)),
          reject,
        }),
      ),
    replace: (d) => (state.list = state.list.map((x) => (x.id === d.id ? d : x))),
    reloadList: async () => {
      state.reloads++;
    },
    isNotFound: (err) => err instanceof NotFound,
  };
  return { host, reads, state };
}

/** Lets the follower's awaits run. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));
const names = (list: DatasetInfo[]) => list.map((d) => d.name);
const changed = (datasetId: number) => ({ datasetId, deleted: false });

describe('following datasets.changed', () => {
  it('merges the changes during a read into one more read, ending on the last', async () => {
    const { host, reads, state } = fakeHost();
    const follow = datasetRereads(host);
    const first = follow(changed(1));
    // Three more changes while the first read is out: no read of their own.
    await Promise.all([follow(changed(1)), follow(changed(1)), follow(changed(1))]);
    expect(reads).toHaveLength(1);
    reads[0].resolve('after write 1');
    await settle();
    // By hand: one read for the first change, one more for the three during it.
    expect(reads).toHaveLength(2);
    reads[1].resolve('after write 4');
    await first;
    expect(names(state.list)).toEqual(['after write 4', 'other']);
    expect(state.reloads).toBe(0);
  });

  it('a change carrying its dataset (a label write) is taken without a read', async () => {
    const { host, reads, state } = fakeHost();
    const follow = datasetRereads(host);
    // Three label writes in a row, each event with the dataset the server read for it.
    for (const n of [1, 2, 3]) {
      await follow({ ...changed(1), dataset: dataset(1, `pushed ${n}`) });
    }
    expect(reads).toHaveLength(0);
    expect(names(state.list)).toEqual(['pushed 3', 'other']);
    // One without it (a rename) is still read.
    const renamed = follow(changed(1));
    expect(reads).toHaveLength(1);
    reads[0].resolve('renamed');
    await renamed;
    expect(names(state.list)).toEqual(['renamed', 'other']);
  });

  it('a dataset deleted during a read: the list is read again, no error', async () => {
    const { host, reads, state } = fakeHost();
    const follow = datasetRereads(host);
    const first = follow(changed(1));
    reads[0].reject(new NotFound('Dataset 1 not found'));
    await expect(first).resolves.toBeUndefined();
    expect(state.reloads).toBe(1);
    expect(names(state.list)).toEqual(['first', 'other']);
  });

  it("a project switched during a read: the new project's change is read, the old reply dropped", async () => {
    const { host, reads, state } = fakeHost('/p/a.mtlproj');
    const follow = datasetRereads(host);
    const first = follow(changed(1));
    // Project b opens (its own dataset 1 listed) and its dataset 1 changes.
    state.path = '/p/b.mtlproj';
    state.list = [dataset(1, 'b first')];
    const second = follow(changed(1));
    // By hand: two reads, one per project (keyed by path and id).
    expect(reads.map((r) => r.path)).toEqual(['/p/a.mtlproj', '/p/b.mtlproj']);
    reads[1].resolve('b after write');
    reads[0].resolve('a after write');
    await Promise.all([first, second]);
    expect(names(state.list)).toEqual(['b after write']);
  });

  it('a project closed during a read: its failure is not surfaced', async () => {
    const { host, reads, state } = fakeHost();
    const follow = datasetRereads(host);
    const first = follow(changed(1));
    state.path = undefined;
    reads[0].reject(new Error('No project is open.'));
    await expect(first).resolves.toBeUndefined();
    expect(state.reloads).toBe(0);
  });

  it('a read failing while a change waits: the change is still read', async () => {
    const { host, reads, state } = fakeHost();
    const follow = datasetRereads(host);
    const first = follow(changed(1));
    await follow(changed(1));
    reads[0].reject(new Error('database is locked'));
    await settle();
    expect(reads).toHaveLength(2);
    reads[1].resolve('after write 2');
    await expect(first).resolves.toBeUndefined();
    expect(names(state.list)).toEqual(['after write 2', 'other']);
  });

  it('a read failing with no change waiting: its error reaches the caller', async () => {
    const { host, reads } = fakeHost();
    const follow = datasetRereads(host);
    const first = follow(changed(1));
    reads[0].reject(new Error('database is locked'));
    await expect(first).rejects.toThrow('database is locked');
  });
});
