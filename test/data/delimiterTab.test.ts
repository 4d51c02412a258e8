import { describe, expect, it } from 'vitest';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { previewCsv } from '../../src/main/data/preview';
import { delimiterCharacter } from '../../src/main/data/csvFormat';

/**
 * `--delimiter tab` and `--delimiter '\t'` (the two characters backslash, t, as a shell passes
 * them) read as a tab (found by a new user: both were refused as "must be one character").
 * The file is written by hand: 'a<TAB>b' rows, so a tab reading gives two fields.
 */
describe('tab delimiter spellings', () => {
  it('reads tab, TAB and \\t as a tab, other characters unchanged', () => {
    expect(delimiterCharacter('tab')).toBe('\t');
    expect(delimiterCharacter('TAB')).toBe('\t');
    expect(delimiterCharacter('\\t')).toBe('\t');
    expect(delimiterCharacter('\t')).toBe('\t');
    expect(delimiterCharacter(';')).toBe(';');
    expect(delimiterCharacter('t')).toBe('t');
  });

  it('splits a tab-separated file with each spelling, and hints at them for a longer one', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mtl-tab-'));
    try {
      const path = join(dir, 'tab.csv');
      await writeFile(path, 'name\tcity\nAna\tLyon, FR\n');
      for (const delimiter of ['tab', 'Tab', '\\t', '\t']) {
        const preview = await previewCsv(path, { delimiter });
        expect(preview.rows[0], delimiter).toEqual(['Ana', 'Lyon, FR']);
      }
      await expect(previewCsv(path, { delimiter: '::' })).rejects.toMatchObject({
        code: 'BAD_REQUEST',
        message:
          "delimiter must be one character (not a line break), got '::'; for a tab, give tab, \\t or $'\\t'",
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
