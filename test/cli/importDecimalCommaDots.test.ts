/**
 * `import --decimal-comma` on a file of decimal points (found by a new user: it imported
 * silently). A point still reads as a decimal point under the option ("1.5" = 1.5,
 * cellValues.ts parseNumber), so the values are right, but the option was probably not meant:
 * each numeric column with decimal points and no decimal comma gets a note naming its first
 * such cell. Expected values by hand from the CSV texts below (line 1 is the header).
 */
import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../store/helpers';
import { cli } from './run';

let cleanup: () => Promise<void>;
let dir: string;
beforeAll(async () => {
  ({ dir, cleanup } = await makeTempDir());
});
afterAll(() => cleanup());

const note = (column: string, line: number, text: string, read: string) =>
  `note: column '${column}': decimal points read under --decimal-comma: line ${line} has "${text}", read as ${read} (a point still reads as a decimal point), and no number of the column has a decimal comma: if the file writes decimal points, import it without --decimal-comma (with it, a dot before three digits such as "1.000" reads as 1000)`;

describe('import --decimal-comma on decimal points', () => {
  it('notes each numeric column of decimal points; integers and text get none', async () => {
    // a: decimal points (first on line 3); n: integers only; s: text.
    writeFileSync(`${dir}/dots.csv`, 'a,n,s\n2,1,x\n1.5,2,y\n2.25,3,x\n');
    const out = await cli('import', `${dir}/dots.csv`, '-p', `${dir}/a.mtlproj`, '--decimal-comma');
    expect(out.code).toBe(0);
    const notes = out.stdout
      .concat(out.stderr)
      .split('\n')
      .filter((l) => l.includes('--decimal-comma'));
    expect(notes).toEqual([note('a', 3, '1.5', '1.5')]);
    // Read as decimal points: mean of 2, 1.5, 2.25 = 5.75 / 3 = 1.91667 (6 significant digits)
    expect(out.stdout).toMatch(/│ a +│ numeric +│ input +│ 0 +│ 3 +│ 1.5 … 2.25, mean 1.91667 /);
  });

  it('a column with decimal commas gets none; a column of points beside it does', async () => {
    // Delimiter ';': a has "1,5" (a decimal comma); b has "2.5" only.
    writeFileSync(`${dir}/mixed.csv`, 'a;b\n1,5;2.5\n2,25;3\n');
    const out = await cli(
      'import',
      `${dir}/mixed.csv`,
      '-p',
      `${dir}/b.mtlproj`,
      '--decimal-comma',
    );
    expect(out.code).toBe(0);
    const notes = out.stdout
      .concat(out.stderr)
      .split('\n')
      .filter((l) => l.includes('--decimal-comma'));
    expect(notes).toEqual([note('b', 2, '2.5', '2.5')]);
  });

  it('without --decimal-comma, no such note', async () => {
    writeFileSync(`${dir}/plain.csv`, 'a\n1.5\n2.25\n');
    const out = await cli('import', `${dir}/plain.csv`, '-p', `${dir}/c.mtlproj`);
    expect(out.code).toBe(0);
    expect(out.stdout + out.stderr).not.toContain('decimal points read');
  });
});
