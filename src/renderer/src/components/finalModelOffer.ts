/**
 * What a cross-validation's folds panel (CrossValidationFolds.vue) says and offers about its
 * final model: the newest one to name and select, and whether to offer training one — as the
 * service rules it (`training.finalModelAvailability`, services/finalModel.ts
 * checkFinalModelAllowed), not re-ruled here: a completed final model on unchanged labels is
 * refused (FINAL_MODEL_EXISTS), one whose labels changed since allows a new one.
 */
// Relative, type-only imports: this module is also unit-tested from Node.
import type { FinalModelAvailability } from '../../../shared/finalModel';
import type { RunInfo } from '../../../shared/runs';

/** The folds panel's final-model row ({@link finalModelOffer}). */
export interface FinalModelOffer {
  /** The newest final model of the cross-validation (any status), or null for none. */
  shown: RunInfo | null;
  /** Offer "Train the final model": the service allows one now. */
  train: boolean;
  /**
   * The final model whose labels changed since it trained (a new one learns from them: the
   * panel says "labels changed since run N"), or null.
   */
  labelsChangedSince: number | null;
  /** The service refused it as a cross-validation of Auto (FINAL_CV_OF_AUTO). */
  auto: boolean;
}

/**
 * The final-model row of cross-validation `evaluationId`'s folds panel.
 * @param availability the service's answer, or null while it is not known (nothing offered).
 * @param runs the dataset's runs (studio.runs); final models are those with `finalOf` of it.
 * @param evaluationId the cross-validation.
 */
export function finalModelOffer(
  availability: FinalModelAvailability | null,
  runs: readonly RunInfo[],
  evaluationId: number,
): FinalModelOffer {
  const shown = runs
    .filter((r) => r.finalOf?.evaluationId === evaluationId)
    .reduce<RunInfo | null>(
      (newest, r) => (newest === null || r.id > newest.id ? r : newest),
      null,
    );
  const allowed = availability?.allowed === true;
  return {
    shown,
    train: allowed,
    labelsChangedSince: availability?.allowed === true ? availability.labelsChangedSince : null,
    auto:
      availability?.allowed === false &&
      (availability.error.details as { reason?: unknown } | undefined)?.reason ===
        'FINAL_CV_OF_AUTO',
  };
}
