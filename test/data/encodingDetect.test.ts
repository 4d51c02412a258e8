/**
 * Encoding detection and decoding of CSV files with no encoding chosen: mixed UTF-8 and
 * windows-1252, GB18030 against Latin-1 text, byte-order marks, ASCII and cut UTF-8.
 */
import { describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { previewCsv } from '../../src/main/data/preview';
import { importCsv } from '../../src/main/data/importCsv';
import { isValidUtf8, mixedUtf8Line } from '../../src/main/data/encodingChecks';
import {
  detectEncoding,
  gb18030LatinLetterCount,
  gbkPairEvidence,
  looksLikeLatinInGb18030,
  MIXED_CONFIDENCE,
  suggestedEncoding,
  windows1254Line,
} from '../../src/main/data/encodingDetect';
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

  it('accepts UTF-8 cut inside a multi-byte character only at the end of a sample', () => {
    const bytes = Buffer.from('café 北京', 'utf8');
    const cut = bytes.subarray(0, bytes.length - 1); // ends inside 京
    expect(isValidUtf8(cut, false)).toBe(true);
    expect(isValidUtf8(cut, true)).toBe(false);
    expect(isValidUtf8(Buffer.from([0x61, 0xe9, 0x62]), false)).toBe(false); // latin-1 é
    expect(isValidUtf8(Buffer.from([0x61, 0x62, 0xe9]), false)).toBe(true); // may be a cut 3-byte char
    expect(isValidUtf8(Buffer.from([0x61, 0xe9, 0x62, 0x63]), false)).toBe(false);
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
