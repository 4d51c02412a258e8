/**
 * `train --tasks` takes commas like other list flags (a fresh user typed `--tasks shape,colour`
 * and got `No task "shape,colour"`), and a run refused for a task without a labelled row in
 * the test split names --tasks to leave it out. Expected lists written by hand from the input.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { taskListOption } from '../../src/main/cli/commands/trainOptions';
import { makeTempDir } from '../store/helpers';
import { cli, fixture } from './run';

describe('train --tasks', () => {
  it('reads comma- and space-separated names', () => {
    expect(taskListOption('shape,colour')).toEqual(['shape', 'colour']);
    expect(taskListOption('colour', ['shape'])).toEqual(['shape', 'colour']);
    expect(taskListOption(' a , b,', ['x'])).toEqual(['x', 'a', 'b']);
  });

  let project: string;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    const dir = await makeTempDir();
    project = `${dir.dir}/p.mtlproj`;
    cleanup = dir.cleanup;
    expect((await cli('import', fixture('penguins.csv'), '-p', project)).code).toBe(0);
    expect((await cli('tasks', '-p', project, '--add', 'species', 'sex')).code).toBe(0);
    // "mood" has no label at all, so no labelled row in any test split.
    expect((await cli('tasks', '-p', project, '--new', 'mood=a,b')).code).toBe(0);
  }, 60_000);
  afterAll(() => cleanup?.());

  it('a task without test labels gets the --tasks hint; commas then train the others', async () => {
    const refused = await cli('train', '-p', project, '--epochs', '1', '--evaluation', 'split');
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain(
      'To train without it, name the other tasks with --tasks (leaving out "mood").',
    );
    // Found by a new user: a --new task never labelled was said to have no labelled row "in
    // the test split"; it has none anywhere (0 of the 344 rows of penguins.csv: wc -l).
    expect(refused.stderr).toContain(
      'error: Task "mood" has no labelled row at all (344 rows in all), so the run could not be trained or scored; label some of its rows first (a CSV of row_id and its column with mtl-studio labels import, or the Label view in the studio).',
    );
    expect(refused.stderr).not.toContain('test split');
    const r = await cli(
      'train',
      '-p',
      project,
      '--tasks',
      'species,sex',
      '--epochs',
      '1',
      '--evaluation',
      'split',
      '--json',
    );
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as { run: { tasks: string[] } }).run.tasks).toEqual([
      'species',
      'sex',
    ]);
  }, 120_000);
});
