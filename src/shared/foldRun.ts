/**
 * A fold run of a cross-validation as the places that hand out a run's model word it (the
 * CLI's `export model` and `predict --run`, the Export and Predict views): the command that
 * trains the same configuration once on the fixed split instead, so that one model sees the
 * whole training split (README, "What to export after cross-validation").
 */
import type { RunInfo } from './runs';
import { shellWord } from './shellWord';

/**
 * `mtl-studio train -p <project> -d <dataset> --tasks … --arch … --weighting …
 * --evaluation split`, each word quoted for a POSIX shell (shellWord), e.g. `mtl-studio train
 * -p my.mtlproj -d 1 --tasks species sex --arch mmoe --weighting equal --evaluation split`.
 * Other options of the run (epochs, learning rate…) are the user's to add; the README says so.
 * @param project the project file as the user knows it (the CLI's `-p`, the studio's path).
 * @param run the fold run: its dataset, tasks, architecture and weighting.
 */
export function wholeSplitTrainCommand(
  project: string,
  run: Pick<RunInfo, 'datasetId' | 'tasks'> & {
    config: Pick<RunInfo['config'], 'arch' | 'weighting'>;
  },
): string {
  const words = [
    'train',
    '-p',
    project,
    '-d',
    String(run.datasetId),
    '--tasks',
    ...run.tasks,
    '--arch',
    run.config.arch,
    '--weighting',
    run.config.weighting,
    '--evaluation',
    'split',
  ];
  return ['mtl-studio', ...words.map(shellWord)].join(' ');
}
