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
  const [{ trainFinalModel }, { compareCrossValidations }] = await Promise.all([
    import('../../services/finalModel'),
    import('../../services/evaluation'),
  ]);
  const controller = new AbortController();
  const stopSignal = abortOnStopSignals(controller);
  const done = await withStore(project, false, async (store) => {
    const evaluation = await store.evaluation.crossValidation(evaluationId).catch((err) => {
      if (err instanceof MtlError && err.code === 'NOT_FOUND')
        throw new MtlError(
          'NOT_FOUND',
          `Cross-validation ${evaluationId} not found in ${project}; its cross-validations are listed by ${rerunCommand(['evaluate', '-p', project])}.`,
          { evaluationId },
        );
      throw err;
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
  if (isJson()) return printJson({ crossValidation: done.summary, finalRun: done.run });
  console.log(`Run ${done.run.id}: ${finalModelLabel(done.run.finalOf!, done.perTask)}.`);
  console.log(`Its ${finalModelExpectedScore(done.summary)}.`);
}
