/**
 * Found by a new user: one line with a trailing delimiter blocked the whole import, naming
 * only that line. Now the error says when the extra fields are empty, how many lines are bad
 * and their first lines; `--bad-lines skip` imports the others (pandas' on_bad_lines), and
 * the import stays transactional. Also: `--type a=numeric` on "1,5" hints --decimal-comma,
 * and summaries show 12345678 as it is. Expected values by hand from the CSV texts (line 1
 * is the header).
 */
import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importCsv } from '../../src/main/data/importCsv';
import { ProjectStore } from '../../src/main/store/projectStore';
import { FakeStore } from '../data/fakeStore';
import { makeTempDir } from '../store/helpers';
import { cli } from './run';

let cleanup: () => Promise<void>;
let dir: string;
beforeAll(async () => {
  ({ dir, cleanup } = await makeTempDir());
});
afterAll(() => cleanup());

// Lines 3 (a trailing comma: 4 fields, the 4th empty), 5 (2 fields), 6 (4 fields, "9").
const RAGGED = 'a,b,c\n1,2,3\n6,7,8,\n10,11,12\n5,6\n1,2,3,9\n4,5,6\n';

describe('import: lines with a wrong number of fields', () => {
  it('counts them all and names the trailing delimiter', async () => {
    writeFileSync(`${dir}/r.csv`, RAGGED);
    const out = await cli('import', `${dir}/r.csv`, '-p', `${dir}/y.mtlproj`);
    expect(out.code).not.toBe(0);
    expect(out.stderr).toContain(
      'r.csv line 3: expected 3 fields, found 4 (the 4th field is empty: a trailing delimiter?); 3 lines have a wrong number of fields (lines 3, 5, 6); use --bad-lines skip',
    );
    // The advice is said once, by the CLI's remedy suffix (the shared message names no flag).
    expect(out.stderr).toMatch(/; use --bad-lines skip\n$/);
    expect(out.stderr.split('--bad-lines skip').length - 1).toBe(1);
  });

  it('--json: the refusal’s details list the bad lines as an array, as skippedLines does', async () => {
    // By hand from RAGGED: lines 3, 5, 6 are bad (3 of them).
    writeFileSync(`${dir}/rj.csv`, RAGGED);
    const out = await cli('--json', 'import', `${dir}/rj.csv`, '-p', `${dir}/rj.mtlproj`);
    expect(out.code).not.toBe(0);
    const { details } = JSON.parse(out.stdout).error as { details: Record<string, unknown> };
    expect(details.badLineList).toEqual([3, 5, 6]);
    expect(details.badLines).toBe(3);
  });

  it('--bad-lines skip imports the other rows and notes the skipped lines', async () => {
    writeFileSync(`${dir}/r2.csv`, RAGGED);
    const out = await cli(
      'import',
      `${dir}/r2.csv`,
      '-p',
      `${dir}/s.mtlproj`,
      '--bad-lines',
      'skip',
    );
    expect(out.code).toBe(0);
    // Rows kept: 1,2,3 / 10,11,12 / 4,5,6 → a: 1 … 10, mean 5.
    expect(out.stdout).toMatch(/^Imported 3 rows /m);
    expect(out.stdout).toMatch(/│ a +│ numeric +│ input +│ 0 +│ 3 +│ 1 … 10, mean 5 /);
    expect(out.stdout).toContain(
      'note: skipped 3 lines with a wrong number of fields (lines 3, 5, 6); they are not in the dataset',
    );
  });

  it('--bad-lines skip on a file whose every data line is bad says so, not "no data rows"', async () => {
    // A new user's file: a one-column header and two lines of two fields each (by hand:
    // lines 2 and 3 are both bad, so nothing is left).
    writeFileSync(`${dir}/one3.csv`, 'a,b,c\n1,2\n3,4\n');
    const out = await cli(
      'import',
      `${dir}/one3.csv`,
      '-p',
      `${dir}/o.mtlproj`,
      '--bad-lines',
      'skip',
    );
    expect(out.code).not.toBe(0);
    // Named at the first skipped line (2), not at the header (line 1), found by a new user.
    expect(out.stderr).toContain(
      'one3.csv line 2: every data line has a wrong number of fields, so none is left to import (2 skipped: lines 2, 3); check the delimiter',
    );
    expect(out.stderr).not.toContain('no data rows');
    // The studio words it from the reason (CSV_ALL_LINES_BAD), not as "no data rows".
    const json = await cli(
      'import',
      `${dir}/one3.csv`,
      '-p',
      `${dir}/o.mtlproj`,
      '--bad-lines',
      'skip',
      '--json',
    );
    expect(JSON.parse(json.stdout || json.stderr).error.details).toMatchObject({
      reason: 'CSV_ALL_LINES_BAD',
      params: { file: 'one3.csv', count: 2, first: 2 },
    });
  });

  it('the same on the byte path, the text path and one pass, with the first five lines', async () => {
    // Bad lines 3, 5, 7, 9, 11, 13 (a trailing comma on every other line): 6 of them.
    const lines = ['a,b'];
    for (let i = 1; i <= 12; i++) lines.push(i % 2 === 1 ? `${i},x` : `${i},y,`);
    writeFileSync(`${dir}/many.csv`, lines.join('\n') + '\n');
    const storeFor = async (onePass: boolean, name: string) =>
      onePass ? ProjectStore.open(`${dir}/${name}.mtlproj`, { create: true }) : new FakeStore();
    const cases = [
      { onePassMinBytes: Infinity },
      { encoding: 'latin1', onePassMinBytes: Infinity },
      { onePassMinBytes: 0 },
    ];
    for (const [k, options] of cases.entries()) {
      const onePass = options.onePassMinBytes === 0;
      const failing = await storeFor(onePass, `fail${k}`);
      await expect(importCsv(failing, `${dir}/many.csv`, options)).rejects.toThrow(
        'many.csv line 3: expected 2 fields, found 3 (the 3rd field is empty: a trailing delimiter?); 6 lines have a wrong number of fields (lines 3, 5, 7, 9, 11, …)',
      );
      // Transactional: nothing was stored by the failed import.
      expect((await failing.datasets.list()).length).toBe(0);
      if (failing instanceof ProjectStore) await failing.close();
      let skipped: unknown = null;
      const store = await storeFor(onePass, `skip${k}`);
      const info = await importCsv(store, `${dir}/many.csv`, {
        ...options,
        badLines: 'skip',
        onSkippedLines: (s) => (skipped = s),
      });
      expect(info.rowCount).toBe(6);
      expect(skipped).toEqual({ count: 6, lines: [3, 5, 7, 9, 11] });
      if (store instanceof ProjectStore) await store.close();
    }
  });

  it('the studio gets a one-click remedy with the error', async () => {
    const error = await importCsv(new FakeStore(), `${dir}/many.csv`).catch((e: unknown) => e);
    expect((error as { details: Record<string, unknown> }).details).toMatchObject({
      reason: 'CSV_FIELD_COUNT',
      badLines: 6,
      remedy: { badLines: 'skip' },
    });
  });
});

describe('import: other first-use findings', () => {
  it('--type a=numeric on "1,5" hints --decimal-comma', async () => {
    writeFileSync(`${dir}/semi.csv`, 'a;b\n1,5;x\n2;y\n');
    const out = await cli(
      'import',
      `${dir}/semi.csv`,
      '-p',
      `${dir}/t.mtlproj`,
      '--type',
      'a=numeric',
    );
    expect(out.code).not.toBe(0);
    expect(out.stderr).toContain(
      "semi.csv line 2, column 'a': value '1,5' is not a number; it is written with a decimal comma: import with the decimal-comma option (--decimal-comma)",
    );
  });

  it('summaries show large integers exactly', async () => {
    // a: 1, 2, 3, 12345678 → min 1, max 12345678, mean 12345684 / 4 = 3086421.
    // b: 0.5, 1, 1, 12345678 → mean 12345680.5 / 4 = 3086420.125 → 3086420.1 (7 + 1 digits).
    writeFileSync(`${dir}/big.csv`, 'a,b\n1,0.5\n2,1\n3,1\n12345678,12345678\n');
    const out = await cli('import', `${dir}/big.csv`, '-p', `${dir}/b.mtlproj`);
    expect(out.code).toBe(0);
    expect(out.stdout).toContain('1 … 12345678, mean 3086421 ');
    expect(out.stdout).toContain('0.5 … 12345678, mean 3086420.1 ');
  });
});
