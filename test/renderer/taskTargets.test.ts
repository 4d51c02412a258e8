/**
 * The Tasks view shows a column that can never be a task (no value, or one value) disabled
 * with the reason (src/renderer/src/composables/taskTargets.ts). Found by a new user:
 * `const` was offered, then refused on Define with 'Column "const" has 1 class ("same")'.
 * Profiles written by hand as the import makes them (profile.ts buildProfile).
 */
import { describe, expect, it } from 'vitest';
import { notTargetReason, offeredColumns } from '../../src/renderer/src/composables/taskTargets';
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

/**
 * Found by a new user: ticking a column moved it to the top of "Add tasks" (species, island, …
 * became island, species, …), so clicking boxes by position ticked the wrong one. Expected
 * lists written by hand: the penguins columns in file order.
 */
describe('offeredColumns (Tasks view, add tasks)', () => {
  const penguins = ['species', 'island', 'bill_length_mm', 'sex', 'year'].map((name) => ({ name }));
  const names = (cs: { name: string }[]) => cs.map((c) => c.name);
  const all = () => true;

  it('keeps the dataset order whether ticked or not', () => {
    expect(names(offeredColumns(penguins, [], all, 60))).toEqual([
      'species',
      'island',
      'bill_length_mm',
      'sex',
      'year',
    ]);
    expect(names(offeredColumns(penguins, ['island'], all, 60))).toEqual([
      'species',
      'island',
      'bill_length_mm',
      'sex',
      'year',
    ]);
    // Ticked in the order sex, species: still file order.
    expect(names(offeredColumns(penguins, ['sex', 'species'], all, 60))).toEqual([
      'species',
      'island',
      'bill_length_mm',
      'sex',
      'year',
    ]);
  });

  it('offers ticked columns whatever the search, in place among the matches', () => {
    const search = (c: { name: string }) => c.name.startsWith('s');
    // year is ticked but does not match "s*": it stays, after sex as in the file.
    expect(names(offeredColumns(penguins, ['year', 'island'], search, 60))).toEqual([
      'species',
      'island',
      'sex',
      'year',
    ]);
  });

  it('caps the unticked ones at max but never drops a ticked one', () => {
    // max 3 with year ticked: year plus the first 2 unticked columns.
    expect(names(offeredColumns(penguins, ['year'], all, 3))).toEqual([
      'species',
      'island',
      'year',
    ]);
    // More ticked than max: all ticked ones, nothing else.
    expect(names(offeredColumns(penguins, ['year', 'sex', 'island'], all, 2))).toEqual([
      'island',
      'sex',
      'year',
    ]);
    // A ticked name not among the columns (a task defined since) is ignored.
    expect(names(offeredColumns(penguins, ['gone'], all, 2))).toEqual(['species', 'island']);
  });
});
