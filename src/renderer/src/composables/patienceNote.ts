/**
 * The Train form's line under "Early-stopping patience": the patience the run will really use
 * on the chosen split (shared/patience.ts, as the engine scales it), raised on small tables to
 * at least "Patience (min. steps)" optimizer steps. Found by a new user: patience 20 on the zoo
 * table's 71 training rows ran 134 epochs past the best epoch.
 */
import { computed, type ComputedRef, type Ref } from 'vue';
import { useI18n } from 'vue-i18n';
import { effectivePatience } from '@shared/patience';

/**
 * The line, or null when the patience is not raised, when the split or a field is not known,
 * or under cross-validation (each fold has its own training rows).
 * @param values the form's values (patience, patienceSteps, batchSize as entered)
 * @param evaluation the form's evaluation ('split', 'cv', or null while unknown)
 * @param trainRows the chosen split's training rows, null while not known
 */
export function usePatienceNote(
  values: Ref<Record<string, unknown>>,
  evaluation: Ref<string | null>,
  trainRows: Ref<number | null>,
): ComputedRef<string | null> {
  const { t } = useI18n();
  return computed(() => {
    const rows = trainRows.value;
    if (rows === null || evaluation.value !== 'split') return null;
    const [patience, steps, batch] = ['patience', 'patienceSteps', 'batchSize'].map((k) =>
      Number(values.value[k]),
    );
    if (![patience, steps, batch].every((v) => Number.isInteger(v) && v >= 0) || batch === 0)
      return null;
    const effective = effectivePatience(patience, steps, rows, batch);
    if (!effective.raised) return null;
    return t(
      'train.patienceRaised',
      { epochs: effective.epochs, steps, batches: effective.stepsPerEpoch, rows },
      effective.stepsPerEpoch,
    );
  });
}
