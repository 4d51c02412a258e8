/**
 * Exact counts are written with their noun in the right number (found by a new user: "1
 * rows", "label(s)", "conflict(s)"). Expected by hand from the file below: class "a" has 10
 * rows and b, c, d, e one each, so three are listed as having "only 1 row" and the fourth is
 * summed up as "1 more class"; 1 of the 15 rows lacks a label; a labels file that sets one missing label imports "1 label".
 */
import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { counted } from '../../src/shared/counted';
import { makeTempDir } from '../store/helpers';
import { cli } from './run';

let cleanup: () => Promise<void>;
let dir: string;
let project: string;
beforeAll(async () => {
  ({ dir, cleanup } = await makeTempDir());
  const ys = [...Array(10).fill('a'), 'b', 'c', 'd', 'e', ''];
  writeFileSync(`${dir}/d.csv`, `x,y\n${ys.map((y, i) => `${i},${y}`).join('\n')}\n`);
  project = `${dir}/p.mtlproj`;
  expect((await cli('import', `${dir}/d.csv`, '-p', project)).code).toBe(0);
}, 60_000);
afterAll(() => cleanup());

describe('exact counts', () => {
  it('counted() picks the noun by the count', () => {
    expect(counted(1, 'row', 'rows')).toBe('1 row');
    expect(counted(0, 'row', 'rows')).toBe('0 rows');
    expect(counted(2, 'label', 'labels')).toBe('2 labels');
  });

  it('tasks: "only 1 row", "1 more class has"; labels import: "1 label", "0 conflicts"', async () => {
    const tasks = await cli('tasks', '-p', project, '--add', 'y');
    expect(tasks.code).toBe(0);
    expect(tasks.stdout).toContain('! y: Class "b" has only 1 row; its scores will be unreliable.');
    expect(tasks.stdout).toContain('! y: 1 more class has fewer than 5 rows:');
    expect(tasks.stdout).toContain(
      '! y: 1 of 15 rows lacks a label; it trains the other tasks only.',
    );
    expect(tasks.stdout).not.toContain('row(s)');
    // Row 15 has no label for y.
    writeFileSync(`${dir}/labels.csv`, 'row_id,y\n15,a\n');
    const imported = await cli('labels', 'import', `${dir}/labels.csv`, '-p', project);
    expect(imported.code).toBe(0);
    expect(imported.stdout).toContain(
      'Imported 1 label; 0 already equal; 0 conflicts kept as in the project',
    );
  }, 60_000);
});
