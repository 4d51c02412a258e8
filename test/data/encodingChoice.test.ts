/**
 * An encoding the user chose: it wins over detection, is doubted when it garbles a file
 * whose encoding is certain, and is refused (line, column, character) when it cannot decode.
 */
import { describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { previewCsv } from '../../src/main/data/preview';
import { importCsv } from '../../src/main/data/importCsv';
import {
  findC1Controls,
  findUndecodable,
  findUtf8Misreading,
  isSingleByteEncoding,
  mayBeUtf16,
} from '../../src/main/data/encodingChecks';
import { chooseEncoding, CONTRADICTED_CONFIDENCE } from '../../src/main/data/encodingDetect';
import { isUtf16Encoding, resolveEncodingName } from '../../src/main/data/encodingNames';
import { FakeStore, fixture } from './fakeStore';

describe('encoding detection and decoding', () => {
  it('lets the user encoding win over detection, with low confidence when it garbles', async () => {
    // GBK pairs the bytes of UTF-8 "ë" (C3 AB) into one character, 毛 (iconv-lite's GBK
    // table), and decodes the whole file: the choice is kept, doubted. A single-byte choice
    // is refused (see 'refuses a single-byte encoding for UTF-8 text').
    const preview = await previewCsv(fixture('utf8.csv'), { encoding: 'gbk' });
    expect(preview.encoding).toBe('gbk');
    expect(preview.rows[0][0]).toBe(`Zo${iconv.decode(Buffer.from([0xc3, 0xab]), 'gbk')}`);
    // The file is valid UTF-8 with accents: the choice reads it otherwise, so it is doubted.
    expect(preview.encodingConfidence).toBe(CONTRADICTED_CONFIDENCE);
    expect(preview.detectedEncoding).toBe('utf-8');
    // windows-1252 has no character for 81, the second byte of UTF-8 "Ł" (C5 81, line 3),
    // but the file is UTF-8 text: that is said first, at its first accent ("Zoë", line 2),
    // not a U+FFFD count ('refuses a single-byte encoding for UTF-8 text').
    await expect(
      previewCsv(fixture('utf8.csv'), { encoding: 'windows-1252' }),
    ).rejects.toMatchObject({ details: { line: 2, column: 'name', reason: 'UTF8_MISREAD' } });
    const agreed = await previewCsv(fixture('utf8.csv'), { encoding: 'utf-8' });
    expect([agreed.encodingConfidence, agreed.detectedEncoding]).toEqual([1, null]);
  });

  it('treats "auto" and empty encodings as detection', () => {
    const sample = Buffer.from('a\n');
    expect(chooseEncoding(sample, true, 'auto').source).toBe('utf8');
    expect(chooseEncoding(sample, true, '').source).toBe('utf8');
    expect(chooseEncoding(sample, true, 'GBK')).toEqual({
      encoding: 'gbk',
      confidence: 1,
      source: 'user',
    });
  });

  it('doubts a chosen encoding that garbles a file whose encoding is certain', () => {
    const utf8 = Buffer.from('name,city\nZoë,Zürich\n', 'utf8');
    // UTF-16 forced on UTF-8 text reads pairs of bytes as one character: mojibake.
    expect(chooseEncoding(utf8, true, 'utf-16le')).toEqual({
      encoding: 'utf-16le',
      confidence: CONTRADICTED_CONFIDENCE,
      source: 'user',
      detected: 'utf-8',
    });
    // Latin-1 reads "ë" (C3 AB) as "Ã«".
    expect(chooseEncoding(utf8, true, 'latin1')).toMatchObject({ detected: 'utf-8' });
    // An ASCII-compatible choice on pure ASCII reads the same text: no doubt.
    const ascii = Buffer.from('a,b\n1,2\n');
    expect(chooseEncoding(ascii, true, 'windows-1252').confidence).toBe(1);
    expect(chooseEncoding(ascii, true, 'utf-16le').confidence).toBe(CONTRADICTED_CONFIDENCE);
    // Where detection is only a guess (no valid UTF-8), the user's choice is trusted.
    const gbk = iconv.encode('名称,城市\n张三,北京\n', 'gbk');
    expect(chooseEncoding(gbk, true, 'gbk')).toEqual({
      encoding: 'gbk',
      confidence: 1,
      source: 'user',
    });
  });

  it('refuses a chosen encoding that cannot decode the text, naming line, column and count', async () => {
    // Found by a new user: GBK text read with a forced encoding was stored with U+FFFD.
    // By hand: 张 is GBK D5 C5, 三 C8 FD; shift_jis has no character with trail byte FD
    // (JIS X 0208 trail bytes end at FC), so line 2, column 'name' holds the first U+FFFD.
    const text = 'name,city\n张三,北京\n李四,上海\n';
    const gbk = iconv.encode(text, 'gbk');
    const replaced = [...iconv.decode(gbk, 'shift_jis')].filter((c) => c === '\ufffd').length;
    expect(findUndecodable(gbk, true, 'shift_jis')).toEqual({
      index: 'name,city\n'.length + 3, // ﾕﾅﾈ: D5, C5, C8 are one-byte katakana, FD is not
      count: replaced,
    });
    // Forced UTF-8 on GBK: the first byte that is not UTF-8 is D5, the first of 张.
    expect(findUndecodable(gbk, true, 'utf-8')?.index).toBe('name,city\n'.length);
    // A U+FFFD written in a UTF-8 file (EF BF BD) is text, not a fault; cleanly decoded text neither.
    expect(findUndecodable(Buffer.from('a\n\ufffd\n'), true, 'utf-8')).toBeNull();
    expect(findUndecodable(gbk, true, 'gbk')).toBeNull();
    // A character cut at the end of a partial sample is forgiven.
    expect(findUndecodable(gbk.subarray(0, gbk.length - 2), false, 'gbk')).toBeNull();

    const dir = await mkdtemp(join(tmpdir(), 'mtl-undecodable-'));
    try {
      const path = join(dir, 'gbk.csv');
      await writeFile(path, gbk);
      for (const encoding of ['shift_jis', 'utf-8']) {
        const store = new FakeStore();
        await expect(importCsv(store, path, { encoding })).rejects.toMatchObject({
          code: 'CSV_ENCODING',
          details: {
            file: 'gbk.csv',
            line: 2,
            column: 'name',
            reason: 'UNDECODABLE_TEXT',
            params: { encoding, suggested: 'gb18030' },
          },
        });
        expect(store.stored).toEqual([]); // nothing half-stored
        await expect(previewCsv(path, { encoding })).rejects.toMatchObject({
          message: expect.stringContaining(
            `gbk.csv line 2, column 'name': ${encoding} cannot decode this text`,
          ),
        });
      }
      await expect(previewCsv(path, { encoding: 'shift_jis' })).rejects.toMatchObject({
        message: `gbk.csv line 2, column 'name': shift_jis cannot decode this text (${replaced === 1 ? '1 character' : `${replaced} characters`} in the file would be stored as the replacement character U+FFFD; this is the first); it looks like gb18030 text: read it as gb18030, or detect its encoding`,
      });
      // Detected, the same file reads cleanly; a chosen encoding that decodes it is not refused.
      expect((await previewCsv(path)).rows[0]).toEqual(['张三', '北京']);
      expect((await previewCsv(path, { encoding: 'GBK' })).rows[1]).toEqual(['李四', '上海']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('refuses a single-byte encoding for UTF-8 text, naming the first misread character', async () => {
    // Found by a new user: `--encoding cp1252` on UTF-8 stored "Ã©" with only a warning. The
    // expected readings come from the bytes: UTF-8 é is C3 A9, which windows-1252 (and latin1)
    // read as two characters, computed here with iconv-lite.
    const text = 'name,city\nJosé,Zürich\nZoë,Köln\n';
    const bytes = Buffer.from(text, 'utf8');
    const e9 = Buffer.from('é', 'utf8');
    const read = iconv.decode(e9, 'windows-1252');
    expect([...e9]).toEqual([0xc3, 0xa9]);
    expect(read).toHaveLength(2);
    // Four accented letters, each one two-byte sequence; the first at byte 'name,city\nJos'.length.
    expect(findUtf8Misreading(bytes, true, 'windows-1252')).toEqual({
      index: 'name,city\nJos'.length,
      count: 4,
      utf8: 'é',
      read,
    });
    // Not for multi-byte or UTF-8 choices, nor for text that is not all UTF-8 or has no
    // non-ASCII character (windows-1252 "Müller": FC then 'l' starts no UTF-8 sequence).
    expect(isSingleByteEncoding('windows-1252')).toBe(true);
    expect(isSingleByteEncoding('koi8-r')).toBe(true);
    for (const multi of ['utf-8', 'utf-16le', 'gbk', 'shift_jis', 'big5']) {
      expect(isSingleByteEncoding(multi), multi).toBe(false);
      expect(findUtf8Misreading(bytes, true, multi), multi).toBeNull();
    }
    const latin = iconv.encode('name,city\nMüller,Zürich\n', 'windows-1252');
    expect(findUtf8Misreading(latin, true, 'windows-1252')).toBeNull();
    expect(findUtf8Misreading(Buffer.from('a,b\n1,2\n'), true, 'latin1')).toBeNull();
    // An accidental well-formed pair alone is no UTF-8 text: windows-1252 "ß“" is DF 93,
    // U+07D3 (NKo), which real text does not hold; with a text character it counts.
    const pair = iconv.encode('a,b\nß“x”,1\n', 'windows-1252');
    expect([...pair.subarray(4, 6)]).toEqual([0xdf, 0x93]);
    expect(findUtf8Misreading(pair, true, 'windows-1252')).toBeNull();
    // A sequence cut at the end of a partial sample is forgiven; a byte-order mark is UTF-8.
    const cut = bytes.subarray(0, bytes.indexOf(0xb6)); // inside ö (C3 B6)
    expect(findUtf8Misreading(cut, false, 'latin1')?.count).toBe(3);
    const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('a,b\n1,2\n')]);
    expect(findUtf8Misreading(bom, true, 'latin1')).toMatchObject({ index: 0, utf8: '\ufeff' });

    const dir = await mkdtemp(join(tmpdir(), 'mtl-misread-'));
    try {
      const path = join(dir, 'utf8.csv');
      await writeFile(path, bytes);
      for (const encoding of ['cp1252', 'latin-1', 'iso-8859-1', 'iso-8859-15']) {
        const chosen = resolveEncodingName(encoding);
        const store = new FakeStore();
        const refusal = {
          code: 'CSV_ENCODING',
          message: `utf8.csv line 2, column 'name': this is UTF-8 text, which ${chosen} reads as other characters: 'é' would be stored as '${iconv.decode(e9, chosen)}' (4 characters in the file would be stored garbled; this is the first); read it as utf-8, or detect its encoding`,
          details: {
            file: 'utf8.csv',
            line: 2,
            column: 'name',
            reason: 'UTF8_MISREAD',
            params: { encoding: chosen, utf8: 'é', read: iconv.decode(e9, chosen), count: 4 },
            remedy: { encoding: 'utf-8' },
          },
        };
        await expect(importCsv(store, path, { encoding })).rejects.toMatchObject(refusal);
        expect(store.stored).toEqual([]); // nothing stored
        await expect(previewCsv(path, { encoding })).rejects.toMatchObject(refusal);
      }
      // Read as UTF-8, chosen or detected, it imports.
      expect((await previewCsv(path, { encoding: 'utf-8' })).rows[0]).toEqual(['José', 'Zürich']);
      // latin1's C1 controls are shown as U+XXXX: UTF-8 "Ł" (C5 81) reads as "Å" and U+0081;
      // Ł, ó, ź are three two-byte sequences.
      await writeFile(path, Buffer.from('a\nŁódź\n', 'utf8'));
      await expect(previewCsv(path, { encoding: 'latin1' })).rejects.toMatchObject({
        message: expect.stringContaining(`'Ł' would be stored as 'ÅU+0081'`),
        details: { line: 2, column: 'a', params: { utf8: 'Ł', read: 'ÅU+0081', count: 3 } },
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('refuses a UTF-16 choice for a file with no byte-order mark and no NUL byte', async () => {
    // Found by a new user: --encoding utf-16le on UTF-8 said "a header but no data rows". The
    // bytes decide: iconv-lite's UTF-16LE of "a,b" is 61 00 2C 00 62 00 (a NUL in each
    // ASCII character); UTF-8 and windows-1252 text has none.
    const utf16 = iconv.encode('a,b\n1,2\n', 'utf-16le');
    expect([...utf16.subarray(0, 4)]).toEqual([0x61, 0, 0x2c, 0]);
    expect(mayBeUtf16(utf16)).toBe(true);
    expect(mayBeUtf16(iconv.encode('a,b\n1,2\n', 'utf-16be'))).toBe(true);
    expect(mayBeUtf16(Buffer.from([0xff, 0xfe, 0x42, 0x30]))).toBe(true); // mark, then 䉂 (no NUL)
    expect(mayBeUtf16(Buffer.from('a,b\n1,2\n'))).toBe(false);
    expect(mayBeUtf16(Buffer.alloc(0))).toBe(true); // empty: the empty-file error says so
    for (const name of ['utf-16le', 'UTF16BE', 'utf-16', 'ucs2'])
      expect(isUtf16Encoding(name)).toBe(true);
    for (const name of ['utf-8', 'utf-32le', 'latin1']) expect(isUtf16Encoding(name)).toBe(false);

    const dir = await mkdtemp(join(tmpdir(), 'mtl-not-utf16-'));
    try {
      const path = join(dir, 'latin.csv');
      await writeFile(path, iconv.encode('name,city\nMüller,Zürich\n', 'windows-1252'));
      const store = new FakeStore();
      await expect(importCsv(store, path, { encoding: 'utf-16be' })).rejects.toMatchObject({
        code: 'CSV_ENCODING',
        message: expect.stringMatching(
          /^latin\.csv: does not look like UTF-16 text: .* so utf-16be would read it as other characters; it looks like windows-1252 text/,
        ),
        details: {
          reason: 'NOT_UTF16_TEXT',
          params: { file: 'latin.csv', encoding: 'utf-16be', suggested: 'windows-1252' },
          remedy: { encoding: 'windows-1252' },
        },
      });
      expect(store.stored).toEqual([]);
      // UTF-16 text without a byte-order mark, chosen so, still reads.
      await writeFile(path, utf16);
      expect((await previewCsv(path, { encoding: 'utf-16le' })).rows).toEqual([['1', '2']]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('refuses latin1 for windows-1252 punctuation it would store as C1 controls', async () => {
    // Found with a new user's report: latin1 (ISO-8859-1) reads bytes 80–9F as the invisible
    // controls U+0080–U+009F. The bytes come from iconv-lite's windows-1252 encoder: “ ” – €
    // ’ are 93 94 96 80 92, five bytes in 80–9F; the first, 93, on line 2 in column 'note'.
    const text = 'name,note\nAnna,“good” – €5\nBob,it’s fine\n';
    const bytes = iconv.encode(text, 'windows-1252');
    const c1 = [...bytes].filter((b) => b >= 0x80 && b <= 0x9f);
    expect(c1).toEqual([0x93, 0x94, 0x96, 0x80, 0x92]);
    const latin1 = iconv.decode(bytes, 'latin1');
    expect(findC1Controls(latin1)).toEqual({ index: latin1.indexOf('\u0093'), count: 5 });
    expect(findC1Controls(text)).toBeNull();

    const dir = await mkdtemp(join(tmpdir(), 'mtl-c1-'));
    try {
      const path = join(dir, 'quotes.csv');
      await writeFile(path, bytes);
      const store = new FakeStore();
      await expect(importCsv(store, path, { encoding: 'ISO-8859-1' })).rejects.toMatchObject({
        code: 'CSV_ENCODING',
        message:
          "quotes.csv line 2, column 'note': latin1 reads byte 0x93 as the control character U+0093, which windows-1252 reads as '“' (5 bytes in the file would be stored as invisible controls; this is the first); it looks like windows-1252 text: read it as windows-1252, or detect its encoding",
        details: {
          reason: 'C1_CONTROL_TEXT',
          params: { line: 2, column: 'note', byte: '0x93', suggested: 'windows-1252' },
          remedy: { encoding: 'windows-1252' },
        },
      });
      expect(store.stored).toEqual([]);
      expect((await previewCsv(path, { encoding: 'windows-1252' })).rows[0][1]).toBe('“good” – €5');
      // ISO-8859-9 (turkish) on windows-1254: the same bytes, windows-1254 suggested.
      await writeFile(path, iconv.encode('ad,not\nAyşe,“iyi”\n', 'windows-1254'));
      await expect(previewCsv(path, { encoding: 'turkish' })).rejects.toMatchObject({
        details: { params: { encoding: 'iso-8859-9', byte: '0x93', suggested: 'windows-1254' } },
      });
      // A byte windows-1252 has no character for (81; CP1252.TXT) leaves latin1 the best reading.
      await writeFile(
        path,
        Buffer.from([
          ...Buffer.from('a,b\nJos'),
          0xe9,
          0x2c,
          0x31,
          0x0a,
          0x78,
          0x81,
          0x2c,
          0x32,
          0x0a,
        ]),
      );
      expect((await previewCsv(path, { encoding: 'latin1' })).rows[1]).toEqual(['x\u0081', '2']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('refuses a character the chosen encoding cannot decode past the detection sample', async () => {
    // 5000 ASCII rows (about 70 KB, past SAMPLE_BYTES), then GBK 北京 read as ascii: iconv-lite's
    // ascii decodes bytes ≥ 0x80 as U+FFFD. Line 5002 (header on line 1), column 't'.
    const rows = Array.from({ length: 5000 }, (_, i) => `${i},plain text`).join('\n');
    const dir = await mkdtemp(join(tmpdir(), 'mtl-undecodable-'));
    try {
      const path = join(dir, 'late.csv');
      await writeFile(
        path,
        Buffer.concat([Buffer.from(`n,t\n${rows}\n`), iconv.encode('5000,北京\n', 'gbk')]),
      );
      const store = new FakeStore();
      await expect(importCsv(store, path, { encoding: 'ascii' })).rejects.toMatchObject({
        code: 'CSV_ENCODING',
        details: {
          file: 'late.csv',
          line: 5002,
          column: 't',
          reason: 'CSV_UNDECODABLE',
          params: { encoding: 'ascii' },
        },
      });
      expect(store.stored).toEqual([]);
      // Chosen UTF-8 and a windows-1252 é (E9) past the sample: the byte is said to be
      // against the choice (detected, it says "as its start is").
      const latin = join(dir, 'late-latin.csv');
      await writeFile(
        latin,
        Buffer.concat([Buffer.from(`n,t\n${rows}\n5000,caf`), Buffer.from([0xe9, 0x0a])]),
      );
      for (const [encoding, why] of [
        ['utf-8', 'as chosen'],
        [undefined, 'as its start is'],
      ]) {
        await expect(importCsv(new FakeStore(), latin, { encoding })).rejects.toMatchObject({
          message: `late-latin.csv line 5002, column 't': byte 0xE9 is not UTF-8 (the file is read as UTF-8, ${why}); choose its encoding (latin1 reads every byte) or fix the byte`,
        });
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
