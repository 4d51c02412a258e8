/**
 * How a cross-validation's final model says the epochs it trained (Train view, run facts).
 * The count is the median over the folds of each task's best epoch (services/finalModel.ts
 * finalEpochs); a new user read "median of the folds' early stops" when every fold had run
 * to its maximum and none had stopped early.
 */
import type { RunInfo } from '@shared/domain';

/**
 * The message key of the final model's "trained for n epochs": 'train.finalTrainedForMax'
 * when every completed fold run of its cross-validation kept its last epoch, the maximum
 * (`bestEpoch` equal to `config.epochs`: none stopped early), else 'train.finalTrainedFor'
 * (the median of the folds' best epochs). With no completed fold run known, the latter.
 * @param evaluationId the cross-validation the final model is of (RunInfo.finalOf)
 * @param runs the runs known to the studio (studio.runs)
 */
export function finalEpochsKey(
  evaluationId: number,
  runs: readonly Pick<RunInfo, 'fold' | 'status' | 'bestEpoch' | 'config'>[],
): 'train.finalTrainedFor' | 'train.finalTrainedForMax' {
  const folds = runs.filter(
    (r) => r.fold?.evaluationId === evaluationId && r.status === 'completed',
  );
  const allAtMax =
    folds.length > 0 && folds.every((r) => r.bestEpoch !== null && r.bestEpoch === r.config.epochs);
  return allAtMax ? 'train.finalTrainedForMax' : 'train.finalTrainedFor';
}
