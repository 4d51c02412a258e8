/**
 * Files with a UTF-16 or UTF-32 byte-order mark. Found by a new user: a UTF-16LE file with
 * its mark, read with `--encoding utf-8`, got the hint for UTF-16 text "without a byte-order
 * mark"; with `--encoding utf-32` it ended in "the file has a header but no data rows"; and a
 * UTF-32LE file with its mark (FF FE 00 00, which starts like UTF-16LE's FF FE) was read as
 * UTF-16LE, its column names full of NUL characters.
 * Expected, by hand: the bytes are written here with Node's own encoders from the text
 * "a,b,t\n1,2,x\n3,4,y\n" (2 rows, columns a, b, t); the mark names the encoding.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../store/helpers';
import { cli } from './run';

const TEXT = 'a,b,t\n1,2,x\n3,4,y\n';
let dir: string;
let cleanup: () => Promise<void>;
let utf16: string;
let utf32: string;
beforeAll(async () => {
  ({ dir, cleanup } = await makeTempDir());
  utf16 = join(dir, 'u16.csv');
  await writeFile(utf16, Buffer.from(`\ufeff${TEXT}`, 'utf16le'));
  // UTF-32LE by hand: each code point (all < 0x10000 here) as 4 little-endian bytes.
  utf32 = join(dir, 'u32.csv');
  const points = [...`\ufeff${TEXT}`].map((c) => c.codePointAt(0)!);
  const bytes = Buffer.alloc(points.length * 4);
  points.forEach((p, i) => bytes.writeUInt32LE(p, i * 4));
  await writeFile(utf32, bytes);
}, 30_000);
afterAll(() => cleanup());

describe('a byte-order mark', () => {
  it.each(['utf-8', 'utf-32'])(
    'of UTF-16LE, read with --encoding %s: says the mark and the encoding to use',
    async (encoding) => {
      const project = join(dir, `refused-${encoding}.mtlproj`);
      const { code, stderr } = await cli('import', utf16, '-p', project, '--encoding', encoding);
      expect(code).toBe(1);
      expect(stderr).toBe(
        `error: u16.csv: starts with a UTF-16LE byte-order mark: it is UTF-16LE text, which ${encoding} does not read; choose the encoding utf-16le, or auto (detected); use --encoding utf-16le\n`,
      );
    },
  );

  it('of UTF-32LE is read as UTF-32LE, with or without --encoding utf-32', async () => {
    for (const extra of [[], ['--encoding', 'utf-32']]) {
      const project = join(dir, `u32-${extra.length}.mtlproj`);
      const done = await cli('--json', 'import', utf32, '-p', project, ...extra);
      expect(done.code, done.stdout).toBe(0);
      expect(done.stderr).toBe('');
      const { dataset } = JSON.parse(done.stdout);
      expect(dataset.rowCount).toBe(2);
      expect(dataset.columns.map((c: { name: string }) => c.name)).toEqual(['a', 'b', 't']);
    }
  }, 60_000);
});
