/**
 * What `train` and `restart` say when Ctrl-C (SIGINT) or a plain `kill` (SIGTERM) stops a
 * training: which signal, after which epoch, the run's status exactly as the project stores
 * it, its last checkpoint, and the command that continues it. Found by a new user: a run
 * stopped with Ctrl-C ended with exit code 130 and the engine's bare "Training was
 * cancelled.", naming neither the run nor how to go on.
 */
import type { RunInfo } from '../../../shared/domain';
import { MtlError } from '../../../shared/errors';
import { shellWord } from '../../../shared/shellWord';
import type { ProjectStore } from '../../store/projectStore';
import { rerunCommand } from '../rerun';
import type { StopSignal } from '../stopSignals';

/** "SIGINT (Ctrl-C)" / "SIGTERM": how the stop is named in the message. */
const signalName = (signal: StopSignal): string =>
  signal === 'SIGINT' ? 'SIGINT (Ctrl-C)' : 'SIGTERM';

/**
 * When an Auto run stopped: its search or its finalist's training, which the message does
 * not tell apart (the run's epochs are the finalist's, its trials are not stored as runs).
 */
const DURING_AUTO = 'while Auto ran (its search or its finalist)';

/** "cancelled" → "Cancelled". */
const capitalised = (word: string): string => word.charAt(0).toUpperCase() + word.slice(1);

/**
 * How a stopped run (cancelled, interrupted or failed) goes on, as a sentence naming the
 * command, runnable as shown in a POSIX shell: an Auto run is searched again (`restart`), a
 * run with a checkpoint is resumed from it (`train --resume`), one without is trained again
 * from its first epoch (`restart`). E.g. "Continue it with: mtl-studio train -p p.mtlproj
 * --resume 16". Said when a stop ends the run ({@link stoppedRunError}) and by `evaluate
 * --run` of such a run.
 * @param project the project file, quoted by shellWord.
 */
export function continueRunHint(
  run: Pick<RunInfo, 'id' | 'auto' | 'checkpointEpoch'>,
  project: string,
): string {
  const p = shellWord(project);
  if (run.auto)
    return `An Auto run is not resumed from a checkpoint; search again with: mtl-studio restart ${run.id} -p ${p}`;
  if (run.checkpointEpoch !== undefined)
    return `Continue it with: mtl-studio train -p ${p} --resume ${run.id}`;
  return `Train it again from its first epoch with: mtl-studio restart ${run.id} -p ${p}`;
}

/**
 * The error a training command ends with when a stop signal stopped run `runId`, read back
 * from the project after the run was stored, e.g. "Cancelled by SIGINT (Ctrl-C) after epoch
 * 12: run 7 stored as cancelled (last checkpoint: epoch 10). Continue it with: mtl-studio
 * train -p p.mtlproj --resume 7". Its details carry the same facts for `--json`
 * (`runId`, `status`, `lastEpoch`, `checkpointEpoch`, `signal`, `next`). The code stays
 * TRAINING_CANCELLED, so main() still exits with 130 (143 for SIGTERM).
 * @param project the project path as given on the command line (quoted for the shell).
 * @throws errors of the store when the run cannot be read.
 */
export async function stoppedRunError(
  store: ProjectStore,
  runId: number,
  signal: StopSignal,
  project: string,
): Promise<MtlError> {
  const run = await store.training.getRun(runId);
  const lastEpoch = (await store.training.listEpochs(runId)).at(-1)?.epoch ?? 0;
  const when = run.auto
    ? DURING_AUTO
    : lastEpoch === 0
      ? 'before its first epoch ended'
      : `after epoch ${lastEpoch}`;
  const saved = run.auto
    ? ''
    : run.checkpointEpoch !== undefined
      ? ` (last checkpoint: epoch ${run.checkpointEpoch})`
      : ' (no checkpoint saved yet)';
  const next = continueRunHint(run, project);
  return new MtlError(
    'TRAINING_CANCELLED',
    `${capitalised(run.status)} by ${signalName(signal)} ${when}: run ${runId} stored as ${run.status}${saved}. ${next}`,
    {
      runId,
      status: run.status,
      lastEpoch,
      ...(run.checkpointEpoch !== undefined ? { checkpointEpoch: run.checkpointEpoch } : {}),
      signal,
      next: next.slice(next.indexOf('mtl-studio ')),
    },
  );
}

/**
 * The error a training command ends with when a stop signal came before its run was stored
 * (while the data or the fold scheme was read): no run was trained or stored (a split the
 * command made first, e.g. with --split-seed, may have been), e.g.
 * "Stopped by SIGINT (Ctrl-C) before the run was stored; no run was stored. Train again
 * with the same command, for a POSIX shell: mtl-studio train -p p.mtlproj". Details:
 * `status` ('cancelled'), `signal`, `next` (the command typed). Code TRAINING_CANCELLED
 * (exit 130; 143 for SIGTERM).
 * @param what what was not stored yet: 'the run' or 'the cross-validation'.
 * @param args the command line's words after `mtl-studio` (see rerunCommand).
 */
export function stoppedBeforeRunError(
  signal: StopSignal,
  what: 'the run' | 'the cross-validation',
  args: readonly string[],
): MtlError {
  const next = rerunCommand(args);
  return new MtlError(
    'TRAINING_CANCELLED',
    `Stopped by ${signalName(signal)} before ${what} was stored; no run was stored. Train again with the same command, for a POSIX shell: ${next}`,
    { status: 'cancelled', signal, next },
  );
}

/**
 * The error `train` ends with when a stop signal stopped a cross-validation in fold `fold`
 * of `folds`, e.g. "Cancelled by SIGINT (Ctrl-C) in fold 2 of 5: cross-validation CV1
 * stored as cancelled, its fold run 8 as cancelled after epoch 12; the 1 fold finished
 * before is kept. Continue it (the 4 folds not finished trained anew,
 * the finished one reused) with the same command, for a POSIX shell: mtl-studio train -p
 * p.mtlproj --evaluation cv --folds 5" (`--fresh` left out: that command continues CV1,
 * see training.ts). Details: `evaluationId`, `status`, `fold` ({done:
 * the number of the fold stopped, total}), `stoppedInFold` (that number again, named
 * plainly: 1-based), `runId`, `runStatus`, `lastEpoch`, `foldsDone` (how many folds finished),
 * `signal`, `next` (the command).
 * @param args the command line's words after `mtl-studio` (process.argv.slice(2)), given
 *   back quoted as the command to run again (see rerunCommand).
 * @throws errors of the store when the evaluation or the run cannot be read.
 */
export async function stoppedCrossValidationError(
  store: ProjectStore,
  evaluationId: number,
  fold: { done: number; total: number },
  signal: StopSignal,
  args: readonly string[],
): Promise<MtlError> {
  const evaluation = await store.evaluation.crossValidation(evaluationId);
  // The fold runs as linked to the evaluation (a fold's run is linked once it started).
  const runs = await Promise.all(evaluation.runs.map((r) => store.training.getRun(r.runId)));
  const foldsDone = runs.filter((r) => r.status === 'completed').length;
  const run = runs.filter((r) => r.status !== 'completed').at(-1) ?? null;
  const lastEpoch = run ? ((await store.training.listEpochs(run.id)).at(-1)?.epoch ?? 0) : 0;
  // No run of this fold yet: stopped as it began, before its run was stored.
  const stoppedRun = run
    ? `, its fold run ${run.id} as ${run.status}${run.auto ? ` ${DURING_AUTO}` : lastEpoch > 0 ? ` after epoch ${lastEpoch}` : ' before its first epoch ended'}`
    : fold.done > foldsDone
      ? `, before fold ${fold.done}'s run was stored`
      : '';
  // Without --fresh: the same command finds this cross-validation and continues it.
  const next = rerunCommand(args.filter((a) => a !== '--fresh'));
  const kept =
    foldsDone === 0
      ? 'no fold had finished'
      : `the ${foldsDone} fold${foldsDone === 1 ? '' : 's'} finished before ${foldsDone === 1 ? 'is' : 'are'} kept`;
  const left = fold.total - foldsDone;
  return new MtlError(
    'TRAINING_CANCELLED',
    `${capitalised(evaluation.status)} by ${signalName(signal)} in fold ${fold.done} of ${fold.total}: cross-validation CV${evaluationId} stored as ${evaluation.status}${stoppedRun}; ${kept}. Continue it (the ${left} fold${left === 1 ? '' : 's'} not finished trained anew${foldsDone > 0 ? `, the finished one${foldsDone === 1 ? '' : 's'} reused` : ''}) with the same command, for a POSIX shell: ${next}`,
    {
      evaluationId,
      status: evaluation.status,
      // `fold.done` is the stopped fold's number, not a count (kept: scripts read it);
      // `stoppedInFold` says the same plainly, `foldsDone` counts the folds finished.
      fold: { done: fold.done, total: fold.total },
      stoppedInFold: fold.done,
      ...(run ? { runId: run.id, runStatus: run.status, lastEpoch } : {}),
      foldsDone,
      signal,
      next,
    },
  );
}

/**
 * The one line `mtl-studio demo cards` ends with when a stop signal stopped it, e.g. "Demo
 * stopped by SIGINT (Ctrl-C): run 1 (single-task) stored as cancelled, run 2 (hard-sharing)
 * stored as cancelled, in /tmp/mtl-studio-demo-x/cards.mtlproj (a new project in the temp
 * folder)", or "… before any run was stored; the project is left at …" when it stopped while
 * the cards were generated or imported. Found by a new user: Ctrl-C printed only the
 * engine's bare "Training was cancelled.".
 * @param runs the project's runs after the stop (id, architecture, stored status), in order
 * @param temporary whether the demo made the project in the temp folder (no --project)
 */
export function demoStoppedMessage(
  signal: StopSignal,
  project: string,
  runs: readonly { id: number; arch: string; status: string }[],
  temporary: boolean,
): string {
  const where = `${project}${temporary ? ' (a new project in the temp folder)' : ''}`;
  if (runs.length === 0) {
    return `Demo stopped by ${signalName(signal)} before any run was stored; the project is left at ${where}.`;
  }
  const stored = runs.map((r) => `run ${r.id} (${r.arch}) stored as ${r.status}`).join(', ');
  return `Demo stopped by ${signalName(signal)}: ${stored}, in ${where}.`;
}

/**
 * The error a training command ends with: when a stop signal came and the training ended
 * as cancelled, the error `explain` builds from what the project stored (one of
 * the errors above); any other error unchanged (an error while explaining too: the
 * original is the one to report).
 */
export async function explainStop(
  err: unknown,
  signal: StopSignal | null,
  explain: () => Promise<MtlError>,
): Promise<unknown> {
  if (signal === null || !(err instanceof MtlError) || err.code !== 'TRAINING_CANCELLED')
    return err;
  return explain().catch(() => err);
}
