/**
 * `mtl-studio import --delimiter` with a delimiter the file's header does not hold. Found by
 * a new user: a comma CSV with a quoted header, imported with `--delimiter ';'`, was refused
 * for its quoting. Expected by hand: the header line `"a","b"` holds no ';', so it reads as
 * one column; ',' is in every line. The way out is a command-line word a shell keeps: a bare
 * `;` would end the command, so it is quoted (`';'`), a tab written `$'\t'`.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../store/helpers';
import { cli } from './run';

let dir: string;
let cleanup: () => Promise<void>;
beforeAll(async () => {
  ({ dir, cleanup } = await makeTempDir());
});
afterAll(() => cleanup());

describe('import with a delimiter the header lacks', () => {
  it('names the delimiter and the detected one, with the flag to use', async () => {
    const csv = join(dir, 'q.csv');
    await writeFile(csv, '"a","b"\n"x",1\n"y",2\n');
    const out = await cli('import', csv, '-p', join(dir, 'p.mtlproj'), '--delimiter', ';');
    expect(out.code).toBe(1);
    expect(out.stderr).toBe(
      "error: q.csv line 1: the delimiter ';' does not occur in the header, so it reads as one column (read so, line 1, column 1: malformed quoted field (text after its closing quote)); the file looks delimited by ',': choose that delimiter, or auto (detected); use --delimiter ,\n",
    );
  });

  it('refuses an unquoted comma file read with ; (it used to import as one column)', async () => {
    // By hand: no ';' in "a,b,c"; ',' splits every line into 3 fields.
    const csv = join(dir, 'u.csv');
    await writeFile(csv, 'a,b,c\n1,2,3\n4,5,6\n');
    const out = await cli('import', csv, '-p', join(dir, 'u.mtlproj'), '--delimiter', ';');
    expect(out.code).toBe(1);
    expect(out.stderr).toBe(
      "error: u.csv line 1: the delimiter ';' does not occur in the header, so it reads as one column (read so, its one column is named \"a,b,c\"); the file looks delimited by ',': choose that delimiter, or auto (detected); use --delimiter ,\n",
    );
    // A pipe file read with ',': the suggested flag is quoted for the shell.
    const pipes = join(dir, 'p.csv');
    await writeFile(pipes, 'a|b\n1|2\n');
    const piped = await cli('import', pipes, '-p', join(dir, 'p2.mtlproj'), '--delimiter', ',');
    expect(piped.stderr.endsWith("; use --delimiter '|'\n"), piped.stderr).toBe(true);
  });

  it('quotes the delimiter it suggests for the shell', async () => {
    // By hand: ';' and a tab each delimit every line of their file; read with ',' the
    // quoted header is one field, closed after a and followed by text.
    for (const [name, text, flag] of [
      ['s.csv', '"a";"b"\n1;2\n', "--delimiter ';'"],
      ['t.tsv', '"a"\t"b"\n1\t2\n', "--delimiter $'\\t'"],
    ]) {
      const file = join(dir, name);
      await writeFile(file, text);
      const out = await cli('import', file, '-p', join(dir, `${name}.mtlproj`), '--delimiter', ',');
      expect(out.code).toBe(1);
      expect(out.stderr).toContain("the delimiter ',' does not occur in the header");
      expect(out.stderr.endsWith(`; use ${flag}\n`), out.stderr).toBe(true);
    }
  });
});
