import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importCsv } from '../../src/main/data/importCsv';
import { typedRows } from '../../src/main/data/typedRows';
import { openCsvTable } from '../../src/main/data/csvTable';
import { cellGrammar } from '../../src/main/data/cellValues';
import { ProjectStore } from '../../src/main/store/projectStore';
import {
  exactNumberLiteral,
  plainNumberLiteral,
  textLiteral,
} from '../../src/main/store/sqlLiterals';
import { makeTempDir, rawDb } from './helpers';

/** Seeded texts of decimals: 1–17 significant digits, points anywhere, exponents. */
function decimalTexts(count: number, seed: number): string[] {
  let state = seed;
  const random = (): number => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state / 2 ** 32;
  };
  const texts: string[] = [];
  for (let k = 0; k < count; k++) {
    const digits = 1 + Math.floor(random() * 17);
    let s = '';
    for (let i = 0; i < digits; i++) s += Math.floor(random() * 10);
    const point = Math.floor(random() * (digits + 1));
    let text = `${random() < 0.3 ? '-' : ''}${s.slice(0, point)}.${s.slice(point)}`;
    if (random() < 0.2) text += `e${Math.floor(random() * 60) - 30}`;
    texts.push(text);
  }
  return texts;
}

// Six-digit decimals of the bench's diamonds file that SQLite 3.52's own text-to-real
// conversion reads one unit in the last place off (found by comparing with Number()).
const MISREAD_BY_SQLITE = ['0.895565', '0.908831', '0.982238', '0.32374'];

const EDGE_VALUES = [
  5e-324, // smallest subnormal
  2.2250738585072014e-308, // smallest normal
  1.7976931348623157e308, // largest double
  2 ** 53 + 2,
  -(2 ** 60),
  0.1,
  1 / 3,
  -2 / 3,
  123456789.12345679,
  Number('9007199254740993'), // rounds to 2^53 (ties to even)
];

describe('SQL literals', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let store: ProjectStore;

  beforeEach(async () => {
    ({ dir, cleanup } = await makeTempDir());
    store = await ProjectStore.open(join(dir, 'p.mtlproj'), { create: true });
  });
  afterEach(async () => {
    await store.close();
    await cleanup();
  });

  /** Each literal stored into a REAL column, read back as numbers. */
  async function roundTrip(literals: string[]): Promise<number[]> {
    const db = rawDb(store);
    await db.exec('CREATE TABLE IF NOT EXISTS t (i INTEGER PRIMARY KEY, v REAL)');
    await db.exec('DELETE FROM t');
    for (let k = 0; k < literals.length; k += 2000) {
      const tuples = literals.slice(k, k + 2000).map((l, j) => `(${k + j}, ${l})`);
      await db.exec(`INSERT INTO t (i, v) VALUES ${tuples.join(',')}`);
    }
    const rows = await db.all<{ v: number }>('SELECT v FROM t ORDER BY i');
    return rows.map((r) => r.v);
  }

  it('stores every decimal text as exactly the double Number() reads', async () => {
    // Reference: V8's Number(), a correctly rounded conversion (ECMA-262 StringToNumber).
    const texts = [...MISREAD_BY_SQLITE, ...decimalTexts(60_000, 14)];
    const literals = texts.map((t) => plainNumberLiteral(t) ?? exactNumberLiteral(Number(t)));
    const stored = await roundTrip(literals);
    const wrong = texts.filter((t, i) => stored[i] !== Number(t));
    expect(wrong).toEqual([]);
    // The misread decimals are not trusted to SQLite's converter.
    for (const t of MISREAD_BY_SQLITE) expect(plainNumberLiteral(t)).toBeNull();
  });

  it('writes exact expressions for extreme doubles', async () => {
    const values = [...EDGE_VALUES, ...EDGE_VALUES.map((v) => -v)];
    const stored = await roundTrip(values.map(exactNumberLiteral));
    expect(stored).toEqual(values);
    expect(() => exactNumberLiteral(Number.NaN)).toThrow(RangeError);
  });

  it('keeps plain texts only when they are plain decimals', () => {
    expect(plainNumberLiteral('4.02400')).toBe('4.02400');
    expect(plainNumberLiteral('-17')).toBe('-17');
    expect(plainNumberLiteral('.5e3')).toBe('.5e3');
    for (const text of [
      ' 1',
      '1,5',
      '0x10',
      'Infinity',
      '1e',
      '',
      '-',
      '1.2.3',
      '1234567890123456',
    ]) {
      expect(plainNumberLiteral(text)).toBeNull();
    }
  });

  it('quotes texts exactly, NUL characters included', async () => {
    const texts = ["it's", "''", 'a\u0000b', '中文 ✓', '', 'x'.repeat(1000)];
    const db = rawDb(store);
    await db.exec('CREATE TABLE s (i INTEGER PRIMARY KEY, v TEXT)');
    await db.exec(
      `INSERT INTO s (i, v) VALUES ${texts.map((t, i) => `(${i}, ${textLiteral(t)})`).join(',')}`,
    );
    const rows = await db.all<{ v: string; n: number }>(
      'SELECT v, length(CAST(v AS BLOB)) AS n FROM s ORDER BY i',
    );
    expect(rows.map((r) => r.v)).toEqual(texts);
    expect(rows.map((r) => r.n)).toEqual(texts.map((t) => Buffer.byteLength(t)));
  });

  it('an import stores the same values and SQL types as binding typed values', async () => {
    // Independent reference: the same rows written through the bound-value path
    // (typedRows' `batches`, BulkInserter), which binds JavaScript numbers.
    const header = 'x,flag,label,note';
    // 3e38, not 1e300, and none of the random texts past 3.4e38 (7 of 3000, e.g.
    // "80470696238.e29"): a number beyond the 32-bit float range is no number to the import
    // (data/cellValues.ts FLOAT32_MAX); 3e38 still takes the path past Clinger's fast one.
    const inRange = decimalTexts(3000, 5).filter((t) => Number.isFinite(Math.fround(Number(t))));
    const numbers = [...MISREAD_BY_SQLITE, ...inRange, ' 2.5 ', 'NA', '3e38', '-0'];
    const lines = numbers.map(
      (x, i) => `${x},${i % 3 === 0 ? 'yes' : i % 3 === 1 ? 'no' : ''},"c${i % 7}","it's ""${i}"""`,
    );
    const csv = join(dir, 'tricky.csv');
    await writeFile(csv, `${header}\n${lines.join('\n')}\n`);
    // Numeric by choice: some random texts have leading zeros ("00.5"), which inference
    // reads as codes.
    const imported = await importCsv(store, csv, {
      name: 'literal path',
      columnTypes: { x: 'numeric' },
    });
    expect(imported.columns.map((c) => c.type)).toEqual([
      'numeric',
      'boolean',
      'categorical',
      'text',
    ]);

    const dialect = { encoding: 'utf-8', delimiter: ',', quoteChar: '"' };
    const table = await openCsvTable(csv, dialect, true);
    const rows = typedRows(
      table,
      ['numeric', 'boolean', 'categorical', 'text'],
      undefined,
      undefined,
      cellGrammar(),
    );
    const bound = await store.datasets.create(
      {
        name: 'bound path',
        sourceName: csv,
        encoding: 'utf-8',
        delimiter: ',',
        columns: imported.columns,
      },
      { [Symbol.asyncIterator]: () => rows[Symbol.asyncIterator](), batches: rows.batches },
    );
    const read = async (id: number) =>
      rawDb(store).all<Record<string, unknown>>(
        `SELECT row_id, c0, typeof(c0) t0, c1, typeof(c1) t1, c2, typeof(c2) t2, c3, typeof(c3) t3 FROM rows_${id} ORDER BY row_id`,
      );
    const viaLiterals = await read(imported.id);
    expect(viaLiterals).toHaveLength(numbers.length);
    expect(viaLiterals).toEqual(await read(bound.id));
    // Spot checks against hand-known values.
    expect(viaLiterals[0]).toMatchObject({
      c0: 0.895565,
      t0: 'real',
      c1: 1,
      t1: 'integer',
      c2: 'c0',
      c3: `it's "0"`,
    });
    expect(viaLiterals[numbers.indexOf('NA')]).toMatchObject({ c0: null, t0: 'null' });
    expect(viaLiterals[numbers.indexOf(' 2.5 ')]).toMatchObject({ c0: 2.5, t0: 'real' });
  });

  it('a cancelled import writes nothing, even after statements ran', async () => {
    const csv = join(dir, 'big.csv');
    const lines = Array.from({ length: 12_000 }, (_, i) => `${i * 0.25},"c${i % 5}"`);
    await writeFile(csv, `x,label\n${lines.join('\n')}\n`);
    const controller = new AbortController();
    let writtenWhenCancelled = 0;
    await expect(
      importCsv(store, csv, {
        signal: controller.signal,
        onProgress: (p) => {
          // Past the first statement (LiteralInserter sends 4000 rows at a time).
          if (p.phase === 'write' && p.rows >= 9000 && !controller.signal.aborted) {
            writtenWhenCancelled = p.rows;
            controller.abort();
          }
        },
      }),
    ).rejects.toMatchObject({ code: 'IMPORT_CANCELLED' });
    expect(writtenWhenCancelled).toBeGreaterThanOrEqual(9000);
    expect(await store.datasets.list()).toEqual([]);
    const tables = await rawDb(store).all<{ name: string }>(
      "SELECT name FROM sqlite_schema WHERE type = 'table' AND name LIKE 'rows_%'",
    );
    expect(tables).toEqual([]);
  });
});
