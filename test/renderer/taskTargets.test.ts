/**
 * The Tasks view shows a column that can never be a task (no value, or one value) disabled
 * with the reason (src/renderer/src/composables/taskTargets.ts). Found by a new user:
 * `const` was offered, then refused on Define with 'Column "const" has 1 class ("same")'.
 * Profiles written by hand as the import makes them (profile.ts buildProfile).
 */
import { describe, expect, it } from 'vitest';
import { notTargetReason } from '../../src/renderer/src/composables/taskTargets';
import type { ColumnProfile, ColumnType } from '../../src/shared/domain';

const column = (type: ColumnType, profile: Partial<ColumnProfile>) => ({
  type,
  profile: { missing: 0, distinct: 0, numeric: null, topCategories: null, ...profile },
});

describe('notTargetReason', () => {
  it('disables an empty column and a one-valued one, naming its value', () => {
    expect(notTargetReason(column('text', { missing: 6 }))).toEqual({ kind: 'empty' });
    expect(
      notTargetReason(
        column('categorical', { distinct: 1, topCategories: [{ value: 'same', count: 6 }] }),
      ),
    ).toEqual({ kind: 'oneValue', value: 'same' });
    // A one-class column: one value and some rows missing.
    expect(
      notTargetReason(
        column('categorical', {
          missing: 2,
          distinct: 1,
          topCategories: [{ value: 'cat', count: 4 }],
        }),
      ),
    ).toEqual({ kind: 'oneValue', value: 'cat' });
    const numeric = { min: 7, max: 7, mean: 7, std: 0, histogram: [] };
    expect(notTargetReason(column('numeric', { distinct: 1, numeric }))).toEqual({
      kind: 'oneValue',
      value: '7',
    });
    // A boolean column of "yes" only, in the file's spelling.
    expect(
      notTargetReason(
        column('boolean', {
          distinct: 1,
          topCategories: [{ value: 'true', count: 60 }],
          booleanNames: ['no', 'yes'],
        }),
      ),
    ).toEqual({ kind: 'oneValue', value: 'yes' });
  });

  it('offers a column of two values or more', () => {
    expect(
      notTargetReason(
        column('categorical', {
          distinct: 2,
          topCategories: [
            { value: 'a', count: 3 },
            { value: 'b', count: 3 },
          ],
        }),
      ),
    ).toBeNull();
  });
});
