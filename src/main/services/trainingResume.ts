/**
 * Resuming a stopped run from its last checkpoint: the SAME run continues with its
 * remaining epochs — the epochs before the checkpoint are kept, its status goes back to
 * 'running', and it ends with the results an uninterrupted run would have had (same backend;
 * engine/checkpoint.ts). A run without a usable checkpoint can still be restarted
 * (services/training.ts restartRequest), as a new run from the first epoch.
 */
import type { CheckpointPolicy, RunInfo } from '../../shared/domain';
import { MtlError } from '../../shared/errors';
import { shellWord } from '../../shared/shellWord';
import { DEFAULT_CHECKPOINT_POLICY, decodeCheckpoint } from '../engine/checkpoint';
import type { ProjectStore } from '../store/projectStore';
import { checkpointPolicyColumns, type StoredCheckpoint } from '../store/trainingCheckpoints';
import { prepareJob, runWriter, superviseRun, type TrainHooks } from './training';

/**
 * The two ways to restart a run, named in refusals read on the command line and in the
 * studio alike: the CLI's `restart` command, runnable as shown (`-p` the project as it was
 * opened, quoted for a POSIX shell), and the Train view's Restart button.
 */
const restartHow = (runId: number, project: string): string =>
  `mtl-studio restart ${runId} -p ${shellWord(project)}, or Restart in the Train view`;

/** Statuses a run can be resumed from (with a checkpoint). */
const RESUMABLE: readonly RunInfo['status'][] = ['interrupted', 'failed', 'cancelled'];

/**
 * The checkpoint policy a resume of `run` trains with: `given` (checkpoint options given
 * again, a whole policy of their own: `train --resume --checkpoint-seconds 5` alone is every
 * epoch, 5 s apart, not the run's every N), else the one stored with the run, else (a run
 * stored before schema v14) {@link DEFAULT_CHECKPOINT_POLICY}. false: none.
 */
export function resumeCheckpointPolicy(
  run: Pick<RunInfo, 'checkpointPolicy'>,
  given: CheckpointPolicy | false | undefined,
): CheckpointPolicy | false {
  return given ?? run.checkpointPolicy ?? DEFAULT_CHECKPOINT_POLICY;
}

/**
 * Whether run `runId` can be resumed as it is stored: interrupted, failed or cancelled, not
 * a cross-validation fold nor an Auto run, with a checkpoint that decodes. `train --resume`
 * asks this first, so a refusal of the run comes before one of the options given with it.
 * @returns the run and its latest checkpoint.
 * @throws MtlError('NOT_FOUND') for an unknown run; MtlError('BAD_REQUEST') for a run that
 *   is not interrupted, failed or cancelled, or an Auto or cross-validation fold run;
 *   MtlError('CHECKPOINT_INVALID') when it has no checkpoint or the checkpoint is damaged.
 */
export async function assertResumable(
  store: ProjectStore,
  runId: number,
): Promise<{ run: RunInfo; checkpoint: StoredCheckpoint }> {
  const run = await store.training.getRun(runId);
  if (!RESUMABLE.includes(run.status)) {
    throw new MtlError(
      'BAD_REQUEST',
      `Run ${runId} is ${run.status}; only an interrupted, failed or cancelled run can be resumed.`,
    );
  }
  if (run.fold) {
    // A fold is not restarted on its own either (restartRequest): its evaluation is.
    throw new MtlError(
      'BAD_REQUEST',
      `Run ${runId} is a fold of cross-validation CV${run.fold.evaluationId}, which is not resumed from checkpoints; continue the cross-validation instead (the same train --evaluation cv command, or Continue on the cross-validation in the Train view): its unfinished folds are trained again from their first epoch, the finished ones kept.`,
    );
  }
  if (run.auto) {
    throw new MtlError(
      'BAD_REQUEST',
      `Run ${runId} is an Auto run, which is not resumed from checkpoints; restart it instead (${restartHow(runId, store.path)}).`,
    );
  }
  const checkpoint = await store.training.checkpoints.latest(runId);
  if (!checkpoint) {
    throw new MtlError(
      'CHECKPOINT_INVALID',
      `Run ${runId} has no checkpoint (it stopped before its first one was saved); restart it (${restartHow(runId, store.path)}) to train it again from the first epoch.`,
      { runId },
    );
  }
  // Refuse damaged bytes before the run is touched (the engine checks the rest).
  try {
    decodeCheckpoint(checkpoint.data);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    throw new MtlError(
      'CHECKPOINT_INVALID',
      `Run ${runId} cannot be resumed: ${message} Restart it (${restartHow(runId, store.path)}) to train it again from the first epoch.`,
      { runId },
    );
  }
  return { run, checkpoint };
}

/**
 * Resumes a stopped run from its checkpoint and trains it to the end (child process or
 * in-process, as `hooks.mode` says), storing epochs, further checkpoints, results and
 * model exactly as the first start did (services/training.ts superviseRun). Further
 * checkpoints follow {@link resumeCheckpointPolicy}: `hooks.checkpoints` when given (then
 * stored with the run as it reopens), else the policy stored with the run, else the default.
 * The run `hooks.onStarted` hears of carries in `checkpointPolicy` the policy it trains with
 * (what `train --resume` prints).
 * The run's data are read again and must be what it trained on: a label edited, a row
 * added to the split or a configuration changed since makes the engine refuse the
 * checkpoint (the run is then stored as failed with that message, and can be restarted).
 * @returns the completed run.
 * @throws MtlError('NOT_FOUND') for an unknown run; MtlError('BAD_REQUEST') for a run that
 *   is not interrupted, failed or cancelled, or an Auto or cross-validation fold run, or for
 *   a bad `hooks.checkpoints` (every epochs not an integer ≥ 1, seconds not a finite number
 *   ≥ 0; store/trainingCheckpoints.ts checkpointPolicyColumns); MtlError('CHECKPOINT_INVALID')
 *   when it has no checkpoint or the checkpoint is damaged (nothing of the run changes on any
 *   of these); errors of training (stored as the run's status).
 */
export async function resumeRun(
  store: ProjectStore,
  runId: number,
  hooks: TrainHooks = {},
): Promise<RunInfo> {
  const { run, checkpoint } = await assertResumable(store, runId);
  // A bad policy given is refused here, before the run is touched (not as the run's failure).
  const given = hooks.checkpoints;
  if (given !== undefined) checkpointPolicyColumns(given);
  const input = await prepareJob(
    store,
    run.datasetId,
    run.tasks,
    run.splitId,
    run.config,
    hooks.images,
  );
  // The configuration exactly as the run stored it (its patience already scaled).
  input.config = run.config;
  input.resumeFrom = checkpoint.data;
  // Options given again replace the stored policy (and are stored); else the run keeps its
  // own, and one stored before schema v14 recorded none: the default.
  const checkpoints = resumeCheckpointPolicy(run, given);
  if (checkpoints !== false) input.checkpoints = checkpoints;
  const writer = runWriter(hooks);
  // Heard of (onStarted) with the policy it trains with.
  const reopened = { ...run, checkpointPolicy: checkpoints };
  return superviseRun(store, reopened, input, hooks, writer, async () => {
    await writer.writes.write(() =>
      store.training.checkpoints.reopenRun(runId, checkpoint.epoch, given),
    );
    // Its start as reopenRun moved it (later by the time the run spent stopped).
    return (await writer.writes.write(() => store.training.getRun(runId))).startedAt;
  });
}
