/**
 * The Train form's line under "Early-stopping patience": the patience the run will really use
 * (shared/patience.ts, as the engine scales it to the training rows), raised on small tables
 * to at least "Patience (min. steps)" optimizer steps. Found by a new user: patience 20 on the
 * zoo table's 71 training rows ran 134 epochs past the best epoch. On a split it is scaled to
 * the split's training rows; under cross-validation each fold's run scales it to that fold's
 * training rows (shared/patience.ts foldTrainRows: the fewest and most any fold has).
 * When that patience is at least "Max epochs", the line says early stopping will not stop the
 * run before the max instead (a new user read "= 50 epochs in each fold" with Max epochs 5):
 * the engine stops a task after `patience` epochs without improvement, so at epoch 1 + patience
 * at the earliest (engine/earlyStopping.ts).
 * Relative imports: the line's text is unit-tested from Node.
 */
import { computed, type ComputedRef, type Ref } from 'vue';
import { useI18n } from 'vue-i18n';
import { effectivePatience, foldTrainRows } from '../../../shared/patience';
import { DEFAULT_FOLD_VALIDATION_FRACTION } from '../../../shared/foldCount';

/** Translates `key` with `values`, choosing the plural form by `plural` (vue-i18n's `t`). */
type Translate = (key: string, values: Record<string, unknown>, plural: number) => string;

/** The form's patience fields as numbers, or null when one is not a whole number ≥ 0. */
function patienceFields(
  values: Record<string, unknown>,
): { patience: number; steps: number; batch: number } | null {
  const [patience, steps, batch] = ['patience', 'patienceSteps', 'batchSize'].map((k) =>
    Number(values[k]),
  );
  if (![patience, steps, batch].every((v) => Number.isInteger(v) && v >= 0) || batch === 0)
    return null;
  return { patience, steps, batch };
}

/** The form's Max epochs, or null when it is not a whole number ≥ 1. */
function maxEpochs(values: Record<string, unknown>): number | null {
  const max = Number(values.epochs);
  return Number.isInteger(max) && max >= 1 ? max : null;
}

/**
 * The line, or null when the patience is neither raised nor at least Max epochs, or when the
 * rows or a field are not known. Pure (the composable's core), so it is unit-tested from Node.
 * @param values the form's values (patience, patienceSteps, batchSize, epochs as entered)
 * @param evaluation the form's evaluation ('split', 'cv', or null while unknown)
 * @param trainRows the chosen split's training rows (for 'split'), null while not known
 * @param folds for 'cv': the rows the folds deal (the dataset's rows) and the folds k; null
 *   while not known
 */
export function patienceNoteText(
  values: Record<string, unknown>,
  evaluation: string | null,
  trainRows: number | null,
  folds: { rows: number; k: number } | null,
  t: Translate,
): string | null {
  const fields = patienceFields(values);
  if (fields === null) return null;
  const { patience, steps, batch } = fields;
  const max = maxEpochs(values);
  /** Whether a patience of `epochs` (> 0: early stopping on) cannot stop before the max. */
  const noStop = (epochs: number): boolean => max !== null && epochs > 0 && epochs >= max;
  if (evaluation === 'split') {
    if (trainRows === null) return null;
    const effective = effectivePatience(patience, steps, trainRows, batch);
    if (noStop(effective.epochs))
      return t('train.patienceNoStop', { epochs: effective.epochs, max }, effective.epochs);
    if (!effective.raised) return null;
    return t(
      'train.patienceRaised',
      { epochs: effective.epochs, steps, batches: effective.stepsPerEpoch, rows: trainRows },
      effective.stepsPerEpoch,
    );
  }
  if (evaluation !== 'cv' || folds === null || folds.k < 2 || folds.k > folds.rows) return null;
  const rows = foldTrainRows(folds.rows, folds.k, DEFAULT_FOLD_VALIDATION_FRACTION);
  const fewest = effectivePatience(patience, steps, rows.min, batch);
  const most = effectivePatience(patience, steps, rows.max, batch);
  // The fold with the most rows waits the fewest epochs: if even it cannot stop, none can.
  if (noStop(most.epochs)) {
    const epochs =
      most.epochs === fewest.epochs ? `${most.epochs}` : `${most.epochs}–${fewest.epochs}`;
    return t('train.patienceNoStopFolds', { epochs, max }, fewest.epochs);
  }
  if (!fewest.raised && !most.raised) return null;
  const rowsText = rows.min === rows.max ? `${rows.min}` : `${rows.min}–${rows.max}`;
  // Fewer rows, fewer steps per epoch, more epochs: the fewest rows give the most epochs.
  if (fewest.epochs === most.epochs)
    return t(
      'train.patienceRaisedFolds',
      { epochs: fewest.epochs, steps, batches: fewest.stepsPerEpoch, rows: rowsText },
      fewest.stepsPerEpoch,
    );
  return t(
    'train.patienceRaisedFoldsRange',
    { fewest: most.epochs, most: fewest.epochs, steps, rows: rowsText },
    2,
  );
}

/**
 * The line as a computed ({@link patienceNoteText}).
 * @param values the form's values (patience, patienceSteps, batchSize, epochs as entered)
 * @param evaluation the form's evaluation ('split', 'cv', or null while unknown)
 * @param trainRows the chosen split's training rows, null while not known
 * @param folds the rows the folds deal and the folds k, null while not known
 */
export function usePatienceNote(
  values: Ref<Record<string, unknown>>,
  evaluation: Ref<string | null>,
  trainRows: Ref<number | null>,
  folds: Ref<{ rows: number; k: number } | null>,
): ComputedRef<string | null> {
  const { t } = useI18n();
  return computed(() =>
    patienceNoteText(values.value, evaluation.value, trainRows.value, folds.value, t),
  );
}
