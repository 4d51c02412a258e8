/**
 * What Compare's Δm cell says under a run's Δm (views/CompareView.vue): the baseline it is
 * measured against, or why it has none.
 */
import type { RunComparisonView } from '@shared/contract';

/** The line under a run's Δm: an i18n key with its params, and the run whose "why" tooltip fits. */
export interface DeltaReason {
  key:
    | 'compare.vsRun'
    | 'compare.autoSingleSelf'
    | 'compare.autoSingleNoBaseline'
    | 'compare.noBaseline';
  params: { id?: number };
  /** The Auto → single-task run whose compare.autoSingleWhy explains it (null: no tooltip). */
  whyId: number | null;
}

/**
 * The line under a run's Δm: "vs run 3" with a baseline; for an Auto run that chose
 * single-task (not a baseline itself, services/evaluation.ts runComparisons) that it waits for
 * a plain single-task run; for a run whose only fitting single-task run is such an Auto run
 * (`autoSingleTaskRunId`), that that run is not a baseline; for any other run but a plain
 * single-task one (the baseline itself: null), that it needs one.
 */
export function deltaReason(r: RunComparisonView): DeltaReason | null {
  if (r.baselineRunId)
    return { key: 'compare.vsRun', params: { id: r.baselineRunId }, whyId: null };
  if (r.run.auto && r.run.config.arch === 'single-task')
    return { key: 'compare.autoSingleSelf', params: {}, whyId: r.run.id };
  if (r.autoSingleTaskRunId)
    return {
      key: 'compare.autoSingleNoBaseline',
      params: { id: r.autoSingleTaskRunId },
      whyId: r.autoSingleTaskRunId,
    };
  if (r.run.config.arch !== 'single-task' || r.run.auto)
    return { key: 'compare.noBaseline', params: {}, whyId: null };
  return null;
}
