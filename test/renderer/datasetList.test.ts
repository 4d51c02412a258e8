/**
 * The studio's dataset list (src/renderer/src/stores/datasetList.ts): a list reload keeps
 * the object of every dataset whose contentVersion did not change — the table page watches
 * that object and reads its rows again when it is replaced, which a CLI training (one
 * epoch a second, each making the studio reload the list) did once a second — and the
 * newest read wins per dataset, whatever order the answers come in. The API is a fake whose
 * answers the test releases one by one, so the order is fixed; the expected lists are
 * written by hand.
 */
import { describe, expect, it } from 'vitest';
import { createDatasetList } from '../../src/renderer/src/stores/datasetList';
import type { DatasetInfo } from '../../src/shared/domain';

/** A dataset entry as the fake API answers it: `name` tells which answer it was. */
const dataset = (id: number, version: number, name = `d${id}v${version}`) =>
  ({ id, name, contentVersion: `v${version}` }) as unknown as DatasetInfo;

/** A fake store list; `sets` counts the times the list was replaced (what views watch). */
function fakeList(initial: DatasetInfo[] = []) {
  const state = { list: initial, sets: 0 };
  const list = createDatasetList({
    get: () => state.list,
    set: (next) => {
      state.list = next;
      state.sets++;
    },
  });
  return { list, state };
}

/** An answer the test releases by hand. */
function later<T>() {
  let release!: (value: T) => void;
  const promise = new Promise<T>((resolve) => (release = resolve));
  return { promise, release, read: () => promise };
}

const names = (list: readonly DatasetInfo[]) => list.map((d) => d.name);

describe('dataset list reloads', () => {
  it('keeps the objects of datasets whose version did not change, replaces the others', async () => {
    const { list, state } = fakeList();
    await list.reload(async () => [dataset(1, 10), dataset(2, 20)]);
    const [first, second] = state.list;
    expect(state.sets).toBe(1);

    // Same versions, new objects (as every answer is): nothing replaced, the list not set.
    await list.reload(async () => [dataset(1, 10, 'again'), dataset(2, 20, 'again')]);
    expect(state.list[0]).toBe(first);
    expect(state.list[1]).toBe(second);
    expect(state.sets).toBe(1);

    // Dataset 2 changed (a label swap: same counts, another version): only it is replaced.
    await list.reload(async () => [dataset(1, 10, 'again'), dataset(2, 21)]);
    expect(state.list[0]).toBe(first);
    expect(state.list[1]).not.toBe(second);
    expect(names(state.list)).toEqual(['d1v10', 'd2v21']);
    expect(state.sets).toBe(2);
  });

  it('adds a new dataset and drops a deleted one, keeping the unchanged', async () => {
    const { list, state } = fakeList();
    await list.reload(async () => [dataset(1, 10), dataset(2, 20)]);
    const first = state.list[0];
    await list.reload(async () => [dataset(1, 10), dataset(3, 30)]);
    expect(names(state.list)).toEqual(['d1v10', 'd3v30']);
    expect(state.list[0]).toBe(first);
  });

  it('a late list answer does not overwrite a newer single read', async () => {
    const { list, state } = fakeList();
    await list.reload(async () => [dataset(1, 10), dataset(2, 20)]);
    // The list is asked for (another program wrote), then a local label edit rereads 1.
    const slowList = later<DatasetInfo[]>();
    const reloading = list.reload(slowList.read);
    const reread = await list.read(async () => dataset(1, 11, 'after the edit'));
    list.replace(reread);
    expect(names(state.list)).toEqual(['after the edit', 'd2v20']);
    // The list answers last, with dataset 1 as it was before the edit, and 2 changed.
    slowList.release([dataset(1, 10, 'before the edit'), dataset(2, 22)]);
    await reloading;
    expect(names(state.list)).toEqual(['after the edit', 'd2v22']);
    expect(state.list[0]).toBe(reread);
  });

  it('a late single read does not overwrite a newer list', async () => {
    const { list, state } = fakeList();
    await list.reload(async () => [dataset(1, 10)]);
    const slowRead = later<DatasetInfo>();
    const reading = list.read(slowRead.read);
    await list.reload(async () => [dataset(1, 12, 'newer list')]);
    slowRead.release(dataset(1, 11, 'older read'));
    list.replace(await reading);
    expect(names(state.list)).toEqual(['newer list']);
  });

  it('of two lists out at once, an older answer coming last is dropped', async () => {
    const { list, state } = fakeList();
    const older = later<DatasetInfo[]>();
    const first = list.reload(older.read);
    await list.reload(async () => [dataset(1, 12, 'newer')]);
    older.release([dataset(1, 11, 'older')]);
    await first;
    expect(names(state.list)).toEqual(['newer']);
  });

  it('another project (reset) keeps nothing and drops the reads sent before it', async () => {
    const { list, state } = fakeList();
    await list.reload(async () => [dataset(1, 10, 'a')]);
    const aRead = later<DatasetInfo>();
    const reading = list.read(aRead.read);
    // Project b opens; its dataset 1 has, by chance, the same version as a's.
    await list.reload(async () => [dataset(1, 10, 'b')], { reset: true });
    expect(names(state.list)).toEqual(['b']);
    aRead.release(dataset(1, 11, 'a edited'));
    list.replace(await reading);
    expect(names(state.list)).toEqual(['b']);
    list.clear();
    expect(state.list).toEqual([]);
  });
  it('another project (reset) empties the list when it is sent: a faster later list keeps nothing of the old project', async () => {
    const { list, state } = fakeList();
    await list.reload(async () => [dataset(1, 10, 'a1'), dataset(2, 20, 'a2')]);
    const resetList = later<DatasetInfo[]>();
    const opening = list.reload(resetList.read, { reset: true });
    // Emptied at once: project a's datasets are not shown under project b.
    expect(state.list).toEqual([]);
    // A list of b sent later answers first; b's dataset 1 has, by chance, a's version.
    await list.reload(async () => [dataset(1, 10, 'b1'), dataset(3, 30, 'b3')]);
    expect(names(state.list)).toEqual(['b1', 'b3']);
    // The reset list answers last: older than the list taken, dropped whole.
    resetList.release([dataset(1, 10, 'b1 old')]);
    await opening;
    expect(names(state.list)).toEqual(['b1', 'b3']);
  });

  it('keeps a dataset missing from a list answer when it was read since the list was sent', async () => {
    const { list, state } = fakeList();
    await list.reload(async () => [dataset(1, 10), dataset(2, 20)]);
    const slowList = later<DatasetInfo[]>();
    const reloading = list.reload(slowList.read);
    const reread = await list.read(async () => dataset(2, 21, 'read since'));
    list.replace(reread);
    // The list, sent before that read, lacks dataset 2: the newer read says it exists.
    slowList.release([dataset(1, 10)]);
    await reloading;
    expect(names(state.list)).toEqual(['d1v10', 'read since']);
    // A list sent after the read, also without it, drops it (deleted meanwhile).
    await list.reload(async () => [dataset(1, 10)]);
    expect(names(state.list)).toEqual(['d1v10']);
  });

  it('replace() of a dataset the list does not show changes nothing', async () => {
    const { list, state } = fakeList();
    await list.reload(async () => [dataset(1, 10)]);
    const shown = state.list;
    list.replace(await list.read(async () => dataset(7, 70)));
    expect(state.list).toBe(shown);
    expect(state.sets).toBe(1);
  });

  it('replace() with an unchanged version keeps the object, and the read still counts as newest', async () => {
    const { list, state } = fakeList();
    await list.reload(async () => [dataset(1, 10)]);
    const first = state.list[0];
    const slowList = later<DatasetInfo[]>();
    const reloading = list.reload(slowList.read);
    // A role set to the one it had: datasets.get answers a new object, same version.
    list.replace(await list.read(async () => dataset(1, 10, 'same again')));
    expect(state.list[0]).toBe(first);
    expect(state.sets).toBe(1);
    // The list sent before that read answers with another version: the read was newer.
    slowList.release([dataset(1, 9, 'older list')]);
    await reloading;
    expect(state.list[0]).toBe(first);
    expect(state.sets).toBe(1);
  });

  it('drops a reload that answers after clear()', async () => {
    const { list, state } = fakeList();
    await list.reload(async () => [dataset(1, 10)]);
    const slowList = later<DatasetInfo[]>();
    const reloading = list.reload(slowList.read);
    list.clear();
    expect(state.list).toEqual([]);
    slowList.release([dataset(1, 11)]);
    await reloading;
    expect(state.list).toEqual([]);
  });

  it('a rejected read leaves the list as it was and a later read still works', async () => {
    const { list, state } = fakeList();
    await list.reload(async () => [dataset(1, 10), dataset(2, 20)]);
    const shown = state.list;
    await expect(list.reload(() => Promise.reject(new Error('gone')))).rejects.toThrow('gone');
    await expect(list.read(() => Promise.reject(new Error('busy')))).rejects.toThrow('busy');
    expect(state.list).toBe(shown);
    expect(state.sets).toBe(1);
    await list.reload(async () => [dataset(1, 10), dataset(2, 22)]);
    expect(names(state.list)).toEqual(['d1v10', 'd2v22']);
    expect(state.list[0]).toBe(shown[0]);
  });
});
