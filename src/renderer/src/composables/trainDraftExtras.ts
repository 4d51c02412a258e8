/**
 * The Train form's choices that are not engine configuration fields — the user's
 * *Evaluation* choice (fixed split or cross-validation), Auto's budget and brackets — kept
 * in the session's Train draft with the rest of the form (docs/STUDIO.md: the Train form is kept in
 * the session). A new user found them forgotten on reload.
 *
 * They travel in the draft's `values` under keys starting with '@', which no configuration
 * field name has (those are identifiers such as `arch`, `hiddenUnits`), so restoring the
 * fields never mistakes one for the other.
 */
import type { DraftValue } from '@shared/contract';

/** The draft keys of the extras. */
export const DRAFT_EXTRA_KEYS = {
  evaluation: '@evaluation',
  autoBudget: '@autoBudget',
  autoBrackets: '@autoBrackets',
} as const;

/** The extras as the form holds them; null: not chosen / not stored. */
export interface TrainFormExtras {
  /** The evaluation the user picked (null: the studio's choice, by labelled rows). */
  evaluation: 'split' | 'cv' | null;
  /** Auto's budget in seconds as typed ('' when emptied). */
  autoBudget: number | '' | null;
  /** Auto's Hyperband brackets as typed ('' when emptied). */
  autoBrackets: number | '' | null;
}

/**
 * The draft `values` entries of the extras (an unchosen evaluation is left out, so the
 * studio's choice by labelled rows still applies on reload).
 */
export function extrasToDraft(extras: TrainFormExtras): Record<string, DraftValue> {
  const out: Record<string, DraftValue> = {};
  if (extras.evaluation !== null) out[DRAFT_EXTRA_KEYS.evaluation] = extras.evaluation;
  if (extras.autoBudget !== null) out[DRAFT_EXTRA_KEYS.autoBudget] = extras.autoBudget;
  if (extras.autoBrackets !== null) out[DRAFT_EXTRA_KEYS.autoBrackets] = extras.autoBrackets;
  return out;
}

/**
 * The extras stored in a draft's `values`; a value of the wrong kind (a damaged or older
 * draft) reads as not stored.
 */
export function extrasFromDraft(values: Record<string, DraftValue>): TrainFormExtras {
  const evaluation = values[DRAFT_EXTRA_KEYS.evaluation];
  const typed = (v: DraftValue | undefined): number | '' | null =>
    v === '' || (typeof v === 'number' && Number.isFinite(v)) ? v : null;
  return {
    evaluation: evaluation === 'split' || evaluation === 'cv' ? evaluation : null,
    autoBudget: typed(values[DRAFT_EXTRA_KEYS.autoBudget]),
    autoBrackets: typed(values[DRAFT_EXTRA_KEYS.autoBrackets]),
  };
}
