/**
 * A mistyped task name gets "Did you mean …?" as a mistyped command or flag does (found by
 * a new user: `train --tasks INCOME,OCUPATION` listed the tasks and suggested nothing, and
 * `tasks --remove OCUPATION` said only `No task "OCUPATION" to remove.`). Expected by hand,
 * on penguins.csv with tasks species and sex: "Species" differs from "species" by letter
 * case only; "sexx" is one deletion from "sex"; "specis" one insertion from "species";
 * "islnd" one insertion from the column "island"; "zzzz" is close to nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../store/helpers';
import { cli, fixture } from './run';

let dir: string;
let cleanup: () => Promise<void>;
let project: string;
beforeAll(async () => {
  ({ dir, cleanup } = await makeTempDir());
  project = `${dir}/p.mtlproj`;
  expect((await cli('import', fixture('penguins.csv'), '-p', project)).code).toBe(0);
  expect((await cli('tasks', '-p', project, '--add', 'species', 'sex')).code).toBe(0);
}, 60_000);
afterAll(() => cleanup());

const TASKS = 'tasks: "species", "sex".';

describe('a mistyped task name', () => {
  it.each([
    [
      ['train', '--tasks', 'Species,sex'],
      `No task "Species" on dataset "penguins"; ${TASKS} Did you mean "species"?`,
    ],
    [
      ['train', '--tasks', 'species,sexx'],
      `No task "sexx" on dataset "penguins"; ${TASKS} Did you mean "sex"?`,
    ],
    [['tasks', '--remove', 'sexx'], `No task "sexx" to remove; ${TASKS} Did you mean "sex"?`],
    [['tasks', '--remove', 'zzzz'], `No task "zzzz" to remove; ${TASKS}`],
    [
      ['affinity', '--tasks', 'specis,sex'],
      `No task "specis" on dataset "penguins"; ${TASKS} Did you mean "species"?`,
    ],
    [
      ['labels', 'export', '--task', 'Species'],
      `Dataset "penguins" has no task "Species"; ${TASKS} Did you mean "species"?`,
    ],
    [['splits', '--preview', '--stratify', 'sexx'], `No task "sexx"; ${TASKS} Did you mean "sex"?`],
    [
      ['train', '--task-weight', 'specis=2'],
      `Static weight for unknown task "specis"; ${TASKS} Did you mean "species"?`,
    ],
    // A mistyped column to add (found by a new user: `--add Typee` listed the columns only).
    [
      ['tasks', '--add', 'islnd'],
      'Dataset "penguins" has no column "islnd"; columns: "species", "island", "bill_length_mm", "bill_depth_mm", "flipper_length_mm", "body_mass_g", "sex", "year". Did you mean "island"?',
    ],
    [
      ['tasks', '--add', 'island', '--classes', 'islnd=Biscoe,Dream,Torgersen'],
      '--classes names a column not being added: islnd. Did you mean "island" for "islnd"?',
    ],
  ])(
    '%j says which name was meant',
    async (words, message) => {
      const text = await cli(...words, '-p', project);
      expect(text.code).toBe(1);
      expect(text.stderr).toBe(`error: ${message}\n`);
      const json = await cli(...words, '-p', project, '--json');
      expect(json.code).toBe(1);
      expect(JSON.parse(json.stdout).error.message).toBe(message);
    },
    60_000,
  );
});
