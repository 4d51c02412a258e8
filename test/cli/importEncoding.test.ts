/**
 * `mtl-studio import --encoding` contradicting the file. Found by a new user: a UTF-8
 * file imported with `--encoding utf-16le` failed with "typed.csv line 1: the file has a
 * header but no data rows" — true of the garbled text, but not saying why. Now a choice
 * that garbles a file of certain encoding is warned about (as the studio's wizard does
 * before importing), and one that cannot be the file's is refused: UTF-16 for a file
 * without NUL bytes, a single-byte encoding for UTF-8 text, one that cannot decode it.
 */
import { access, readFile, writeFile } from 'node:fs/promises';
import iconv from 'iconv-lite';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../store/helpers';
import { cli } from './run';

let dir: string;
let cleanup: () => Promise<void>;
let csv: string;
beforeAll(async () => {
  ({ dir, cleanup } = await makeTempDir());
  csv = join(dir, 'typed.csv');
  // UTF-8 with a non-ASCII letter: certainly UTF-8.
  await writeFile(csv, 'a,b,t\n1,2,café\n3,4,thé\n');
});
afterAll(() => cleanup());

describe('import --encoding', () => {
  it('warns when it contradicts what the file certainly is', async () => {
    // GBK pairs the bytes of UTF-8 é (C3 A9) into one Chinese character: garbled, not refused.
    expect(iconv.decode(Buffer.from('é', 'utf8'), 'gbk')).toHaveLength(1);
    const { stderr } = await cli('import', csv, '-p', join(dir, 'a.mtlproj'), '--encoding', 'gbk');
    expect(stderr).toContain(
      'warning: typed.csv is utf-8 text, but --encoding gbk reads it otherwise (garbled); leave --encoding out to read it as utf-8',
    );
  });

  it('refuses UTF-16 for a file without NUL bytes, storing nothing', async () => {
    // typed.csv is UTF-8 (written above): no byte-order mark, and no 00 byte, which UTF-16
    // text has in each ASCII character (its commas and line breaks).
    expect((await readFile(csv)).includes(0)).toBe(false);
    for (const encoding of ['utf-16le', 'UTF-16BE', 'utf-16']) {
      const project = join(dir, `u16-${encoding}.mtlproj`);
      const { code, stderr } = await cli('import', csv, '-p', project, '--encoding', encoding);
      expect(code, encoding).not.toBe(0);
      expect(stderr).toBe(
        `error: typed.csv: does not look like UTF-16 text: it has no byte-order mark and no NUL bytes, which UTF-16 text has in its line breaks and delimiters (a comma is 2C 00, or 00 2C), so ${encoding.toLowerCase()} would read it as other characters; it looks like utf-8 text: read it as utf-8, or detect its encoding; use --encoding utf-8\n`,
      );
      await expect(access(project)).rejects.toThrow();
    }
  });

  it('refuses a single-byte encoding for UTF-8 text, storing nothing', async () => {
    // Found by a new user: --encoding cp1252 stored "Ã©" with only a "(garbled)" warning. The
    // stored reading is computed from the bytes: UTF-8 é (C3 A9) decoded by iconv-lite as
    // windows-1252; typed.csv has two é, the first on line 2 in column 't'.
    const read = iconv.decode(Buffer.from('é', 'utf8'), 'windows-1252');
    const project = join(dir, 'a2.mtlproj');
    const { code, stderr } = await cli('import', csv, '-p', project, '--encoding', 'cp1252');
    expect(code).not.toBe(0);
    expect(stderr).toContain(
      `error: typed.csv line 2, column 't': this is UTF-8 text, which windows-1252 reads as other characters: 'é' would be stored as '${read}' (2 characters in the file would be stored garbled; this is the first); read it as utf-8, or detect its encoding; use --encoding utf-8\n`,
    );
    expect(stderr).not.toContain('warning');
    await expect(access(project)).rejects.toThrow(); // nothing stored
  });

  it('says nothing when it agrees', async () => {
    const { code, stderr } = await cli(
      'import',
      csv,
      '-p',
      join(dir, 'b.mtlproj'),
      '--encoding',
      'utf-8',
    );
    expect(code).toBe(0);
    expect(stderr).not.toContain('warning');
  });

  it('warns, without --encoding, when the file mixes UTF-8 with another encoding', async () => {
    // Found by a new user: read as windows-1252 without a word, garbling the UTF-8 names.
    const mixed = join(dir, 'mixed.csv');
    await writeFile(
      mixed,
      Buffer.concat([
        Buffer.from('name,n\nJosé,1\n', 'utf8'),
        iconv.encode('Zoë,2\n', 'windows-1252'),
      ]),
    );
    const { code, stderr } = await cli('import', mixed, '-p', join(dir, 'c.mtlproj'));
    expect(code).toBe(0);
    expect(stderr).toMatch(
      /warning: mixed\.csv mixes two encodings: it holds UTF-8 characters, but line 3 is not UTF-8; read as [\w-]+, its UTF-8 characters are garbled/,
    );
  });

  it('reads a Latin-1 German file as windows-1252, not as GB18030', async () => {
    // Found by a new user: imported as GB18030, "M黮ler", "Z黵ich", with only "(gb18030, …)"
    // to tell. Expected names typed by hand: the text written below.
    const german = join(dir, 'de2.csv');
    await writeFile(
      german,
      iconv.encode('name,city,y\nMüller,Zürich,a\nSchäfer,Köln,b\n', 'latin1'),
    );
    const { code, stdout } = await cli('import', german, '-p', join(dir, 'e.mtlproj'), '--json');
    expect(code).toBe(0);
    const dataset = JSON.parse(stdout).dataset;
    expect(dataset.encoding).toBe('windows-1252');
    const values = (i: number) =>
      dataset.columns[i].profile.topCategories.map((c: { value: string }) => c.value).sort();
    expect(values(0)).toEqual(['Müller', 'Schäfer']);
    expect(values(1)).toEqual(['Köln', 'Zürich']);
  });

  it('stops at a byte that is not UTF-8 past the detection sample, naming line and column', async () => {
    // Found by a new user: past the first 64 KB it became '\ufffd' without a word. Lines 2–5001
    // are ASCII rows (about 70 KB); line 5002 holds windows-1252 "é" (0xE9) in column "t".
    const rows = Array.from({ length: 5000 }, (_, i) => `${i},plain text`).join('\n');
    const late = join(dir, 'late.csv');
    await writeFile(
      late,
      Buffer.concat([
        Buffer.from(`n,t\n${rows}\n5000,caf`),
        Buffer.from([0xe9]),
        Buffer.from('\n'),
      ]),
    );
    const { code, stderr } = await cli('import', late, '-p', join(dir, 'd.mtlproj'));
    expect(code).not.toBe(0);
    expect(stderr).toContain(
      "late.csv line 5002, column 't': byte 0xE9 is not UTF-8 (the file is read as UTF-8, as its start is); choose its encoding (latin1 reads every byte) or fix the byte",
    );
  });

  it('reads an alias as the offered name, and answers an unknown name with the closest ones', async () => {
    // cp1252 and windows-1252 are one codec in iconv-lite (sbcs-data.js); the file is ASCII.
    const ascii = join(dir, 'ascii.csv');
    await writeFile(ascii, 'a,b\n1,x\n2,y\n');
    const ok = await cli(
      'import',
      ascii,
      '-p',
      join(dir, 'f.mtlproj'),
      '--encoding',
      'CP1252',
      '--json',
    );
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout).dataset.encoding).toBe('windows-1252');
    // An alias of a name the wizard does not offer is stored as its codec's name: iconv-lite's
    // sbcs-data.js maps turkish to iso88599 (found by a new user: stored as 'turkish').
    const turkish = await cli(
      'import',
      ascii,
      '-p',
      join(dir, 'f2.mtlproj'),
      '--encoding',
      'turkish',
      '--json',
    );
    expect(JSON.parse(turkish.stdout).dataset.encoding).toBe('iso-8859-9');
    const { code, stderr } = await cli(
      'import',
      ascii,
      '-p',
      join(dir, 'g.mtlproj'),
      '--encoding',
      'utf-61le',
    );
    expect(code).not.toBe(0);
    expect(stderr).toContain(
      "Unknown text encoding 'utf-61le'; did you mean utf-16le or utf-32le? The encodings offered are utf-8, utf-16le, utf-16be, utf-32le, utf-32be, gb18030, gbk, big5, shift_jis, windows-1252, latin1, iso-8859-15, iso-8859-2, windows-1254",
    );
  });

  it('refuses a forced encoding that cannot decode the file, storing nothing', async () => {
    // Found by a new user: GBK read with --encoding shift_jis stored "ﾕﾅﾈ�". By hand: 三 is GBK
    // C8 FD and shift_jis has no trail byte FD, so line 2, column 'name' holds the first U+FFFD.
    const gbk = join(dir, 'gbk.csv');
    await writeFile(gbk, iconv.encode('name,city\n张三,北京\n李四,上海\n', 'gbk'));
    const project = join(dir, 'h.mtlproj');
    const { code, stderr } = await cli('import', gbk, '-p', project, '--encoding', 'shift_jis');
    expect(code).not.toBe(0);
    expect(stderr).toMatch(
      /gbk\.csv line 2, column 'name': shift_jis cannot decode this text \(\d+ characters? in the file would be stored as the replacement character U\+FFFD; this is the first\); it looks like gb18030 text: read it as gb18030, or detect its encoding; use --encoding gb18030/,
    );
    await expect(access(project)).rejects.toThrow(); // no project file left behind
    // Without --encoding it is detected and imported.
    const detected = await cli('import', gbk, '-p', project, '--json');
    expect(detected.code).toBe(0);
    expect(JSON.parse(detected.stdout).dataset.encoding).toBe('gb18030');
  });

  it('refuses a single-byte encoding or Big5 for GBK Chinese text, storing nothing', async () => {
    // Found by a new user: a GBK table imported with --encoding windows-1252 (latin1, big5)
    // stored column names like "Æ·ÖÖ", exit 0. The stored readings are iconv-lite's decoders
    // of GBK "品种" (C6 B7 D6 D6); the table has 2+2 + 3·(2+2) = 16 Chinese characters.
    const gbk = join(dir, 'wine_zh.csv');
    await writeFile(gbk, iconv.encode('品种,产区\n巴贝,北京\n黑皮,宁夏\n赤霞,新疆\n', 'gbk'));
    const bytes = iconv.encode('品种', 'gbk');
    for (const encoding of ['windows-1252', 'latin1', 'big5']) {
      const project = join(dir, `zh-${encoding}.mtlproj`);
      const { code, stderr } = await cli('import', gbk, '-p', project, '--encoding', encoding);
      expect(code, encoding).not.toBe(0);
      expect(stderr).toBe(
        `error: wine_zh.csv line 1, column 1: this is gb18030 Chinese text, which ${encoding} reads as other characters: '品种' would be stored as '${iconv.decode(bytes, encoding)}' (16 Chinese characters in the file would be stored garbled; this is the first word); read it as gb18030, or detect its encoding; use --encoding gb18030\n`,
      );
      await expect(access(project)).rejects.toThrow(); // nothing stored
    }
    const json = await cli(
      'import',
      gbk,
      '-p',
      join(dir, 'zh-json.mtlproj'),
      '--encoding',
      'windows-1252',
      '--json',
    );
    expect(json.code).not.toBe(0);
    expect(JSON.parse(json.stdout).error).toMatchObject({
      code: 'CSV_ENCODING',
      details: {
        reason: 'GB_MISREAD',
        params: { text: '品种', read: 'Æ·ÖÖ', suggested: 'gb18030', count: 16 },
        remedy: { encoding: 'gb18030' },
      },
    });
    // A windows-1252 file of accented French and German words still imports.
    const western = join(dir, 'western.csv');
    const text = 'name,note\nÉlodie,très bon café\nMüller,Größe und Straße\n';
    await writeFile(western, iconv.encode(text, 'windows-1252'));
    const ok = await cli(
      'import',
      western,
      '-p',
      join(dir, 'western.mtlproj'),
      '--encoding',
      'windows-1252',
    );
    expect(ok.code).toBe(0);
  });

  it('notes a windows-1252 reading that looks Turkish, on stderr and under encodingNotes', async () => {
    // A Turkish sentence encoded by iconv-lite as windows-1254; detection reads windows-1252.
    const tr = join(dir, 'tr.csv');
    await writeFile(
      tr,
      iconv.encode('id,cümle\n1,Ayşe ağır çantasını taşıdı\n2,Gülşen Muğla\n', 'windows-1254'),
    );
    const message =
      'note: tr.csv is read as windows-1252, but line 2 has þ, ð or ý between letters, which windows-1254 reads as Turkish ş, ğ, ı (and Ý as İ): it may be windows-1254 text; if the names read wrong, import it with --encoding windows-1254';
    const plain = await cli('import', tr, '-p', join(dir, 'i.mtlproj'));
    expect(plain.code).toBe(0);
    expect(plain.stderr).toContain(message);
    const json = await cli('import', tr, '-p', join(dir, 'j.mtlproj'), '--json');
    expect(JSON.parse(json.stdout).encodingNotes).toEqual([
      { kind: 'mayBeWindows1254', encoding: 'windows-1254', line: 2, message },
    ]);
    // Forced, it reads ş and no note follows.
    const forced = await cli(
      'import',
      tr,
      '-p',
      join(dir, 'k.mtlproj'),
      '--encoding',
      'windows-1254',
      '--json',
    );
    const doc = JSON.parse(forced.stdout);
    expect(doc.encodingNotes).toEqual([]);
    expect(
      doc.dataset.columns[1].profile.topCategories.map((c: { value: string }) => c.value).sort(),
    ).toEqual(['Ayşe ağır çantasını taşıdı', 'Gülşen Muğla']);
  });
});
