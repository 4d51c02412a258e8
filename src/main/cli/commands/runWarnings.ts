/**
 * The warnings `train` says of a run on the split, said again of a run that `train --resume`
 * continued or `restart` trained anew (found by a new user: `train --resume 3 --json` had no
 * `warnings`, where the fresh `train --json` listed the leakage of its test split).
 */
import type { RunInfo } from '../../../shared/runs';
import type { ProjectStore } from '../../store/projectStore';
import { smallTestSplitWarnings } from './evaluation';
import { splitLeakageWarning } from './splits';
import { oneTaskWarning, targetsWithoutTaskWarning } from './trainOptions';
import { warn } from './trainProgress';

/**
 * Says (on stderr, as `warning: …`) and returns the warnings of `run`, a trained run on the
 * split, in the order `train` says them: one task under a multi-task architecture, targets
 * without a task, test rows repeating a training row's inputs, tasks scored on too few test
 * rows.
 * @param scope the `-p FILE [-d N]` the warnings' suggested commands take (program.ts
 *   scopeWords).
 * @returns the warnings, for the --json document's `warnings` (trainProgress.ts warningsOf).
 */
export async function trainedRunWarnings(
  store: ProjectStore,
  run: RunInfo,
  scope: string,
): Promise<string[]> {
  const warnings: string[] = [];
  const arch = run.auto ? 'auto' : run.config.arch;
  warn(warnings, await oneTaskWarning(store, run.datasetId, arch, run.tasks));
  warn(warnings, await targetsWithoutTaskWarning(store, run.datasetId, scope));
  const { describeSplit } = await import('../../services/splits');
  warn(warnings, splitLeakageWarning((await describeSplit(store, run.splitId)).leakage));
  for (const w of smallTestSplitWarnings(run)) warn(warnings, w);
  return warnings;
}
