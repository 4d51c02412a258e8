/**
 * A distinct count past 10 000 values is a HyperLogLog estimate, and the CLI says so (found by
 * a new user: `price` distinct 11706 looked exact for 11 602): "≈" before it in the text
 * table, `distinctEstimated: true` in `columns --json`. Expected by hand from the file: "id"
 * holds 10 500 distinct texts (past the cap of 10 000), "half" two values (exact, unmarked).
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

describe('estimated distinct counts', () => {
  it('are marked ≈ in the text and distinctEstimated in --json; exact ones are not', async () => {
    const csv = join(dir, 'wide.csv');
    const rows = Array.from({ length: 10_500 }, (_, i) => `k${i},${i % 2 === 0 ? 'a' : 'b'}`);
    await writeFile(csv, `id,half\n${rows.join('\n')}\n`);
    const project = join(dir, 'wide.mtlproj');
    const imported = await cli('import', csv, '-p', project);
    expect(imported.code).toBe(0);
    expect(imported.stdout).toMatch(/│ id +│ \w+ +│ \w+ +│ 0 +│ ≈\d+ +│/);
    expect(imported.stdout).toMatch(/│ half +│ \w+ +│ \w+ +│ 0 +│ 2 +│/);
    const json = await cli('columns', '-p', project, '--json');
    expect(json.code).toBe(0);
    const columns = (
      JSON.parse(json.stdout) as {
        dataset: { columns: { name: string; profile: { distinctEstimated?: boolean } }[] };
      }
    ).dataset.columns;
    const byName = Object.fromEntries(columns.map((c) => [c.name, c.profile]));
    expect(byName.id.distinctEstimated).toBe(true);
    expect(byName.half.distinctEstimated).toBeUndefined();
  }, 60_000);
});
