/**
 * `splits` (the listing) gives each split's leakage — its test rows whose input columns equal a
 * training row's — as `splits --preview`/`--make` do: found by a new user, `splits --json`
 * left it out. Expected by hand: in `same.csv` every row has the input x = 7, so every test row
 * repeats a training row's inputs; 20 rows split 0.7 / 0.15 / 0.15 are 14 / 3 / 3 rows, so 3 of
 * 3 test rows leak, all 3 exact duplicates (x, y): 14 training rows of 20 hold at least 4 of
 * each label's 10. In `distinct.csv` x runs 100…119 (no two rows alike): none leaks.
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

/** A 20-row project whose input x is `x(i)` and task y alternates a, b; one split made. */
async function project(name: string, x: (i: number) => number): Promise<string> {
  const rows = Array.from({ length: 20 }, (_, i) => `${x(i)},${i % 2 === 0 ? 'a' : 'b'}`);
  writeFileSync(`${dir}/${name}.csv`, `x,y\n${rows.join('\n')}\n`);
  const path = `${dir}/${name}.mtlproj`;
  expect((await cli('import', `${dir}/${name}.csv`, '-p', path)).code).toBe(0);
  expect((await cli('tasks', '-p', path, '--add', 'y')).code).toBe(0);
  expect((await cli('splits', '-p', path, '--make', '--no-stratify')).code).toBe(0);
  return path;
}

describe('splits listing', () => {
  it('lists the leakage of each split in --json and in the table', async () => {
    const same = await project('same', () => 7);
    const listed = JSON.parse((await cli('--json', 'splits', '-p', same)).stdout) as {
      splits: { counts: { test: number }; leakage: { leaked: number; test: number } }[];
    };
    expect(listed.splits.map((s) => [s.counts.test, s.leakage])).toEqual([
      [3, { leaked: 3, test: 3, exact: 3 }],
    ]);
    const text = await cli('splits', '-p', same);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('3 of 3');
    expect(text.stdout).toContain(
      'warning: split 1: 3 of 3 test rows have an identical input row among the training rows',
    );
  }, 60_000);

  it('lists none for distinct rows, without a warning', async () => {
    const distinct = await project('distinct', (i) => 100 + i);
    const listed = JSON.parse((await cli('--json', 'splits', '-p', distinct)).stdout) as {
      splits: { leakage: { leaked: number; test: number } }[];
    };
    expect(listed.splits.map((s) => s.leakage)).toEqual([{ leaked: 0, test: 3, exact: 0 }]);
    const text = (await cli('splits', '-p', distinct)).stdout;
    expect(text).not.toContain('warning');
    // None leaked is shown as the other rows' "N of M" (a new user saw a bare 0).
    expect(text).toContain('0 of 3');
  }, 60_000);
});
