/**
 * Saves the Train form as the user leaves it, per dataset, on the server (views/TrainView.vue
 * restores it): its fields, list texts, ticked tasks, evaluation pick and Auto fields, 400 ms
 * after the last change, and only once the dataset's stored draft has been read.
 */
import { watch, type ComputedRef, type Ref } from 'vue';
import type { DraftValue, EngineOptions, TrainDraft } from '@shared/contract';
import type { EvaluationChoice } from './evaluationChoice';
import { extrasToDraft } from './trainDraftExtras';
import { useStudio } from '../stores/studio';

/** The Train form's state that its draft holds (TrainView.vue's refs). */
export interface TrainDraftForm {
  /** The fields' values by name (strings, numbers, booleans). */
  values: Ref<Record<string, unknown>>;
  /** The list fields' texts by name ("64, 32"). */
  listTexts: Ref<Record<string, string>>;
  /** The ticked tasks' names. */
  selectedTasks: Ref<string[]>;
  /** The evaluation state (its `picked` is stored; `of` and `draftRead` gate the save). */
  evaluationState: Ref<EvaluationChoice>;
  /** Auto's budget (seconds; '' when emptied). */
  autoBudget: Ref<number | ''>;
  /** Auto's brackets per sweep ('' when emptied). */
  autoBrackets: Ref<number | ''>;
  /** The engine's options (null while loading: nothing is saved then). */
  options: Ref<EngineOptions | null>;
  /** The selected dataset as the evaluation state names it. */
  datasetKey: ComputedRef<string | null>;
}

/** A value the draft can hold (the form's fields are strings, numbers and booleans). */
function draftValue(value: unknown): DraftValue {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
    ? value
    : null;
}

/**
 * The form as a draft, as it is stored (its fields' values with the evaluation pick and
 * Auto's fields, its list texts, its ticked tasks, and the dataset's tasks the form knew,
 * `knownTasks`, so a task defined later is ticked when the draft is shown: trainTasks.ts
 * restoredTicks).
 * @param taskNames the dataset's task names now, in its order
 */
export function formToDraft(form: TrainDraftForm, taskNames: readonly string[]): TrainDraft {
  return {
    values: {
      ...Object.fromEntries(
        Object.entries(form.values.value).map(([name, value]) => [name, draftValue(value)]),
      ),
      ...extrasToDraft({
        evaluation: form.evaluationState.value.picked,
        autoBudget: form.autoBudget.value,
        autoBrackets: form.autoBrackets.value,
      }),
    },
    lists: { ...form.listTexts.value },
    tasks: [...form.selectedTasks.value],
    knownTasks: [...taskNames],
  };
}

/**
 * Watches the form and stores it as the selected dataset's Train draft
 * (`studio.saveTrainDraft`; a failed save is ignored, the form stays as it is). Call in a
 * component's setup.
 */
export function useTrainDraftSaving(form: TrainDraftForm): void {
  const studio = useStudio();
  const {
    values,
    listTexts,
    selectedTasks,
    evaluationState,
    autoBudget,
    autoBrackets,
    options,
    datasetKey,
  } = form;
  let draftTimer: ReturnType<typeof setTimeout> | undefined;
  watch(
    [
      values,
      listTexts,
      selectedTasks,
      () => evaluationState.value.picked,
      autoBudget,
      autoBrackets,
    ],
    () => {
      const datasetId = studio.datasetId;
      const key = datasetKey.value;
      // A save still pending is of the form before this change (maybe another dataset's).
      clearTimeout(draftTimer);
      // No tasks: a dataset just selected whose tasks are still loading (storing its form now
      // would store it with no task ticked, and restore it so), or one with none to tick.
      if (datasetId === null || !options.value || studio.tasks.length === 0) return;
      // Its stored draft not read yet: saving now would overwrite it with the defaults.
      if (evaluationState.value.of !== key || !evaluationState.value.draftRead) return;
      draftTimer = setTimeout(() => {
        const draft = formToDraft(
          form,
          studio.tasks.map((task) => task.name),
        );
        if (JSON.stringify(draft) === JSON.stringify(studio.trainDraft(datasetId))) return;
        studio.saveTrainDraft(datasetId, draft).catch(() => undefined);
      }, 400);
    },
    { deep: true },
  );
}
