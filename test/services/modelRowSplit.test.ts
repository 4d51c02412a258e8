/**
 * services/exports.ts modelRowSplit: the `split` column `predict --dataset` writes. A split of
 * five rows built by hand (ids 10–14: train, validation, test, validation, train); the right
 * column is read off it by hand for each case: a run that trained on its training rows keeps
 * it, an Auto run that refitted on every non-test row (AutoFinal.refitEpochs) writes its
 * validation rows as train.
 */
import { describe, expect, it } from 'vitest';
import type { SplitName } from '../../src/shared/datasets';
import { MtlError } from '../../src/shared/errors';
import type { AutoSearch } from '../../src/shared/domain';
import { modelRowSplit } from '../../src/main/services/exports';
import type { ProjectStore } from '../../src/main/store/projectStore';

const rowIds = [10, 11, 12, 13, 14];
const assignment: SplitName[] = ['train', 'validation', 'test', 'validation', 'train'];

/** A store that knows split 3 (the rows above) and one Auto search (or none: NOT_FOUND). */
function store(final: Partial<AutoSearch['final']> | null): ProjectStore {
  return {
    splits: {
      assignment: (splitId: number) => {
        expect(splitId).toBe(3);
        return Promise.resolve({ rowIds, assignment });
      },
    },
    training: {
      autoSearch: () =>
        final
          ? Promise.resolve({ final } as AutoSearch)
          : Promise.reject(new MtlError('NOT_FOUND', 'no search')),
    },
  } as unknown as ProjectStore;
}

describe('modelRowSplit', () => {
  it('a run trained on its training rows: the stored split as it is', async () => {
    const { rowSplit, refit } = await modelRowSplit(store(null), { id: 1, splitId: 3 });
    expect(refit).toBe(false);
    expect([...rowSplit]).toEqual([
      [10, 'train'],
      [11, 'validation'],
      [12, 'test'],
      [13, 'validation'],
      [14, 'train'],
    ]);
  });

  it('an Auto run without a refit (validation selection): validation stays', async () => {
    const run = { id: 1, splitId: 3, auto: true };
    const { rowSplit, refit } = await modelRowSplit(store({ epochs: 4 }), run);
    expect(refit).toBe(false);
    expect(rowSplit.get(11)).toBe('validation');
    // An Auto run whose search is not stored: nothing says it refitted.
    expect((await modelRowSplit(store(null), run)).refit).toBe(false);
  });

  it('an Auto refit on every non-test row: validation rows read train, test stays', async () => {
    const run = { id: 1, splitId: 3, auto: true };
    const { rowSplit, refit } = await modelRowSplit(store({ refitEpochs: 7 }), run);
    expect(refit).toBe(true);
    expect([...rowSplit]).toEqual([
      [10, 'train'],
      [11, 'train'],
      [12, 'test'],
      [13, 'train'],
      [14, 'train'],
    ]);
  });

  it('an unexpected failure reading the search is not hidden', async () => {
    const failing = {
      ...store(null),
      splits: store(null).splits,
      training: { autoSearch: () => Promise.reject(new Error('disk')) },
    } as unknown as ProjectStore;
    await expect(modelRowSplit(failing, { id: 1, splitId: 3, auto: true })).rejects.toThrow('disk');
  });
});
