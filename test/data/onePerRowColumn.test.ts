/**
 * A categorical input whose every row holds a value of its own (a column of names in a tiny
 * table) gets an import note naming the command that ignores it (found by a new user: in a
 * table of 4 rows `name` = Ann, Bob, Cid, Dee was a categorical input without a word, while
 * on a larger table such a column is typed text and ignored). Expected by hand from the
 * files below.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { columnNoteHolds } from '../../src/shared/columnNotes';
import { importCsv } from '../../src/main/data/importCsv';
import { columnNoteText } from '../../src/main/data/inference';
import { previewCsv } from '../../src/main/data/preview';
import { FakeStore } from './fakeStore';

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mtl-oneperrow-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function file(text: string): Promise<string> {
  const path = join(dir, 'f.csv');
  await writeFile(path, text);
  return path;
}

describe('a categorical column of one value per row', () => {
  // name: 4 distinct texts in 4 rows (≤ 20, so categorical, role input): noted, the first
  // three named. city: Oslo ×2, Rome ×2 (repeats): no note. age: 4 distinct numbers
  // (numeric, not categorical): no note. code: 4 distinct but one missing row: no note.
  const text = 'name,age,city,code\nAnn,30,Oslo,k1\nBob,41,Oslo,k2\nCid,25,Rome,\nDee,38,Rome,k4\n';

  it('is noted at import, its role unchanged; other columns are not', async () => {
    const info = await importCsv(new FakeStore(), await file(text));
    const noted = info.columns.filter((c) => c.profile.noteReason);
    expect(noted.map((c) => c.name)).toEqual(['name']);
    const name = info.columns[0];
    expect(name.type).toBe('categorical');
    expect(name.role).toBe('input');
    expect(name.profile.noteReason).toEqual({
      kind: 'onePerRow',
      rows: 4,
      examples: ['Ann', 'Bob', 'Cid'],
    });
    expect(columnNoteHolds(name)).toBe(true);
    // Ignored, the note no longer holds (it is no input).
    expect(columnNoteHolds({ ...name, role: 'ignore' })).toBe(false);
  });

  it('is not noted when the user imports it ignored', async () => {
    const info = await importCsv(new FakeStore(), await file(text), {
      columnRoles: { name: 'ignore' },
    });
    expect(info.columns[0].profile.noteReason).toBeUndefined();
  });

  it('is said by the wizard preview', async () => {
    const preview = await previewCsv(await file(text));
    expect(preview.notes[0]).toEqual({
      kind: 'onePerRow',
      rows: 4,
      examples: ['Ann', 'Bob', 'Cid'],
    });
    expect(preview.notes.slice(1)).toEqual([null, null, null]);
  });

  it('is worded with the command that ignores it', () => {
    const reason = { kind: 'onePerRow' as const, rows: 4, examples: ['Ann', 'Bob', 'Cid'] };
    expect(columnNoteText(reason, 'first name', { project: 'p.mtlproj', datasetId: 1 })).toBe(
      'a different value in every row ("Ann", "Bob", "Cid", …: 4 values in 4 rows), like a name or an identifier: ' +
        "as a categorical input it only memorises the rows; set its role to ignore (mtl-studio columns -p p.mtlproj -d 1 --role 'first name'=ignore)",
    );
  });

  it('is not noted in 2 rows (any binary column), nor past 20 rows (typed text, ignored)', async () => {
    // 2 rows: "a", "b" is every two-class column. 21 rows of 21 names: more than
    // categoricalLimit(21) = max(20, floor(1.05)) = 20 distinct, so text, ignored, no note.
    const two = await importCsv(new FakeStore(), await file('n,x\na,1\nb,2\n'));
    expect(two.columns[0].profile.noteReason).toBeUndefined();
    const lines = Array.from({ length: 21 }, (_, i) => `name${i},${i % 3}`);
    const big = await importCsv(new FakeStore(), await file(`n,x\n${lines.join('\n')}\n`));
    expect(big.columns[0].type).toBe('text');
    expect(big.columns[0].role).toBe('ignore');
    expect(big.columns[0].profile.noteReason).toBeUndefined();
  });
});
