/**
 * `splits --make` on a tiny table. Found by a new user: 6 labelled rows made a split with 0
 * test rows, silently; every run on it would then be refused as unscorable. Now --make refuses
 * a split without a test (or training) row, naming the counts and cross-validation, --preview
 * warns of it, and an empty validation split (asked for, not got) is warned of.
 * Expected counts by hand, by the largest-remainder rule per class (engine/split.ts):
 * - 3 rows of a and 3 of b at 70 / 15 / 15: 2.1 / 0.45 / 0.45 per class → floors 2 / 0 / 0,
 *   the one row left to the largest remainder, a tie of validation and test going to the
 *   earlier, validation → 2 / 1 / 0 per class, 4 / 2 / 0 in all;
 * - the same 6 rows unstratified at 50 / 5 / 45: 3 / 0.3 / 2.7 → floors 3 / 0 / 2, the row
 *   left to test (0.7) → 3 / 0 / 3.
 */
import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../store/helpers';
import { cli } from './run';

let cleanup: () => Promise<void>;
let project: string;
beforeAll(async () => {
  let dir: string;
  ({ dir, cleanup } = await makeTempDir());
  writeFileSync(`${dir}/six.csv`, 'x,y\n1,a\n2,b\n3,a\n4,b\n5,a\n6,b\n');
  project = `${dir}/six.mtlproj`;
  expect((await cli('import', `${dir}/six.csv`, '-p', project)).code).toBe(0);
  expect((await cli('tasks', '-p', project, '--add', 'y')).code).toBe(0);
});
afterAll(() => cleanup());

const NO_TEST =
  'This split would have 4 training, 2 validation and 0 test rows (of 6 labelled rows): with no test row a run on it could never be scored. Too few labelled rows for a fixed split: cross-validate instead (mtl-studio train --evaluation cv: every row is a test row once), give that split a larger share, or label more rows.';

describe('splits on 6 labelled rows', () => {
  it('--preview warns of a split without a test row', async () => {
    const text = await cli('splits', '-p', project, '--preview');
    expect(text.code).toBe(0);
    expect(text.stdout).toContain(`warning: ${NO_TEST} (--make refuses such a split.)`);
    const json = JSON.parse((await cli('--json', 'splits', '-p', project, '--preview')).stdout);
    expect(json.counts).toEqual({ train: 4, validation: 2, test: 0 });
    expect(json.warnings).toEqual([`${NO_TEST} (--make refuses such a split.)`]);
  });

  it('--make refuses it, naming the counts and cross-validation, and stores nothing', async () => {
    const made = await cli('splits', '-p', project, '--make');
    expect(made.code).toBe(1);
    expect(made.stderr).toContain(`Not made: ${NO_TEST}`);
    const json = JSON.parse((await cli('--json', 'splits', '-p', project, '--make')).stdout);
    expect(json.error).toMatchObject({ code: 'SPLIT_INVALID', message: `Not made: ${NO_TEST}` });
    expect(JSON.parse((await cli('--json', 'splits', '-p', project)).stdout)).toEqual({
      splits: [],
      foldSchemes: [],
    });
  });

  it('--make warns of an empty validation split it was asked to fill', async () => {
    const args = ['--train', '0.5', '--validation', '0.05', '--test', '0.45', '--no-stratify'];
    const made = await cli('splits', '-p', project, '--make', ...args);
    expect(made.code).toBe(0);
    expect(made.stdout).toContain(
      'warning: the validation split gets 0 of 6 labelled rows (train 3, test 3) though it asks for 5 %: early stopping has no validation row to watch; with so few rows, cross-validation (mtl-studio train --evaluation cv) gives more reliable scores.',
    );
  });
});
