import { stat } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { importCsv, type ImportProgress } from '../../src/main/data/importCsv';
import { previewCsv } from '../../src/main/data/preview';
import { FakeStore, fixture } from './fakeStore';

describe('importCsv', () => {
  it('stores the dataset with its metadata and typed rows', async () => {
    const store = new FakeStore();
    const info = await importCsv(store, fixture('penguins.csv'));
    expect(info).toMatchObject({
      name: 'penguins',
      sourceName: 'penguins.csv',
      encoding: 'utf-8',
      delimiter: ',',
      rowCount: 344,
    });
    expect(info.columns.map((c) => c.index)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    const rows = store.onlyRows();
    expect(rows[0]).toEqual(['Adelie', 'Torgersen', 39.1, 18.7, 181, 3750, 'male', 2007]);
    expect(rows[3]).toEqual(['Adelie', 'Torgersen', null, null, null, null, null, 2007]);
  });

  it('uses the given name and reads files without a header', async () => {
    const store = new FakeStore();
    const info = await importCsv(store, fixture('no-header.csv'), {
      name: 'mine',
      hasHeader: false,
    });
    expect(info.name).toBe('mine');
    expect(info.columns.map((c) => c.name)).toEqual(['column_1', 'column_2', 'column_3']);
    expect(store.onlyRows()).toEqual([
      [1, 'a', 'x'],
      [2, 'b', 'y'],
      [3, 'a', 'z'],
    ]);
  });

  it('imports a real categorical survey (income_marketing, 8993 rows)', async () => {
    const store = new FakeStore();
    const info = await importCsv(store, fixture('income_marketing.csv'));
    expect(info.rowCount).toBe(8993);
    expect(info.columns.every((c) => c.type === 'categorical')).toBe(true);
    // Missing counts from the dataset README: AREA 913, HOUSEHOLD.SIZE 375.
    const byName = Object.fromEntries(info.columns.map((c) => [c.name, c]));
    expect(byName.AREA.profile.missing).toBe(913);
    expect(byName['HOUSEHOLD.SIZE'].profile.missing).toBe(375);
    expect(byName.INCOME.profile.distinct).toBe(9);
  });

  it('reports scan and write progress in rows and file bytes', async () => {
    const events: ImportProgress[] = [];
    await importCsv(new FakeStore(), fixture('income_marketing.csv'), {
      onProgress: (p) => events.push(p),
    });
    const size = (await stat(fixture('income_marketing.csv'))).size;
    const scan = events.filter((e) => e.phase === 'scan');
    const write = events.filter((e) => e.phase === 'write');
    expect(scan.map((e) => e.rows).slice(0, 2)).toEqual([1000, 2000]);
    expect(scan.at(-1)).toEqual({ phase: 'scan', rows: 8993, bytes: size, totalBytes: size });
    expect(write.at(-1)).toEqual({ phase: 'write', rows: 8993, bytes: size, totalBytes: size });
    expect(events.indexOf(write[0])).toBeGreaterThan(events.indexOf(scan.at(-1)!));
  });
});

describe('bad files: errors name file, line and column; nothing is stored', () => {
  it.each([
    [
      'ragged.csv',
      'ragged.csv line 5: expected 3 fields, found 4; 1 line has a wrong number of fields (line 5)',
      { line: 5 },
    ],
    [
      'short-row.csv',
      "short-row.csv line 4, column 'c': expected 3 fields, found 2; the row ends before this column; 1 line has a wrong number of fields (line 4)",
      { line: 4, column: 'c' },
    ],
    [
      'ragged-multiline.csv',
      'ragged-multiline.csv line 9: expected 3 fields, found 4; 1 line has a wrong number of fields (line 9)',
      { line: 9 },
    ],
    [
      'unclosed-quote.csv',
      "unclosed-quote.csv line 3, column 'b': quoted field is never closed",
      { line: 3, column: 'b' },
    ],
    ['empty.csv', 'empty.csv: the file is empty (no header and no rows)', {}],
    [
      'header-only.csv',
      'header-only.csv line 1: the file has a header but no data rows',
      { line: 1 },
    ],
  ])('%s', async (name, message, where) => {
    const store = new FakeStore();
    const error = await importCsv(store, fixture(name)).catch((e: unknown) => e);
    expect(error).toMatchObject({
      name: 'MtlError',
      code: 'CSV_PARSE',
      message,
      details: { file: name, ...where },
    });
    expect(store.stored).toHaveLength(0);
  });

  it('reports a malformed quoted field with its line', async () => {
    const { mkdtemp, rm, writeFile } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dir = await mkdtemp(join(tmpdir(), 'mtl-quote-'));
    try {
      const path = join(dir, 'junk.csv');
      await writeFile(path, 'a,b\n1,2\n3,"x"y\n');
      await expect(importCsv(new FakeStore(), path)).rejects.toThrow(
        "junk.csv line 3, column 'b': malformed quoted field (text after its closing quote)",
      );
      // Found by a new user: a stray quote swallowing a line break was named by neither its
      // column nor the line it closes on (hand-made file: the quote of b opens on line 2).
      await writeFile(path, 'a,b\n1,"x\n2,3"y\n4,5\n');
      await expect(importCsv(new FakeStore(), path)).rejects.toThrow(
        "junk.csv line 2, column 'b': malformed quoted field (its quote opens here and closes on line 3, followed by text)",
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('rejects a missing file with NOT_FOUND naming it', async () => {
    await expect(importCsv(new FakeStore(), fixture('nope.csv'))).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: expect.stringContaining('nope.csv'),
      // The reason lets the UI say it in the user's language, with the whole path.
      details: { file: 'nope.csv', path: fixture('nope.csv'), reason: 'FILE_MISSING' },
    });
  });

  it('previews a header-only file as zero rows, and renames a header name written twice', async () => {
    const preview = await previewCsv(fixture('header-only.csv'));
    expect(preview.header).toEqual(['a', 'b', 'c']);
    expect(preview.rows).toEqual([]);
    expect(preview.rowCountEstimate).toBe(0);
    // A name written twice is renamed, not refused (unnamedHeader.test.ts): a,b,c,b.
    expect((await previewCsv(fixture('duplicate-header.csv'))).header).toEqual([
      'a',
      'b',
      'c',
      'b.1',
    ]);
  });
});

describe('cancellation', () => {
  it('stops before reading when already aborted', async () => {
    const store = new FakeStore();
    const controller = new AbortController();
    controller.abort();
    await expect(
      importCsv(store, fixture('penguins.csv'), { signal: controller.signal }),
    ).rejects.toMatchObject({ code: 'IMPORT_CANCELLED' });
    expect(store.stored).toHaveLength(0);
  });

  it.each(['scan', 'write'] as const)(
    'stops during the %s phase and stores nothing',
    async (phase) => {
      const store = new FakeStore();
      const controller = new AbortController();
      let writeEvents = 0;
      await expect(
        importCsv(store, fixture('income_marketing.csv'), {
          signal: controller.signal,
          onProgress: (p) => {
            if (p.phase === 'write') writeEvents++;
            if (p.phase === phase && p.rows === 2000) controller.abort();
          },
        }),
      ).rejects.toMatchObject({ code: 'IMPORT_CANCELLED' });
      expect(store.stored).toHaveLength(0);
      expect(writeEvents).toBe(phase === 'scan' ? 0 : 2);
    },
  );
});

describe('error order', () => {
  it('reports the first problem in file order (a ragged row before an unclosed quote)', async () => {
    const { mkdtemp, rm, writeFile } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dir = await mkdtemp(join(tmpdir(), 'mtl-order-'));
    try {
      const path = join(dir, 'two-problems.csv');
      await writeFile(path, 'a,b\n1,2\n3,4,5\n6,"7\n8,9\n');
      await expect(importCsv(new FakeStore(), path)).rejects.toThrow(
        'two-problems.csv line 3: expected 2 fields, found 3',
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('column limit', () => {
  it('refuses more than MAX_DATASET_COLUMNS columns on the header, naming the file and line, before any row is read', async () => {
    const { mkdtemp, rm, writeFile } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dir = await mkdtemp(join(tmpdir(), 'mtl-wide-'));
    try {
      // 2000 columns = the limit (1999: SQLite's 2000 less row_id) + 1. The header is on
      // line 2 (a blank line first); line 4 is ragged: were rows read before the check,
      // that row's "expected 2000 fields" error would come out instead.
      const names = Array.from({ length: 2000 }, (_, i) => `c${i}`);
      const row = names.map((_, i) => String(i % 7));
      const path = join(dir, 'wide.csv');
      await writeFile(path, `\n${names.join(',')}\n${row.join(',')}\n1,2\n`);
      const refusal = {
        name: 'MtlError',
        code: 'CSV_PARSE',
        message: 'wide.csv line 2: 2000 columns; a dataset can have at most 1999 columns',
        details: { file: 'wide.csv', line: 2, columns: 2000, maxColumns: 1999 },
      };
      const store = new FakeStore();
      await expect(importCsv(store, path)).rejects.toMatchObject(refusal);
      expect(store.stored).toHaveLength(0);
      await expect(previewCsv(path)).rejects.toMatchObject(refusal);
      // Without a header the first record counts, on its own line.
      await expect(importCsv(new FakeStore(), path, { hasHeader: false })).rejects.toMatchObject(
        refusal,
      );
      // 1999 columns is allowed.
      const fits = join(dir, 'fits.csv');
      await writeFile(fits, `${names.slice(1).join(',')}\n${row.slice(1).join(',')}\n`);
      expect((await previewCsv(fits)).header).toHaveLength(1999);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
