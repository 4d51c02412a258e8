/**
 * `mtl-studio train --final-of-cv <id>`: the final model of an existing, completed
 * cross-validation (services/finalModel.ts trainFinalModel), as the Train view's button
 * "Train the final model on all labelled rows" trains it: the folds' configuration once on
 * every labelled row, each task for the median of the folds' early-stopping epochs, no
 * validation and no test split.
 */
import type { Command } from 'commander';
import { finalModelExpectedScore, finalModelLabel } from '../../../shared/finalModel';
import { labelledRowsPerTask } from '../../services/finalModelEstimate';
import { MtlError } from '../../../shared/errors';
import { printJson } from '../output';
import { isJson, progress, withStore } from '../program';
import { rerunCommand } from '../rerun';
import { abortOnStopSignals } from '../stopSignals';
import { explainStop, stoppedBeforeRunError, stoppedRunError } from './trainingStop';
import { progressHooks } from './trainProgress';
import { runJson } from './runModel';
import { shellWord } from '../../../shared/shellWord';

/** The `train` options `--final-of-cv` takes besides itself (commander attribute names). */
const FINAL_OF_CV_OPTIONS: ReadonlySet<string> = new Set(['project', 'finalOfCv', 'inProcess']);

/**
 * The options given to `train --final-of-cv` that it cannot take, as their long flags in the
 * help's order (e.g. ['--arch', '--epochs']); empty without --final-of-cv. "Given" is what
 * commander's getOptionValueSource says came from the command line or the environment, so a
 * default (--arch hard-sharing, --evaluation auto) never counts. The final model trains the
 * cross-validation's stored configuration, on its tasks, for epochs taken from its folds:
 * every option that defines a run, its data or its evaluation would be ignored.
 */
export function optionsRefusedWithFinalOfCv(cmd: Command): string[] {
  if (cmd.getOptionValue('finalOfCv') === undefined) return [];
  return cmd.options
    .filter((option) => {
      const key = option.attributeName();
      const source = cmd.getOptionValueSource(key);
      return !FINAL_OF_CV_OPTIONS.has(key) && source !== undefined && source !== 'default';
    })
    .map((option) => option.long ?? option.flags);
}

/**
 * The usage error for `flags` given with `--final-of-cv <evaluationId>`, e.g. "--epochs and
 * --arch do not apply to --final-of-cv: the final model trains cross-validation 3's own
 * configuration on its tasks, for the median of its folds' early-stopping epochs, on every
 * labelled row (no split, no folds). It takes only -p, --in-process and --json. …".
 */
export function refusedWithFinalOfCvError(
  evaluationId: number,
  flags: readonly string[],
): MtlError {
  const named =
    flags.length === 1 ? flags[0] : `${flags.slice(0, -1).join(', ')} and ${flags.at(-1)}`;
  return new MtlError(
    'BAD_REQUEST',
    `${named} ${flags.length === 1 ? 'does' : 'do'} not apply to --final-of-cv: the final model trains cross-validation ${evaluationId}'s own configuration on its tasks, for the median of its folds' early-stopping epochs, on every labelled row (no split, no folds); it takes only -p, --in-process and --json. Leave ${flags.length === 1 ? 'it' : 'them'} out; to train another configuration, cross-validate it with --evaluation cv --final.`,
    { evaluationId, options: [...flags] },
  );
}

/**
 * `err` of checkFinalModelAllowed as the CLI words it: an unknown id names the command that
 * lists the cross-validations; a stopped one says how to continue it (docs/CLI.md: the same
 * `train --evaluation cv …` command); an existing final model names the command that uses it.
 */
function finalOfCvRefusal(err: unknown, evaluationId: number, project: string): unknown {
  if (!(err instanceof MtlError)) return err;
  if (err.code === 'NOT_FOUND')
    return new MtlError(
      'NOT_FOUND',
      `Cross-validation ${evaluationId} not found in ${project}; its cross-validations are listed by ${rerunCommand(['evaluate', '-p', project])}.`,
      { evaluationId },
    );
  const details = (err.details ?? {}) as { reason?: string; status?: string; runId?: number };
  if (details.reason === 'FINAL_CV_NOT_COMPLETED' && details.status !== 'running')
    return new MtlError(
      'BAD_REQUEST',
      `${err.message} Continue it first with the \`train\` command that began it (same --evaluation cv, --folds, --tasks and method; --fresh would start a new one) or with "Continue cross-validation" in the studio, then train its final model.`,
      err.details,
    );
  if (details.reason === 'FINAL_CV_NOT_COMPLETED')
    return new MtlError(
      'BAD_REQUEST',
      `${err.message} Wait for it to finish, then train its final model.`,
      err.details,
    );
  if (details.reason === 'FINAL_CV_OF_AUTO')
    return new MtlError(
      'BAD_REQUEST',
      `${err.message} For a small table: ${rerunCommand(['train', '-p', project, '-d', String(evaluationDataset(err)), '--arch', 'auto', '--evaluation', 'split'])}`,
      err.details,
    );
  if (details.reason === 'FINAL_MODEL_EXISTS' && details.runId !== undefined)
    return new MtlError(
      'BAD_REQUEST',
      `${err.message} It is used by predict --run ${details.runId} and export model --run ${details.runId} (with -p ${shellWord(project)}).`,
      err.details,
    );
  return err;
}

/** The dataset id an error of checkFinalModelAllowed carries (details.datasetId). */
function evaluationDataset(err: MtlError): number | undefined {
  return (err.details as { datasetId?: number } | undefined)?.datasetId;
}

/**
 * Trains and prints the final model of cross-validation `evaluationId` of `project`: stderr
 * shows its progress (training loss only: it has no validation split); stdout its label and
 * expected score (the cross-validation's mean ± std), or with --json
 * `{ crossValidation, finalRun }` as `train --evaluation cv --final` writes them.
 * @throws MtlError('NOT_FOUND') for an unknown cross-validation, naming the command that
 *   lists them; MtlError('BAD_REQUEST') for one not completed or of Auto (trainFinalModel's
 *   reasons); a stop (Ctrl-C, kill) as the other trainings say it.
 */
export async function trainFinalOfCv(
  project: string,
  evaluationId: number,
  options: { inProcess?: boolean } = {},
): Promise<void> {
  const [{ trainFinalModel, checkFinalModelAllowed }, { compareCrossValidations }] =
    await Promise.all([import('../../services/finalModel'), import('../../services/evaluation')]);
  const controller = new AbortController();
  const stopSignal = abortOnStopSignals(controller);
  const done = await withStore(project, false, async (store) => {
    // Every refusal comes before the line below (found by a new user: it was printed first).
    const { evaluation } = await checkFinalModelAllowed(store, evaluationId).catch((err) => {
      throw finalOfCvRefusal(err, evaluationId, project);
    });
    progress(`final model of cross-validation ${evaluationId}: training on every labelled row`);
    let finalId: number | null = null;
    let epochs = 0;
    const run = await trainFinalModel(store, evaluationId, {
      mode: options.inProcess ? 'in-process' : 'process',
      signal: controller.signal,
      // No validation rows: each epoch line gives the training loss only.
      ...progressHooks(() => epochs, 'none'),
      onStarted: (started) => {
        finalId = started.id;
        epochs = started.config.epochs;
      },
    }).catch(async (err: unknown) => {
      throw await explainStop(err, stopSignal(), async () =>
        finalId === null
          ? stoppedBeforeRunError(stopSignal()!, 'the run', process.argv.slice(2))
          : stoppedRunError(store, finalId, stopSignal()!, project),
      );
    });
    const summary =
      (await compareCrossValidations(store, evaluation.datasetId)).find(
        (s) => s.evaluation.id === evaluationId,
      ) ?? null;
    return { run, summary, perTask: await labelledRowsPerTask(store, run) };
  });
  if (isJson()) return printJson({ crossValidation: done.summary, finalRun: runJson(done.run) });
  console.log(`Run ${done.run.id}: ${finalModelLabel(done.run.finalOf!, done.perTask)}.`);
  console.log(`Its ${finalModelExpectedScore(done.summary)}.`);
}
