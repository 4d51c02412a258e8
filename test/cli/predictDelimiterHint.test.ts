/**
 * `predict` of a file read with the wrong delimiter. Found by a new user: `predict
 * --delimiter ,` on a file written with semicolons said only "lacks the columns …". Expected,
 * by hand: the header "species;island;…;year" read with ',' is one single column holding ';',
 * so the message adds that the file may be delimited by a semicolon. A header of several
 * columns, or one holding no other common delimiter, gets no hint.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { delimiterHint } from '../../src/main/export/predictHeader';
import { makeTempDir } from '../store/helpers';
import { cli, fixture } from './run';

let dir: string;
let cleanup: () => Promise<void>;
let project: string;
beforeAll(async () => {
  ({ dir, cleanup } = await makeTempDir());
  project = join(dir, 'p.mtlproj');
  expect((await cli('import', fixture('penguins.csv'), '-p', project)).code).toBe(0);
  expect((await cli('tasks', '-p', project, '--add', 'species')).code).toBe(0);
  const trained = await cli('train', '-p', project, '--epochs', '1', '--hidden', '4');
  expect(trained.code, trained.stderr).toBe(0);
}, 120_000);
afterAll(() => cleanup());

describe('predict with the wrong --delimiter', () => {
  it('names the delimiter its one-column header holds', async () => {
    // penguins.csv without its quotes, each ',' a ';' (no value holds either).
    const text = (await readFile(fixture('penguins.csv'), 'utf8')).replace(/"/g, '');
    const semi = join(dir, 'semi.csv');
    await writeFile(semi, text.replace(/,/g, ';'));
    const args = ['predict', semi, '-p', project, '--run', '1', '--delimiter', ','];
    const { code, stderr } = await cli(...args);
    expect(code).toBe(1);
    expect(stderr).toContain(' that the model reads (it reads island, bill_length_mm,');
    expect(stderr).toContain(
      'Its header was read as one column, "species;island;bill_length_mm;bill_depth_mm;flipper_length_mm;body_mass_g;sex;year", which holds a semicolon (";"): the file may be delimited by it, not by a comma (",").\n',
    );
  }, 60_000);

  it('gives no hint for a header of several columns or one without another delimiter', () => {
    expect(delimiterHint(['a;b', 'c'], ',')).toBe('');
    expect(delimiterHint(['abc'], ',')).toBe('');
    expect(delimiterHint(['a|b'], '\t')).toBe(
      ' Its header was read as one column, "a|b", which holds a bar ("|"): the file may be delimited by it, not by a tab.',
    );
  });
});
