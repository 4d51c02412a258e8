/**
 * An error's way out as the studio offers it (errorRemedy: the button beside an encoding or
 * delimiter error), and the wording of a reading's place (a column by position, one such
 * place): errors raised by the real CSV reader on the files below, shown with the real en
 * and zh-CN strings. Expected values by hand: the bytes written (windows-1254 Ş DE, ş FE,
 * CP1254.TXT) and the strings of src/renderer/src/i18n/errors.ts.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { previewCsv } from '../../src/main/data';
import { OFFERED_ENCODING_NAMES } from '../../src/shared/encodings';
import { describeError, errorRemedy, hasReasonText } from '../../src/renderer/src/errorText';
import { i18n } from '../../src/renderer/src/i18n';
import { makeTempDir } from '../store/helpers';

const { t, te } = i18n.global;
let dir: string;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  ({ dir, cleanup } = await makeTempDir());
});
afterAll(async () => {
  i18n.global.locale.value = 'en';
  await cleanup?.();
});

/** What previewCsv refuses `bytes` with, read as `options` say. */
async function refusal(
  name: string,
  bytes: Buffer,
  options: Record<string, unknown>,
): Promise<unknown> {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  try {
    await previewCsv(path, options);
  } catch (err) {
    return err;
  }
  throw new Error('expected a refusal');
}

describe('an error’s way out', () => {
  it('an encoding error offers the encoding it names, and says its place once', async () => {
    // No header: line 1 field 1 holds "Şiş" (DE 69 FE): 2 bytes utf-8 cannot decode.
    const err = await refusal('tr.csv', Buffer.from([0xde, 0x69, 0xfe, 0x2c, 0x31, 0x0a]), {
      encoding: 'utf-8',
      hasHeader: false,
    });
    const remedy = errorRemedy(err, OFFERED_ENCODING_NAMES);
    // By hand: DE 69 FE reads "Þiþ" in windows-1252; its þ ends the field (no letter after
    // it), so the Turkish rule (þ between letters) does not fire: detection's windows-1252.
    expect(remedy).toEqual({ encoding: 'windows-1252' });
    expect(OFFERED_ENCODING_NAMES).toContain('windows-1252');
    expect(remedy!.delimiter).toBeUndefined();
    // Not offered in a select without that encoding.
    expect(errorRemedy(err, ['utf-8'])).toBeNull();
    expect(hasReasonText(err, te)).toBe(true);
    const { headline } = describeError(err, t, te, 'en');
    // A column by position is "column 1", not “1” (a name); 2 places: the plural form.
    expect(headline).toContain('“tr.csv” line 1, column 1: utf-8 cannot decode this text');
    expect(headline).toContain('the first of 2 such places');
    i18n.global.locale.value = 'zh-CN';
    expect(describeError(err, t, te, 'zh-CN').headline).toContain('第 1 行，第 1 列：');
    i18n.global.locale.value = 'en';
  });

  it('one undecodable byte is not “the first of 1”', async () => {
    // Header "name"; line 2 "Ş" (DE) alone: 1 byte utf-8 cannot decode, in column “name”.
    const err = await refusal('one.csv', Buffer.from('name\n\u00de\n', 'latin1'), {
      encoding: 'utf-8',
    });
    const { headline } = describeError(err, t, te, 'en');
    expect(headline).toContain('line 2, column “name”: utf-8 cannot decode this text (it would');
    expect(headline).not.toContain('the first of 1');
  });

  it('GBK Chinese read as windows-1252 offers gb18030, in en and zh-CN', async () => {
    // iconv-lite writes the GBK bytes; "品种" (C6 B7 D6 D6) reads "Æ·ÖÖ" in windows-1252
    // (CP1252.TXT: C6 Æ, B7 ·, D6 Ö). 2+2 + 2·(2+2) = 12 Chinese characters.
    const bytes = iconv.encode('品种,产区\n巴贝,北京\n黑皮,宁夏\n', 'gbk');
    const err = await refusal('zh.csv', bytes, { encoding: 'windows-1252' });
    expect(errorRemedy(err, OFFERED_ENCODING_NAMES)).toEqual({ encoding: 'gb18030' });
    expect(hasReasonText(err, te)).toBe(true);
    expect(describeError(err, t, te, 'en').headline).toContain(
      '“zh.csv” line 1, column 1: this is gb18030 Chinese text, which windows-1252 reads as other characters (“品种” would be stored as “Æ·ÖÖ”, the first word of 12 Chinese characters); choose gb18030 (or Detect)',
    );
    i18n.global.locale.value = 'zh-CN';
    expect(describeError(err, t, te, 'zh-CN').headline).toContain(
      '这是 gb18030 中文文本，windows-1252 会把它读成别的字符（“品种”会被存为“Æ·ÖÖ”，共 12 个汉字',
    );
    i18n.global.locale.value = 'en';
  });

  it('undecodable text read to predict says “read as”, not “stored as”, in en and zh-CN', () => {
    // Built as predictCsv's refusal is (csvFormat.ts refuseUndecodable, purpose 'predict').
    const err = {
      code: 'CSV_ENCODING',
      message: 'x',
      details: {
        reason: 'PREDICT_UNDECODABLE_TEXT',
        params: { file: 'tr.csv', line: 2, column: 'city', encoding: 'utf-8', count: 105 },
        remedy: { encoding: 'windows-1254' },
      },
    };
    const en = describeError(err, t, te, 'en').headline;
    expect(en).toContain('the first of 105 such places, each read as the replacement character');
    expect(en).not.toContain('stored');
    expect(errorRemedy(err, OFFERED_ENCODING_NAMES)).toEqual({ encoding: 'windows-1254' });
    i18n.global.locale.value = 'zh-CN';
    const zh = describeError(err, t, te, 'zh-CN').headline;
    expect(zh).toContain('105 个字符会被读成替换字符');
    expect(zh).not.toContain('存为');
    i18n.global.locale.value = 'en';
  });

  it('a delimiter that is not in the header offers the one detected', async () => {
    // "a;b" rows read with ',' : one column, then a quoted field with text after its quote
    // makes it a refusal the delimiter hint rewords (delimiterHint.ts).
    const text = '"a";"b"\n"1";"2"\n';
    const err = await refusal('semi.csv', Buffer.from(text), { delimiter: ',' });
    expect((err as { details?: { reason?: string } }).details?.reason).toBe(
      'CSV_DELIMITER_NOT_IN_HEADER',
    );
    expect(errorRemedy(err, OFFERED_ENCODING_NAMES)).toEqual({ delimiter: ';' });
  });

  it('an error without a remedy offers nothing', () => {
    expect(errorRemedy({ code: 'BAD_REQUEST', message: 'x' }, OFFERED_ENCODING_NAMES)).toBeNull();
    expect(
      errorRemedy(
        { code: 'CSV_PARSE', message: 'x', details: { remedy: { delimiter: 'x' } } },
        OFFERED_ENCODING_NAMES,
      ),
    ).toBeNull();
  });
});
