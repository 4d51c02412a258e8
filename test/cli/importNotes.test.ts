/**
 * `mtl-studio import`'s own words: "1 row" (a new user read "Imported 1 rows"), the note
 * on header cells without a name, named as pandas names them (`Unnamed: <0-based index>`),
 * the note on a row index left ignored, and with --decimal-comma the note on an ambiguous
 * dot ("1.000").
 * Expected texts written by hand from the files below.
 */
import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../store/helpers';
import { cli, fixture } from './run';

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => {
  ({ dir, cleanup } = await makeTempDir());
});
afterEach(async () => {
  await cleanup();
});

describe('import: counts and notes', () => {
  it('--decimal-comma: notes a dot before three digits, reads "1.234,5" as 1234.5', async () => {
    const csv = join(dir, 'dots.csv');
    // By hand: b's cells are 1234.5, 7, 1000 ("1.000", line 4, a dot grouping thousands),
    // 2.5: min 2.5, max 1234.5, mean 2244 / 4 = 561; the dot of "1.234,5" groups thousands.
    await writeFile(csv, 'a;b\nx;1.234,5\ny;7\nx;1.000\ny;2,5\n');
    const out = await cli('import', csv, '-p', join(dir, 'dots.mtlproj'), '--decimal-comma');
    expect(out.code).toBe(0);
    expect(out.stdout).toMatch(/│ b +│ numeric +│ input +│ 0 +│ 4 +│ 2\.5 … 1234\.5, mean 561 /);
    expect(out.stdout).toContain(
      'note: column \'b\': dot read as a thousands separator: line 4 has "1.000", read as 1000 (--decimal-comma reads a dot before three digits so, as de-DE and fr-FR write numbers); 1 cell is written so: if the dot is a decimal point (1), import without --decimal-comma, or write a decimal comma there ("1,000")',
    );
    const json = await cli(
      'import',
      csv,
      '-p',
      join(dir, 'dots2.mtlproj'),
      '--decimal-comma',
      '--json',
    );
    const doc = JSON.parse(json.stdout) as { notes: { column: string; kind: string }[] };
    expect(doc.notes.map((n) => [n.column, n.kind])).toEqual([['b', 'thousandsDot']]);
  });

  it('says "1 row" and names the unnamed index column of a pandas CSV', async () => {
    const csv = join(dir, 'one.csv');
    // pd.DataFrame({'species': ['Adelie'], 'mass': [3750]}).to_csv(csv)
    await writeFile(csv, ',species,mass\n0,Adelie,3750\n');
    const out = await cli('import', csv, '-p', join(dir, 'a.mtlproj'));
    expect(out.code).toBe(0);
    expect(out.stdout).toMatch(/^Imported 1 row into dataset 1 "one" /m);
    expect(out.stdout).toContain(
      "note: 1 column had no name in the header and was named as pandas names them: 'Unnamed: 0' (column 1)",
    );
    const json = await cli('import', csv, '-p', join(dir, 'b.mtlproj'), '--json');
    expect(json.code).toBe(0);
    const doc = JSON.parse(json.stdout) as {
      unnamedColumns: unknown;
      dataset: { columns: { name: string }[] };
    };
    expect(doc.unnamedColumns).toEqual([{ index: 0, name: 'Unnamed: 0' }]);
    expect(doc.dataset.columns.map((c) => c.name)).toEqual(['Unnamed: 0', 'species', 'mass']);
  });

  it('says "2 rows" for two', async () => {
    const csv = join(dir, 'two.csv');
    await writeFile(csv, 'a,b\n1,x\n2,y\n');
    const out = await cli('import', csv, '-p', join(dir, 'c.mtlproj'));
    expect(out.stdout).toMatch(/^Imported 2 rows into dataset 1 "two" /m);
    expect(out.stdout).not.toContain('no name in the header');
  });

  it('says that a row index is ignored, and --role takes it back as input', async () => {
    // test/fixtures/csv/pandas-index.csv: a pandas to_csv() with its index 0…5 (6 rows).
    const csv = fixture('csv/pandas-index.csv');
    const out = await cli('import', csv, '-p', join(dir, 'd.mtlproj'));
    expect(out.code).toBe(0);
    expect(out.stdout).toMatch(/│ Unnamed: 0 +│ numeric +│ ignore /);
    expect(out.stdout).toMatch(/│ legs +│ numeric +│ input /);
    // The note names the command that takes the column back after the import, the column
    // quoted for a POSIX shell (it holds a space), the project and dataset as imported.
    const project = join(dir, 'd.mtlproj');
    expect(out.stdout).toContain(
      "note: column 'Unnamed: 0': looks like a row index (0…5, one per row) and is ignored; " +
        `set its role to input (mtl-studio columns -p ${project} -d 1 --role 'Unnamed: 0'=input) to use it`,
    );
    // Pasted into sh, it runs as shown: split by sh into its words, then run.
    const suggested = /\(mtl-studio (columns .+=input)\) to use it/.exec(out.stdout)![1];
    const { stdout: words } = await promisify(execFile)('sh', [
      '-c',
      `printf '%s\\n' ${suggested}`,
    ]);
    expect(words.trimEnd().split('\n')).toEqual([
      'columns',
      '-p',
      project,
      '-d',
      '1',
      '--role',
      'Unnamed: 0=input',
    ]);
    const ran = await cli(...words.trimEnd().split('\n'));
    expect(ran.code).toBe(0);
    expect(ran.stdout).toMatch(/│ Unnamed: 0 +│ numeric +│ input /);
    await cli('columns', '-p', project, '--role', 'Unnamed: 0=ignore');
    const chosen = await cli(
      'import',
      csv,
      '-p',
      join(dir, 'e.mtlproj'),
      '--role',
      'Unnamed: 0=input',
    );
    expect(chosen.code).toBe(0);
    expect(chosen.stdout).toMatch(/│ Unnamed: 0 +│ numeric +│ input /);
    expect(chosen.stdout).not.toContain('row index');
    // Set to input after the import: the stored note no longer holds, so it is not printed.
    const changed = await cli(
      'columns',
      '-p',
      join(dir, 'd.mtlproj'),
      '--role',
      'Unnamed: 0=input',
    );
    expect(changed.code).toBe(0);
    expect(changed.stdout).toMatch(/│ Unnamed: 0 +│ numeric +│ input /);
    expect(changed.stdout).not.toContain('row index');
    const back = await cli('columns', '-p', join(dir, 'd.mtlproj'), '--role', 'Unnamed: 0=ignore');
    expect(back.stdout).toContain("note: column 'Unnamed: 0': looks like a row index (0…5");
  });

  it('lists the row-index note under notes with --json (kind rowIndex), none once taken back', async () => {
    // test/fixtures/csv/pandas-index.csv: index 0…5 in an unnamed first column, 6 rows.
    const csv = fixture('csv/pandas-index.csv');
    const json = await cli('import', csv, '-p', join(dir, 'f.mtlproj'), '--json');
    expect(json.code).toBe(0);
    const doc = JSON.parse(json.stdout) as { notes: unknown };
    expect(doc.notes).toEqual([
      {
        column: 'Unnamed: 0',
        kind: 'rowIndex',
        note:
          'looks like a row index (0…5, one per row) and is ignored; ' +
          `set its role to input (mtl-studio columns -p ${join(dir, 'f.mtlproj')} -d 1 ` +
          "--role 'Unnamed: 0'=input) to use it",
      },
    ]);
    const chosen = await cli(
      'import',
      csv,
      '-p',
      join(dir, 'g.mtlproj'),
      '--role',
      'Unnamed: 0=input',
      '--json',
    );
    expect((JSON.parse(chosen.stdout) as { notes: unknown }).notes).toEqual([]);
    const help = await cli('import', '--help');
    expect(help.stdout).toContain(
      'With --json: one document { project, dataset, unnamedColumns, renamedColumns,',
    );
    expect(help.stdout).toMatch(/rowIndex +looks like a row index, so it starts ignored/);
  });

  it('notes a column with one value in every row, on its note: line and under notes', async () => {
    // By hand: "unit" is "kg" on all 3 data rows; x and y vary.
    const csv = join(dir, 'unit.csv');
    await writeFile(csv, 'x,unit,y\n1,kg,a\n2,kg,b\n3,kg,a\n');
    const note =
      'one value in every row ("kg", all 3 rows): it carries no information for any task';
    const out = await cli('import', csv, '-p', join(dir, 'u.mtlproj'));
    expect(out.code).toBe(0);
    expect(out.stdout).toContain(`note: column 'unit': ${note}\n`);
    expect(out.stdout.match(/note:/g)).toHaveLength(1);
    const json = await cli('import', csv, '-p', join(dir, 'v.mtlproj'), '--json');
    expect((JSON.parse(json.stdout) as { notes: unknown }).notes).toEqual([
      { column: 'unit', kind: 'constant', note },
    ]);
    const help = await cli('import', '--help');
    expect(help.stdout).toMatch(/constant +one value in every row: it carries no/);
  });

  it('names a column without spaces as it is (no quotes)', async () => {
    // An index column named "id": 1…20, one per row (a named one needs 20 rows: MIN_INDEX_ROWS).
    const csv = join(dir, 'named.csv');
    const rows = Array.from({ length: 20 }, (_, i) => `${i + 1},${(i % 3) * 2}`);
    await writeFile(csv, `id,legs\n${rows.join('\n')}\n`);
    const out = await cli('import', csv, '-p', join(dir, 'h.mtlproj'));
    expect(out.code).toBe(0);
    expect(out.stdout).toMatch(/│ id +│ numeric +│ ignore /);
    expect(out.stdout).toContain(`-d 1 --role id=input) to use it`);
  });
});
