/**
 * The Train form's Evaluation choice and Auto's budget and brackets kept in the session's
 * Train draft (a new user found them forgotten on reload). Expected values written by hand.
 */
import { describe, expect, it } from 'vitest';
import {
  shownEvaluation,
  unknownEvaluation,
  withDraft,
  withMode,
} from '../../src/renderer/src/composables/evaluationChoice';
import {
  extrasFromDraft,
  extrasToDraft,
} from '../../src/renderer/src/composables/trainDraftExtras';

describe('Train draft extras', () => {
  it('round-trips the evaluation, the budget and the brackets beside the fields', () => {
    const extras = { evaluation: 'split' as const, autoBudget: 90, autoBrackets: 2 };
    const values = { arch: 'mmoe', epochs: 50, ...extrasToDraft(extras) };
    expect(values).toEqual({
      arch: 'mmoe',
      epochs: 50,
      '@evaluation': 'split',
      '@autoBudget': 90,
      '@autoBrackets': 2,
    });
    expect(extrasFromDraft(values)).toEqual(extras);
    // An emptied input is kept as typed ('' shows the field's error again).
    expect(extrasFromDraft(extrasToDraft({ ...extras, autoBudget: '' })).autoBudget).toBe('');
  });

  it('leaves an unpicked evaluation out, and reads a draft without extras as none stored', () => {
    expect(extrasToDraft({ evaluation: null, autoBudget: 60, autoBrackets: 1 })).toEqual({
      '@autoBudget': 60,
      '@autoBrackets': 1,
    });
    expect(extrasFromDraft({ arch: 'mmoe' })).toEqual({
      evaluation: null,
      autoBudget: null,
      autoBrackets: null,
    });
    // A damaged draft: values of the wrong kind are not restored.
    expect(
      extrasFromDraft({ '@evaluation': 'kfold', '@autoBudget': 'soon', '@autoBrackets': true }),
    ).toEqual({ evaluation: null, autoBudget: null, autoBrackets: null });
  });

  it("the user's stored evaluation wins over the studio's choice on (re)load", () => {
    // 344 labelled rows: the studio would cross-validate, the user picked the fixed split.
    const mode = { crossValidate: true, labelledRows: 344 };
    const of = '/p.mtlproj\n1';
    const stored = withMode(withDraft(unknownEvaluation(of), of, 'split'), of, mode);
    expect(shownEvaluation(stored, of)).toBe('split');
    expect(stored.smallTableRows).toBe(344);
    const none = withMode(withDraft(unknownEvaluation(of), of, null), of, mode);
    expect(shownEvaluation(none, of)).toBe('cv');
  });
});
