/**
 * Project files that cannot be written, or are cut short:
 * - a file (or folder) this user cannot write opens read-only: reads work, every write is
 *   refused naming the file and saying it is read-only, nothing is left beside it;
 * - a new project in a folder that is missing or not writable says so;
 * - a truncated copy (`head -c … > trunc.mtlproj`) opens read-only as damaged and can be
 *   recovered, instead of failing on its header.
 *
 * Tests run as root here, and root passes every permission check, so the store's own
 * check is given a refusal (`writable` option) — SQLite then really opens the file
 * read-only. The last test runs the CLI as an unprivileged user (root: setpriv to
 * nobody; anyone else: as themselves) on a file and folder without write permission.
 */
import { createHash } from 'node:crypto';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, copyFile, readFile, readdir, truncate, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importCsv } from '../../src/main/data/importCsv';
import { defineTasks } from '../../src/main/services/tasks';
import { Database } from '../../src/main/store/database';
import { recoverProject } from '../../src/main/store/integrity';
import {
  LATEST_SCHEMA_VERSION,
  MIGRATIONS,
  migrateDatabase,
} from '../../src/main/store/migrations';
import { ProjectStore } from '../../src/main/store/projectStore';
import { makeTempDir } from './helpers';

const PENGUINS = fileURLToPath(new URL('../fixtures/penguins.csv', import.meta.url));
const INCOME = fileURLToPath(new URL('../fixtures/income_marketing.csv', import.meta.url));
const BIN = fileURLToPath(new URL('../../bin/mtl-studio.mjs', import.meta.url));

let dir: string;
let cleanup: () => Promise<void>;
/** A closed, sound project: penguins with the tasks species and sex. */
let project: string;
let datasetId: number;

const sha256 = async (file: string): Promise<string> =>
  createHash('sha256')
    .update(await readFile(file))
    .digest('hex');

beforeAll(async () => {
  ({ dir, cleanup } = await makeTempDir());
  project = join(dir, 'ro.mtlproj');
  const store = await ProjectStore.open(project, { create: true });
  datasetId = (await importCsv(store, PENGUINS, { name: 'penguins' })).id;
  await defineTasks(store, datasetId, [{ column: 'species' }, { column: 'sex' }]);
  await store.close();
}, 60_000);

afterAll(() => cleanup());

describe('a project this user cannot write', () => {
  it('opens read-only: reads work, writes are refused naming the file, the file is untouched', async () => {
    const before = await sha256(project);
    const store = await ProjectStore.open(project, {
      writable: async (path) => path !== project,
    });
    try {
      expect(store.readOnly).toEqual({ reason: 'no permission to write the file', damaged: false });
      expect(store.damage).toBeNull();
      expect((await store.datasets.list()).map((d) => d.name)).toEqual(['penguins']);
      expect((await store.tasks.list(datasetId)).map((t) => t.name)).toEqual(['species', 'sex']);
      const refused = {
        code: 'STORE',
        message: `Project "${project}" is read-only (no permission to write the file), so nothing can be written into it; reading works. Make it writable (file and folder) or copy it to a writable folder to change it.`,
        details: { path: project, reason: 'READ_ONLY_FILE' },
      };
      await expect(store.datasets.setColumnRole(datasetId, 'year', 'ignore')).rejects.toMatchObject(
        refused,
      );
      await expect(defineTasks(store, datasetId, [{ column: 'island' }])).rejects.toMatchObject(
        refused,
      );
      expect(() => store.assertWritable()).toThrow(refused.message);
    } finally {
      await store.close();
    }
    expect(await sha256(project)).toBe(before);
    // Read as immutable: no -wal or -shm file is left that this user could not remove.
    expect((await readdir(dir)).filter((f) => f.startsWith('ro.mtlproj'))).toEqual(['ro.mtlproj']);
  });

  it('a folder it cannot write is enough to open the file read-only, and the reason says so', async () => {
    const store = await ProjectStore.open(project, {
      writable: async (path) => path !== dirname(project),
    });
    try {
      expect(store.readOnly?.reason).toMatch(
        /^no permission to write its folder ".*", where SQLite keeps the -wal and -shm files$/,
      );
      expect(await store.projectName()).toBe('ro');
    } finally {
      await store.close();
    }
  });

  it('refuses a read-only file that needs a schema upgrade, saying what to do', async () => {
    const old = join(dir, 'old.mtlproj');
    const db = await Database.open(old, { create: true });
    await db.get('PRAGMA journal_mode = WAL');
    await migrateDatabase(db, MIGRATIONS.slice(0, LATEST_SCHEMA_VERSION - 1));
    await db.close();
    const before = await sha256(old);
    await expect(
      ProjectStore.open(old, { writable: async (path) => path !== old }),
    ).rejects.toMatchObject({
      code: 'STORE',
      message: expect.stringMatching(
        new RegExp(
          `^Project ".*old\\.mtlproj" is read-only \\(no permission to write the file\\) and was made by an older MTL Studio \\(schema version ${LATEST_SCHEMA_VERSION - 1}, now ${LATEST_SCHEMA_VERSION}\\)`,
        ),
      ),
      details: { reason: 'READ_ONLY_NEEDS_UPGRADE', fileVersion: LATEST_SCHEMA_VERSION - 1 },
    });
    expect(await sha256(old)).toBe(before);
  });

  it('a new project in a missing folder is refused naming the folder', async () => {
    const path = join(dir, 'nope', 'new.mtlproj');
    await expect(ProjectStore.open(path, { create: true })).rejects.toMatchObject({
      code: 'STORE',
      message: `Cannot open "${path}": the folder "${join(dir, 'nope')}" does not exist`,
    });
  });
});

describe('a truncated project (head -c … > trunc.mtlproj)', () => {
  it('opens read-only as damaged, naming the file and the recover command; recover copies what is there', async () => {
    const full = join(dir, 'income.mtlproj');
    const store = await ProjectStore.open(full, { create: true });
    await importCsv(store, INCOME, { name: 'income' });
    await store.close();
    // The user's reproduction cut a 1.38 MB file at 1 000 000 bytes: keep ~70 %.
    const trunc = join(dir, 'trunc.mtlproj');
    await copyFile(full, trunc);
    const size = (await stat(full)).size;
    await truncate(trunc, Math.floor(size * 0.7));
    const before = await sha256(trunc);

    const opened = await ProjectStore.open(trunc);
    try {
      expect(opened.damage?.error).toMatchObject({
        code: 'PROJECT_CORRUPT',
        message: expect.stringContaining(
          `so it was opened read-only and nothing is written into it. Recover what can be read into a new file: mtl-studio recover -p ${trunc} -o NEW.mtlproj`,
        ),
      });
      expect(opened.damage!.error.message).toContain(`Project "${trunc}" is damaged (`);
      // The first pages (schema, datasets, columns) are there.
      expect((await opened.datasets.list()).map((d) => d.name)).toEqual(['income']);
    } finally {
      await opened.close();
    }

    const target = join(dir, 'trunc-recovered.mtlproj');
    const report = await recoverProject(trunc, target);
    const rows = report.tables.find((t) => t.table.startsWith('rows_'))!;
    // Some rows survive the cut, not all 8993.
    expect(rows.rows).toBeGreaterThan(0);
    expect(rows.rows).toBeLessThan(8993);
    const recovered = await ProjectStore.open(target);
    try {
      expect(recovered.damage).toBeNull();
      expect((await recovered.datasets.list())[0].rowCount).toBe(rows.rows);
    } finally {
      await recovered.close();
    }
    expect(await sha256(trunc)).toBe(before);
  }, 60_000);
});

describe('on the command line, as a user without write permission', () => {
  const run = promisify(execFile);
  const root = process.getuid?.() === 0;
  const setpriv = ['/usr/bin/setpriv', '/bin/setpriv'].find((p) => existsSync(p));
  // Root passes every write check through CAP_DAC_OVERRIDE: as root the CLI runs without that
  // capability (util-linux setpriv), so file modes apply to it while it can still read the
  // checkout (CAP_DAC_READ_SEARCH is kept). Anyone else is checked as is.
  const dropWriteOverride = ['--bounding-set=-dac_override', '--inh-caps=-dac_override'];

  /** `mtl-studio …args` as that user; never throws. */
  const cli = async (...args: string[]) => {
    if (root && !setpriv) throw new Error('running as root needs setpriv (util-linux)');
    const command = root
      ? [setpriv!, ...dropWriteOverride, process.execPath, BIN]
      : [process.execPath, BIN];
    try {
      const { stdout, stderr } = await run(command[0], [...command.slice(1), ...args], {
        env: { ...process.env, HOME: dir },
        cwd: dir,
      });
      return { code: 0, stdout, stderr };
    } catch (err) {
      const e = err as { code: number; stdout: string; stderr: string };
      return { code: e.code, stdout: e.stdout, stderr: e.stderr };
    }
  };

  // File modes are POSIX: Windows has no 0444/0555.
  it.runIf(process.platform !== 'win32')(
    'runs and tasks read a 0444 file in a 0555 folder; a write and a new project there are refused, saying why',
    async () => {
      const version = await cli('--version');
      expect(version.code, `mtl-studio --version failed: ${version.stderr}`).toBe(0);
      expect(version.stdout).toMatch(/\d+\.\d+\.\d+/);
      const folder = join(dir, 'locked');
      const { mkdir } = await import('node:fs/promises');
      await mkdir(folder);
      const file = join(folder, 'ro.mtlproj');
      await copyFile(project, file);
      await chmod(dir, 0o755);
      await chmod(file, 0o444);
      await chmod(folder, 0o555);
      try {
        const runs = await cli('--json', 'runs', '-p', file);
        expect(runs.stderr).not.toMatch(/error/);
        expect(JSON.parse(runs.stdout)).toEqual({ runs: [] });
        const tasks = await cli('--json', 'tasks', '-p', file);
        expect(JSON.parse(tasks.stdout).tasks.map((t: { name: string }) => t.name)).toEqual([
          'species',
          'sex',
        ]);
        const add = await cli('tasks', '-p', file, '--add', 'island');
        expect(add.code).toBe(1);
        expect(add.stderr).toContain(
          `error: Project "${file}" is read-only (no permission to write the file), so nothing can be written into it`,
        );
        const created = await cli('import', PENGUINS, '-p', join(folder, 'new.mtlproj'));
        expect(created.code).toBe(1);
        expect(created.stderr).toContain(
          `the folder "${folder}" is not writable (check its permissions), so a project cannot be created in it`,
        );
        expect(await readdir(folder)).toEqual(['ro.mtlproj']);
      } finally {
        await chmod(folder, 0o755);
        await chmod(file, 0o644);
      }
    },
    120_000,
  );
});
