/**
 * A column with one value in every row gets an import note (found by a new user: it was
 * imported without a word, though it carries no information for any task). Expected by
 * hand from the files below: "one value" is one value as the column's type reads it (one
 * text exactly for text, one number for numbers: "5" and "5.0"; one truth value for
 * yes/no: "yes" and "YES"), as the profile's distinct count says, in every data row, none
 * missing, over at least 2 rows; the value named is the text written most often; the wizard's preview says it only when it read the whole
 * file (one value among the first rows says nothing of the rest).
 */
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { columnNoteHolds } from '../../src/shared/columnNotes';
import { importCsv } from '../../src/main/data/importCsv';
import { PREVIEW_INFERENCE_ROWS, previewCsv } from '../../src/main/data/preview';
import { BYTE_CHUNK } from '../../src/main/data/csvBytes';
import { ProjectStore } from '../../src/main/store/projectStore';
import type { DatasetInfo } from '../../src/shared/domain';
import { FakeStore } from './fakeStore';

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mtl-constant-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** The (column → note reason) of the columns of `text` that have one, imported into a fake store. */
async function notesOf(text: string): Promise<Record<string, unknown>> {
  const path = join(dir, 'f.csv');
  await writeFile(path, text);
  return notesOfInfo(await importCsv(new FakeStore(), path));
}

/** The path of a file of `header` and `lines`, written in the test's folder. */
async function written(header: string, lines: string[]): Promise<string> {
  const path = join(dir, 'g.csv');
  await writeFile(path, `${header}\n${lines.join('\n')}\n`);
  return path;
}

function notesOfInfo(info: DatasetInfo): Record<string, unknown> {
  return Object.fromEntries(
    info.columns.filter((c) => c.profile.noteReason).map((c) => [c.name, c.profile.noteReason]),
  );
}

describe('a column with one value in every row', () => {
  it('is noted, one text exactly, none missing', async () => {
    // kg: "kg" on all 4 rows; five: "5" on all 4; mixed: "5" ×3 and "5.0" ×1 (one number,
    // named by its most written text); gap: "a" on 3 rows and one missing; id varies.
    const text = 'id,kg,five,mixed,gap\n1,kg,5,5,a\n2,kg,5,5.0,a\n3,kg,5,5,\n4,kg,5,5,a\n';
    expect(await notesOf(text)).toEqual({
      kg: { kind: 'constant', value: 'kg', rows: 4 },
      five: { kind: 'constant', value: '5', rows: 4 },
      mixed: { kind: 'constant', value: '5', rows: 4 },
    });
  });

  it.each([0, Infinity])(
    'is noted alike by the one-pass and the two-pass import (onePassMinBytes %s)',
    async (onePassMinBytes) => {
      // The same columns over 50 000 rows (past 2 × BYTE_CHUNK bytes, so one pass runs); id
      // repeats (0…999), so it is no row index.
      const rows = 50_000;
      const lines = Array.from(
        { length: rows },
        (_, i) => `${i % 1000},kg,5,${i === 1 ? '5.0' : '5'},${i === 2 ? '' : 'a'}`,
      );
      const path = join(dir, 'big.csv');
      await writeFile(path, `id,kg,five,mixed,gap\n${lines.join('\n')}\n`);
      expect((await stat(path)).size).toBeGreaterThan(2 * BYTE_CHUNK);
      const store = await ProjectStore.open(join(dir, `p${onePassMinBytes}.mtlproj`), {
        create: true,
      });
      try {
        expect(notesOfInfo(await importCsv(store, path, { onePassMinBytes }))).toEqual({
          kg: { kind: 'constant', value: 'kg', rows },
          five: { kind: 'constant', value: '5', rows },
          // 49 999 × "5" and 1 × "5.0": one number.
          mixed: { kind: 'constant', value: '5', rows },
        });
      } finally {
        await store.close();
      }
    },
    60_000,
  );

  it('is noted for a yes/no column of one truth value written in two cases', async () => {
    // Found by a new user: 29 × "yes" and 1 × "YES" is boolean with one distinct value
    // (profile "distinct 1, yes (30)") but had no note. flag: just so; both: 29 × yes,
    // 1 × no (two values, no note); id varies.
    const lines = Array.from(
      { length: 30 },
      (_, i) => `${i + 1},${i === 29 ? 'YES' : 'yes'},${i === 29 ? 'no' : 'yes'}`,
    );
    const info = await importCsv(new FakeStore(), await written('id,flag,both', lines));
    const flag = info.columns.find((c) => c.name === 'flag')!;
    expect(flag.type).toBe('boolean');
    expect(flag.profile.distinct).toBe(1);
    expect(flag.profile.noteReason).toEqual({ kind: 'constant', value: 'yes', rows: 30 });
    const both = info.columns.find((c) => c.name === 'both')!;
    expect(both.type).toBe('boolean');
    expect(both.profile.noteReason).toBeUndefined();
  });

  it('is not noted for a single row', async () => {
    expect(await notesOf('a,b\n1,x\n')).toEqual({});
  });

  it('is said by the preview only when it read the whole file', async () => {
    const path = join(dir, 'long.csv');
    const rows = PREVIEW_INFERENCE_ROWS + 5;
    const text = `i,c\n${Array.from({ length: rows }, (_, i) => `${i % 7},k`).join('\n')}\n`;
    await writeFile(path, text);
    expect((await previewCsv(path)).notes).toEqual([null, null]);
    // The import reads every row: c is "k" on all of them.
    expect(await notesOf(text)).toEqual({ c: { kind: 'constant', value: 'k', rows } });
  });

  it('holds only while the column still has one value and none missing', () => {
    const profile = {
      note: 'one value in every row',
      noteReason: { kind: 'constant' as const, value: 'kg', rows: 3 },
    };
    expect(
      columnNoteHolds({ role: 'input', profile: { ...profile, distinct: 1, missing: 0 } }),
    ).toBe(true);
    expect(
      columnNoteHolds({ role: 'ignore', profile: { ...profile, distinct: 1, missing: 0 } }),
    ).toBe(true);
    // A label edit gave it a second value, or removed one.
    expect(
      columnNoteHolds({ role: 'input', profile: { ...profile, distinct: 2, missing: 0 } }),
    ).toBe(false);
    expect(
      columnNoteHolds({ role: 'input', profile: { ...profile, distinct: 1, missing: 1 } }),
    ).toBe(false);
  });
});
