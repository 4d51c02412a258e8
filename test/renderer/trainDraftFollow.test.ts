/**
 * A Train form open in a second tab follows the draft another tab stored (a new user changed
 * the architecture and epochs in tab 1 and Start in tab 2 trained "MMoE, 200 epochs"), except
 * the fields it is editing itself. Expected drafts are written out by hand from the rule:
 * a field still equal to the draft the tab knew takes the stored value; one changed here stays.
 */
import { describe, expect, it } from 'vitest';
import type { TrainDraft } from '../../src/shared/contract';
import { followedDraft } from '../../src/renderer/src/composables/trainDraftFollow';

const known: TrainDraft = {
  values: { arch: 'mmoe', epochs: 200, lr: 0.001 },
  lists: { hidden: '64, 32' },
  tasks: ['type', 'legs'],
};

describe('followedDraft', () => {
  it("takes another tab's changes into an untouched form", () => {
    const stored: TrainDraft = {
      values: { arch: 'hps', epochs: 50, lr: 0.001 },
      lists: { hidden: '128' },
      tasks: ['type'],
    };
    expect(followedDraft(known, known, stored)).toEqual(stored);
  });

  it('keeps the fields this tab is editing, follows the others', () => {
    // Here: epochs typed (300) and a task unticked, not yet saved.
    const form: TrainDraft = {
      ...known,
      values: { ...known.values, epochs: 300 },
      tasks: ['legs'],
    };
    const stored: TrainDraft = {
      values: { arch: 'hps', epochs: 50, lr: 0.01 },
      lists: { hidden: '64, 32' },
      tasks: ['type'],
    };
    expect(followedDraft(form, known, stored)).toEqual({
      values: { arch: 'hps', epochs: 300, lr: 0.01 },
      lists: { hidden: '64, 32' },
      tasks: ['legs'],
    });
  });

  it("changes nothing for this tab's own save (the form already shows it)", () => {
    const form: TrainDraft = { ...known, values: { ...known.values, arch: 'hps' } };
    expect(followedDraft(form, known, form)).toBeNull();
  });

  it('with no draft known before, every field follows; a field gone from the draft goes', () => {
    const stored: TrainDraft = { values: { arch: 'cgc' }, lists: {}, tasks: ['type'] };
    expect(followedDraft(known, null, stored)).toEqual(stored);
  });
});
