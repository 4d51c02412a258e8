/**
 * `import` says when a column's numbers group thousands with commas ("1,234", "10,000"),
 * naming the column and the fix (found by a new user: the column silently became
 * categorical). Expected by hand: price holds "1,234" on line 2 and "10,000" on line 3
 * (2 cells so) and 12 on line 4; no import option reads such numbers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { makeTempDir } from '../store/helpers';
import { cli } from './run';

let dir: string;
let cleanup: () => Promise<void>;
beforeAll(async () => {
  ({ dir, cleanup } = await makeTempDir());
});
afterAll(() => cleanup());

describe('import of numbers with commas grouping thousands', () => {
  it('notes the column and how to read it as numbers, as text and with --json', async () => {
    const csv = join(dir, 'prices.csv');
    await writeFile(csv, 'price,item\n"1,234",a\n"10,000",b\n12,a\n');
    const note =
      'numbers written with commas grouping thousands (line 2 has "1,234"; 2 cells are written so), which no import option reads, so the column is not numeric; write them without the commas (1234) and import again to read them as numbers';
    const text = await cli('import', csv, '-p', join(dir, 'a.mtlproj'));
    expect(text.code).toBe(0);
    expect(text.stdout).toContain(`note: column 'price': ${note}`);
    const json = await cli('import', csv, '-p', join(dir, 'b.mtlproj'), '--json');
    expect(json.code).toBe(0);
    expect((JSON.parse(json.stdout) as { notes: unknown }).notes).toEqual([
      { column: 'price', kind: 'thousandsComma', note },
    ]);
  }, 60_000);
});
