import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BulkInserter } from '../../src/main/store/bulkInserts';
import { Database } from '../../src/main/store/database';
import { MtlError } from '../../src/shared/errors';
import { makeTempDir } from './helpers';

let dir: string;
let cleanup: () => Promise<void>;
let db: Database;

beforeEach(async () => {
  ({ dir, cleanup } = await makeTempDir());
  db = await Database.open(join(dir, 'db.sqlite'), { create: true });
  await db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)');
});

afterEach(async () => {
  await db.close();
  await cleanup();
});

async function count(): Promise<number> {
  return (await db.get<{ n: number }>('SELECT COUNT(*) AS n FROM t'))?.n ?? -1;
}

describe('Database', () => {
  it('run returns lastID and changes; get and all read back', async () => {
    const a = await db.run('INSERT INTO t (v) VALUES (?)', ['a']);
    const b = await db.run('INSERT INTO t (v) VALUES (?)', ['b']);
    expect(a.lastID).toBe(1);
    expect(b.lastID).toBe(2);
    expect((await db.run('UPDATE t SET v = ?', ['x'])).changes).toBe(2);
    expect(await db.get('SELECT v FROM t WHERE id = ?', [2])).toEqual({ v: 'x' });
    expect(await db.get('SELECT v FROM t WHERE id = ?', [99])).toBeUndefined();
    expect(await db.all('SELECT id FROM t ORDER BY id')).toEqual([{ id: 1 }, { id: 2 }]);
  });

  it('commits a transaction and returns its value', async () => {
    const result = await db.transaction(async (tx) => {
      await tx.run('INSERT INTO t (v) VALUES (?)', ['a']);
      return 42;
    });
    expect(result).toBe(42);
    expect(await count()).toBe(1);
  });

  it('rolls back on throw and rethrows the same error object', async () => {
    const boom = new Error('boom');
    const attempt = db.transaction(async (tx) => {
      await tx.run('INSERT INTO t (v) VALUES (?)', ['a']);
      await tx.exec('CREATE TABLE extra (x)');
      throw boom;
    });
    await expect(attempt).rejects.toBe(boom);
    expect(await count()).toBe(0);
    expect(await db.get("SELECT name FROM sqlite_schema WHERE name = 'extra'")).toBeUndefined();
    expect(db.inTransaction).toBe(false);
  });

  it('makes a call from outside wait until the running transaction has ended', async () => {
    let letGo!: () => void;
    const gate = new Promise<void>((resolve) => (letGo = resolve));
    let inserted!: () => void;
    const insertedSignal = new Promise<void>((resolve) => (inserted = resolve));
    const tx = db.transaction(async (t) => {
      await t.run('INSERT INTO t (v) VALUES (?)', ['uncommitted']);
      inserted();
      await gate;
      throw new Error('abort');
    });
    await insertedSignal;
    // On the shared connection, an unserialised read would see the uncommitted row.
    let outside: number | null = null;
    const reader = count().then((n) => (outside = n));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(outside).toBeNull();
    letGo();
    await expect(tx).rejects.toThrow('abort');
    await reader;
    expect(outside).toBe(0);
  });

  it('refuses an outer-handle call from inside a transaction instead of deadlocking', async () => {
    const attempt = db.transaction(async () => {
      await db.get('SELECT 1');
    });
    await expect(attempt).rejects.toMatchObject({ code: 'STORE', message: /tx argument/ });
    expect(await count()).toBe(0);
  });

  it('wraps SQLite errors in MtlError STORE with the SQLite code', async () => {
    const err = await db.run('INSERT INTO nope VALUES (1)').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MtlError);
    expect(err).toMatchObject({ code: 'STORE', details: { sqliteCode: 'SQLITE_ERROR' } });
    expect((err as Error).message).toMatch(/no such table: nope/);
  });

  it('bulk-inserts through full prepared batches plus a partial one', async () => {
    const inserter = await db.transaction(async (tx) => {
      const bulk = new BulkInserter(tx, 't', ['id', 'v'], 100);
      try {
        for (let i = 1; i <= 1234; i++) await bulk.add([i, `v${i}`]);
        expect(bulk.written).toBe(1200);
        await bulk.flush();
      } finally {
        await bulk.finalize();
      }
      return bulk;
    });
    expect(inserter.written).toBe(1234);
    expect(await count()).toBe(1234);
    expect(await db.get('SELECT v FROM t WHERE id = 1234')).toEqual({ v: 'v1234' });
    expect(await db.get('SELECT SUM(id) AS s FROM t')).toEqual({ s: (1234 * 1235) / 2 });
  });

  it('streams rows with each', async () => {
    await db.exec("INSERT INTO t (v) VALUES ('a'), ('b'), ('c')");
    const seen: string[] = [];
    const n = await db.each<{ v: string }>('SELECT v FROM t ORDER BY v DESC', [], (r) =>
      seen.push(r.v),
    );
    expect(n).toBe(3);
    expect(seen).toEqual(['c', 'b', 'a']);
  });

  it('refuses calls after close', async () => {
    await db.close();
    await expect(db.get('SELECT 1')).rejects.toMatchObject({ code: 'STORE' });
    db = await Database.open(join(dir, 'db.sqlite'));
  });
});
