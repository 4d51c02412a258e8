/**
 * The cross-validation the Train view's form started: the hint under the form that names it
 * while it runs, and its running fold shown in the run panel as soon as that fold has started
 * (as a new single run is shown). Kept apart from TrainView.vue, which only starts it.
 */
import { onBeforeUnmount, ref, watch, type Ref } from 'vue';
import type { CrossValidationInfo, RunInfo } from '@shared/domain';
import { api } from '../api';
import { runningFoldOf } from '../components/runningFold';

/**
 * Follows the cross-validations the form starts.
 * @param runs the open dataset's runs (the store's reactive array: a run is pushed or replaced
 *   in place, so the running fold is seen as its `training.started` arrives).
 * @param projectPath the open project's path (ids restart in each project file).
 * @param showRun shows a run in the run panel (the running fold, once).
 * @param onFailed called once when a cross-validation this form started ends failed (the
 *   Train view shows it in the status bar, not only in the folds panel: found by a new user,
 *   whose image cross-validation failed with nothing said where they looked).
 * @returns `cvStarted`, the id named by the hint (null: none), and `showCvStarted(id)`, to call
 *   with the id the start answered.
 */
export function useStartedCrossValidation(
  runs: () => readonly RunInfo[],
  projectPath: () => string | undefined,
  showRun: (runId: number) => void,
  onFailed?: (evaluation: CrossValidationInfo) => void,
): { cvStarted: Ref<number | null>; showCvStarted: (id: number) => void } {
  /** The cross-validation this form started, while it runs (a hint under the form names it). */
  const cvStarted = ref<number | null>(null);
  /**
   * The cross-validation this form started whose running fold the run panel is still to show
   * (as a new single run is shown); null once shown, ended, or another project opened.
   */
  const cvToFollow = ref<number | null>(null);
  // Found by a new user: "CV2 started" stayed under the form after CV2 was cancelled. Ended
  // (cancelled with one of its fold runs, failed, interrupted or completed), it goes.
  // (Its end may even come before the answer that started it: then no hint at all.)
  const endedCvs = new Map<number, CrossValidationInfo>();
  const stopCvHint = api().on('training.crossValidated', ({ evaluation }) => {
    endedCvs.set(evaluation.id, evaluation);
    if (evaluation.status === 'failed' && evaluation.id === cvStarted.value) onFailed?.(evaluation);
    if (evaluation.id === cvStarted.value) cvStarted.value = null;
    if (evaluation.id === cvToFollow.value) cvToFollow.value = null;
  });
  onBeforeUnmount(stopCvHint);
  // Ids restart in each project file, and the view stays mounted when another opens.
  watch(projectPath, () => {
    endedCvs.clear();
    cvStarted.value = null;
    cvToFollow.value = null;
  });
  watch(
    () => (cvToFollow.value === null ? null : runningFoldOf(runs(), cvToFollow.value)),
    (fold) => {
      if (fold === null) return;
      showRun(fold.id);
      cvToFollow.value = null;
    },
    { immediate: true },
  );
  /**
   * Shows the hint of a cross-validation just started (none once it has ended), and its
   * running fold in the run panel as soon as that fold has started.
   */
  function showCvStarted(id: number): void {
    const ended = endedCvs.get(id);
    // Failed before the answer that started it came (its first fold refused at once).
    if (ended?.status === 'failed') onFailed?.(ended);
    cvStarted.value = ended ? null : id;
    cvToFollow.value = cvStarted.value;
  }
  return { cvStarted, showCvStarted };
}
