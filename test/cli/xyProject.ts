/**
 * The small project several predict tests start from: train.csv of 30 rows, x = (i + 1) mod 7
 * and y = a for every third row and b otherwise (or the classes `label(i)` gives), imported
 * into `<dir>/p.mtlproj`, task y added and run 1 trained for 2 epochs on a split.
 */
import { writeFileSync } from 'node:fs';
import { cli } from './run';

/**
 * Writes and trains the project.
 * @param dir a temporary folder (train.csv and p.mtlproj are written in it).
 * @param label row i (0-based) → its class of y.
 * @returns the project's path.
 * @throws Error with the CLI's stderr when `import`, `tasks` or `train` fails.
 */
export async function trainXyProject(
  dir: string,
  label: (i: number) => string = (i) => ((i + 1) % 3 ? 'b' : 'a'),
): Promise<string> {
  const rows = Array.from({ length: 30 }, (_, i) => `${(i + 1) % 7},${label(i)}`);
  writeFileSync(`${dir}/train.csv`, `x,y\n${rows.join('\n')}\n`);
  const project = `${dir}/p.mtlproj`;
  for (const args of [
    ['import', `${dir}/train.csv`, '-p', project],
    ['tasks', '-p', project, '--add', 'y'],
    ['train', '-p', project, '--evaluation', 'split', '--epochs', '2'],
  ]) {
    const done = await cli(...args);
    if (done.code !== 0) throw new Error(done.stderr);
  }
  return project;
}
