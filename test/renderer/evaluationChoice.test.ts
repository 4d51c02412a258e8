/**
 * The Train form's Evaluation as one state (composables/evaluationChoice.ts): what the select
 * shows is what Start sends, whatever order the stored draft and the studio's choice by
 * labelled rows (`training.evaluationMode`) arrive in. Found by a new user: Start clicked on a
 * fresh page sent a fixed-split run while the select then showed "Cross-validation"; and a
 * project opened after another whose dataset had the same id kept the other's evaluation.
 * Expected values are written by hand from the rule the Train view follows (README: the
 * user's pick, kept in the Train draft, wins over the studio's choice; cross-validation is
 * the studio's choice below 2 000 labelled rows).
 */
import { describe, expect, it } from 'vitest';
import {
  evaluationKey,
  shownEvaluation,
  unknownEvaluation,
  withDraft,
  withMode,
  withPick,
  type EvaluationChoice,
} from '../../src/renderer/src/composables/evaluationChoice';

const P = evaluationKey('projects/p.mtlproj', 1);
const small = { crossValidate: true, labelledRows: 344 };
const large = { crossValidate: false, labelledRows: 5000 };

describe('Train form evaluation: one value for the select and for Start', () => {
  it('is unknown (Start disabled) until the draft is read, whatever came first', () => {
    let state: EvaluationChoice = unknownEvaluation(null);
    expect(shownEvaluation(state, P)).toBeNull();
    // The studio's choice arrives first (cross-validation for 344 rows) ...
    state = withMode(state, P, small);
    expect(shownEvaluation(state, P)).toBeNull();
    // ... then the stored pick: the fixed split, shown and sent.
    state = withDraft(state, P, 'split');
    expect(shownEvaluation(state, P)).toBe('split');
    // The hint's rows are still the studio's answer.
    expect(state.smallTableRows).toBe(344);
    expect(state.labelledRows).toBe(344);
  });

  it('the same in the other order: the studio answering after the stored pick changes nothing', () => {
    let state = withDraft(unknownEvaluation(null), P, 'split');
    expect(shownEvaluation(state, P)).toBe('split');
    state = withMode(state, P, small);
    expect(shownEvaluation(state, P)).toBe('split');
  });

  it('with nothing stored, waits for the studio, then shows its choice', () => {
    let state = withDraft(unknownEvaluation(null), P, null);
    // No initial "Fixed split" to click Start on: the request would go out as one.
    expect(shownEvaluation(state, P)).toBeNull();
    state = withMode(state, P, small);
    expect(shownEvaluation(state, P)).toBe('cv');
    expect(shownEvaluation(withMode(withDraft(unknownEvaluation(P), P, null), P, large), P)).toBe(
      'split',
    );
  });

  it('a failed evaluationMode shows the fixed split, with no hint', () => {
    const state = withMode(withDraft(unknownEvaluation(P), P, null), P, null);
    expect(shownEvaluation(state, P)).toBe('split');
    expect(state.smallTableRows).toBeNull();
  });

  it('asked again for the same dataset (tasks changed), follows the studio until a pick', () => {
    // A fresh project: asked before any task (0 labelled rows, below the 2 a cross-validation
    // needs: the split), then after two tasks were defined on 344 rows (cross-validation).
    let state = withMode(withDraft(unknownEvaluation(P), P, null), P, {
      crossValidate: false,
      labelledRows: 0,
    });
    expect(shownEvaluation(state, P)).toBe('split');
    state = withMode(state, P, small);
    expect(shownEvaluation(state, P)).toBe('cv');
    expect(state.labelledRows).toBe(344);
    expect(state.smallTableRows).toBe(344);
    // Picked, it stays whatever the studio answers next.
    state = withMode(withPick(state, 'cv'), P, large);
    expect(shownEvaluation(state, P)).toBe('cv');
    expect(state.smallTableRows).toBeNull();
    // A failed ask keeps the studio's last choice (no hint).
    const failed = withMode(withMode(withDraft(unknownEvaluation(P), P, null), P, small), P, null);
    expect(shownEvaluation(failed, P)).toBe('cv');
    expect(failed.smallTableRows).toBeNull();
  });

  it('the user’s pick wins, and reading the draft again for the dataset keeps it', () => {
    let state = withMode(withDraft(unknownEvaluation(P), P, null), P, small);
    state = withPick(state, 'split');
    expect(shownEvaluation(state, P)).toBe('split');
    expect(state.picked).toBe('split');
    // The tasks changed before the pick's save: the stored draft still has none.
    state = withDraft(state, P, null);
    expect(shownEvaluation(state, P)).toBe('split');
  });

  it('another project’s dataset with the same id starts afresh', () => {
    const Q = evaluationKey('projects/p2.mtlproj', 1);
    expect(Q).not.toBe(P);
    const p = withPick(withMode(withDraft(unknownEvaluation(P), P, null), P, large), 'split');
    // Not the first project's split, even before anything is known of the second one.
    expect(shownEvaluation(p, Q)).toBeNull();
    const q = withMode(withDraft(p, Q, null), Q, small);
    expect(shownEvaluation(q, Q)).toBe('cv');
    expect(q.picked).toBeNull();
  });

  it('no dataset selected: nothing to send', () => {
    expect(evaluationKey('projects/p.mtlproj', null)).toBeNull();
    expect(shownEvaluation(withDraft(unknownEvaluation(null), null, 'cv'), null)).toBeNull();
  });
});
