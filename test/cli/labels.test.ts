/**
 * `mtl-studio labels` as a user runs it (real processes, so few of them; the file format's
 * details are tested on the service in test/services/labelFiles.test.ts): export → edit →
 * import with a conflict reported and kept, an error naming the file, line and column, and
 * the active-labelling queue as a JSON array.
 */
import { readFile, writeFile } from 'node:fs/promises';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../store/helpers';
import { cli, fixture } from './run';

let dir: string;
let cleanup: () => Promise<void>;
let project: string;

beforeAll(async () => {
  ({ dir, cleanup } = await makeTempDir());
  project = `${dir}/labels.mtlproj`;
  expect((await cli('--json', 'import', fixture('penguins.csv'), '-p', project)).code).toBe(0);
  expect((await cli('--json', 'tasks', '-p', project, '--add', 'species', 'sex')).code).toBe(0);
}, 120_000);
afterAll(() => cleanup());

describe('mtl-studio labels', () => {
  it('exports, imports an edited file with a conflict kept, and refuses a bad file', async () => {
    const out = `${dir}/labels.csv`;
    const exported = await cli('--json', 'labels', 'export', '-p', project, '-o', out);
    expect(exported.code).toBe(0);
    expect(JSON.parse(exported.stdout)).toEqual({
      file: out,
      rows: 344,
      tasks: ['species', 'sex'],
    });
    const rows = Papa.parse<string[]>((await readFile(out, 'utf8')).trim()).data;
    expect(rows[0]).toEqual(['row_id', 'species', 'sex']);
    expect(rows).toHaveLength(345);
    // penguins.csv: row 1 is an Adelie male; 11 rows lack sex, row 4 the first of them.
    expect(rows[1]).toEqual(['1', 'Adelie', 'male']);
    expect(rows[4]).toEqual(['4', 'Adelie', '']);
    expect(rows.filter((r) => r[2] === '')).toHaveLength(11);

    // Row 4: sex missing → female (applied). Row 1: Adelie → Gentoo (a conflict, kept).
    const edit = `${dir}/edit.csv`;
    await writeFile(edit, 'row_id,species,sex\n4,,female\n1,Gentoo,male\n');
    const imported = await cli('--json', 'labels', 'import', edit, '-p', project);
    expect(imported.code).toBe(0);
    const report = JSON.parse(imported.stdout);
    expect(report).toMatchObject({ applied: 1, unchanged: 1, overwritten: 0 });
    expect(report.conflicts).toEqual([
      { line: 3, rowId: 1, task: 'species', current: 'Adelie', imported: 'Gentoo' },
    ]);

    const bad = `${dir}/bad.csv`;
    await writeFile(bad, 'row_id,species\n3,Adelie\n999,Gentoo\n');
    const refused = await cli('--json', 'labels', 'import', bad, '-p', project);
    expect(refused.code).toBe(1);
    expect(JSON.parse(refused.stdout).error).toMatchObject({
      code: 'CSV_PARSE',
      message: expect.stringMatching(/bad\.csv line 3, column 'row_id': "999" is not a row id/),
    });
  }, 120_000);

  it('lists the queue of a run as a JSON array, least confident first, with suggestions', async () => {
    // A run on the split (the queue ranks by any completed run's model; cross-validation,
    // the default on 344 rows, would train 5 fold runs for the newest one alone).
    const trained = await cli(
      '--json',
      'train',
      '-p',
      project,
      '--evaluation',
      'split',
      '--epochs',
      '5',
      '--seed',
      '2',
    );
    expect(trained.code).toBe(0);
    const result = await cli(
      '--json',
      'labels',
      'queue',
      '-p',
      project,
      '--strategy',
      'least-confidence',
      '--limit',
      '20',
    );
    expect(result.code).toBe(0);
    const items = JSON.parse(result.stdout);
    expect(Array.isArray(items)).toBe(true);
    // Only 10 rows lack a label now: the NA-sex rows but row 4, filled above.
    expect(items).toHaveLength(10);
    for (let i = 1; i < items.length; i++) {
      expect(items[i].confidence).toBeGreaterThanOrEqual(items[i - 1].confidence);
    }
    for (const item of items) {
      expect(Object.keys(item.suggestions)).toEqual(['species', 'sex']);
      // They lack sex only: least confidence on one task is its top probability.
      expect(item.confidence).toBeCloseTo(item.suggestions.sex.probability, 6);
      expect(['female', 'male']).toContain(item.suggestions.sex.label);
    }
  }, 120_000);

  it('warns on stderr and in --json of a new class differing only by case, and adds it', async () => {
    // Row 11 lacks sex in penguins.csv (after the queue test, which counts such rows): "MALE"
    // differs from the class "male" only by case.
    const file = `${dir}/case.csv`;
    await writeFile(file, 'row_id,sex\n11,MALE\n');
    const expected =
      'new class "MALE" of task "sex" differs from its class "male" only by letter case or surrounding spaces; both are kept as two classes (label with "male" to use the existing one)';
    // Without --add-classes: refused, the message naming the option (the studio words it
    // by its reason, LABELS_UNKNOWN_CLASS, naming its checkbox instead).
    const refused = await cli('--json', 'labels', 'import', file, '-p', project);
    expect(refused.code).toBe(1);
    expect(JSON.parse(refused.stdout).error).toMatchObject({
      code: 'TASK_INVALID',
      message: expect.stringMatching(
        /case\.csv line 2, column 'sex': "MALE" is not a class of task "sex" .*; import with --add-classes to add it$/,
      ),
      details: { reason: 'LABELS_UNKNOWN_CLASS', params: { task: 'sex', className: 'MALE' } },
    });
    const json = await cli('--json', 'labels', 'import', file, '-p', project, '--add-classes');
    expect(json.code).toBe(0);
    expect(json.stderr).toContain(`warning: ${expected}\n`);
    const report = JSON.parse(json.stdout);
    expect(report).toMatchObject({
      applied: 1,
      addedClasses: [{ task: 'sex', className: 'MALE' }],
      similarClasses: [{ task: 'sex', className: 'MALE', existing: 'male' }],
      warnings: [expected],
    });
    // Text output: the same warning line on stderr, the report on stdout.
    await writeFile(file, 'row_id,sex\n12,Female \n');
    const text = await cli('labels', 'import', file, '-p', project, '--add-classes');
    expect(text.code).toBe(0);
    expect(text.stderr).toBe(
      'warning: new class "Female" of task "sex" differs from its class "female" only by letter case or surrounding spaces; both are kept as two classes (label with "female" to use the existing one)\n',
    );
    expect(text.stdout).toContain('New class "Female" added to task "sex".');
  }, 120_000);

  it('writes to -o/--out, as every other command; --output, the old name, still works', async () => {
    // Found by a new user: `labels export` (and `recover`) said -o/--output where every
    // other command says -o/--out. Expected: --out in the help and not --output; the three
    // spellings write the same bytes (344 rows of penguins.csv, as above).
    const help = await cli('labels', 'export', '--help');
    expect(help.stdout).toMatch(/-o, --out <file> +CSV file to write/);
    expect(help.stdout).not.toContain('--output');
    const written: string[] = [];
    for (const flag of ['-o', '--out', '--output']) {
      const out = `${dir}/by${flag}.csv`;
      const done = await cli('--json', 'labels', 'export', '-p', project, flag, out);
      expect(done.code, done.stdout).toBe(0);
      expect(JSON.parse(done.stdout)).toMatchObject({ file: out, rows: 344 });
      written.push(await readFile(out, 'utf8'));
    }
    expect(written[1]).toBe(written[0]);
    expect(written[2]).toBe(written[0]);
    const recoverHelp = await cli('recover', '--help');
    expect(recoverHelp.stdout).toMatch(/-o, --out <file> +the new project file/);
    const recovered = await cli('--json', 'recover', '-p', project, '--out', `${dir}/copy.mtlproj`);
    expect(recovered.code, recovered.stdout).toBe(0);
    const missing = await cli('--json', 'recover', '-p', project);
    expect(missing.code).toBe(1);
    expect(JSON.parse(missing.stdout).error.message).toBe(
      "required option '-o, --out <file>' not specified",
    );
  }, 120_000);
});
