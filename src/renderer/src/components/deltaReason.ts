/**
 * What Compare's Δm cell says under a run's Δm (views/CompareView.vue): the baseline it is
 * measured against, or why it has none.
 */
import type { RunComparisonView } from '@shared/contract';
import type { RunInfo } from '@shared/domain';
import { runMethodLabel } from './methodLabels';

/** The line under a run's Δm: an i18n key with its params, and the run whose "why" tooltip fits. */
export interface DeltaReason {
  key:
    | 'compare.vsRun'
    | 'compare.autoSingleSelf'
    | 'compare.autoSingleNoBaseline'
    | 'compare.noBaseline';
  /** `method`: the named run's method as its label elsewhere says it ("Auto → Single-task"). */
  params: { id?: number; method?: string };
  /** The Auto → single-task run whose compare.autoSingleWhy explains it (null: no tooltip). */
  whyId: number | null;
}

/**
 * The line under a run's Δm: "vs run 3" with a baseline; for an Auto run that chose
 * single-task (not a baseline itself, services/evaluation.ts runComparisons) that it waits for
 * a plain single-task run; for a run whose only fitting single-task run is such an Auto run
 * (`autoSingleTaskRunId`), that that run is not a baseline; for any other run but a plain
 * single-task one (the baseline itself: null), that it needs one. That Auto run's method is
 * named by runMethodLabel, as the runs table and the pickers name it (found by a new user: the
 * note said "auto → single-task" where they said "Auto → Single-task").
 * @param runs the runs the page knows, to find that Auto run (its CNN trunk is named too);
 *   one not among them is named as an Auto run that chose single-task on the tables' trunk.
 */
export function deltaReason(
  r: RunComparisonView,
  runs: readonly Pick<RunInfo, 'id' | 'config' | 'auto' | 'status'>[] = [],
): DeltaReason | null {
  if (r.baselineRunId)
    return { key: 'compare.vsRun', params: { id: r.baselineRunId }, whyId: null };
  if (r.run.auto && r.run.config.arch === 'single-task')
    return { key: 'compare.autoSingleSelf', params: {}, whyId: r.run.id };
  if (r.autoSingleTaskRunId)
    return {
      key: 'compare.autoSingleNoBaseline',
      params: {
        id: r.autoSingleTaskRunId,
        method: runMethodLabel(
          runs.find((run) => run.id === r.autoSingleTaskRunId) ?? {
            auto: true,
            status: 'completed',
            config: { arch: 'single-task', weighting: 'equal' },
          },
        ),
      },
      whyId: r.autoSingleTaskRunId,
    };
  if (r.run.config.arch !== 'single-task' || r.run.auto)
    return { key: 'compare.noBaseline', params: {}, whyId: null };
  return null;
}
