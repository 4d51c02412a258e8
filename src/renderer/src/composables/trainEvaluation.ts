/**
 * The Train form's evaluation (views/TrainView.vue): the fixed split or cross-validation, as
 * the user picked it for the dataset (kept in its Train draft) or as the studio chose it by
 * labelled rows (`training.evaluationMode`, asked again when the tasks change), the select's
 * model, and the hint under it. Kept apart from TrainView.vue, which sends what it shows.
 */
import { computed, ref, watch, type ComputedRef, type Ref, type WritableComputedRef } from 'vue';
import { useI18n } from 'vue-i18n';
import { api } from '../api';
import { evaluationHint as evaluationHintOf } from './evaluationHint';
import {
  evaluationKey,
  shownEvaluation,
  unknownEvaluation,
  withMode,
  withPick,
  type Evaluation,
  type EvaluationChoice,
} from './evaluationChoice';
import { useStudio } from '../stores/studio';

/** The Train form's evaluation state, from {@link useTrainEvaluation}. */
export interface TrainEvaluation {
  /** The open project's selected dataset, as the evaluation state names it (null: none). */
  datasetKey: ComputedRef<string | null>;
  /** The user's pick and the studio's choice, as they arrived (composables/evaluationChoice.ts). */
  evaluationState: Ref<EvaluationChoice>;
  /** The evaluation the select shows and Start and Auto send; null while loading. */
  evaluation: ComputedRef<Evaluation | null>;
  /** The select's model ('' while loading): setting it is the user's pick. */
  evaluationSelect: WritableComputedRef<string>;
  /** The dataset's labelled rows (null: not known), for the folds a CV will use. */
  labelledRows: ComputedRef<number | null>;
  /** The translated hint under the select, or null. */
  evaluationHint: ComputedRef<string | null>;
}

/**
 * The Train form's evaluation for the studio's selected dataset; call in a component's setup
 * (it uses the i18n and the studio store, and watches the dataset and its tasks).
 * @returns the state, the shown evaluation, the select's model, the labelled rows and the hint;
 *   a failed `training.evaluationMode` leaves no hint and, without a pick, the fixed split.
 */
export function useTrainEvaluation(): TrainEvaluation {
  const { t } = useI18n();
  const studio = useStudio();
  /** The open project's selected dataset, as the evaluation state names it. */
  const datasetKey = computed(() => evaluationKey(studio.project?.path, studio.datasetId));
  /**
   * The evaluation: the user's pick (kept in the dataset's Train draft) or the studio's choice
   * by labelled rows, whichever order they arrive in (composables/evaluationChoice.ts).
   */
  const evaluationState = ref<EvaluationChoice>(unknownEvaluation(null));
  /**
   * The evaluation the select shows and Start and Auto send — one value for all three; null
   * while it is still loading (Start and Auto are disabled then).
   */
  const evaluation = computed<Evaluation | null>(() =>
    shownEvaluation(evaluationState.value, datasetKey.value),
  );
  /** The select's model: picking a value is the user's pick for this dataset. */
  const evaluationSelect = computed<string>({
    get: () => evaluation.value ?? '',
    set: (value) => {
      if (value === 'split' || value === 'cv')
        evaluationState.value = withPick(evaluationState.value, value);
    },
  });
  /** The dataset's labelled rows (`training.evaluationMode`), for the folds a CV will use. */
  const labelledRows = computed(() => evaluationState.value.labelledRows);
  const evaluationHint = computed(() => {
    if (evaluation.value === null) return null;
    const hint = evaluationHintOf(evaluation.value, evaluationState.value.smallTableRows);
    return hint === null ? null : t(hint.key, { n: hint.n }, hint.n);
  });
  // Asked again when the tasks change (defined, edited, labels added): the labelled rows, and so
  // the studio's choice, depend on them; the user's pick stays (evaluationChoice.ts withMode).
  let modeAsks = 0;
  watch(
    () => [datasetKey.value, studio.tasks] as const,
    async ([key]) => {
      const datasetId = studio.datasetId;
      if (key === null || datasetId === null) return;
      const ask = ++modeAsks;
      let mode: { crossValidate: boolean; labelledRows: number } | null = null;
      try {
        mode = await api().invoke('training.evaluationMode', { datasetId });
      } catch {
        // Unknown: no hint, and without a pick the fixed split (Start sends what is shown).
        mode = null;
      }
      // A later ask (tasks changed again, another dataset or project) answers for now.
      if (ask !== modeAsks || key !== datasetKey.value) return;
      evaluationState.value = withMode(evaluationState.value, key, mode);
    },
    { immediate: true },
  );
  return {
    datasetKey,
    evaluationState,
    evaluation,
    evaluationSelect,
    labelledRows,
    evaluationHint,
  };
}
