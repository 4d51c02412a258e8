/**
 * The completed runs of the open project and a chosen one among them, for views that need a
 * trained model (Predict, Export): the choice starts at the newest run that is not a fold of
 * a cross-validation (a fold's model saw only (k − 1)/k of the rows), at the newest fold run
 * only when no other run completed (then it moves on to a run trained on a split as soon as
 * one completes, unless the user chose the fold), and moves there again when the chosen run
 * disappears (deleted, or another project opened).
 */
import { computed, ref, watch, type ComputedRef, type Ref } from 'vue';
import type { RunInfo } from '@shared/domain';
import { useStudio } from '../stores/studio';

/**
 * The run a model picker starts at: the newest (highest id) of `runs` without `fold`, else
 * the newest fold run; null when `runs` is empty.
 */
export function defaultModelRun(runs: readonly Pick<RunInfo, 'id' | 'fold'>[]): number | null {
  const newest = (list: readonly Pick<RunInfo, 'id'>[]) =>
    list.reduce<number | null>((best, r) => (best === null || r.id > best ? r.id : best), null);
  return newest(runs.filter((r) => !r.fold)) ?? newest(runs);
}

/** @returns the completed runs (oldest first) and the chosen run's id (null: none). */
export function useCompletedRun(): {
  completed: ComputedRef<RunInfo[]>;
  runId: Ref<number | null>;
} {
  const studio = useStudio();
  const completed = computed(() => studio.runs.filter((r) => r.status === 'completed'));
  const runId = ref<number | null>(null);
  // The run the picker started at, while the user keeps it: a fold chosen only because no
  // other run had completed gives way to the first run trained on a split.
  let defaulted: number | null = null;
  watch(
    completed,
    (runs) => {
      const chosen = runs.find((r) => r.id === runId.value);
      if (!chosen || (chosen.fold && chosen.id === defaulted)) {
        runId.value = defaulted = defaultModelRun(runs);
      }
    },
    { immediate: true },
  );
  return { completed, runId };
}
