/**
 * A chosen single-byte encoding or Big5 for GBK/GB18030 Chinese text is refused (GB_MISREAD,
 * naming file, line, column, the word in both readings and gb18030), as a choice that cannot
 * decode it is (UNDECODABLE_TEXT). Found by a new user: a GBK wine table imported with
 * `--encoding windows-1252` (also latin1, big5) stored column names like "Æ·ÖÖ", exit 0.
 * Every file is written by iconv-lite (an independent encoder) from known text, and the
 * expected readings are iconv-lite's decoders of the same bytes: "品种" is GBK C6 B7 D6 D6
 * (GB 2312 code chart: 品 row 38 cell 23, 种 row 54 cell 54, each + A0), which windows-1252
 * reads as Æ · Ö Ö.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveCsvFormat } from '../../src/main/data/csvFormat';
import { findGbMisreading, MIN_EVEN_RUN_SHARE } from '../../src/main/data/encodingDetect';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mtl-gbmisread-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** A small Chinese table as the new user's (wine varieties, grades, regions). */
const WINE =
  '品种,酒精等级,产区,酸度\n巴贝拉,高,北京,1.71\n巴贝拉,高,宁夏,1.78\n黑皮诺,中,山东,2.36\n赤霞珠,低,新疆,1.95\n';

/** Write `text` in `encoding` to a file of `dir`. */
async function written(name: string, text: string, encoding: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, iconv.encode(text, encoding));
  return path;
}

describe('a chosen single-byte encoding or Big5 for GBK Chinese text', () => {
  it('refuses it, naming line, column, both readings and gb18030', async () => {
    const path = await written('wine.csv', WINE, 'gbk');
    const bytes = iconv.encode('品种', 'gbk');
    expect([...bytes]).toEqual([0xc6, 0xb7, 0xd6, 0xd6]);
    // Chinese characters in WINE (the count), by hand: header 2+4+2+2, four rows of 3+1+2.
    const chinese = 34;
    expect([...WINE].filter((c) => c.charCodeAt(0) >= 0x80)).toHaveLength(chinese);
    for (const encoding of ['windows-1252', 'latin1', 'big5', 'iso-8859-15', 'windows-1254']) {
      await expect(resolveCsvFormat(path, { encoding }), encoding).rejects.toMatchObject({
        code: 'CSV_ENCODING',
        details: {
          reason: 'GB_MISREAD',
          params: {
            line: 1,
            column: 1,
            encoding,
            text: '品种',
            read: iconv.decode(bytes, encoding),
            suggested: 'gb18030',
            count: chinese,
          },
          remedy: { encoding: 'gb18030' },
        },
      });
    }
    expect(iconv.decode(bytes, 'windows-1252')).toBe('Æ·ÖÖ');
    await expect(resolveCsvFormat(path, { encoding: 'cp1252' })).rejects.toThrow(
      "wine.csv line 1, column 1: this is gb18030 Chinese text, which windows-1252 reads as other characters: '品种' would be stored as 'Æ·ÖÖ' (34 Chinese characters in the file would be stored garbled; this is the first word); read it as gb18030, or detect its encoding",
    );
    const read = await resolveCsvFormat(path, { encoding: 'gb18030' });
    expect(read.sampleText).toBe(WINE);
  });

  it('names the column of a first Chinese word in a data row as the header has it', async () => {
    const path = await written('rows.csv', 'id,city\n1,北京\n2,上海\n3,广州\n', 'gbk');
    await expect(resolveCsvFormat(path, { encoding: 'windows-1252' })).rejects.toMatchObject({
      details: { reason: 'GB_MISREAD', params: { line: 2, column: 'city', text: '北京' } },
    });
  });
});

describe('real single-byte and Big5 files are not refused', () => {
  /** Sentences in the encodings their languages use, each chosen as that encoding. */
  const WESTERN: [string, string][] = [
    ['Le café est très bon, à côté de la rivière. Élodie préfère les crêpes.', 'windows-1252'],
    ['Müller aus Zürich trinkt gern Bier; Größe, Straße, Äpfel, Öl, übel.', 'windows-1252'],
    ['El niño comió piñata en España; canción, corazón, mañana, señorita.', 'latin1'],
    ['A informação da ação em São Paulo; coração, irmãos, pães.', 'windows-1252'],
    ['Gülşen Kırşehir’de yaşıyor; İzmir, Muğla, çiçek, öğretmen.', 'windows-1254'],
    ['Þórður og Guðrún búa á Íslandi; æðarfugl, örn.', 'latin1'],
    ['Москва столица России, привет мир, хорошая погода', 'windows-1251'],
    ['Москва столица России, привет мир, хорошая погода', 'koi8-r'],
  ];

  it('imports accented Western, Turkish and Cyrillic text in the chosen encoding', async () => {
    for (const [sentence, encoding] of WESTERN) {
      const text = `id,note\n1,${sentence}\n2,${sentence.split(' ').reverse().join(' ')}\n`;
      const path = await written(`w-${encoding}.csv`, text, encoding);
      const bytes = iconv.encode(text, encoding);
      expect(findGbMisreading(bytes, true, encoding), sentence).toBeNull();
      // windows-1252 and latin1 too, as a user might choose for any of them.
      expect(findGbMisreading(bytes, true, 'windows-1252'), sentence).toBeNull();
      const read = await resolveCsvFormat(path, { encoding });
      expect(read.sampleText, sentence).toBe(text);
    }
  });

  it('imports Big5 traditional Chinese chosen as big5', async () => {
    const text =
      '品種,產區,說明\n巴貝拉,北京,這是一個很好的葡萄酒\n黑皮諾,寧夏,顏色很深，味道濃郁\n';
    const path = await written('big5.csv', text, 'big5');
    const read = await resolveCsvFormat(path, { encoding: 'big5' });
    expect(read.sampleText).toBe(text);
  });

  it('leaves GB, UTF and other multi-byte choices alone', () => {
    const bytes = iconv.encode(WINE, 'gbk');
    for (const encoding of ['gbk', 'gb18030', 'utf-8', 'shift_jis', 'utf-16le']) {
      expect(findGbMisreading(bytes, true, encoding), encoding).toBeNull();
    }
    expect(findGbMisreading(bytes, true, 'windows-1252')).not.toBeNull();
  });

  it('needs the runs of high bytes to be of even length, as GBK pairs make them', () => {
    // GBK text with one Latin-1 "é" (E9) alone after a letter: 1 odd run of 6.
    const mixed = Buffer.concat([
      iconv.encode('a,b\n北京,上海\n广州,深圳\n成都,杭州\n', 'gbk'),
      Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x0a]),
    ]);
    expect(5 / 6).toBeLessThan(MIN_EVEN_RUN_SHARE);
    expect(findGbMisreading(mixed, true, 'windows-1252')).toBeNull();
  });
});
