/**
 * The one-pass import (onePassImport.ts) against the two-pass import of the same file: the
 * same types, roles, profiles, notes and stored cells (the two-pass import is the
 * independent reference, tested on its own in importCsv.test.ts and sqlLiterals.test.ts),
 * the same errors, and nothing stored on an error, a cancellation or a failed speculation.
 * onePassMinBytes: 0 runs the one pass on these small files; Infinity the two passes.
 */
import { stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importCsv, type ImportProgress } from '../../src/main/data/importCsv';
import { describeReread } from '../../src/main/data/onePassImport';
import { BYTE_CHUNK } from '../../src/main/data/csvBytes';
import { ProjectStore } from '../../src/main/store/projectStore';
import type { DatasetInfo } from '../../src/shared/domain';
import { makeTempDir, rawDb } from '../store/helpers';

/** Rows in each test file: several byte batches (BYTE_CHUNK bytes each), so later batches test the speculation. */
const ROWS = 30_000;

/**
 * A CSV of ROWS rows: x (decimals), cat (5 labels), flag (yes/no), code (integers), note
 * (free text); `edit(row, cells)` may change the cells of row i (0-based data row).
 */
function csvText(edit: (i: number, cells: Record<string, string>) => void = () => {}): string {
  const lines = ['x,cat,flag,code,note'];
  for (let i = 0; i < ROWS; i++) {
    const cells: Record<string, string> = {
      x: String((i * 0.37) % 101),
      cat: `c${i % 5}`,
      flag: i % 3 === 0 ? 'yes' : 'no',
      code: String(1000 + (i % 977)),
      note: `"row ${i}, free text"`,
    };
    edit(i, cells);
    lines.push([cells.x, cells.cat, cells.flag, cells.code, cells.note].join(','));
  }
  return `${lines.join('\n')}\n`;
}

describe('one-pass import', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let one: ProjectStore;
  let two: ProjectStore;

  beforeEach(async () => {
    ({ dir, cleanup } = await makeTempDir());
    one = await ProjectStore.open(join(dir, 'one.mtlproj'), { create: true });
    two = await ProjectStore.open(join(dir, 'two.mtlproj'), { create: true });
  });
  afterEach(async () => {
    await one.close();
    await two.close();
    await cleanup();
  });

  async function writeCsv(text: string): Promise<string> {
    const path = join(dir, 'data.csv');
    await writeFile(path, text);
    // The speculation is made on the first batch: the file must have more than one.
    expect((await stat(path)).size).toBeGreaterThan(2 * BYTE_CHUNK);
    return path;
  }

  /** Every stored cell with its SQL type, in row order. */
  async function storedRows(store: ProjectStore, info: DatasetInfo): Promise<unknown[]> {
    const cells = info.columns.map((_c, k) => `c${k}, typeof(c${k})`).join(', ');
    return rawDb(store).all(`SELECT row_id, ${cells} FROM rows_${info.id} ORDER BY row_id`);
  }

  async function schemaOf(store: ProjectStore, info: DatasetInfo): Promise<string | undefined> {
    const row = await rawDb(store).get<{ sql: string }>(
      'SELECT sql FROM sqlite_schema WHERE name = ?',
      [`rows_${info.id}`],
    );
    return row?.sql;
  }

  /**
   * Imports `path` both ways; expects the same dataset; returns it and the one pass's progress.
   */
  async function importBothWays(path: string): Promise<{
    info: DatasetInfo;
    phases: ImportProgress['phase'][];
    last: ImportProgress;
    events: ImportProgress[];
  }> {
    const events: ImportProgress[] = [];
    const viaOne = await importCsv(one, path, {
      onePassMinBytes: 0,
      onProgress: (p) => events.push(p),
    });
    const viaTwo = await importCsv(two, path, { onePassMinBytes: Infinity });
    // The import time differs, and with it the content version (a hash of the row).
    const strip = (info: DatasetInfo): unknown => ({
      ...info,
      importedAt: undefined,
      contentVersion: undefined,
    });
    expect(strip(viaOne)).toEqual(strip(viaTwo));
    expect(await schemaOf(one, viaOne)).toBe(await schemaOf(two, viaTwo));
    expect(await storedRows(one, viaOne)).toEqual(await storedRows(two, viaTwo));
    return {
      info: viaOne,
      phases: [...new Set(events.map((e) => e.phase))],
      last: events.at(-1)!,
      events,
    };
  }

  it('stores what the two passes store when the first batch tells every type', async () => {
    const path = await writeCsv(csvText());
    const { info, phases, last, events } = await importBothWays(path);
    // By the inference rules (hand-checked): x numbers, cat 5 labels, flag yes/no,
    // code integers, note 30 000 distinct texts (> 5 % of the rows).
    expect(info.rowCount).toBe(ROWS);
    expect(info.columns.map((c) => c.type)).toEqual([
      'numeric',
      'categorical',
      'boolean',
      'numeric',
      'text',
    ]);
    expect(info.columns[2].profile.topCategories).toEqual([
      { value: 'false', count: 20_000 },
      { value: 'true', count: 10_000 },
    ]);
    expect(phases).toEqual(['load']);
    expect(events.some((e) => e.reread !== undefined)).toBe(false);
    const size = (await stat(path)).size;
    expect(last).toEqual({ phase: 'load', rows: ROWS, bytes: size, totalBytes: size });
  });

  it('falls back to two passes when a later row turns a column of numbers to text', async () => {
    const path = await writeCsv(
      csvText((i, cells) => {
        if (i === 25_000) cells.x = 'oops';
      }),
    );
    const { info, phases, events } = await importBothWays(path);
    // 'oops' makes x non-numeric: 9 999+ distinct values in 30 000 rows → text, with a note.
    expect(info.columns[0].type).toBe('text');
    expect(info.columns[0].profile.noteReason).toMatchObject({
      kind: 'mostlyNumeric',
      nonNumbers: 1,
    });
    expect(phases).toEqual(['load', 'scan', 'write']);
    expect((await one.datasets.list()).map((d) => d.name)).toEqual(['data']);
    // The bar starts again with the reason: data row 25 000 (0-based) is file line 25 002.
    const reread = { column: 'x', kind: 'text', value: 'oops', line: 25_002 };
    const first = events.findIndex((e) => e.phase !== 'load');
    expect(events[first]).toMatchObject({ phase: 'scan', rows: 0, bytes: 0, reread });
    for (const e of events.slice(first)) expect(e.reread).toEqual(reread);
    for (const e of events.slice(0, first)) expect(e.reread).toBeUndefined();
    // What the CLI prints (mtl-studio import).
    expect(describeReread(events[first].reread!)).toBe(
      'column "x" has the text "oops" on line 25002',
    );
  });

  it('falls back when a later row breaks a boolean or brings a leading zero', async () => {
    const path = await writeCsv(
      csvText((i, cells) => {
        if (i === 20_000) cells.flag = 'maybe';
        if (i === 21_000) cells.code = '0042';
      }),
    );
    const { info, events } = await importBothWays(path);
    // The first contradiction (row 20 000, before the leading zero of row 21 000) is named.
    expect(events.at(-1)!.reread).toEqual({ column: 'flag', kind: 'notBoolean', value: 'maybe' });
    // yes/no/maybe: 3 labels → categorical; a leading zero makes codes categorical (977 + 1
    // distinct values ≤ 5 % of 30 000 = 1 500).
    expect(info.columns[2].type).toBe('categorical');
    expect(info.columns[3].type).toBe('categorical');
  });

  it('reuses the finished statistics when only the end shows the type (empty first batch)', async () => {
    const path = await writeCsv(
      csvText((i, cells) => {
        cells.code = i < 20_000 ? '' : String(i);
      }),
    );
    const { info, phases, events } = await importBothWays(path);
    expect(info.columns[3].type).toBe('numeric');
    expect(info.columns[3].profile.missing).toBe(20_000);
    // No second scan: the statistics of the one pass were complete.
    expect(phases).toEqual(['load', 'write']);
    expect(events.find((e) => e.phase === 'write')).toMatchObject({
      rows: 0,
      reread: { column: 'code', kind: 'type', type: 'numeric' },
    });
  });

  it('names the same file, line and column as the two passes and stores nothing', async () => {
    const bad = await writeCsv(
      csvText((i, cells) => {
        if (i === 27_000) cells.code = 'n/a!';
      }),
    );
    const options = { columnTypes: { code: 'numeric' as const } };
    const error = await importCsv(one, bad, { ...options, onePassMinBytes: 0 }).catch((e) => e);
    const reference = await importCsv(two, bad, { ...options, onePassMinBytes: Infinity }).catch(
      (e) => e,
    );
    // Data row 27 000 (0-based) is file line 27 002 (after the header).
    expect(error.message).toContain('line 27002');
    expect(error.message).toBe(reference.message);
    expect(error.code).toBe('CSV_PARSE');
    expect(await one.datasets.list()).toEqual([]);
    const tables = await rawDb(one).all("SELECT name FROM sqlite_schema WHERE name LIKE 'rows_%'");
    expect(tables).toEqual([]);
  });

  it('reports a ragged row of a later batch like the two passes and stores nothing', async () => {
    const path = await writeCsv(
      csvText((i, cells) => {
        if (i === 28_000) cells.note = '"x",extra';
      }),
    );
    const error = await importCsv(one, path, { onePassMinBytes: 0 }).catch((e) => e);
    const reference = await importCsv(two, path, { onePassMinBytes: Infinity }).catch((e) => e);
    expect(error.message).toBe(
      'data.csv line 28002: expected 5 fields, found 6; 1 line has a wrong number of fields (line 28002)',
    );
    expect(error.message).toBe(reference.message);
    expect(await one.datasets.list()).toEqual([]);
  });

  it('stops when cancelled during the one pass and stores nothing', async () => {
    const path = await writeCsv(csvText());
    const controller = new AbortController();
    await expect(
      importCsv(one, path, {
        onePassMinBytes: 0,
        signal: controller.signal,
        onProgress: (p) => {
          if (p.rows === 20_000) controller.abort();
        },
      }),
    ).rejects.toMatchObject({ code: 'IMPORT_CANCELLED' });
    expect(await one.datasets.list()).toEqual([]);
    const tables = await rawDb(one).all("SELECT name FROM sqlite_schema WHERE name LIKE 'rows_%'");
    expect(tables).toEqual([]);
  });
});
