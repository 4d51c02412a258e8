/**
 * The CLI takes a task on a 281-character column as the studio does (a new user's report:
 * the studio refused to train it, the contract's task names stopped at 200 characters):
 * `import`, `tasks --add`, `train --tasks … --evaluation split --epochs 1`. A header name
 * past MAX_NAME_LENGTH (1000 characters) is refused at import, naming the file and the
 * column's position. Lengths counted by hand ('x'.repeat).
 */
import { writeFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../store/helpers';
import { cli } from './run';

/** The report's target column: 281 characters. */
const LONG_TARGET = `target_with_a_really_long_name_${'x'.repeat(250)}`;

let dir: string;
let cleanup: () => Promise<void>;
beforeAll(async () => {
  ({ dir, cleanup } = await makeTempDir());
});
afterAll(() => cleanup());

describe('a 281-character task name in the CLI', () => {
  it('is imported, added as a task and trained', async () => {
    expect(LONG_TARGET.length).toBe(281);
    const csv = `${dir}/long.csv`;
    const rows = Array.from({ length: 60 }, (_, i) =>
      [i % 10, (i * 7) % 11, ['p', 'q', 'r'][i % 3], i % 2 ? 's' : 't'].join(','),
    );
    await writeFile(csv, `x,y,${LONG_TARGET},b\n${rows.join('\n')}\n`);
    const project = `${dir}/long.mtlproj`;
    expect((await cli('import', csv, '-p', project)).code).toBe(0);
    const tasks = await cli('tasks', '-p', project, '--add', LONG_TARGET, 'b');
    expect(tasks.stderr).toBe('');
    expect(tasks.code).toBe(0);
    const train = await cli(
      '--json',
      'train',
      '-p',
      project,
      '--tasks',
      `${LONG_TARGET},b`,
      '--evaluation',
      'split',
      '--epochs',
      '1',
    );
    expect(train.stderr).not.toContain('Too big');
    expect(train.code).toBe(0);
    expect(train.stdout).toContain(LONG_TARGET);
  }, 180_000);

  it('refuses at import a header name of 1001 characters, naming the file and column', async () => {
    const csv = `${dir}/too-long.csv`;
    await writeFile(csv, `a,${'z'.repeat(1001)}\n1,2\n`);
    const imported = await cli('import', csv, '-p', `${dir}/refused.mtlproj`);
    expect(imported.code).not.toBe(0);
    expect(imported.stderr).toContain('too-long.csv');
    expect(imported.stderr).toContain('column 2');
    expect(imported.stderr).toContain('has 1001 characters; a column name can have at most 1000');
  }, 60_000);
});
