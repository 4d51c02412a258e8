/**
 * How a cross-validation is named in the studio, the same in the Train view and Compare:
 * "CV3 MMoE · Uncertainty" or "CV4 Auto (1 s per fold)", and a stopped one's state,
 * "stopped (cancelled) — 0 of 5 folds finished".
 */
// Relative, type-only import: this module is also compiled from Node.
import type { CrossValidationSummary } from '../../../shared/domain';
import { i18n } from '../i18n';
import { methodLabel } from './methodLabels';

/**
 * "CV3 MMoE · Uncertainty" (its method's architecture and loss weighting), or "CV4 Auto
 * (1 s per fold)": two Auto evaluations differ by their budget, not by a method name.
 */
export function crossValidationLabel(s: Pick<CrossValidationSummary, 'evaluation'>): string {
  const m = s.evaluation.method;
  const name =
    m.kind === 'auto'
      ? i18n.global.t('compare.cv.autoBudget', { budget: m.budgetSeconds })
      : methodLabel({
          arch: m.config.arch ?? 'hard-sharing',
          weighting: m.config.weighting ?? 'equal',
        });
  return `CV${s.evaluation.id} ${name}`;
}

/**
 * A stopped cross-validation's state, e.g. "stopped (cancelled) — 0 of 5 folds finished":
 * its status and how many of its k × repeats folds completed (`folds`, those kept when it is
 * continued).
 */
export function stoppedStateText(
  s: Pick<CrossValidationSummary, 'evaluation' | 'folds' | 'scheme'>,
): string {
  return i18n.global.t('train.cvFolds.stoppedState', {
    status: i18n.global.t(`status.${s.evaluation.status}`),
    done: s.folds,
    total: s.scheme.k * s.scheme.repeats,
  });
}

/**
 * A listed row's fold in a cross-validation's summed confusion cell, counted from 1 as the
 * folds table, the run list and the CLI do (stored from 0): "3", or "3 (repeat 2)" after the
 * first repetition ("3（第 2 次重复）").
 * @param fold the row's fold as stored (ConfusionRows' `fold`, from 0)
 */
export function cellFoldText(fold: { repeat: number; fold: number }): string {
  const n = fold.fold + 1;
  return fold.repeat > 0
    ? i18n.global.t('compare.cv.foldRepeat', { fold: n, repeat: fold.repeat + 1 })
    : String(n);
}
