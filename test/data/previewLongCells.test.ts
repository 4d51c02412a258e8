/**
 * The import wizard's preview cuts long cells before they reach the page: a new user's
 * 30-row CSV with a 5 000 000-character cell in row 4 sent the cell whole over the
 * WebSocket. The preview sends at most PREVIEW_CELL_CHARS (1000) characters of a cell and
 * names each cut cell with its whole length; the import still keeps the cell whole.
 * Expected values: counted from the file this test writes.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importCsv } from '../../src/main/data/importCsv';
import { cutText, PREVIEW_CELL_CHARS, previewCsv } from '../../src/main/data/preview';
import { ProjectStore } from '../../src/main/store/projectStore';
import { makeTempDir } from '../store/helpers';

let tmp: { dir: string; cleanup: () => Promise<void> };
beforeEach(async () => {
  tmp = await makeTempDir();
});
afterEach(async () => {
  await tmp.cleanup();
});

describe('preview of long cells', () => {
  it('sends 1000 characters of a 5 000 000-character cell and names it cut; the import keeps it whole', async () => {
    const path = join(tmp.dir, 'long.csv');
    const long = 'x'.repeat(5_000_000);
    const lines = ['id,note,label'];
    for (let row = 1; row <= 30; row++) lines.push(`${row},${row === 4 ? long : `n${row}`},a`);
    await writeFile(path, `${lines.join('\n')}\n`);

    const preview = await previewCsv(path, { rows: 12 });
    expect(PREVIEW_CELL_CHARS).toBe(1000);
    // Row 4 of the file is index 3 of the rows; "note" is column 1.
    expect(preview.rows[3][1]).toBe('x'.repeat(1000));
    expect(preview.cutCells).toEqual([{ row: 3, column: 1, length: 5_000_000 }]);
    expect(preview.rows[2]).toEqual(['3', 'n3', 'a']);
    // What crosses the WebSocket: a few kilobytes, not megabytes.
    expect(JSON.stringify(preview).length).toBeLessThan(20_000);

    const store = await ProjectStore.open(join(tmp.dir, 'p.mtlproj'), { create: true });
    try {
      const dataset = await importCsv(store, path, { name: 'long' });
      expect(((await store.datasets.readCell(dataset.id, 4, 'note')) as string).length).toBe(
        5_000_000,
      );
    } finally {
      await store.close();
    }
  });

  it('counts characters, not UTF-16 units: an emoji is never split', () => {
    // 🙂 is one character of two UTF-16 units.
    expect(cutText('🙂🙂🙂', 2)).toEqual({ text: '🙂🙂', length: 3 });
    expect(cutText('🙂🙂', 2)).toBeNull();
    expect(cutText('abc', 3)).toBeNull();
    expect(cutText('abcd', 3)).toEqual({ text: 'abc', length: 4 });
  });
});
