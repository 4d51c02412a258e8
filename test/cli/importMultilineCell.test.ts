/**
 * A quoted cell holding a line break kept the import summary's table from lining up (found by
 * a new user): the value's second line started a new table line. Now every text table shows a
 * line break as '↵'. Expected by hand from the CSV below: `note` holds "line one\nline two",
 * "plain" and "cr\r\nlf" once each, so its summary lists the three with (1); every table line
 * is as wide as the table's top border.
 */
import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { oneLine } from '../../src/main/cli/output';
import { makeTempDir } from '../store/helpers';
import { cli } from './run';

let cleanup: () => Promise<void>;
let dir: string;
beforeAll(async () => {
  ({ dir, cleanup } = await makeTempDir());
});
afterAll(() => cleanup());

describe('a multi-line quoted cell in text tables', () => {
  it('writes each line break as ↵', () => {
    expect(oneLine('a\nb\r\nc\rd')).toBe('a↵b↵c↵d');
    expect(oneLine('plain')).toBe('plain');
  });

  it('keeps the import summary table aligned', async () => {
    const csv = `${dir}/notes.csv`;
    writeFileSync(csv, 'x,note,y\n1,"line one\nline two",a\n2,plain,b\n3,"cr\r\nlf",a\n');
    const { code, stdout } = await cli('import', csv, '-p', `${dir}/notes.mtlproj`);
    expect(code).toBe(0);
    const lines = stdout.split('\n').filter((l) => /^[┌│└]/.test(l));
    // Header, 3 columns, top and bottom borders: 6 lines, all as wide as the top border.
    expect(lines).toHaveLength(6);
    expect(new Set(lines.map((l) => [...l].length)).size).toBe(1);
    const note = lines.find((l) => l.startsWith('│ note '));
    expect(note).toContain('cr↵lf (1), line one↵line two (1), plain (1)');
  }, 60_000);
});
