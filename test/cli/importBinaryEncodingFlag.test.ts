/**
 * A binary file renamed .csv names the CLI's flag for choosing an encoding. Found by a new
 * user: the error said "choose the encoding" with no word of --encoding. Expected by hand:
 * the file's bytes are 01 7F 03 04 00 … (no known file's signature: a zip's, 50 4B 03 04, is
 * named as such, test/cli/importNotATable.test.ts), so its first NUL byte is at offset 4; no UTF-16 byte-order mark, so the hint is the one for UTF-16 text without one.
 * The studio's wording (its encoding select, no flag) is tested in
 * test/renderer/newUserErrors.test.ts and is not changed.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../store/helpers';
import { cli } from './run';

let cleanup: () => Promise<void>;
let dir: string;
beforeAll(async () => {
  ({ dir, cleanup } = await makeTempDir());
  writeFileSync(`${dir}/data.csv`, Buffer.from([0x01, 0x7f, 0x03, 0x04, 0x00, 0x14, 0x00, 0x08]));
});
afterAll(() => cleanup());

describe('import of a binary file', () => {
  it('names --encoding <name> in the hint', async () => {
    const r = await cli('import', `${dir}/data.csv`, '-p', `${dir}/p.mtlproj`);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      'error: data.csv: looks like a binary file, not text (NUL byte at offset 4); if it is UTF-16 text without a byte-order mark, choose the encoding (--encoding <name>, e.g. --encoding utf-16le)\n',
    );
    // A failed first import leaves no project behind.
    expect(existsSync(`${dir}/p.mtlproj`)).toBe(false);
  }, 30_000);
});
