/**
 * The run the Train view's run panel shows: the one picked, else the newest; and, while it
 * shows a running fold, the next fold of that cross-validation once it starts. Kept apart
 * from TrainView.vue, which only sets the pick.
 */
import { computed, ref, watch, type ComputedRef, type Ref } from 'vue';
import type { RunInfo } from '@shared/domain';
import { nextFollowedFold } from '../components/runningFold';

/**
 * Follows the run the panel shows.
 * @param allRuns the open dataset's runs (the store's reactive array).
 * @param selectedRunId the picked run's id (null: the newest); set here to the next fold.
 * @returns `runs`, newest first, and `selectedRun`, the run shown (null: no run).
 */
export function useShownRun(
  allRuns: () => readonly RunInfo[],
  selectedRunId: Ref<number | null>,
): { runs: ComputedRef<RunInfo[]>; selectedRun: ComputedRef<RunInfo | null> } {
  const runs = computed(() => [...allRuns()].sort((a, b) => b.id - a.id));
  const selectedRun = computed<RunInfo | null>(
    () => allRuns().find((r) => r.id === selectedRunId.value) ?? runs.value[0] ?? null,
  );
  /**
   * The cross-validation whose folds the run panel follows (found by a new user: it stayed on
   * a finished fold while the next one ran): set when the panel comes to show a running fold,
   * cleared when it comes to show anything else; the fold's own end keeps it.
   */
  const followedCv = ref<number | null>(null);
  watch(
    () => selectedRun.value?.id,
    () => {
      const run = selectedRun.value;
      followedCv.value = run?.fold && run.status === 'running' ? run.fold.evaluationId : null;
    },
    { immediate: true },
  );
  watch(
    () => nextFollowedFold(allRuns(), followedCv.value, selectedRun.value?.id ?? null),
    (fold) => {
      if (fold) selectedRunId.value = fold.id;
    },
  );
  return { runs, selectedRun };
}
