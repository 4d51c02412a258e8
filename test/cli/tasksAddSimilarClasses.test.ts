/**
 * `tasks --add` on a column whose values hold near-duplicate classes ("RED" and "red"; "Yes"
 * and "yes " — the space trimmed at import) warns as `tasks --new` does: found by a new user,
 * it said nothing. The Tasks view's candidates and task list carry the same warning as the
 * code SIMILAR_CLASSES. Expected classes by hand from the CSV below: colour's sorted values are
 * blue, red, RED ("RED" after "red" in the natural order), answer's Maybe, no, yes, Yes.
 */
import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { taskCandidates, taskOverviews } from '../../src/main/services/taskWizard';
import { ProjectStore } from '../../src/main/store/projectStore';
import { makeTempDir } from '../store/helpers';
import { cli } from './run';

let cleanup: () => Promise<void>;
let project: string;
beforeAll(async () => {
  let dir: string;
  ({ dir, cleanup } = await makeTempDir());
  const csv = `${dir}/colours.csv`;
  writeFileSync(
    csv,
    'x,colour,answer,size\n1,red,Yes,S\n2,RED,yes ,M\n3,blue,no,S\n4,red,Maybe,M\n',
  );
  project = `${dir}/colours.mtlproj`;
  expect((await cli('import', csv, '-p', project)).code).toBe(0);
}, 60_000);
afterAll(() => cleanup());

const colourWarning =
  'class "RED" of task "colour" differs from its class "red" only by letter case or surrounding spaces in the column\'s values; they are two classes (if they mean one, make the column\'s values agree before training)';
const answerWarning =
  'class "Yes" of task "answer" differs from its class "yes" only by letter case or surrounding spaces in the column\'s values; they are two classes (if they mean one, make the column\'s values agree before training)';

describe('tasks --add on near-duplicate classes', () => {
  it('the Tasks view sees SIMILAR_CLASSES before and after the task is defined', async () => {
    const store = await ProjectStore.open(project);
    try {
      const [colour, size] = await taskCandidates(store, 1, ['colour', 'size']);
      expect(colour.classes).toEqual(['blue', 'red', 'RED']);
      expect(colour.warnings.filter((w) => w.code === 'SIMILAR_CLASSES')).toEqual([
        { code: 'SIMILAR_CLASSES', severity: 'warning', label: 'RED', other: 'red' },
      ]);
      expect(colour.valid).toBe(true); // a warning, never a refusal
      expect(size.warnings.some((w) => w.code === 'SIMILAR_CLASSES')).toBe(false);
    } finally {
      await store.close();
    }
  });

  it('warns on stderr and in --json, and keeps both classes', async () => {
    const r = await cli('tasks', '-p', project, '--add', 'colour', 'answer', 'size', '--json');
    expect(r.code).toBe(0);
    expect(r.stderr.split('\n').filter((l) => l.startsWith('warning:'))).toEqual([
      `warning: ${colourWarning}`,
      `warning: ${answerWarning}`,
    ]);
    const out = JSON.parse(r.stdout) as {
      tasks: { name: string; classes: string[] }[];
      warnings: string[];
    };
    expect(out.warnings).toEqual([colourWarning, answerWarning]);
    expect(out.tasks.map((t) => t.classes)).toEqual([
      ['blue', 'red', 'RED'],
      ['Maybe', 'no', 'yes', 'Yes'],
      ['M', 'S'],
    ]);
    const store = await ProjectStore.open(project);
    try {
      const overviews = await taskOverviews(store, 1);
      expect(overviews.map((t) => t.warnings.filter((w) => w.code === 'SIMILAR_CLASSES'))).toEqual([
        [{ code: 'SIMILAR_CLASSES', severity: 'warning', label: 'RED', other: 'red' }],
        [{ code: 'SIMILAR_CLASSES', severity: 'warning', label: 'Yes', other: 'yes' }],
        [],
      ]);
    } finally {
      await store.close();
    }
  }, 60_000);

  it('with --classes, warns once, of the typed list', async () => {
    await cli('tasks', '-p', project, '--remove', 'colour');
    const r = await cli(
      'tasks',
      '-p',
      project,
      '--add',
      'colour',
      '--classes',
      'colour=red,RED,blue',
    );
    expect(r.code).toBe(0);
    expect(r.stderr.split('\n').filter((l) => l.startsWith('warning:'))).toEqual([
      'warning: new class "RED" of task "colour" differs from its class "red" only by letter case or surrounding spaces; both are kept as two classes (label with "red" to use the existing one)',
    ]);
  }, 60_000);
});
