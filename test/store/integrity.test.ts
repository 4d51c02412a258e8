/**
 * A damaged project file: found on open (quick_check), opened read-only with an error that
 * names the file, never written into, and what can be read recovered into a new file. The
 * damage is the one the issue describes: 4 KiB of random bytes over one page of the rows
 * table (found with SQLite's dbstat table), written into a closed project.
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { open, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../cli/run';
import { importCsv } from '../../src/main/data/importCsv';
import { StudioSession } from '../../src/main/services/session';
import { defineTasks } from '../../src/main/services/tasks';
import { trainRun } from '../../src/main/services/training';
import { Database } from '../../src/main/store/database';
import { findDamage, recoverProject } from '../../src/main/store/integrity';
import { ProjectStore } from '../../src/main/store/projectStore';
import type { CellValue } from '../../src/main/store/projectStore';
import type { RunInfo } from '../../src/shared/domain';
import { makeTempDir } from './helpers';

const PENGUINS = fileURLToPath(new URL('../fixtures/penguins.csv', import.meta.url));
const COLUMNS = ['species', 'island', 'bill_length_mm', 'sex'];

let dir: string;
let cleanup: () => Promise<void>;
/** The damaged project. */
let damaged: string;
/** Its rows before the damage, by row id. */
let original: Map<number, CellValue[]>;
let run: RunInfo;
let datasetId: number;
/** The page overwritten (page 1, the file header, is never it). */
let damagedPage: number;
/** The row ids on that page. */
let lost: number[];

const sha256 = async (file: string): Promise<string> =>
  createHash('sha256')
    .update(await readFile(file))
    .digest('hex');

beforeAll(async () => {
  ({ dir, cleanup } = await makeTempDir());
  damaged = join(dir, 'damaged.mtlproj');
  const store = await ProjectStore.open(damaged, { create: true });
  datasetId = (await importCsv(store, PENGUINS, { name: 'penguins' })).id;
  await defineTasks(store, datasetId, [{ column: 'species' }, { column: 'island' }]);
  run = await trainRun(
    store,
    { datasetId, config: { epochs: 5, patience: 0, seed: 1, hiddenUnits: [8] } },
    { mode: 'in-process' },
  );
  const read = await store.datasets.readColumns(datasetId, COLUMNS);
  original = new Map(read.rowIds.map((id, i) => [id, COLUMNS.map((c) => read.values[c][i])]));
  await store.close();

  // A leaf page in the middle of the rows table, and the row ids it holds: leaves in key
  // order are dbstat's paths in order, each with its cell count (one cell per row), and the
  // import numbers rows 1…n.
  const db = await Database.open(damaged, { create: false });
  const pageSize = (await db.get<{ page_size: number }>('PRAGMA page_size'))!.page_size;
  const leaves = await db.all<{ pageno: number; ncell: number }>(
    `SELECT pageno, ncell FROM dbstat WHERE name = 'rows_${datasetId}' AND pagetype = 'leaf' ORDER BY path`,
  );
  await db.close();
  expect(leaves.length).toBeGreaterThanOrEqual(3);
  const middle = Math.floor(leaves.length / 2);
  const page = leaves[middle].pageno;
  const firstLost = leaves.slice(0, middle).reduce((n, l) => n + l.ncell, 0) + 1;
  lost = Array.from({ length: leaves[middle].ncell }, (_, i) => firstLost + i);
  expect(existsSync(`${damaged}-wal`)).toBe(false);

  const handle = await open(damaged, 'r+');
  await handle.write(randomBytes(pageSize), 0, pageSize, (page - 1) * pageSize);
  await handle.close();
  damagedPage = page;
}, 60_000);

afterAll(async () => {
  await cleanup();
});

describe('a damaged project', () => {
  it('is found damaged on open, opens read-only and refuses every write, naming the file; the file is not changed', async () => {
    const before = await sha256(damaged);
    const store = await ProjectStore.open(damaged);
    try {
      expect(store.damage).not.toBeNull();
      expect(store.damage!.error).toMatchObject({
        code: 'PROJECT_CORRUPT',
        message: expect.stringContaining(damaged),
      });
      expect(store.damage!.problems.length).toBeGreaterThan(0);
      // Reads work where the file allows: the project's name, its runs.
      expect(await store.projectName()).toBe('damaged');
      expect((await store.training.getRun(run.id)).status).toBe('completed');
      // Writes of every kind are refused before they reach the file.
      const refused = { code: 'PROJECT_CORRUPT', message: expect.stringContaining(damaged) };
      await expect(store.datasets.setColumnRole(datasetId, 'year', 'ignore')).rejects.toMatchObject(
        refused,
      );
      await expect(defineTasks(store, datasetId, [{ column: 'sex' }])).rejects.toMatchObject(
        refused,
      );
      await expect(
        trainRun(store, { datasetId, config: { epochs: 1 } }, { mode: 'in-process' }),
      ).rejects.toMatchObject(refused);
    } finally {
      await store.close();
    }
    expect(await sha256(damaged)).toBe(before);
    expect(damagedPage).toBeGreaterThan(1);
  });

  it('recovers what can be read into a new file: every readable row as it was, the run and its model whole', async () => {
    const before = await sha256(damaged);
    const target = join(dir, 'recovered.mtlproj');
    const report = await recoverProject(damaged, target);
    expect(await sha256(damaged)).toBe(before);

    const rowsReport = report.tables.find((t) => t.table === `rows_${datasetId}`)!;
    expect(rowsReport.skipped.length).toBeGreaterThan(0);
    // Exactly the damaged page's rows are lost.
    expect(rowsReport.rows).toBe(original.size - lost.length);
    for (const t of report.tables.filter((x) => !x.table.startsWith('rows_'))) {
      expect(t.skipped, t.table).toEqual([]);
    }

    const db = await Database.open(target, { create: false });
    expect(await findDamage(db)).toEqual([]);
    await db.close();
    const store = await ProjectStore.open(target);
    try {
      expect(store.damage).toBeNull();
      const dataset = await store.datasets.get(datasetId);
      expect(dataset.rowCount).toBe(rowsReport.rows);
      const read = await store.datasets.readColumns(datasetId, COLUMNS);
      expect(read.rowIds).toEqual([...original.keys()].filter((id) => !lost.includes(id)));
      read.rowIds.forEach((id, i) => {
        expect(
          COLUMNS.map((c) => read.values[c][i]),
          `row ${id}`,
        ).toEqual(original.get(id));
      });
      expect(await store.training.getRun(run.id)).toEqual(run);
      const model = await store.training.getModel(run.id);
      expect(model.weights.byteLength).toBeGreaterThan(0);
      // The new file is a normal project: it takes writes.
      await store.datasets.setColumnRole(datasetId, 'year', 'ignore');
    } finally {
      await store.close();
    }
    await expect(recoverProject(damaged, target)).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  }, 60_000);

  it('through the session: the summary says damaged, Recover opens the new file beside it', async () => {
    const session = new StudioSession({ stateDir: join(dir, 'state'), trainingMode: 'in-process' });
    try {
      const summary = await session.openProject(damaged);
      expect(summary.damage).toMatchObject({ code: 'PROJECT_CORRUPT' });
      expect(summary.damage!.message).toContain(damaged);
      const recovery = await session.recoverProject(damaged);
      expect(recovery.project.path).toBe(join(dir, 'damaged-recovered.mtlproj'));
      expect(recovery.project.damage).toBeNull();
      expect((await session.currentProject())?.path).toBe(recovery.project.path);
    } finally {
      await session.dispose();
    }
  }, 60_000);

  it('on the command line: --json answers PROJECT_CORRUPT naming the file, no stack; recover writes the new file', async () => {
    const train = await cli('train', '-p', damaged, '--epochs', '1', '--json');
    expect(train.code).toBe(1);
    expect(JSON.parse(train.stdout)).toMatchObject({
      error: { code: 'PROJECT_CORRUPT', message: expect.stringContaining(damaged) },
    });
    expect(train.stderr).not.toMatch(/\n\s+at /);
    const target = join(dir, 'cli-recovered.mtlproj');
    const recovered = await cli('recover', '-p', damaged, '-o', target, '--json');
    expect(recovered.code).toBe(0);
    expect(JSON.parse(recovered.stdout).recovery.target).toBe(target);
    expect(existsSync(target)).toBe(true);
  }, 60_000);
});
