/**
 * `evaluate` of a multi-task cross-validation whose baseline cannot be made any more. Found
 * by a new user: the reason "No completed single-task cross-validation on the same folds,
 * tasks and input columns: train --arch single-task --evaluation cv." was followed after the
 * input column `legs` had become a task, and the new single-task cross-validation (given
 * hair and milk only) still was no baseline. Expected by hand: cross-validation 1 (tasks
 * type and hair) was given legs and milk; after `tasks --add legs` a training is given milk
 * only, so cross-validation 2 differs in its input columns (without legs), and no baseline
 * of cross-validation 1 can be trained until legs is an input column again.
 */
import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../store/helpers';
import { cli } from './run';

let cleanup: () => Promise<void>;
let project: string;
const TRAIN = [
  '--epochs',
  '1',
  '--hidden',
  '4',
  '--backend',
  'cpu',
  '--evaluation',
  'cv',
  '--folds',
  '2',
];
beforeAll(async () => {
  let dir: string;
  ({ dir, cleanup } = await makeTempDir());
  const rows = Array.from(
    { length: 24 },
    (_, i) => `${i % 2},${2 * (i % 3)},${i % 4 === 0 ? 1 : 0},${['a', 'b'][i % 2]}`,
  );
  writeFileSync(`${dir}/zoo.csv`, `hair,legs,milk,type\n${rows.join('\n')}\n`);
  project = `${dir}/zoo.mtlproj`;
  expect(
    (
      await cli(
        'import',
        `${dir}/zoo.csv`,
        '-p',
        project,
        '--type',
        'hair=categorical',
        '--type',
        'legs=categorical',
      )
    ).code,
  ).toBe(0);
  expect((await cli('tasks', '-p', project, '--add', 'type', 'hair')).code).toBe(0);
  expect((await cli('train', '-p', project, ...TRAIN)).code).toBe(0);
  expect((await cli('tasks', '-p', project, '--add', 'legs')).code).toBe(0);
  const single = await cli('train', '-p', project, '--arch', 'single-task', ...TRAIN);
  expect(single.code, single.stderr).toBe(0);
}, 180_000);
afterAll(() => cleanup());

describe('a cross-validation whose input columns changed since', () => {
  it('names what the single-task one differs in and that no baseline can be made now', async () => {
    const r = await cli('--json', 'evaluate', '-p', project);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as {
      crossValidations: { evaluation: { id: number }; baselineMissing: string | null }[];
    };
    const reason = doc.crossValidations.find((c) => c.evaluation.id === 1)?.baselineMissing ?? '';
    expect(reason).toMatch(
      /^No completed single-task cross-validation on the same folds, tasks and input columns: single-task cross-validation 2 differs in /,
    );
    expect(reason).toContain('its input columns (without legs)');
    expect(reason).toContain(
      "Cross-validation 1 was given the input columns legs, milk; the dataset's are now milk, so a single-task cross-validation trained now cannot be its baseline (only with legs an input column again).",
    );
  }, 60_000);
});
