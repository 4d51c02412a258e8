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
  isValidUtf8,
  mayBeUtf16,
  mixedUtf8Line,
} from '../../src/main/data/encodingChecks';
import {
  chooseEncoding,
  CONTRADICTED_CONFIDENCE,
  detectEncoding,
  gb18030LatinLetterCount,
  gbkPairEvidence,
  looksLikeLatinInGb18030,
  MIXED_CONFIDENCE,
  suggestedEncoding,
  windows1254Line,
} from '../../src/main/data/encodingDetect';
import {
  detectorNameToIconv,
  isUtf16Encoding,
  resolveEncodingName,
} from '../../src/main/data/encodingNames';
import { OFFERED_ENCODINGS, OFFERED_ENCODING_NAMES } from '../../src/shared/encodings';
import { MESSAGES } from '../../src/renderer/src/i18n';
import { FakeStore, fixture } from './fakeStore';

// The table written by make-fixtures.mjs in UTF-8, UTF-8+BOM and UTF-16LE+BOM.
const unicodeHeader = ['name', 'city', 'greeting', 'score'];
const unicodeRows = [
  ['Zoë', 'Zürich', 'café crème', '1.5'],
  ['Łukasz', 'Kraków', 'żółw', '2'],
  ['Иван', 'Москва', 'привет', '3.25'],
  ['李雷', '北京', '你好', '4'],
  ['Ana', 'São Paulo', 'olá', '-0.5'],
];

describe('encoding detection and decoding', () => {
  it('flags a file that mixes UTF-8 with windows-1252, naming the first line that is not UTF-8', async () => {
    // Found by a new user: such a file was read as windows-1252 without a word, so its
    // UTF-8 names turned into mojibake ("ZoÃ«"). Line 3 holds "Zoë" as windows-1252 (ë =
    // 0xEB, which starts no well-formed UTF-8 character before 'R': RFC 3629).
    const bytes = Buffer.concat([
      Buffer.from('name,city\nJosé,Zürich\n', 'utf8'),
      iconv.encode('Zoë,Rome\n', 'windows-1252'),
    ]);
    expect(isValidUtf8(bytes, true)).toBe(false);
    expect(mixedUtf8Line(bytes, true)).toBe(3);
    const guess = detectEncoding(bytes, true);
    expect(guess.mixedUtf8Line).toBe(3);
    expect(guess.confidence).toBeLessThanOrEqual(MIXED_CONFIDENCE);
    const dir = await mkdtemp(join(tmpdir(), 'mtl-mixed-'));
    try {
      await writeFile(join(dir, 'mixed.csv'), bytes);
      expect((await previewCsv(join(dir, 'mixed.csv'))).mixedUtf8Line).toBe(3);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('reads mostly-UTF-8 text with a stray windows-1252 byte as mixed, not as GB18030', async () => {
    // Found by a new user: "café" and "it’s" with ’ as windows-1252 0x92 (which starts a
    // GB18030 pair) was read as GB18030 — "caf茅", "it抯" — without a word.
    const bytes = Buffer.from([
      ...Buffer.from('id,name\n1,caf\u00e9\n2,it', 'utf8'),
      0x92,
      ...Buffer.from('s\n', 'utf8'),
    ]);
    const guess = detectEncoding(bytes, true);
    expect(guess).toEqual({
      encoding: 'windows-1252',
      confidence: MIXED_CONFIDENCE,
      source: 'fallback',
      mixedUtf8Line: 3,
    });
    // Real CJK legacy text stays itself (its pairs are well-formed UTF-8 only by accident).
    for (const encoding of ['gbk', 'big5', 'euc-kr', 'shift_jis']) {
      const cjk = iconv.encode(
        '姓名,部门,评价\n张伟,销售部,好\n王芳,技术部,很好\n'.repeat(20),
        encoding,
      );
      expect(detectEncoding(cjk, true).mixedUtf8Line).toBeUndefined();
    }
  });

  it('does not flag one-encoding files: all UTF-8, all windows-1252, or overlong forms only', () => {
    const utf8 = Buffer.from('name\nJosé\n', 'utf8');
    expect(mixedUtf8Line(utf8, true)).toBeNull();
    expect(detectEncoding(utf8, true).mixedUtf8Line).toBeUndefined();
    const latin = iconv.encode('name\nJosé\nZoë\n', 'windows-1252');
    expect(mixedUtf8Line(latin, true)).toBeNull();
    expect(detectEncoding(latin, true).mixedUtf8Line).toBeUndefined();
    // C0 80 is an overlong NUL and ED A0 80 a surrogate: not well-formed UTF-8 (RFC 3629).
    expect(mixedUtf8Line(Uint8Array.from([0x61, 0xc0, 0x80, 0xed, 0xa0, 0x80]), true)).toBeNull();
    // GBK's 中 is D6 D0 and 京 is BE A9: BE A9 is not UTF-8, but 国 (B9 FA) … pairs such
    // as D6 A1 (只) are well-formed UTF-8 by accident; a multi-byte detection is never mixed.
    const gbk = iconv.encode('名称,城市\n只有,北京\n'.repeat(20), 'gbk');
    expect(detectEncoding(gbk, true).mixedUtf8Line).toBeUndefined();
    // Found in review: a pure windows-1252 line 'Über „Maß“ hinaus' holds DF 93 ("ß“"),
    // the well-formed UTF-8 bytes of U+07D3 (NKo), which no Western text has.
    const german = iconv.encode('name,city\nJosé,São Paulo\nÜber „Maß“ hinaus,x\n', 'windows-1252');
    expect(mixedUtf8Line(german, true)).toBeNull();
    // Lines end with CR, CRLF or LF, as in CSV errors: the bad byte is on line 3.
    const crlf = Buffer.concat([Buffer.from('a\r\nJosé\r', 'utf8'), Buffer.from([0xeb, 0x0a])]);
    expect(mixedUtf8Line(crlf, true)).toBe(3);
    // A character cut at the end of a sample is not a bad byte.
    expect(mixedUtf8Line(Buffer.from('é,é', 'utf8').subarray(0, 4), false)).toBeNull();
  });

  it.each([
    ['utf8.csv', 'utf-8'],
    ['utf8-bom.csv', 'utf-8'],
    ['utf16le-bom.csv', 'utf-16le'],
  ])('decodes %s exactly as %s, without a BOM in the first name', async (name, encoding) => {
    const preview = await previewCsv(fixture(name));
    expect(preview.encoding).toBe(encoding);
    expect(preview.header).toEqual(unicodeHeader);
    expect(preview.rows).toEqual(unicodeRows);
    // 5 distinct values ≤ 20: categorical, not text.
    expect(preview.inferredTypes).toEqual(['categorical', 'categorical', 'categorical', 'numeric']);
  });

  it('detects GB18030 (jschardet GB family) and decodes the Chinese categories', async () => {
    const preview = await previewCsv(fixture('gb18030.csv'));
    expect(preview.encoding).toBe('gb18030');
    expect(preview.header).toEqual(['城市', '人口', '等级', '天气']);
    expect(preview.rows[0]).toEqual(['北京', '1000', '新一线城市', '晴天']);
    expect(preview.rows[1]).toEqual(['上海', '1037', '一线城市', '多云']);
    expect(preview.rows[2]).toEqual(['广州', '1074', '一线城市', '小雨']);

    const store = new FakeStore();
    const info = await importCsv(store, fixture('gb18030.csv'));
    const city = info.columns[0];
    expect(city.type).toBe('categorical');
    expect(city.profile.topCategories).toEqual([
      { value: '上海', count: 10 },
      { value: '北京', count: 10 },
      { value: '广州', count: 10 },
      { value: '深圳', count: 10 },
    ]);
    expect(info.encoding).toBe('gb18030');
  });

  it('reads Latin-1 German, French, Spanish, Portuguese and Turkish as windows-1252, not GB18030', async () => {
    // Found by a new user: "Müller,Zürich" in Latin-1 was read as GB18030 "M黮ler,Z黵ich"
    // (every "ü"+letter is a valid GBK pair, FC 6C). Expected texts are the strings
    // encoded here, typed by hand; the pair counts are counted by hand from the bytes.
    const german = 'name,city,y\nMüller,Zürich,a\nSchäfer,Köln,b\n';
    // ü+l, ü+r, ä+f, ö+l: four pairs, all with an ASCII trail byte (40–7E).
    expect(gbkPairEvidence(iconv.encode(german, 'latin1'))).toEqual({ twoByte: 4, latinLike: 4 });
    // "çã" of "informação" is E7 E3, a GB2312-area pair, but alone between 'a' and 'o'.
    const portuguese = 'ação,região\nsituação,função\nexceção,população\n';
    expect(gbkPairEvidence(iconv.encode(portuguese, 'latin1'))).toEqual({
      twoByte: 6,
      latinLike: 6,
    });
    const samples: [string, string][] = [
      [german, 'latin1'],
      ['Straße,Universität\nMüller,Zürich\n', 'latin1'],
      ['nom,ville\nFrançois,Besançon\nHélène,Orléans\n', 'windows-1252'],
      ['nombre,ciudad\nJosé,Cádiz\nMaría,Logroño\n', 'latin1'],
      [portuguese, 'latin1'],
      ['nome,cidade\nJoão,São Paulo\nConceição,Maranhão\n', 'latin1'],
    ];
    for (const [text, encoding] of samples) {
      const bytes = iconv.encode(text, encoding);
      const guess = detectEncoding(bytes, true);
      expect(guess.encoding, text).toBe('windows-1252');
      expect(iconv.decode(bytes, guess.encoding)).toBe(text);
    }
    // Turkish windows-1254 (ş FE, ğ F0): jschardet does not tell it from windows-1252, so
    // ş still reads as þ; but it is no longer read as Chinese.
    const turkish = iconv.encode('ad,şehir\nÇağlar,Gölcük\nGülşen,Muğla\n', 'windows-1254');
    expect(detectEncoding(turkish, true).encoding).not.toBe('gb18030');
    // A 32-row file whose header holds "Straße": every accented letter is followed by a
    // letter, so the GBK reading has no U+FFFD (the user's "Stra遝").
    const names = [
      'Müller',
      'Schäfer',
      'Jürgen',
      'Günther',
      'Bäcker',
      'Köhler',
      'Größer',
      'Weißer',
    ];
    const cities = ['Zürich', 'Köln', 'München', 'Düsseldorf', 'Nürnberg', 'Lübeck', 'Würzburg'];
    let csv = 'Straße,Universität,Stadt,y\n';
    for (let i = 0; i < 32; i++) {
      csv += `${names[i % 8]},Universität ${cities[(i * 3) % 7]},${cities[i % 7]},${'abc'[i % 3]}\n`;
    }
    const dir = await mkdtemp(join(tmpdir(), 'mtl-latin-'));
    try {
      await writeFile(join(dir, 'de32.csv'), iconv.encode(csv, 'latin1'));
      const preview = await previewCsv(join(dir, 'de32.csv'));
      expect(preview.encoding).toBe('windows-1252');
      expect(preview.encodingConfidence).toBeLessThan(0.5); // the UI asks the user to check
      expect(preview.header).toEqual(['Straße', 'Universität', 'Stadt', 'y']);
      expect(preview.rows[0]).toEqual(['Müller', 'Universität Zürich', 'Zürich', 'a']);
      expect(preview.rows[1]).toEqual(['Schäfer', 'Universität Düsseldorf', 'Köln', 'b']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('still reads short and long GB18030 Chinese, rare characters included, as GB18030', async () => {
    // Hand-checked: GB2312 pairs have both bytes ≥ A1 (张 D5 C5, 伟 CE B0); 喆 (GBK 86 B4)
    // and 昇 are GBK extension characters, one of six pairs with an ASCII-range trail.
    const samples = [
      '姓名,城市\n张伟,北京\n王芳,上海\n',
      '姓名\n陶喆\n张昇\n',
      '等级,产品\nA级,iPhone手机\nB级,小米\n',
      '标题,内容\n新闻,今天天气很好，我们去公园散步。\n'.repeat(32),
    ];
    for (const text of samples) {
      const bytes = iconv.encode(text, 'gb18030');
      const guess = detectEncoding(bytes, true);
      expect(guess.encoding, text).toBe('gb18030');
      expect(iconv.decode(bytes, guess.encoding)).toBe(text);
    }
    const dir = await mkdtemp(join(tmpdir(), 'mtl-gb-'));
    try {
      await writeFile(join(dir, 'zh2.csv'), iconv.encode(samples[0], 'gb18030'));
      const preview = await previewCsv(join(dir, 'zh2.csv'));
      expect(preview.encoding).toBe('gb18030');
      expect(preview.header).toEqual(['姓名', '城市']);
      expect(preview.rows).toEqual([
        ['张伟', '北京'],
        ['王芳', '上海'],
      ]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('reads GB18030 Latin names with a few Chinese ones as GB18030, not windows-1252', async () => {
    // Found by a new user: read as windows-1252, since the Latin letters outnumber the CJK
    // ones. The letter bytes come from iconv-lite's GB18030 encoder: é ü are GB2312 row-8
    // pinyin pairs (A8 A6, A8 B9), ä a four-byte character (81 30 8A 31).
    expect([...iconv.encode('éüä', 'gb18030')]).toEqual([
      0xa8, 0xa6, 0xa8, 0xb9, 0x81, 0x30, 0x8a, 0x31,
    ]);
    const names = ['Müller', 'José', 'François', 'Zoë', 'Schäfer', 'Chloé', 'Jürgen', 'Renée'];
    let text = 'id,name,city\n';
    for (let i = 0; i < 40; i++) {
      text += `${i},${i === 7 ? '张伟' : names[i % 8]},${i % 2 ? 'Köln' : 'Lyon'}\n`;
    }
    const bytes = iconv.encode(text, 'gb18030');
    const guess = detectEncoding(bytes, true);
    expect(guess).toMatchObject({ encoding: 'gb18030', source: 'detector' });
    expect(iconv.decode(bytes, guess.encoding)).toBe(text);
    // Counted by hand: one such letter in each of the 8 names, 5 rounds less row 7's Renée
    // (张伟 there) = 39, and the ö of 20 Köln = 59.
    expect(gb18030LatinLetterCount(bytes)).toBe(59);
    expect(looksLikeLatinInGb18030(bytes, true)).toBe(true);
    // Without a Chinese character it is not claimed; nor is Latin-1 text (the letters' bytes
    // are ¨ and a symbol there, or no GB18030 character).
    const latinOnly = iconv.encode(text.replace('张伟', 'Anna'), 'gb18030');
    expect(looksLikeLatinInGb18030(latinOnly, true)).toBe(false);
    const latin1 = iconv.encode(text.replace('张伟', 'Anna'), 'latin1');
    expect(gb18030LatinLetterCount(latin1)).toBe(0);
    expect(detectEncoding(latin1, true).encoding).toBe('windows-1252');
  });

  it('falls back to windows-1252 for Latin-1 bytes and decodes the accents', async () => {
    const preview = await previewCsv(fixture('latin1.csv'));
    expect(preview.encoding).toBe('windows-1252');
    expect(preview.encodingConfidence).toBeLessThan(0.5); // the UI asks the user to check
    expect(preview.rows[0]).toEqual(['Chloé', 'Zürich', 'café au lait', '3.5']);
    expect(preview.rows[3]).toEqual(['Jürgen', 'Köln', 'Kölsch vom Faß', '2.8']);
    expect(preview.rows[4]).toEqual(['Søren', 'Århus', 'smørrebrød', '9.5']);
  });

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

  it('rejects an unknown encoding name with CSV_ENCODING naming it', async () => {
    await expect(previewCsv(fixture('utf8.csv'), { encoding: 'klingon-8' })).rejects.toMatchObject({
      code: 'CSV_ENCODING',
      message: expect.stringContaining("'klingon-8'"),
    });
  });

  it('orders BOM before everything and treats ASCII as UTF-8', () => {
    const gbWithUtf8Bom = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      iconv.encode('北京', 'gbk'),
    ]);
    expect(detectEncoding(gbWithUtf8Bom, true)).toMatchObject({ encoding: 'utf-8', source: 'bom' });
    expect(detectEncoding(Buffer.from([0xfe, 0xff, 0x00, 0x41]), true)).toMatchObject({
      encoding: 'utf-16be',
      source: 'bom',
    });
    expect(detectEncoding(Buffer.from('a,b\n1,2\n'), true)).toEqual({
      encoding: 'utf-8',
      confidence: 1,
      source: 'utf8',
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

  it('accepts UTF-8 cut inside a multi-byte character only at the end of a sample', () => {
    const bytes = Buffer.from('café 北京', 'utf8');
    const cut = bytes.subarray(0, bytes.length - 1); // ends inside 京
    expect(isValidUtf8(cut, false)).toBe(true);
    expect(isValidUtf8(cut, true)).toBe(false);
    expect(isValidUtf8(Buffer.from([0x61, 0xe9, 0x62]), false)).toBe(false); // latin-1 é
    expect(isValidUtf8(Buffer.from([0x61, 0x62, 0xe9]), false)).toBe(true); // may be a cut 3-byte char
    expect(isValidUtf8(Buffer.from([0x61, 0xe9, 0x62, 0x63]), false)).toBe(false);
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

  it('notes that windows-1252 text with þ, ð, ý between letters may be Turkish windows-1254', async () => {
    // A Turkish sentence (ş ğ ı İ ç ü), encoded by iconv-lite as windows-1254: detection reads
    // it as windows-1252 (jschardet has no Turkish model), so ş shows as þ, ğ as ð, ı as ý.
    const sentence = "İstanbul'da yaşayan Ayşe, ağır çantasını taşıyarak işe gitti";
    const text = `id,cümle\n1,"${sentence}"\n2,Gülşen Muğla'ya döndü\n`;
    const bytes = iconv.encode(text, 'windows-1254');
    const guess = detectEncoding(bytes, true);
    expect(guess.encoding).toBe('windows-1252');
    // Line 2: "yaşayan" has ş (FE) between a and a.
    expect(guess.alternative).toEqual({ encoding: 'windows-1254', line: 2 });
    expect(iconv.decode(bytes, 'windows-1254')).toBe(text);
    // Icelandic (ð between letters, but á í ó ú æ), German, Czech read as windows-1252: no note.
    const others: [string, string][] = [
      ['nafn,borg\nGuðrún,Reykjavík\nBjörk,Akureyri\nÞórður,Ísafjörður\n', 'windows-1252'],
      ['name,city\nMüller,Zürich\nSchäfer,Köln\n', 'latin1'],
      ['jméno,město\nDvořák,Brno\nvýroba,Plzeň\n', 'windows-1250'],
    ];
    for (const [other, encoding] of others) {
      expect(windows1254Line(iconv.encode(other, encoding)), other).toBeNull();
    }

    const dir = await mkdtemp(join(tmpdir(), 'mtl-turkish-'));
    try {
      const path = join(dir, 'tr.csv');
      await writeFile(path, bytes);
      const preview = await previewCsv(path);
      expect(preview.alternativeEncoding).toEqual({ encoding: 'windows-1254', line: 2 });
      expect(preview.rows[0][1]).toBe(
        iconv.decode(iconv.encode(sentence, 'windows-1254'), 'windows-1252'),
      );
      // Forced as windows-1254, it reads right and the note is gone.
      const turkish = await previewCsv(path, { encoding: 'windows-1254' });
      expect(turkish.rows[0][1]).toBe(sentence);
      expect(turkish.alternativeEncoding).toBeNull();
      // Forced as UTF-8, it is refused, suggesting windows-1254, not windows-1252 (found by a
      // new user). By hand: the first byte that is not UTF-8 is İ (DD, then 's', not a
      // continuation byte) of line 2, column 'cümle'; the header's ü (FC) is not UTF-8 either,
      // but the header is line 1, so the first is there: line 1, column 2 (no header above it).
      await expect(previewCsv(path, { encoding: 'utf-8' })).rejects.toMatchObject({
        details: {
          line: 1,
          column: 2,
          reason: 'UNDECODABLE_TEXT',
          params: { suggested: 'windows-1254' },
        },
        message: expect.stringContaining(
          'it looks like windows-1254 text: read it as windows-1254, or detect its encoding',
        ),
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    // A suggestion that cannot decode the file either gives way to latin1: windows-1252 has no
    // character for 81 (the Unicode Consortium's CP1252.TXT), which a windows-1252 reading of
    // these bytes (é = E9) would store as U+FFFD.
    const undefinedByte = Buffer.from([
      ...Buffer.from('name,n\nJos'),
      0xe9,
      0x2c,
      0x31,
      0x0a,
      0x81,
    ]);
    expect(detectEncoding(undefinedByte, true).encoding).toBe('windows-1252');
    expect(suggestedEncoding(undefinedByte, true, 'utf-8')).toBe('latin1');
    expect(suggestedEncoding(bytes, true, 'windows-1252')).toBe('windows-1254');
  });
});
