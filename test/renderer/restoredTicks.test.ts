/**
 * The Train form's ticked tasks as restored from a stored draft (composables/trainTasks.ts
 * restoredTicks): found by a new user who defined `island`, opened Train, added `species` and
 * `sex`, and found only island ticked. Expected ticks are written by hand from the rule in
 * restoredTicks' docstring (a task the draft did not know is ticked; a known one keeps its tick).
 */
import { describe, expect, it } from 'vitest';
import { restoredTicks } from '../../src/renderer/src/composables/trainTasks';
import { followedDraft } from '../../src/renderer/src/composables/trainDraftFollow';

const penguins = ['species', 'island', 'sex'];

describe('restoredTicks', () => {
  it('ticks the tasks defined after the draft was saved, in the dataset order', () => {
    expect(restoredTicks({ tasks: ['island'], knownTasks: ['island'] }, penguins)).toEqual([
      'species',
      'island',
      'sex',
    ]);
  });

  it('keeps a task the user unticked unticked', () => {
    // sex was known and unticked; species is new.
    expect(restoredTicks({ tasks: ['island'], knownTasks: ['island', 'sex'] }, penguins)).toEqual([
      'species',
      'island',
    ]);
    // Nothing new: exactly the stored ticks.
    expect(restoredTicks({ tasks: ['sex'], knownTasks: penguins }, penguins)).toEqual(['sex']);
  });

  it('drops a deleted task, ticked or only known', () => {
    expect(
      restoredTicks({ tasks: ['island', 'beak'], knownTasks: ['island', 'beak', 'sex'] }, [
        'island',
        'sex',
      ]),
    ).toEqual(['island']);
  });

  it('an older draft without knownTasks ticks nothing new', () => {
    expect(restoredTicks({ tasks: ['sex', 'island'] }, penguins)).toEqual(['island', 'sex']);
    expect(restoredTicks({ tasks: [] }, penguins)).toEqual([]);
  });

  it("another tab's draft is followed with the tasks it knew", () => {
    const form = { values: {}, lists: {}, tasks: ['island'], knownTasks: ['island'] };
    const incoming = { values: {}, lists: {}, tasks: ['sex'], knownTasks: penguins };
    expect(followedDraft(form, form, incoming)).toEqual(incoming);
    // Ticks edited here stay, with the tasks this form knew.
    const edited = { ...form, tasks: [] };
    expect(followedDraft(edited, form, incoming)).toBeNull();
  });
});
