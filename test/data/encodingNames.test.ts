/**
 * Encoding names: detector names mapped to iconv-lite's, aliases normalised to the offered
 * names, unknown names refused with the closest offered ones, and the offered list labelled.
 */
import { describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import { previewCsv } from '../../src/main/data/preview';
import { chooseEncoding } from '../../src/main/data/encodingDetect';
import { detectorNameToIconv, resolveEncodingName } from '../../src/main/data/encodingNames';
import { OFFERED_ENCODINGS, OFFERED_ENCODING_NAMES } from '../../src/shared/encodings';
import { MESSAGES } from '../../src/renderer/src/i18n';
import { fixture } from './fakeStore';

describe('encoding detection and decoding', () => {
  it('rejects an unknown encoding name with CSV_ENCODING naming it', async () => {
    await expect(previewCsv(fixture('utf8.csv'), { encoding: 'klingon-8' })).rejects.toMatchObject({
      code: 'CSV_ENCODING',
      message: expect.stringContaining("'klingon-8'"),
    });
  });

  it('maps detector names to iconv-lite names', () => {
    expect(detectorNameToIconv('GB2312')).toBe('gb18030');
    expect(detectorNameToIconv('GBK')).toBe('gb18030');
    expect(detectorNameToIconv('ascii')).toBe('utf-8');
    expect(detectorNameToIconv('ISO-8859-1')).toBe('windows-1252');
    expect(detectorNameToIconv('SHIFT_JIS')).toBe('shift_jis');
    expect(detectorNameToIconv('EUC-TW')).toBeNull(); // iconv-lite cannot decode it
  });

  it('normalises encoding aliases with iconv-lite’s own resolution to the offered names', () => {
    // Expected names: the wizard's list (src/shared/encodings.ts); each pair is one codec in
    // iconv-lite 0.7 (encodings/internal.js utf16le → ucs2; sbcs-data.js cp1252 → windows1252,
    // latin1 → iso88591, win1254 → windows1254, l2 → iso88592; dbcs-data.js sjis → shiftjis).
    const cases: [string, string][] = [
      ['utf-16-le', 'utf-16le'],
      ['UTF16LE', 'utf-16le'],
      ['utf_16le', 'utf-16le'],
      ['cp1252', 'windows-1252'],
      ['latin-1', 'latin1'],
      ['ISO-8859-1', 'latin1'],
      ['UTF8', 'utf-8'],
      [' win1254 ', 'windows-1254'],
      ['l2', 'iso-8859-2'],
      ['sjis', 'shift_jis'],
      ['UTF-32LE', 'utf-32le'],
    ];
    for (const [given, offered] of cases) expect(resolveEncodingName(given), given).toBe(offered);
    // A name iconv-lite knows that the wizard does not offer is spelled as its codec's name
    // (found by a new user: --encoding turkish was stored as 'turkish'). Expected from
    // iconv-lite 0.7's tables: sbcs-data.js turkish, latin5 → iso88599 (ISO-8859-9, not
    // windows-1254: its 80–9F are C1 controls); sbcs-data-generated.js cp1251 → windows1251;
    // sbcs-data.js cskoi8r → koi8r; dbcs-data.js euckr → cp949 (spelled euc-kr).
    const others: [string, string][] = [
      ['turkish', 'iso-8859-9'],
      ['iso8859-9', 'iso-8859-9'],
      ['Latin5', 'iso-8859-9'],
      ['cp1251', 'windows-1251'],
      ['KOI8-R', 'koi8-r'],
      ['cskoi8r', 'koi8-r'],
      ['EUCKR', 'euc-kr'],
      ['UTF16', 'utf-16'],
    ];
    for (const [given, name] of others) expect(resolveEncodingName(given), given).toBe(name);
    // One stored name per codec, whichever way it was named: the user's or the detector's.
    expect(detectorNameToIconv('EUC-KR')).toBe('euc-kr');
    expect(chooseEncoding(Buffer.from('a\n'), true, 'turkish').encoding).toBe('iso-8859-9');
    // Every offered name is its own canonical name.
    for (const name of OFFERED_ENCODING_NAMES) expect(resolveEncodingName(name)).toBe(name);
    expect(chooseEncoding(Buffer.from('a\n'), true, 'UTF16LE').encoding).toBe('utf-16le');
    // iconv-lite 0.7's cp936 (dbcs-data.js: gb2312, ms936, windows936, 936 → cp936) is GBK
    // less gbk-added.json: stored as gbk, which decodes every byte pair it decodes the same
    // (checked below on all lead 81–FE, trail 40–FE pairs) and 2 149 more.
    for (const name of ['cp936', 'CP936', 'gb2312', 'ms936', 'windows-936']) {
      expect(resolveEncodingName(name), name).toBe('gbk');
    }
    let differ = 0;
    for (let lead = 0x81; lead <= 0xfe; lead++) {
      for (let trail = 0x40; trail <= 0xfe; trail++) {
        const pair = Buffer.from([lead, trail]);
        const narrow = iconv.decode(pair, 'cp936');
        if (!narrow.includes('\ufffd') && narrow !== iconv.decode(pair, 'gbk')) differ++;
      }
    }
    expect(differ).toBe(0);
    // 'ucs-2' is iconv-lite's alias of utf-16le (internal.js ucs2 = utf16le); 'UTF-16' its own
    // codec, which takes the byte order from a mark or guesses it: stored as 'utf-16'.
    expect(resolveEncodingName('ucs-2')).toBe('utf-16le');
    expect(resolveEncodingName('UTF-16')).toBe('utf-16');
  });

  it('answers an unknown encoding with the closest offered names and the offered set', async () => {
    const accepted =
      'utf-8, utf-16le, utf-16be, utf-32le, utf-32be, gb18030, gbk, big5, shift_jis, windows-1252, latin1, iso-8859-15, iso-8859-2, windows-1254';
    // utf61le is two substitutions from utf16le and utf32le (counted by hand), further from the rest.
    await expect(previewCsv(fixture('utf8.csv'), { encoding: 'utf-61le' })).rejects.toMatchObject({
      code: 'CSV_ENCODING',
      message: `Unknown text encoding 'utf-61le'; did you mean utf-16le or utf-32le? The encodings offered are ${accepted} (or another name iconv-lite knows, e.g. koi8-r)`,
      details: {
        reason: 'UNKNOWN_ENCODING_SIMILAR',
        params: { encoding: 'utf-61le', similar: 'utf-16le, utf-32le', accepted },
      },
    });
    expect(() => resolveEncodingName('windows-1245')).toThrow(
      'did you mean windows-1252 or windows-1254?',
    );
    await expect(previewCsv(fixture('utf8.csv'), { encoding: 'klingon-8' })).rejects.toMatchObject({
      details: { reason: 'UNKNOWN_ENCODING', params: { encoding: 'klingon-8', accepted } },
    });
  });

  it('offers only encodings iconv-lite decodes, Turkish and Central European ones included, labelled in en and zh-CN', () => {
    // Code points from the windows-1254, ISO-8859-2, ISO-8859-15 charts (Unicode mapping
    // tables, MAPPINGS/VENDORS/MICSFT and ISO8859): FE ş, F0 ğ, FD ı, DD İ; ISO-8859-2 B3 ł,
    // EA ę; ISO-8859-15 A4 €.
    expect(iconv.decode(Buffer.from([0xfe, 0xf0, 0xfd, 0xdd]), 'windows-1254')).toBe('şğıİ');
    expect(iconv.decode(Buffer.from([0xb3, 0xea]), 'iso-8859-2')).toBe('łę');
    expect(iconv.decode(Buffer.from([0xa4]), 'iso-8859-15')).toBe('€');
    // UTF-32 LE of "a€" (U+0061, U+20AC), written by hand.
    expect(iconv.decode(Buffer.from([0x61, 0, 0, 0, 0xac, 0x20, 0, 0]), 'utf-32le')).toBe('a€');
    for (const { name, script } of OFFERED_ENCODINGS) {
      expect(iconv.encodingExists(name), name).toBe(true);
      for (const locale of ['en', 'zh-CN'] as const) {
        const label = MESSAGES[locale].data.import.encodingScript[script];
        expect(label, `${locale} ${script}`).toMatch(/\S/);
      }
    }
    expect(OFFERED_ENCODING_NAMES).toEqual(
      expect.arrayContaining(['windows-1254', 'iso-8859-2', 'iso-8859-15', 'utf-32le', 'utf-32be']),
    );
  });
});
