/**
 * The completed runs of the open project and a chosen one among them, for views that need a
 * trained model (Predict, Export): the choice starts at the run the picker lists first
 * ({@link defaultModelRun}: the newest final model of a cross-validation, else the newest run
 * trained on a split, else the newest fold run), moves on to a better kind of run as soon as
 * one completes (a fold to a split run or a final model, a split run to a final model, a
 * final model to a newer one), unless the user chose the run, and moves there again when the chosen run disappears
 * (deleted, or another project opened).
 */
import { computed, ref, watch, type ComputedRef, type Ref } from 'vue';
import type { RunInfo } from '@shared/domain';
import { useStudio } from '../stores/studio';

type PickedRun = Pick<RunInfo, 'id' | 'fold' | 'finalOf'>;

/**
 * How a model picker ranks a run's kind: 0 a cross-validation's final model (trained on every
 * labelled row; `train --help` calls it "the model to export and predict with, listed
 * first"), 1 a run trained on a split, 2 a fold of a cross-validation (trained on (k − 1)/k
 * of the rows).
 */
export function modelRunRank(run: Pick<RunInfo, 'fold' | 'finalOf'>): 0 | 1 | 2 {
  return run.finalOf ? 0 : run.fold ? 2 : 1;
}

/**
 * The run a model picker starts at, the one it lists first: the newest (highest id) of the
 * best-ranked kind in `runs` ({@link modelRunRank}) — a final model even when a split run is
 * newer — else null when `runs` is empty.
 */
export function defaultModelRun(runs: readonly PickedRun[]): number | null {
  let best: PickedRun | null = null;
  for (const r of runs) {
    if (
      best === null ||
      modelRunRank(r) < modelRunRank(best) ||
      (modelRunRank(r) === modelRunRank(best) && r.id > best.id)
    )
      best = r;
  }
  return best?.id ?? null;
}

/** @returns the completed runs (oldest first) and the chosen run's id (null: none). */
export function useCompletedRun(): {
  completed: ComputedRef<RunInfo[]>;
  runId: Ref<number | null>;
} {
  const studio = useStudio();
  const completed = computed(() => studio.runs.filter((r) => r.status === 'completed'));
  const runId = ref<number | null>(null);
  // The run the picker started at, while the user keeps it: a run chosen only because no
  // better kind had completed gives way to the first one of a better kind, and a final model
  // to a newer final model (trained again, e.g. after labels changed), so that the choice is
  // the run listed first; not a split run to a newer split run (the choice, and the
  // predictions shown for it, do not move under the user's feet for a run of the same kind).
  let defaulted: number | null = null;
  watch(
    completed,
    (runs) => {
      const chosen = runs.find((r) => r.id === runId.value);
      const next = defaultModelRun(runs);
      const better = runs.find((r) => r.id === next);
      if (
        !chosen ||
        (chosen.id === defaulted &&
          better &&
          (modelRunRank(better) < modelRunRank(chosen) ||
            (modelRunRank(better) === 0 && better.id !== chosen.id)))
      ) {
        runId.value = defaulted = next;
      }
    },
    { immediate: true },
  );
  return { completed, runId };
}
