/**
 * A task declared with two classes whose labelled rows carry only one (found by a new user:
 * `tasks --add const --classes const=A,B` on a column that is "A" in every row). Defining it
 * is fine (classes may be declared before labelling), but (a) `tasks` said "Input column X
 * determines this task exactly" for every input — one class goes with any column — and (b)
 * `train` scored it 1.000 without a word. Expected: no such warning for it, and `train`
 * refused (exit 1) naming the task, its one class and its 344 labelled rows (penguins.csv
 * has 344 data rows, all "A" here by construction), before any run or cross-validation is
 * stored; a run without the task still trains.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../store/helpers';
import { cli, fixture } from './run';

let dir: string;
let cleanup: () => Promise<void>;
let project: string;
let added: { code: number; stdout: string; stderr: string };
beforeAll(async () => {
  ({ dir, cleanup } = await makeTempDir());
  const lines = readFileSync(fixture('penguins.csv'), 'utf8').trimEnd().split('\n');
  const csv = `${dir}/const.csv`;
  writeFileSync(
    csv,
    `${[`${lines[0]},const`, ...lines.slice(1).map((l) => `${l},A`)].join('\n')}\n`,
  );
  project = `${dir}/p.mtlproj`;
  expect((await cli('import', csv, '-p', project)).code).toBe(0);
  added = await cli('tasks', '-p', project, '--add', 'const', 'species', '--classes', 'const=A,B');
}, 60_000);
afterAll(() => cleanup());

const REFUSAL = `Task "const" has labelled rows of one class only ("A", 344 rows): a model learns nothing from them and would score 1.000 by always answering "A"; label rows of its other classes first (mtl-studio labels import, or the Label view in the studio), or leave the task out of the run (--tasks, or remove it: mtl-studio tasks -p `;

describe('a task with one labelled class', () => {
  it('is defined without "determines this task exactly" warnings', () => {
    expect(added.code, added.stderr).toBe(0);
    const said = added.stdout + added.stderr;
    expect(said).not.toContain('determines this task exactly');
    // The balance warning (after the table on stdout) still says class B has no row.
    expect(said).toContain('const: Class "B" has only 0 rows');
  });

  it.each([['split'], ['cv']])(
    'is refused by train --evaluation %s, storing nothing',
    async (evaluation) => {
      const r = await cli(
        'train',
        '-p',
        project,
        '--evaluation',
        evaluation,
        '--epochs',
        '1',
        '--json',
      );
      expect(r.code).toBe(1);
      const { error } = JSON.parse(r.stdout) as {
        error: { code: string; message: string; details: { reason: string; params: unknown } };
      };
      expect(error.code).toBe('TASK_INVALID');
      expect(error.message).toBe(`${REFUSAL}${project} -d 1 --remove const).`);
      expect(error.details).toMatchObject({
        reason: 'TASK_ONE_LABELLED_CLASS',
        params: { task: 'const', className: 'A', rows: 344 },
      });
      const stored = JSON.parse((await cli('evaluate', '-p', project, '--json')).stdout) as {
        runs: unknown[];
        crossValidations: unknown[];
      };
      expect(stored.runs).toEqual([]);
      expect(stored.crossValidations).toEqual([]);
      const runs = JSON.parse((await cli('runs', '-p', project, '--json')).stdout) as {
        runs: unknown[];
      };
      expect(runs.runs).toEqual([]);
    },
    60_000,
  );

  it('leaves the other tasks trainable (--tasks species)', async () => {
    const r = await cli(
      ...['train', '-p', project, '--tasks', 'species', '--evaluation', 'split', '--epochs', '1'],
      ...['--arch', 'single-task', '--in-process'],
    );
    expect(r.code, r.stderr).toBe(0);
  }, 60_000);
});
