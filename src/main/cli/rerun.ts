/**
 * The command line given back to run a stopped command again, quoted for a POSIX shell:
 * the `next` of a stopped training's or a cancelled import's error. Its own module, below
 * program.ts and the commands, so that both import it.
 */
import { shellWord } from '../../shared/shellWord';

/**
 * The command that runs a stopped command again (a training run, a restart, a
 * cross-validation, an import): `mtl-studio` and the words it was given (`args`, process.argv without
 * node and the script), each quoted for a POSIX shell (sh, bash, zsh) by shellWord. The
 * same words give the same dataset, tasks, method, fold scheme (--folds, --repeats,
 * --cv-seed) and hyperparameters; for a cross-validation, ensureFoldScheme so finds the
 * stored folds again (a shorter command would not: it reuses folds only when k, repeats,
 * seed, fraction and stratification columns all match).
 * @param args the command line's words after `mtl-studio`, e.g. ['train', '-p', 'p.mtlproj'].
 */
export function rerunCommand(args: readonly string[]): string {
  return ['mtl-studio', ...args.map(shellWord)].join(' ');
}
