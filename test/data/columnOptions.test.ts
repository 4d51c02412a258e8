/**
 * `mtl-studio import --type COL=… / --role COL=…` naming a column the file lacks. Found by
 * a new user: `import typed.csv --type zz=numeric` answered "columnTypes: no column named
 * 'zz'" — an internal field name, neither the option typed nor the file, and no list of
 * the columns there are. Expected messages written by hand from the file's header (a, b, t).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importCsv } from '../../src/main/data/importCsv';
import { MtlError } from '../../src/shared/errors';
import { FakeStore } from './fakeStore';

let dir = '';
let csv = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mtl-column-options-'));
  csv = join(dir, 'typed.csv');
  await writeFile(csv, 'a,b,t\n1,2,x\n3,4,y\n');
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('column options naming an unknown column', () => {
  it('--type: names the file, the column, the option and the columns there are', async () => {
    const store = new FakeStore();
    const error = await importCsv(store, csv, { columnTypes: { zz: 'numeric' } }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(MtlError);
    expect((error as MtlError).code).toBe('BAD_REQUEST');
    expect((error as MtlError).message).toBe(
      "typed.csv: no column named 'zz' for a column type (--type); the columns are a, b, t",
    );
    expect((error as MtlError).details).toMatchObject({ option: 'columnTypes', column: 'zz' });
  });

  it('--role: the same, for a column role', async () => {
    const error = await importCsv(new FakeStore(), csv, { columnRoles: { zz: 'target' } }).catch(
      (e: unknown) => e,
    );
    expect((error as MtlError).message).toBe(
      "typed.csv: no column named 'zz' for a column role (--role); the columns are a, b, t",
    );
  });
});
