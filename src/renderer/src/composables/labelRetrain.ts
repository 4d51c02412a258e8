/**
 * The Label view's Retrain (views/LabelView.vue): trains a new run like the run the queue is
 * ordered by (its tasks and configuration; without one, the engine's defaults on every task),
 * and once it completes orders the queue by it (least confident first when it was by row).
 */
import { ref, watch, type ComputedRef, type Ref } from 'vue';
import type { LabelStrategy } from '@shared/contract';
import type { RunInfo } from '@shared/domain';
import { api } from '../api';
import { useStudio } from '../stores/studio';

/** The Label view's state and loads that Retrain reads and moves (its refs). */
export interface LabelRetrainView {
  /** The selected dataset's id (null: none, nothing is started). */
  datasetId: ComputedRef<number | null>;
  /** The dataset's completed runs, newest first. */
  completedRuns: ComputedRef<RunInfo[]>;
  /** The run the queue is ordered by (null: none); set to the new run once it completes. */
  runId: Ref<number | null>;
  /** The queue's order ('row', or an uncertainty strategy). */
  orderKind: Ref<'row' | LabelStrategy>;
  /** Reloads the label overview (tasks, classes, counts). */
  loadOverview: () => Promise<void>;
  /** Reloads the rounds and history beside the queue. */
  loadSide: () => Promise<void>;
}

/**
 * Retrain for the Label view; call in its setup (it uses the studio store).
 * @returns `retraining`, the run training now for the queue (null: none), and `retrain()`,
 *   which starts it (a failure is told in the status bar; it never throws).
 */
export function useLabelRetrain(view: LabelRetrainView): {
  retraining: Ref<number | null>;
  retrain: () => Promise<void>;
} {
  const studio = useStudio();
  const { datasetId, completedRuns, runId, orderKind, loadOverview, loadSide } = view;
  const retraining = ref<number | null>(null);

  async function retrain(): Promise<void> {
    if (datasetId.value === null) return;
    const run = completedRuns.value.find((r) => r.id === runId.value);
    try {
      const started = await api().invoke(
        'training.start',
        run
          ? { datasetId: datasetId.value, tasks: run.tasks, config: run.config }
          : { datasetId: datasetId.value, config: {} },
      );
      studio.upsertRun(started);
      retraining.value = started.id;
      studio.resolved('labels.retrain');
    } catch (err) {
      studio.notifyError(err, { source: 'labels.retrain' });
    }
  }

  watch(
    () => studio.runs.find((r) => r.id === retraining.value)?.status,
    (status) => {
      if (status === 'completed') {
        runId.value = retraining.value;
        retraining.value = null;
        if (orderKind.value === 'row') orderKind.value = 'least-confidence';
        void loadOverview();
        void loadSide().catch(() => undefined);
      } else if (status === 'failed' || status === 'cancelled') {
        retraining.value = null;
      }
    },
  );

  return { retraining, retrain };
}
