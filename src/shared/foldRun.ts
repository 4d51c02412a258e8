/**
 * A fold run of a cross-validation as the places that hand out a run's model word it (the
 * CLI's `export model` and `predict --run`, the Export and Predict views): the command that
 * trains the same configuration once on the fixed split instead, so that one model sees the
 * whole training split (docs/ACCURACY.md, "What to export after cross-validation").
 */
import type { RunInfo } from './runs';
import { shellWord } from './shellWord';
import type { TrainConfig } from './trainConfig';
import { trainFlags } from './trainFlags';

/**
 * The tasks as `train` takes them: `--tasks a b …` (the short form the README shows), or
 * `--task a --task b …` when a name holds a comma, which `--tasks` would split there
 * (`--task` takes each name whole; the two cannot be given together).
 */
function taskWords(tasks: readonly string[]): string[] {
  if (!tasks.some((name) => name.includes(','))) return ['--tasks', ...tasks];
  return tasks.flatMap((name) => ['--task', name]);
}

/**
 * The words after `mtl-studio` of {@link wholeSplitTrainCommand}, unquoted: `train -p
 * <project> -d <dataset> --tasks … <the run's options> --evaluation split` (`--task` once per
 * task instead of `--tasks` when a task name holds a comma), the options being
 * trainFlags of the run's configuration (`--arch` and `--weighting`, then each option that
 * differs from the default: epochs, learning rate, patience, experts, task weights …).
 * @param project the project file as the user knows it (the CLI's `-p`, the studio's path).
 * @param run the fold run: its dataset, tasks and stored configuration (a run stored before
 *   a field existed lacks it; the field is then left to its default).
 */
export function wholeSplitTrainArgs(
  project: string,
  run: Pick<RunInfo, 'datasetId' | 'tasks'> & {
    config: Partial<TrainConfig> & Pick<TrainConfig, 'arch' | 'weighting'>;
  },
): string[] {
  return [
    'train',
    '-p',
    project,
    '-d',
    String(run.datasetId),
    ...taskWords(run.tasks),
    ...trainFlags(run.config),
    '--evaluation',
    'split',
  ];
}

/**
 * {@link wholeSplitTrainArgs} as one command line, each word quoted for a POSIX shell
 * (shellWord), e.g. `mtl-studio train -p my.mtlproj -d 1 --tasks species sex --arch mmoe
 * --weighting equal --experts 8 --epochs 50 --evaluation split`; a run of the default
 * configuration gives the short `… --arch hard-sharing --weighting equal --evaluation split`.
 */
export function wholeSplitTrainCommand(
  project: string,
  run: Parameters<typeof wholeSplitTrainArgs>[1],
): string {
  return ['mtl-studio', ...wholeSplitTrainArgs(project, run).map(shellWord)].join(' ');
}
