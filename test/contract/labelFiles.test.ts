/**
 * The studio's Export labels and Import labels channels (`labels.export`, `labels.import`),
 * through dispatch (validation included) on a real project: the file written is the one
 * `mtl-studio labels export` writes (same service), an existing file is refused until the
 * request says `overwrite`, a dry run checks a file and writes nothing, the import is one
 * batch that `labels.undo` takes back whole, and a bad file is refused naming its file, line
 * and column with nothing written.
 *
 * The table (written here): x = 1…4, task "kind" with classes a, b; rows 1 and 2 labelled
 * a and b, rows 3 and 4 unlabelled. Every expected value below is counted from that table.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StudioSession } from '../../src/main/services/session';
import { exportLabels } from '../../src/main/services/labelFiles';
import { describeError } from '../../src/renderer/src/errorText';
import { i18n } from '../../src/renderer/src/i18n';
import { dispatchSession, type DispatchSession } from '../services/dispatchFixture';

let dir: string;
let session: StudioSession;
let call: DispatchSession['call'];
let fail: DispatchSession['fail'];
let datasetId: number;

/** The task's column as the project holds it, row 1 first. */
async function stored(): Promise<(string | number | null)[]> {
  return (await session.requireStore().datasets.readColumns(datasetId, ['kind'])).values.kind;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mtl-label-files-'));
  ({ session, call, fail } = dispatchSession(join(dir, 'state')));
  await call('projects.create', { path: join(dir, 'p.mtlproj'), name: 'P' });
  const csv = join(dir, 'kinds.csv');
  await writeFile(csv, 'x,kind\n1,a\n2,b\n3,\n4,\n');
  datasetId = (await call('datasets.import', { importId: 'i', path: csv })).id;
  await call('tasks.define', { datasetId, tasks: [{ column: 'kind', classes: ['a', 'b'] }] });
});
afterAll(async () => {
  await session.dispose();
  await rm(dir, { recursive: true, force: true });
});

describe('labels.export', () => {
  it('writes the CLI’s CSV (row_id, one column per task), adding .csv to a bare name', async () => {
    await call('labels.set', {
      datasetId,
      changes: [{ rowId: 3, task: 'kind', label: 'a' }],
      source: 'user',
    });
    const written = await call('labels.export', { datasetId, out: join(dir, 'labels') });
    // Hand-written from the table above, with row 3 just labelled a.
    const expected = 'row_id,kind\n1,a\n2,b\n3,a\n4,\n';
    expect(written).toEqual({
      path: join(dir, 'labels.csv'),
      bytes: expected.length,
      rows: 4,
      tasks: ['kind'],
    });
    expect(await readFile(written.path, 'utf8')).toBe(expected);
    // The same text `mtl-studio labels export` prints (its service, called directly).
    expect((await exportLabels(session.requireStore(), datasetId)).csv).toBe(expected);
  });

  it('refuses an existing file with reason OUTPUT_EXISTS until asked to overwrite', async () => {
    const out = join(dir, 'labels.csv');
    const error = await fail('labels.export', { datasetId, out });
    expect(error.details).toMatchObject({ reason: 'OUTPUT_EXISTS' });
    expect((await call('labels.export', { datasetId, out, overwrite: true })).path).toBe(out);
  });

  it('refuses a folder by name, rather than writing a .csv beside it', async () => {
    // The studio and `labels export -o` share this service: a folder typed as the file.
    const folder = join(dir, 'exports');
    await mkdir(folder);
    const error = await fail('labels.export', { datasetId, out: folder, overwrite: true });
    expect(error.code).toBe('BAD_REQUEST');
    expect(error.message).toContain(`"${folder}" is a folder: give the labels a file name`);
    expect(existsSync(`${folder}.csv`)).toBe(false);
  });

  it('refuses the project file itself, whatever overwrite says', async () => {
    const error = await fail('labels.export', {
      datasetId,
      out: join(dir, 'p.mtlproj'),
      overwrite: true,
    });
    expect(error.code).not.toBe('INTERNAL');
    expect(await stored()).toEqual(['a', 'b', 'a', null]);
  });
});

describe('labels.import', () => {
  it('previews a file with dryRun, writing nothing', async () => {
    const edited = join(dir, 'edited.csv');
    // Row 2 b → a (a conflict), row 4 labelled b (new), row 1 equal, row 3 empty (unchanged).
    await writeFile(edited, 'row_id,kind\n1,a\n2,a\n3,\n4,b\n');
    const preview = await call('labels.import', { datasetId, path: edited, dryRun: true });
    expect(preview).toMatchObject({ applied: 1, unchanged: 1, overwritten: 0, batch: null });
    expect(preview.conflicts).toEqual([
      { line: 3, rowId: 2, task: 'kind', current: 'b', imported: 'a' },
    ]);
    expect(await stored()).toEqual(['a', 'b', 'a', null]);
  });

  it('imports as one batch (overwriting when asked) that labels.undo takes back whole', async () => {
    const path = join(dir, 'edited.csv');
    const done = await call('labels.import', { datasetId, path, overwrite: true });
    expect(done).toMatchObject({ applied: 2, unchanged: 1, overwritten: 1 });
    expect(done.batch).not.toBeNull();
    expect(await stored()).toEqual(['a', 'a', 'a', 'b']);
    const undone = await call('labels.undo', { datasetId });
    expect(undone.reverts).toBe(done.batch);
    expect(await stored()).toEqual(['a', 'b', 'a', null]);
  });

  it('refuses a bad file naming file, line and column, writing nothing', async () => {
    const bad = join(dir, 'bad.csv');
    await writeFile(bad, 'row_id,kind\n4,b\n2,c\n');
    const error = await fail('labels.import', { datasetId, path: bad });
    expect(error.code).toBe('TASK_INVALID');
    expect(error.details).toMatchObject({ file: 'bad.csv', line: 3, column: 'kind' });
    expect(error.message).toContain('bad.csv');
    expect(error.message).toContain('"c" is not a class of task "kind"');
    const unknownRow = join(dir, 'unknown-row.csv');
    await writeFile(unknownRow, 'row_id,kind\n99,a\n');
    expect((await fail('labels.import', { datasetId, path: unknownRow })).details).toMatchObject({
      file: 'unknown-row.csv',
      line: 2,
      column: 'row_id',
    });
    expect(await stored()).toEqual(['a', 'b', 'a', null]);
  });

  it('an unknown class: Check lists it; Import refuses it (LABELS_UNKNOWN_CLASS) in the studio’s words', async () => {
    // Row 4 is unlabelled; "c" is not one of kind's classes a, b.
    const path = join(dir, 'unknown.csv');
    await writeFile(path, 'row_id,kind\n1,a\n4,c\n');
    const check = await call('labels.import', { datasetId, path, dryRun: true });
    expect(check).toMatchObject({
      applied: 1,
      unchanged: 1,
      addedClasses: [],
      unknownClasses: [{ task: 'kind', className: 'c', line: 3 }],
      batch: null,
    });
    const error = await fail('labels.import', { datasetId, path });
    expect(error.code).toBe('TASK_INVALID');
    expect(error.details).toMatchObject({
      reason: 'LABELS_UNKNOWN_CLASS',
      params: { task: 'kind', className: 'c', classes: '"a", "b"', file: 'unknown.csv', line: 3 },
    });
    // The CLI's (English) message names its option; the studio's text names the checkbox.
    expect(error.message).toContain('import with --add-classes to add it');
    const { t, te } = i18n.global;
    try {
      // Expected texts written by hand from errors.reasons.LABELS_UNKNOWN_CLASS (en, zh-CN).
      expect(describeError(error, t, te, 'en')).toEqual({
        headline:
          'Labels file “unknown.csv” line 3: “c” is not a class of task “kind” ("a", "b"). Tick “Add unknown classes” to add it to the task, or correct the file; nothing was imported',
        detail: null,
        original: error.message,
      });
      i18n.global.locale.value = 'zh-CN';
      expect(describeError(error, t, te, 'zh-CN')).toEqual({
        headline:
          '标签文件“unknown.csv”第 3 行：“c”不是任务“kind”的类别（"a", "b"）。勾选“将未知类别添加到其任务”即可把它添加到任务，或修改该文件；未导入任何内容',
        detail: null,
        original: error.message,
      });
    } finally {
      i18n.global.locale.value = 'en';
    }
    expect(await stored()).toEqual(['a', 'b', 'a', null]);
    expect((await call('tasks.list', { datasetId }))[0].classes).toEqual(['a', 'b']);
  });
});
