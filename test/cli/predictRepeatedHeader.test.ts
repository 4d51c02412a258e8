/**
 * `predict` on a CSV whose header repeats a name. Found by a new user: predict refused the
 * file without a suggestion, though the model never read that column. Now the header is read
 * as an import reads it (pandas' renaming: `note`, `note.1`), with a note, and refused only
 * when a column the model reads is the repeated one, naming it and the import's `x.1`.
 * Expected by hand: the model reads x alone, so a file with two extra `note` columns predicts
 * exactly what the same rows without them predict; in `x,id,x` the model's x is columns 1 and
 * 3, and an import names the second one `x.1`.
 */
import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refuseAmbiguousColumns } from '../../src/main/export/predictHeader';
import { predictPreview } from '../../src/main/services/exports';
import { ProjectStore } from '../../src/main/store/projectStore';
import { makeTempDir } from '../store/helpers';
import { cli } from './run';
import { trainXyProject } from './xyProject';

let cleanup: () => Promise<void>;
let dir: string;
let project: string;
beforeAll(async () => {
  ({ dir, cleanup } = await makeTempDir());
  // The model: test/cli/xyProject.ts (30 rows, x = (i + 1) mod 7, y = a for every third row).
  writeFileSync(`${dir}/plain.csv`, 'id,x\n1,1.5\n2,4\n');
  writeFileSync(`${dir}/notes.csv`, 'id,note,x,note\n1,first,1.5,again\n2,,4,more\n');
  writeFileSync(`${dir}/twice.csv`, 'x,id,x\n1.5,1,3\n4,2,5\n');
  project = await trainXyProject(dir);
}, 120_000);
afterAll(() => cleanup());

describe('predict on a header that repeats a name', () => {
  it('renames a repeated column the model does not read, with a note', async () => {
    const plain = await cli('predict', '-p', project, '--run', '1', `${dir}/plain.csv`);
    const notes = await cli('predict', '-p', project, '--run', '1', `${dir}/notes.csv`);
    expect(plain.code).toBe(0);
    expect(notes.code).toBe(0);
    expect(notes.stdout).toBe(plain.stdout);
    // The second "note" is column 4, its first column 2.
    expect(notes.stderr).toContain(
      'note: notes.csv repeats a column name in its header, renamed as an import renames it: "note" (column 4, as column 2) → "note.1"',
    );
    const json = await cli('--json', 'predict', '-p', project, '--run', '1', `${dir}/notes.csv`);
    expect(JSON.parse(json.stdout).renamedColumns).toEqual([
      { index: 3, original: 'note', first: 1, name: 'note.1' },
    ]);
  }, 60_000);

  it('refuses a repeated column the model reads, naming it and the import’s x.1', async () => {
    const twice = await cli('predict', '-p', project, '--run', '1', `${dir}/twice.csv`);
    expect(twice.code).not.toBe(0);
    expect(twice.stderr).toContain(
      'twice.csv names the column "x" twice (columns 1 and 3), and the model reads "x": which of them it means cannot be told. An import reads the first as "x" and renames the second "x.1"',
    );
  }, 60_000);

  it('the studio’s Predict view (predictPreview) renames and refuses alike', async () => {
    const store = await ProjectStore.open(project, { create: false });
    try {
      const notes = await predictPreview(store, 1, `${dir}/notes.csv`);
      expect(notes.rows).toHaveLength(2);
      expect(notes.renamedColumns).toEqual([
        { index: 3, original: 'note', first: 1, name: 'note.1' },
      ]);
      await expect(predictPreview(store, 1, `${dir}/twice.csv`)).rejects.toMatchObject({
        code: 'BAD_REQUEST',
        details: {
          reason: 'PREDICT_AMBIGUOUS_COLUMN',
          params: { file: 'twice.csv', column: 'x', first: 1, second: 3, renamed: 'x.1' },
        },
      });
    } finally {
      await store.close();
    }
  }, 60_000);

  it('reads a model trained on a repeated name as its import renamed it', () => {
    // Trained on a file with x twice, the model reads "x" and "x.1": columns match by position.
    const renamed = [{ index: 2, original: 'x', first: 0, name: 'x.1' }];
    expect(() => refuseAmbiguousColumns('f.csv', renamed, ['x', 'x.1'])).not.toThrow();
    expect(() => refuseAmbiguousColumns('f.csv', renamed, ['id'])).not.toThrow();
    expect(() => refuseAmbiguousColumns('f.csv', renamed, ['x'])).toThrow(/columns 1 and 3/);
  });
});
