import { describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importCsv } from '../../src/main/data/importCsv';
import { previewCsv } from '../../src/main/data/preview';
import { utf16ByteOrderFlip } from '../../src/main/data/csvFormat';
import { FakeStore } from './fakeStore';

/**
 * UTF-16 in the wrong byte order without a byte-order mark (found by a new user:
 * `--encoding utf-16be` on a UTF-16LE file said "a header but no data rows"). Files are
 * built with iconv-lite's utf-16le / utf-16be encoders, which write no mark; in UTF-16LE
 * "a," is 61 00 2C 00 (NUL bytes at odd offsets), in UTF-16BE 00 61 00 2C (even).
 */
const text = 'şehir,renk,sınıf\nİstanbul,mavi,çok\nMuğla,sarı,az\n';

describe('UTF-16 byte order without a byte-order mark', () => {
  it('tells the byte order from where the NUL bytes sit', () => {
    const le = iconv.encode(text, 'utf-16le');
    const be = iconv.encode(text, 'utf-16be');
    // 'ş' is U+015F: 5F 01; then ASCII 'e' is 65 00 (LE), 00 65 (BE).
    expect([...le.subarray(0, 4)]).toEqual([0x5f, 0x01, 0x65, 0x00]);
    expect([...be.subarray(0, 4)]).toEqual([0x01, 0x5f, 0x00, 0x65]);
    expect(utf16ByteOrderFlip(le, 'utf-16be')).toBe('utf-16le');
    expect(utf16ByteOrderFlip(be, 'utf-16le')).toBe('utf-16be');
    expect(utf16ByteOrderFlip(le, 'utf-16le')).toBeNull();
    expect(utf16ByteOrderFlip(be, 'UTF16BE')).toBeNull();
    // 'utf-16' guesses the order itself (iconv-lite); a marked file is the mark's to judge.
    expect(utf16ByteOrderFlip(le, 'utf-16')).toBeNull();
    expect(utf16ByteOrderFlip(iconv.encode(text, 'utf-16'), 'utf-16be')).toBeNull();
    // Chinese in UTF-16BE: 一 (U+4E00) is 4E 00, its NUL at an odd offset, outnumbered by the
    // even NULs of the ASCII commas and line breaks (00 2C, 00 0A): still UTF-16BE.
    const chinese = iconv.encode('名称,类别\n一二,甲\n一,乙\n', 'utf-16be');
    expect(utf16ByteOrderFlip(chinese, 'utf-16be')).toBeNull();
  });

  it('refuses the other byte order naming the one to use, in import and preview; stores nothing', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mtl-utf16-order-'));
    try {
      const path = join(dir, 'le.csv');
      await writeFile(path, iconv.encode(text, 'utf-16le'));
      const store = new FakeStore();
      await expect(importCsv(store, path, { encoding: 'utf-16be' })).rejects.toMatchObject({
        code: 'CSV_ENCODING',
        message:
          'le.csv: this looks like UTF-16LE text (a comma is 2C 00): it has no byte-order mark and its NUL bytes are where UTF-16LE puts them, so utf-16be would read it as other characters; read it as utf-16le',
        details: {
          reason: 'UTF16_BYTE_ORDER',
          params: { file: 'le.csv', encoding: 'utf-16be', suggested: 'utf-16le' },
          remedy: { encoding: 'utf-16le' },
        },
      });
      expect(store.stored).toEqual([]);
      const be = join(dir, 'be.csv');
      await writeFile(be, iconv.encode(text, 'utf-16be'));
      await expect(previewCsv(be, { encoding: 'utf-16le' })).rejects.toMatchObject({
        details: { reason: 'UTF16_BYTE_ORDER', remedy: { encoding: 'utf-16be' } },
      });
      expect((await previewCsv(be, { encoding: 'utf-16be' })).rows[0]).toEqual([
        'İstanbul',
        'mavi',
        'çok',
      ]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
