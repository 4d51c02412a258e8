/**
 * The run whose model `export model` and `predict --run` use, checked before they start: it
 * must exist and have completed (else an error that says why it has no model and which
 * command trains one), and a fold of a cross-validation is named as such (a model trained on
 * (k − 1)/k of the rows, not on the whole training split).
 */
import type { RunInfo } from '../../../shared/domain';
import { MtlError, reasonDetails } from '../../../shared/errors';
import { finalModelRows } from '../../../shared/finalModel';
import { wholeSplitTrainCommand } from '../../../shared/foldRun';
import type { ProjectStore } from '../../store/projectStore';
import { labelledRowsPerTask } from '../../services/finalModelEstimate';
import { rerunCommand } from '../rerun';

/** A fold run as `--json` gives it: 1-based fold and repeat, with its scheme when known. */
export interface FoldRunNote {
  /** The cross-validation the fold belongs to (as the final model's `crossValidationId`). */
  crossValidationId: number;
  /** 1-based fold number. */
  fold: number;
  /** Folds in the scheme (k), or null when its scheme is not found. */
  folds: number | null;
  /** 1-based repeat number. */
  repeat: number;
  /** Repeats in the scheme, or null when its scheme is not found. */
  repeats: number | null;
  /** The cross-validation's completed final model (newest), or null when it has none. */
  finalRunId: number | null;
  /** The note, in English, as stderr prints it after `note: `. */
  note: string;
}

/** A cross-validation's final model as `--json` gives it (RunInfo.finalOf). */
export interface FinalModelNote {
  /** The cross-validation whose method it trained (`crossValidationId`, as evaluate --json). */
  crossValidationId: number;
  /** The rows it trained on: every row labelled for at least one of its tasks. */
  labelledRows: number;
  /**
   * Each task's labelled rows among them (a task trains on its own labels only), or null
   * when unknown (a bundle of several tasks).
   */
  labelledRowsPerTask: Record<string, number> | null;
  /** Epochs it trained (the most of the tasks' median early-stopping epochs). */
  epochs: number;
  /** The note, in English, as stderr prints it after `note: `. */
  note: string;
}

/** A run as `--json` gives it: {@link runJson}. */
export type RunJson = Omit<RunInfo, 'fold' | 'finalOf'> & {
  fold?: Omit<NonNullable<RunInfo['fold']>, 'evaluationId'> & { crossValidationId: number };
  finalOf?: Omit<NonNullable<RunInfo['finalOf']>, 'evaluationId'> & { crossValidationId: number };
};

/**
 * A run as every `--json` output gives it (`runs`, `train`): its fold block (a fold run) and
 * its `finalOf` block (a cross-validation's final model) name their cross-validation
 * `crossValidationId`, as `evaluate --json`, `export model --json` and `predict --json` do
 * (stored internally as `evaluationId`, RunInfo.fold and RunInfo.finalOf). Other fields as
 * they are.
 * @param run the stored run.
 */
export function runJson(run: RunInfo): RunJson {
  const { fold, finalOf, ...rest } = run;
  const out: RunJson = rest;
  if (fold) {
    const { evaluationId, ...where } = fold;
    out.fold = { crossValidationId: evaluationId, ...where };
  }
  if (finalOf) {
    const { evaluationId, ...what } = finalOf;
    out.finalOf = { crossValidationId: evaluationId, ...what };
  }
  return out;
}

/**
 * The one-line note on a cross-validation's final model: what it trained on, and that its
 * estimate is the cross-validation's mean ± std (it has no test split).
 * @param run the run (a bundle: its origin run id and the FinalModelInfo its metadata gives).
 * @param perTask each task's labelled rows (services/finalModelEstimate.ts labelledRowsPerTask),
 *   or null.
 */
export function finalModelNote(
  run: Pick<RunInfo, 'id' | 'finalOf'>,
  perTask: Record<string, number> | null,
): FinalModelNote | null {
  if (!run.finalOf) return null;
  const { evaluationId, labelledRows, epochs } = run.finalOf;
  return {
    crossValidationId: evaluationId,
    labelledRows,
    labelledRowsPerTask: perTask,
    epochs,
    note:
      `run ${run.id} is the final model of cross-validation ${evaluationId}: trained on ${finalModelRows(run.finalOf, perTask)} for ${epochs} epoch${epochs === 1 ? '' : 's'}, ` +
      `with no test split; its expected score is the cross-validation's mean ± std (\`evaluate\` lists it).`,
  };
}

/**
 * Checks the run a model is taken from and words the note for a fold run.
 * @param store the open project.
 * @param runId the run's id (`--run`).
 * @param project the project file as given on the command line (`-p`), for the commands the
 *   messages suggest.
 * @returns the run; for a fold of a cross-validation its {@link FoldRunNote}, for its final
 *   model its {@link FinalModelNote} (each null otherwise).
 * @throws MtlError('NOT_FOUND', reason RUN_MISSING) for an unknown run;
 *   MtlError('NOT_FOUND', reason RUN_NO_MODEL) for a run that has not completed, naming its
 *   status, why it has no model and the command to train it (resume, restart, or the
 *   cross-validation again).
 */
export async function runForModel(
  store: ProjectStore,
  runId: number,
  project: string,
): Promise<{ run: RunInfo; fold: FoldRunNote | null; final: FinalModelNote | null }> {
  const run = await store.training.getRun(runId);
  if (run.status !== 'completed') {
    // NOT_FOUND, as the store's refusal of a run without a model (the same exit code).
    throw new MtlError(
      'NOT_FOUND',
      `Run ${runId} has no saved model: ${whyNoModel(run, project)}`,
      reasonDetails('RUN_NO_MODEL', { id: runId }),
    );
  }
  if (!run.fold)
    return {
      run,
      fold: null,
      final: run.finalOf ? finalModelNote(run, await labelledRowsPerTask(store, run)) : null,
    };
  const [evaluations, schemes] = await Promise.all([
    store.evaluation.crossValidations(run.datasetId),
    store.splits.foldSchemes(run.datasetId),
  ]);
  const schemeId = evaluations.find((e) => e.id === run.fold!.evaluationId)?.schemeId;
  const scheme = schemes.find((s) => s.id === schemeId);
  const fold = run.fold.fold + 1;
  const repeat = run.fold.repeat + 1;
  const which = scheme
    ? `fold ${fold}/${scheme.k}${scheme.repeats > 1 ? ` (repeat ${repeat}/${scheme.repeats})` : ''}`
    : `fold ${fold} (repeat ${repeat})`;
  const part = scheme ? `${scheme.k - 1}/${scheme.k}` : '(k − 1)/k';
  const retrain = wholeSplitTrainCommand(project, run);
  const evaluation = evaluations.find((e) => e.id === run.fold!.evaluationId);
  // The model a user wants after cross-validation is its final model (every labelled row):
  // name it when it exists, else the command that trains it (a completed one of a fixed
  // configuration); the run on the fixed split stays the way to a model with a test score.
  const finalRun =
    (await store.training.listRuns(run.datasetId))
      .filter((r) => r.finalOf?.evaluationId === run.fold!.evaluationId && r.status === 'completed')
      .sort((a, b) => b.id - a.id)[0] ?? null;
  const cv = run.fold.evaluationId;
  const onSplit = `train the configuration once more on the fixed split with its options (${retrain}), and use that run`;
  const advice = finalRun
    ? `Cross-validation ${cv} has a final model, trained on every labelled row: run ${finalRun.id} (predict --run ${finalRun.id}, export model --run ${finalRun.id}). For a model with a test score instead, ${onSplit}.`
    : evaluation?.status === 'completed' && evaluation.method.kind === 'fixed'
      ? `For a model of every labelled row, train the cross-validation's final model (${rerunCommand(['train', '-p', project, '--final-of-cv', String(cv)])}); for a model with a test score instead, ${onSplit}.`
      : `For a model of the whole training split, ${onSplit}.`;
  return {
    run,
    final: null,
    fold: {
      crossValidationId: run.fold.evaluationId,
      fold,
      folds: scheme?.k ?? null,
      repeat,
      repeats: scheme?.repeats ?? null,
      finalRunId: finalRun?.id ?? null,
      note:
        `run ${runId} is ${which} of cross-validation ${cv}: its model was trained on ${part} of the rows, ` +
        `and no fold model saw all of them. ${advice}`,
    },
  };
}

/** Why a run that did not complete has no model, and what trains one (a sentence). */
function whyNoModel(run: RunInfo, project: string): string {
  const id = String(run.id);
  if (run.status === 'running' || run.status === 'queued') {
    return `it is still training (status ${run.status}); its model is saved when it completes.`;
  }
  const stopped =
    run.status === 'interrupted'
      ? 'it was interrupted before it finished (status interrupted)'
      : run.status === 'cancelled'
        ? 'it was cancelled before it finished (status cancelled)'
        : `it failed (status failed${run.error ? `: ${run.error}` : ''})`;
  if (run.fold) {
    return `${stopped}. It is a fold of cross-validation ${run.fold.evaluationId}: start the cross-validation again (the same train command) to train its folds.`;
  }
  const restart = rerunCommand(['restart', id, '-p', project]);
  if (!run.auto && run.checkpointEpoch !== undefined) {
    const resume = rerunCommand(['train', '-p', project, '--resume', id]);
    return `${stopped}. Resume it from its checkpoint (epoch ${run.checkpointEpoch}): ${resume} — or train it again from the first epoch: ${restart}`;
  }
  return `${stopped}. Train it again from the first epoch: ${restart}`;
}
