/**
 * Found by a new user: `import manycls.csv -p P --type big=categorical cat=categorical` said
 * "too many arguments for 'import'" (`--type` took one pair per flag, unlike `columns
 * --role a=ignore b=ignore`), and `tasks --add big small` answered only `Column "big" is
 * text; a task needs a categorical column.`, naming no fix and leaving "small" in doubt.
 * Now `--type` takes several pairs (one per flag still works), the text error names the
 * re-import with `--type big=categorical`, and says "small" was not added (all or none).
 * Types expected by hand: the CSV below has "big" as free text (inferred text), "small" as
 * two values (categorical).
 */
import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../store/helpers';
import { cli } from './run';

let cleanup: () => Promise<void>;
let dir: string;
let csv: string;
beforeAll(async () => {
  const made = await makeTempDir();
  cleanup = made.cleanup;
  dir = made.dir;
  csv = `${dir}/manycls.csv`;
  const rows = ['x,big,small,cat'];
  for (let i = 0; i < 40; i++) {
    rows.push(`${i},free text number ${i} of many,${i % 2 === 0 ? 'a' : 'b'},k${i % 5}`);
  }
  writeFileSync(csv, rows.join('\n') + '\n');
}, 60_000);
afterAll(() => cleanup?.());

type Column = { name: string; type: string };
const types = (stdout: string): Record<string, string> =>
  Object.fromEntries(
    (JSON.parse(stdout) as { dataset: { columns: Column[] } }).dataset.columns.map((c) => [
      c.name,
      c.type,
    ]),
  );

describe('import --type with several pairs', () => {
  it('takes several pairs after one --type, and one pair per flag as before', async () => {
    const many = await cli(
      '--json',
      'import',
      csv,
      '-p',
      `${dir}/many.mtlproj`,
      '--type',
      'big=categorical',
      'cat=text',
    );
    expect(many.code).toBe(0);
    expect(types(many.stdout)).toMatchObject({ big: 'categorical', cat: 'text' });
    const one = await cli(
      '--json',
      'import',
      csv,
      '-p',
      `${dir}/one.mtlproj`,
      '--type',
      'big=categorical',
      '--type',
      'cat=text',
    );
    expect(one.code).toBe(0);
    expect(types(one.stdout)).toMatchObject({ big: 'categorical', cat: 'text' });
  });

  it('says to write <csv> first when it follows --type', async () => {
    const r = await cli('import', '-p', `${dir}/after.mtlproj`, '--type', 'big=categorical', csv);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain(
      `got "${csv}". --type takes every word after it up to the next option: put <csv> before --type, or end its pairs with --.`,
    );
  });
});

describe('tasks --add of a text column', () => {
  it('names the re-import as categorical, and that the other column was not added', async () => {
    const project = `${dir}/text.mtlproj`;
    expect((await cli('import', csv, '-p', project)).code).toBe(0);
    const r = await cli('tasks', '-p', project, '--add', 'big', 'small');
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain(
      'Column "big" is text; a task needs a categorical column. A column\'s type is set at import: import the file again with it read as categorical (mtl-studio import <csv> -p <project> --type big=categorical; in the studio, its type in the import\'s columns). So "small" was not added either: --add adds its columns all or none; add it without "big".',
    );
    const listed = JSON.parse((await cli('--json', 'tasks', '-p', project)).stdout) as {
      tasks: unknown[];
    };
    expect(listed.tasks).toEqual([]);
  });
});
