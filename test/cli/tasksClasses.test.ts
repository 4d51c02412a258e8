/**
 * `mtl-studio tasks --classes` without `--add`, and `train --tasks` naming no task. Found by a new user: `tasks -p P --classes
 * INCOME=a,b` printed the task table with exit code 0 and ignored the class order given.
 * Now it is refused, saying how to reorder an existing task's classes; that way works
 * (penguins' sex has the classes female, male: checked against the fixture).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../store/helpers';
import { cli, fixture } from './run';

let cleanup: () => Promise<void>;
let project: string;
beforeAll(async () => {
  let dir: string;
  ({ dir, cleanup } = await makeTempDir());
  project = `${dir}/tasks.mtlproj`;
  expect((await cli('import', fixture('penguins.csv'), '-p', project)).code).toBe(0);
  expect((await cli('tasks', '-p', project, '--add', 'sex')).code).toBe(0);
});
afterAll(() => cleanup());

describe('tasks --classes', () => {
  it('without --add is refused, naming the way to reorder, and changes nothing', async () => {
    const { code, stdout } = await cli(
      '--json',
      'tasks',
      '-p',
      project,
      '--classes',
      'sex=male,female',
    );
    expect(code).toBe(1);
    const { error } = JSON.parse(stdout);
    expect(error.code).toBe('BAD_REQUEST');
    expect(error.message).toBe(
      '--classes gives the class order of a column being added with --add; to reorder the classes of an existing task, remove it and add it again: --remove sex --add sex --classes sex=…',
    );
    const listed = JSON.parse((await cli('--json', 'tasks', '-p', project)).stdout);
    expect(listed.tasks.map((t: { classes: string[] }) => t.classes)).toEqual([['female', 'male']]);
  });

  it('the way it names reorders the classes', async () => {
    const { code, stdout } = await cli(
      '--json',
      'tasks',
      '-p',
      project,
      '--remove',
      'sex',
      '--add',
      'sex',
      '--classes',
      'sex=male,female',
    );
    expect(code).toBe(0);
    expect(JSON.parse(stdout).tasks.map((t: { classes: string[] }) => t.classes)).toEqual([
      ['male', 'female'],
    ]);
  });
});

describe('tasks --remove with --add (a second new-user pass)', () => {
  it('a refused re-add keeps the removed task (all or none)', async () => {
    // penguins' sex has female and male (and missing): a class order of one class misses
    // a value, so the re-add is refused, and sex must still be a task afterwards.
    const { code, stderr } = await cli(
      'tasks',
      '-p',
      project,
      '--remove',
      'sex',
      '--add',
      'sex',
      '--classes',
      'sex=male',
    );
    expect(code).toBe(1);
    expect(stderr).toContain('Class order for "sex" misses a value present in the data: female');
    const listed = JSON.parse((await cli('--json', 'tasks', '-p', project)).stdout);
    expect(listed.tasks.map((t: { name: string }) => t.name)).toEqual(['sex']);
  });

  it('--classes for a column that is no task says to add it, not to remove it', async () => {
    const { code, stdout } = await cli(
      '--json',
      'tasks',
      '-p',
      project,
      '--classes',
      'island=Biscoe,Dream,Torgersen',
    );
    expect(code).toBe(1);
    expect(JSON.parse(stdout).error.message).toBe(
      '--classes gives the class order of a column being added with --add: --add island --classes island=…',
    );
  });
});

describe('train --tasks with an unknown task', () => {
  it('says only that the task does not exist, without the one-task sharing warning', async () => {
    // Found by the same user: "--tasks nope" first warned that hard-sharing has nothing to
    // share with one task (nope), then said there is no task "nope".
    const { code, stderr } = await cli(
      'train',
      '-p',
      project,
      '--arch',
      'hard-sharing',
      '--tasks',
      'nope',
      '--evaluation',
      'split',
    );
    expect(code).toBe(1);
    expect(stderr).toContain('No task "nope" on dataset "penguins"; tasks: "sex".');
    expect(stderr).not.toContain('only one task');
  });
});

describe('tasks --classes with a class that holds a comma', () => {
  it('takes it quoted, as in a CSV record', async () => {
    const { dir, cleanup: done } = await makeTempDir();
    try {
      // Two rows written here: the classes are 'Student, HS or College' and 'Retired'.
      const csv = `${dir}/jobs.csv`;
      const { writeFile } = await import('node:fs/promises');
      await writeFile(csv, 'x,job\n1,"Student, HS or College"\n2,Retired\n');
      const jobs = `${dir}/jobs.mtlproj`;
      expect((await cli('import', csv, '-p', jobs)).code).toBe(0);
      const { code, stdout } = await cli(
        '--json',
        'tasks',
        '-p',
        jobs,
        '--add',
        'job',
        '--classes',
        'job=Retired,"Student, HS or College"',
      );
      expect(code).toBe(0);
      const { tasks } = JSON.parse(stdout);
      expect(tasks[0].classes).toEqual(['Retired', 'Student, HS or College']);
    } finally {
      await done();
    }
  });
});
