/**
 * The completed runs of the open project and a chosen one among them, for views that need a
 * trained model (Predict, Export): the choice starts at the newest run and moves to it
 * again when the chosen run disappears (deleted, or another project opened).
 */
import { computed, ref, watch, type ComputedRef, type Ref } from 'vue';
import type { RunInfo } from '@shared/domain';
import { useStudio } from '../stores/studio';

/** @returns the completed runs (oldest first) and the chosen run's id (null: none). */
export function useCompletedRun(): {
  completed: ComputedRef<RunInfo[]>;
  runId: Ref<number | null>;
} {
  const studio = useStudio();
  const completed = computed(() => studio.runs.filter((r) => r.status === 'completed'));
  const runId = ref<number | null>(null);
  watch(
    completed,
    (runs) => {
      if (runId.value === null || !runs.some((r) => r.id === runId.value)) {
        runId.value = runs.at(-1)?.id ?? null;
      }
    },
    { immediate: true },
  );
  return { completed, runId };
}
