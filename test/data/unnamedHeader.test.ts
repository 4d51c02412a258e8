/**
 * Header cells without a name (a pandas `to_csv()` index, a spreadsheet's trailing commas)
 * are named as pandas' `read_csv` names them: `Unnamed: <0-based index>`; a name written
 * twice is renamed at import as pandas renames it (`b.1`). Expected names
 * are pandas' documented behaviour (pandas/_libs/parsers.pyx: `f"Unnamed: {i}"`; duplicate
 * names get `.1`), worked out by hand for each header below.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importCsv } from '../../src/main/data/importCsv';
import { previewCsv } from '../../src/main/data/preview';
import { nameHeader, type RenamedColumn, type UnnamedColumn } from '../../src/main/data/csvTable';
import { renamedColumnsNote, unnamedColumnsNote } from '../../src/main/cli/commands/datasets';
import type { Database } from '../../src/main/store/database';
import { ProjectStore, type CellValue } from '../../src/main/store/projectStore';
import { makeTempDir } from '../store/helpers';
import { FakeStore } from './fakeStore';

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => {
  ({ dir, cleanup } = await makeTempDir());
});
afterEach(async () => {
  await cleanup();
});

async function csv(name: string, text: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, text);
  return path;
}

/** Imports `path` by the three readers (one pass, two passes on bytes, two passes on text). */
async function importEveryWay(path: string) {
  const results = [];
  for (const options of [
    { onePassMinBytes: 0 },
    { onePassMinBytes: Infinity },
    { onePassMinBytes: Infinity, encoding: 'windows-1252' },
  ]) {
    // The one pass writes SQL statements: it needs the real store.
    const store = await ProjectStore.open(join(dir, `p${results.length}.mtlproj`), {
      create: true,
    });
    try {
      const told: UnnamedColumn[][] = [];
      const info = await importCsv(store, path, {
        ...options,
        onUnnamedColumns: (c) => told.push(c),
      });
      const cells = info.columns.map((_c, k) => `c${k}`).join(', ');
      const db = (store as unknown as { db: Database }).db;
      const stored = await db.all<Record<string, CellValue>>(
        `SELECT ${cells} FROM rows_${info.id} ORDER BY row_id`,
      );
      results.push({
        names: info.columns.map((c) => c.name),
        types: info.columns.map((c) => c.type),
        roles: info.columns.map((c) => c.role),
        missing: info.columns.map((c) => c.profile.missing),
        rows: stored.map((row) => info.columns.map((_c, k) => row[`c${k}`])),
        told,
      });
    } finally {
      await store.close();
    }
  }
  expect(results[1]).toEqual(results[0]);
  expect(results[2]).toEqual(results[0]);
  return results[0];
}

describe('empty header cells', () => {
  it("names a pandas to_csv() index column 'Unnamed: 0' and keeps its values", async () => {
    // pd.DataFrame({'species': ['Adelie', 'Gentoo'], 'mass': [3750, 5000]}).to_csv(path)
    const path = await csv('pandas.csv', ',species,mass\n0,Adelie,3750\n1,Gentoo,5000\n');
    const got = await importEveryWay(path);
    expect(got.names).toEqual(['Unnamed: 0', 'species', 'mass']);
    expect(got.rows).toEqual([
      [0, 'Adelie', 3750],
      [1, 'Gentoo', 5000],
    ]);
    expect(got.told).toEqual([[{ index: 0, name: 'Unnamed: 0' }]]);
    const preview = await previewCsv(path);
    expect(preview.header).toEqual(['Unnamed: 0', 'species', 'mass']);
    expect(preview.unnamed).toEqual([{ index: 0, name: 'Unnamed: 0' }]);
  });

  it('keeps a column empty in the header and in every row (trailing commas), all missing', async () => {
    // An Excel export with a trailing comma on every line: pandas keeps 'Unnamed: 2' as an
    // all-NaN column; so do we (README, CSV section): 2 rows, 2 missing.
    const path = await csv('excel.csv', 'a,b,\n1,x,\n2,y,\n');
    const got = await importEveryWay(path);
    expect(got.names).toEqual(['a', 'b', 'Unnamed: 2']);
    expect(got.missing).toEqual([0, 0, 2]);
    // No value to read: a text column, which is ignored by default (not a model input).
    expect(got.types).toEqual(['numeric', 'categorical', 'text']);
    expect(got.roles).toEqual(['input', 'input', 'ignore']);
    expect(got.rows).toEqual([
      [1, 'x', null],
      [2, 'y', null],
    ]);
    expect(got.told).toEqual([[{ index: 2, name: 'Unnamed: 2' }]]);
  });

  it("gives a generated name that is taken pandas' .1 suffix, and keeps the header's own names", async () => {
    // Header 'Unnamed: 1', '', 'c': column 2 would be 'Unnamed: 1', already column 1's name.
    const path = await csv('clash.csv', 'Unnamed: 1,,c,\n1,2,3,4\n');
    const got = await importEveryWay(path);
    expect(got.names).toEqual(['Unnamed: 1', 'Unnamed: 1.1', 'c', 'Unnamed: 3']);
    expect(got.told).toEqual([
      [
        { index: 1, name: 'Unnamed: 1.1' },
        { index: 3, name: 'Unnamed: 3' },
      ],
    ]);
  });

  it("renames a name written twice with pandas' .1 suffix, and says so", async () => {
    // By hand from pandas' de-duplication (pandas/io/parsers/base_parser.py, _dedup_names):
    // ',b,,b' reads as 'Unnamed: 0', 'b', 'Unnamed: 2', 'b.1'.
    const path = await csv('dup.csv', ',b,,b\n1,2,3,4\n');
    const renamed: RenamedColumn[][] = [];
    const got = await importEveryWay(path);
    expect(got.names).toEqual(['Unnamed: 0', 'b', 'Unnamed: 2', 'b.1']);
    expect(got.rows).toEqual([[1, 2, 3, 4]]);
    await importCsv(new FakeStore(), path, { onRenamedColumns: (c) => renamed.push(c) });
    expect(renamed).toEqual([[{ index: 3, original: 'b', first: 1, name: 'b.1' }]]);
    expect((await previewCsv(path)).renamed).toEqual(renamed[0]);
    expect(renamedColumnsNote(renamed[0])).toBe(
      "note: a column name was written again in the header and renamed as pandas renames them: 'b' (column 4, as column 2) → 'b.1'",
    );
    // A suffixed name the header writes itself is kept (pandas would rename the later 'a' to
    // 'a.1.1'): the later 'a' takes the next free suffix.
    expect(nameHeader(['a', 'a.1', 'a'], 'x.csv', 1, true).header).toEqual(['a', 'a.1', 'a.2']);
  });

  it('still refuses a name written twice outside an import (a file labelled)', () => {
    expect(() => nameHeader(['a', 'b', 'a'], 'new.csv', 1)).toThrow(
      "new.csv line 1, column 'a': duplicate column name 'a' (columns 1 and 3)",
    );
  });

  it('a header with names says nothing', async () => {
    const path = await csv('plain.csv', 'a,b\n1,2\n');
    expect((await importEveryWay(path)).told).toEqual([]);
    expect((await previewCsv(path)).unnamed).toEqual([]);
  });

  it("the command line's note names each column and its position", () => {
    expect(unnamedColumnsNote([{ index: 0, name: 'Unnamed: 0' }])).toBe(
      "note: 1 column had no name in the header and was named as pandas names them: 'Unnamed: 0' (column 1)",
    );
    expect(
      unnamedColumnsNote([
        { index: 0, name: 'Unnamed: 0' },
        { index: 4, name: 'Unnamed: 4' },
      ]),
    ).toBe(
      "note: 2 columns had no name in the header and were named as pandas names them: 'Unnamed: 0' (column 1), 'Unnamed: 4' (column 5)",
    );
  });
});
