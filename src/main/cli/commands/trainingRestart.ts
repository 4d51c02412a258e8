/**
 * `mtl-studio restart RUN`: trains a stopped run again from its first epoch, as a new run
 * with the same dataset, tasks, split, configuration and checkpoint policy (kept with the
 * run, the default for one stored before schema v14; restartRequest; no checkpoint options
 * are taken) — the studio's Restart (the same
 * services/training.ts restartRequest, so the same refusals). `train --resume RUN`
 * continues a run from its checkpoint instead (services/trainingResume.ts).
 */
import type { Command } from 'commander';
import { DEFAULT_TRAIN_CONFIG } from '../../../shared/domain';
import type { TrainHooks } from '../../services/training';
import { printJson } from '../output';
import { int, isJson, progress, scopeWords, withStore } from '../program';
import { progressHooks, warningsOf } from './trainProgress';
import { trainedRunWarnings } from './runWarnings';
import { bestEpochPerTaskOf, printAutoSearch, printRun } from './trainingOutput';
import { abortOnStopSignals } from '../stopSignals';
import { explainStop, stoppedBeforeRunError, stoppedRunError } from './trainingStop';

/** Registers `restart`. */
export function registerTrainingRestartCommand(program: Command): void {
  program
    .command('restart')
    .description(
      "Train a stopped (interrupted, cancelled or failed) run again from its first epoch, as a new run with the same dataset, tasks, split and configuration (an Auto run searches again with its budget, seed and brackets). It keeps the stopped run's checkpoint policy (its --checkpoint-every and --checkpoint-seconds; the default for a run stored by an earlier version; none for an Auto run) and takes no checkpoint options. To continue a run from its last checkpoint instead: train --resume RUN.",
    )
    .argument('<run>', 'id of the stopped run (see `runs`)', int('<run>', 1))
    .requiredOption('-p, --project <file>', 'project file')
    .option('--in-process', 'train in this process instead of a child process')
    .action(async (runId: number, opts: { project: string; inProcess?: boolean }) => {
      const [{ restartRequest, trainRun }, { trainAutoRun }] = await Promise.all([
        import('../../services/training'),
        import('../../services/autoTraining'),
      ]);
      const controller = new AbortController();
      // Ctrl-C or a plain kill: stop training, store the new run as cancelled and say so.
      // Heard from here on, as by `train`, so a stop while the project is read is told too.
      const stopSignal = abortOnStopSignals(controller);
      const { run, last, search, perTask, warnings } = await withStore(
        opts.project,
        false,
        async (store) => {
          // Refused here as in the studio: a run still running or completed, a fold of a
          // cross-validation, an Auto run stored without its search's settings.
          const restart = await restartRequest(store, runId);
          let newRunId: number | null = null;
          const config = restart.kind === 'auto' ? restart.request.base : restart.request.config;
          const hooks: TrainHooks = {
            mode: opts.inProcess ? 'in-process' : 'process',
            signal: controller.signal,
            onStarted: (started) => {
              newRunId = started.id;
              progress(`restarting run ${runId} as run ${started.id}`);
            },
            ...progressHooks(config?.epochs ?? DEFAULT_TRAIN_CONFIG.epochs),
          };
          const trained = await (
            restart.kind === 'auto'
              ? trainAutoRun(store, restart.request, hooks)
              : trainRun(store, restart.request, hooks)
          ).catch(async (err: unknown) => {
            throw await explainStop(err, stopSignal(), async () =>
              newRunId === null
                ? stoppedBeforeRunError(stopSignal()!, 'the run', process.argv.slice(2))
                : stoppedRunError(store, newRunId, stopSignal()!, opts.project),
            );
          });
          const search =
            restart.kind === 'auto' ? await store.training.autoSearch(trained.id) : null;
          // Said as `train` says them of a new run (the leakage of its test split …).
          const scope = await scopeWords(store, opts.project, trained.datasetId, undefined);
          return {
            run: trained,
            last: (await store.training.listEpochs(trained.id)).at(-1),
            search,
            perTask: await bestEpochPerTaskOf(store, trained, search),
            warnings: await trainedRunWarnings(store, trained, scope),
          };
        },
      );
      // Each task's kept epoch beside the run's `bestEpoch`, as `train` says them.
      const shown = perTask ? { ...run, bestEpochPerTask: perTask } : run;
      if (isJson())
        return printJson({ run: shown, ...(search ? { search } : {}), ...warningsOf(warnings) });
      if (search) printAutoSearch(search, run);
      printRun(run, last, perTask);
    });
}
