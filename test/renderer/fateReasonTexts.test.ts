/**
 * The texts of the encoding reasons that a file read to import and a file read to predict
 * share (errorText.ts REASON_FATE): one text per pair, whose `fate` phrase says what becomes
 * of the misread text (stored in the project, or read by the model). Every reason of the
 * pairs, in en and zh-CN, in its one- and many-form, renders to the exact string below.
 * Expected values: captured from the texts before they were merged (commit 70e2a55, one
 * text per reason in src/renderer/src/i18n/errors.ts), so the merge changes nothing users see.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { ErrorReason } from '../../src/shared/errors';
import { ERROR_REASONS, reasonDetails } from '../../src/shared/errors';
import { describeError, REASON_FATE } from '../../src/renderer/src/errorText';
import { i18n } from '../../src/renderer/src/i18n';

const { t, te } = i18n.global;

/** One sample value per parameter (count: 1 or 4, in the key). */
const SAMPLE: Record<string, unknown> = {
  file: 'a.csv',
  line: 3,
  column: 'city',
  encoding: 'windows-1252',
  suggested: 'gbk',
  utf8: 'é',
  read: 'Ã©',
  text: '北京',
  byte: '0x93',
};

/** `<reason> <locale> <count>` → the headline the studio showed before the merge. */
const BEFORE: Record<string, string> = {
  'UNDECODABLE_TEXT en 1':
    '“a.csv” line 3, column “city”: windows-1252 cannot decode this text (it would be stored as the replacement character �); choose gbk (or Detect)',
  'UNDECODABLE_TEXT zh-CN 1':
    '“a.csv”第 3 行，列“city”：windows-1252 无法解码这段文字（1 个字符会被存为替换字符 �，第一个在此处）；请选择 gbk（或自动检测）',
  'UNDECODABLE_TEXT en 4':
    '“a.csv” line 3, column “city”: windows-1252 cannot decode this text (the first of 4 such places, each stored as the replacement character �); choose gbk (or Detect)',
  'UNDECODABLE_TEXT zh-CN 4':
    '“a.csv”第 3 行，列“city”：windows-1252 无法解码这段文字（4 个字符会被存为替换字符 �，第一个在此处）；请选择 gbk（或自动检测）',
  'PREDICT_UNDECODABLE_TEXT en 1':
    '“a.csv” line 3, column “city”: windows-1252 cannot decode this text (it would be read as the replacement character �); choose gbk (or Detect)',
  'PREDICT_UNDECODABLE_TEXT zh-CN 1':
    '“a.csv”第 3 行，列“city”：windows-1252 无法解码这段文字（1 个字符会被读成替换字符 �，第一个在此处）；请选择 gbk（或自动检测）',
  'PREDICT_UNDECODABLE_TEXT en 4':
    '“a.csv” line 3, column “city”: windows-1252 cannot decode this text (the first of 4 such places, each read as the replacement character �); choose gbk (or Detect)',
  'PREDICT_UNDECODABLE_TEXT zh-CN 4':
    '“a.csv”第 3 行，列“city”：windows-1252 无法解码这段文字（4 个字符会被读成替换字符 �，第一个在此处）；请选择 gbk（或自动检测）',
  'UTF8_MISREAD en 1':
    '“a.csv” line 3, column “city”: this is UTF-8 text, which windows-1252 reads as other characters (“é” would be stored as “Ã©”); choose utf-8 (or Detect)',
  'UTF8_MISREAD zh-CN 1':
    '“a.csv”第 3 行，列“city”：这是 UTF-8 文本，windows-1252 会把它读成别的字符（“é”会被存为“Ã©”，共 1 个这样的字符，第一个在此处）；请选择 utf-8（或自动检测）',
  'UTF8_MISREAD en 4':
    '“a.csv” line 3, column “city”: this is UTF-8 text, which windows-1252 reads as other characters (“é” would be stored as “Ã©”, the first of 4 such characters); choose utf-8 (or Detect)',
  'UTF8_MISREAD zh-CN 4':
    '“a.csv”第 3 行，列“city”：这是 UTF-8 文本，windows-1252 会把它读成别的字符（“é”会被存为“Ã©”，共 4 个这样的字符，第一个在此处）；请选择 utf-8（或自动检测）',
  'PREDICT_UTF8_MISREAD en 1':
    '“a.csv” line 3, column “city”: this is UTF-8 text, which windows-1252 reads as other characters (“é” would be read as “Ã©”); choose utf-8 (or Detect)',
  'PREDICT_UTF8_MISREAD zh-CN 1':
    '“a.csv”第 3 行，列“city”：这是 UTF-8 文本，windows-1252 会把它读成别的字符（“é”会被读成“Ã©”，共 1 个这样的字符，第一个在此处）；请选择 utf-8（或自动检测）',
  'PREDICT_UTF8_MISREAD en 4':
    '“a.csv” line 3, column “city”: this is UTF-8 text, which windows-1252 reads as other characters (“é” would be read as “Ã©”, the first of 4 such characters); choose utf-8 (or Detect)',
  'PREDICT_UTF8_MISREAD zh-CN 4':
    '“a.csv”第 3 行，列“city”：这是 UTF-8 文本，windows-1252 会把它读成别的字符（“é”会被读成“Ã©”，共 4 个这样的字符，第一个在此处）；请选择 utf-8（或自动检测）',
  'GB_MISREAD en 1':
    '“a.csv” line 3, column “city”: this is gbk Chinese text, which windows-1252 reads as other characters (“北京” would be stored as “Ã©”); choose gbk (or Detect)',
  'GB_MISREAD zh-CN 1':
    '“a.csv”第 3 行，列“city”：这是 gbk 中文文本，windows-1252 会把它读成别的字符（“北京”会被存为“Ã©”，共 1 个汉字，第一个词在此处）；请选择 gbk（或自动检测）',
  'GB_MISREAD en 4':
    '“a.csv” line 3, column “city”: this is gbk Chinese text, which windows-1252 reads as other characters (“北京” would be stored as “Ã©”, the first word of 4 Chinese characters); choose gbk (or Detect)',
  'GB_MISREAD zh-CN 4':
    '“a.csv”第 3 行，列“city”：这是 gbk 中文文本，windows-1252 会把它读成别的字符（“北京”会被存为“Ã©”，共 4 个汉字，第一个词在此处）；请选择 gbk（或自动检测）',
  'PREDICT_GB_MISREAD en 1':
    '“a.csv” line 3, column “city”: this is gbk Chinese text, which windows-1252 reads as other characters (“北京” would be read as “Ã©”); choose gbk (or Detect)',
  'PREDICT_GB_MISREAD zh-CN 1':
    '“a.csv”第 3 行，列“city”：这是 gbk 中文文本，windows-1252 会把它读成别的字符（“北京”会被读成“Ã©”，共 1 个汉字，第一个词在此处）；请选择 gbk（或自动检测）',
  'PREDICT_GB_MISREAD en 4':
    '“a.csv” line 3, column “city”: this is gbk Chinese text, which windows-1252 reads as other characters (“北京” would be read as “Ã©”, the first word of 4 Chinese characters); choose gbk (or Detect)',
  'PREDICT_GB_MISREAD zh-CN 4':
    '“a.csv”第 3 行，列“city”：这是 gbk 中文文本，windows-1252 会把它读成别的字符（“北京”会被读成“Ã©”，共 4 个汉字，第一个词在此处）；请选择 gbk（或自动检测）',
  'C1_CONTROL_TEXT en 1':
    '“a.csv” line 3, column “city”: windows-1252 reads the byte 0x93 as an invisible control character, and would store it so; choose gbk (or Detect)',
  'C1_CONTROL_TEXT zh-CN 1':
    '“a.csv”第 3 行，列“city”：windows-1252 会把字节 0x93 读成不可见的控制字符并这样存储；请选择 gbk（或自动检测）',
  'C1_CONTROL_TEXT en 4':
    '“a.csv” line 3, column “city”: windows-1252 reads the byte 0x93 as an invisible control character, and would store it so; choose gbk (or Detect)',
  'C1_CONTROL_TEXT zh-CN 4':
    '“a.csv”第 3 行，列“city”：windows-1252 会把字节 0x93 读成不可见的控制字符并这样存储；请选择 gbk（或自动检测）',
  'PREDICT_C1_CONTROL_TEXT en 1':
    '“a.csv” line 3, column “city”: windows-1252 reads the byte 0x93 as an invisible control character, and the model would read it so; choose gbk (or Detect)',
  'PREDICT_C1_CONTROL_TEXT zh-CN 1':
    '“a.csv”第 3 行，列“city”：windows-1252 会把字节 0x93 读成不可见的控制字符，模型会这样读取；请选择 gbk（或自动检测）',
  'PREDICT_C1_CONTROL_TEXT en 4':
    '“a.csv” line 3, column “city”: windows-1252 reads the byte 0x93 as an invisible control character, and the model would read it so; choose gbk (or Detect)',
  'PREDICT_C1_CONTROL_TEXT zh-CN 4':
    '“a.csv”第 3 行，列“city”：windows-1252 会把字节 0x93 读成不可见的控制字符，模型会这样读取；请选择 gbk（或自动检测）',
  'CSV_UNDECODABLE en 1':
    '“a.csv” line 3, column “city”: windows-1252 cannot decode this text (it would be stored as the replacement character �); choose the file’s encoding, or latin1, which reads every byte',
  'CSV_UNDECODABLE zh-CN 1':
    '“a.csv”第 3 行，列“city”：windows-1252 无法解码这段文字（会被存为替换字符 �）；请选择文件的实际编码，或可读取任意字节的 latin1',
  'CSV_UNDECODABLE en 4':
    '“a.csv” line 3, column “city”: windows-1252 cannot decode this text (it would be stored as the replacement character �); choose the file’s encoding, or latin1, which reads every byte',
  'CSV_UNDECODABLE zh-CN 4':
    '“a.csv”第 3 行，列“city”：windows-1252 无法解码这段文字（会被存为替换字符 �）；请选择文件的实际编码，或可读取任意字节的 latin1',
  'PREDICT_CSV_UNDECODABLE en 1':
    '“a.csv” line 3, column “city”: windows-1252 cannot decode this text (it would be read as the replacement character �); choose the file’s encoding, or latin1, which reads every byte',
  'PREDICT_CSV_UNDECODABLE zh-CN 1':
    '“a.csv”第 3 行，列“city”：windows-1252 无法解码这段文字（会被读成替换字符 �）；请选择文件的实际编码，或可读取任意字节的 latin1',
  'PREDICT_CSV_UNDECODABLE en 4':
    '“a.csv” line 3, column “city”: windows-1252 cannot decode this text (it would be read as the replacement character �); choose the file’s encoding, or latin1, which reads every byte',
  'PREDICT_CSV_UNDECODABLE zh-CN 4':
    '“a.csv”第 3 行，列“city”：windows-1252 无法解码这段文字（会被读成替换字符 �）；请选择文件的实际编码，或可读取任意字节的 latin1',
  'CSV_UTF8_MISREAD en 1':
    '“a.csv” line 3, column “city”: this is UTF-8 text, which windows-1252 reads as other characters (“é” would be stored as “Ã©”); choose utf-8 (or Detect)',
  'CSV_UTF8_MISREAD zh-CN 1':
    '“a.csv”第 3 行，列“city”：这是 UTF-8 文本，windows-1252 会把它读成别的字符（“é”会被存为“Ã©”）；请选择 utf-8（或自动检测）',
  'CSV_UTF8_MISREAD en 4':
    '“a.csv” line 3, column “city”: this is UTF-8 text, which windows-1252 reads as other characters (“é” would be stored as “Ã©”); choose utf-8 (or Detect)',
  'CSV_UTF8_MISREAD zh-CN 4':
    '“a.csv”第 3 行，列“city”：这是 UTF-8 文本，windows-1252 会把它读成别的字符（“é”会被存为“Ã©”）；请选择 utf-8（或自动检测）',
  'PREDICT_CSV_UTF8_MISREAD en 1':
    '“a.csv” line 3, column “city”: this is UTF-8 text, which windows-1252 reads as other characters (“é” would be read as “Ã©”); choose utf-8 (or Detect)',
  'PREDICT_CSV_UTF8_MISREAD zh-CN 1':
    '“a.csv”第 3 行，列“city”：这是 UTF-8 文本，windows-1252 会把它读成别的字符（“é”会被读成“Ã©”）；请选择 utf-8（或自动检测）',
  'PREDICT_CSV_UTF8_MISREAD en 4':
    '“a.csv” line 3, column “city”: this is UTF-8 text, which windows-1252 reads as other characters (“é” would be read as “Ã©”); choose utf-8 (or Detect)',
  'PREDICT_CSV_UTF8_MISREAD zh-CN 4':
    '“a.csv”第 3 行，列“city”：这是 UTF-8 文本，windows-1252 会把它读成别的字符（“é”会被读成“Ã©”）；请选择 utf-8（或自动检测）',
  'CSV_UTF8_UNDECODABLE en 1':
    '“a.csv” line 3, column “city”: this is UTF-8 text (the file is valid UTF-8 up to here), which windows-1252 cannot decode (it would be stored as the replacement character �); choose utf-8 (or Detect)',
  'CSV_UTF8_UNDECODABLE zh-CN 1':
    '“a.csv”第 3 行，列“city”：这是 UTF-8 文本（文件到此处都是有效的 UTF-8），windows-1252 无法解码（会被存为替换字符 �）；请选择 utf-8（或自动检测）',
  'CSV_UTF8_UNDECODABLE en 4':
    '“a.csv” line 3, column “city”: this is UTF-8 text (the file is valid UTF-8 up to here), which windows-1252 cannot decode (it would be stored as the replacement character �); choose utf-8 (or Detect)',
  'CSV_UTF8_UNDECODABLE zh-CN 4':
    '“a.csv”第 3 行，列“city”：这是 UTF-8 文本（文件到此处都是有效的 UTF-8），windows-1252 无法解码（会被存为替换字符 �）；请选择 utf-8（或自动检测）',
  'PREDICT_CSV_UTF8_UNDECODABLE en 1':
    '“a.csv” line 3, column “city”: this is UTF-8 text (the file is valid UTF-8 up to here), which windows-1252 cannot decode (it would be read as the replacement character �); choose utf-8 (or Detect)',
  'PREDICT_CSV_UTF8_UNDECODABLE zh-CN 1':
    '“a.csv”第 3 行，列“city”：这是 UTF-8 文本（文件到此处都是有效的 UTF-8），windows-1252 无法解码（会被读成替换字符 �）；请选择 utf-8（或自动检测）',
  'PREDICT_CSV_UTF8_UNDECODABLE en 4':
    '“a.csv” line 3, column “city”: this is UTF-8 text (the file is valid UTF-8 up to here), which windows-1252 cannot decode (it would be read as the replacement character �); choose utf-8 (or Detect)',
  'PREDICT_CSV_UTF8_UNDECODABLE zh-CN 4':
    '“a.csv”第 3 行，列“city”：这是 UTF-8 文本（文件到此处都是有效的 UTF-8），windows-1252 无法解码（会被读成替换字符 �）；请选择 utf-8（或自动检测）',
  'CSV_C1_CONTROL en 1':
    '“a.csv” line 3, column “city”: windows-1252 reads the byte 0x93 as an invisible control character, and would store it so; choose gbk',
  'CSV_C1_CONTROL zh-CN 1':
    '“a.csv”第 3 行，列“city”：windows-1252 会把字节 0x93 读成不可见的控制字符并这样存储；请选择 gbk',
  'CSV_C1_CONTROL en 4':
    '“a.csv” line 3, column “city”: windows-1252 reads the byte 0x93 as an invisible control character, and would store it so; choose gbk',
  'CSV_C1_CONTROL zh-CN 4':
    '“a.csv”第 3 行，列“city”：windows-1252 会把字节 0x93 读成不可见的控制字符并这样存储；请选择 gbk',
  'PREDICT_CSV_C1_CONTROL en 1':
    '“a.csv” line 3, column “city”: windows-1252 reads the byte 0x93 as an invisible control character, and the model would read it so; choose gbk',
  'PREDICT_CSV_C1_CONTROL zh-CN 1':
    '“a.csv”第 3 行，列“city”：windows-1252 会把字节 0x93 读成不可见的控制字符，模型会这样读取；请选择 gbk',
  'PREDICT_CSV_C1_CONTROL en 4':
    '“a.csv” line 3, column “city”: windows-1252 reads the byte 0x93 as an invisible control character, and the model would read it so; choose gbk',
  'PREDICT_CSV_C1_CONTROL zh-CN 4':
    '“a.csv”第 3 行，列“city”：windows-1252 会把字节 0x93 读成不可见的控制字符，模型会这样读取；请选择 gbk',
};

/**
 * The import reasons whose predict twin (PREDICT_<reason>) says the same with another fate:
 * those of BEFORE's keys.
 */
const TWINS = [
  ...new Set(
    Object.keys(BEFORE)
      .map((key) => key.split(' ')[0])
      .filter((reason) => !reason.startsWith('PREDICT_')),
  ),
];

afterAll(() => {
  i18n.global.locale.value = 'en';
});

describe('import and predict encoding reasons share one text per pair', () => {
  it('renders every reason of the pairs as before, in en and zh-CN', () => {
    const shown: Record<string, string> = {};
    for (const base of TWINS) {
      for (const reason of [base, `PREDICT_${base}`] as ErrorReason[]) {
        for (const count of [1, 4]) {
          const names: readonly string[] = ERROR_REASONS[reason];
          const params = Object.fromEntries(
            names.map((name) => [name, name === 'count' ? count : SAMPLE[name]]),
          );
          for (const locale of ['en', 'zh-CN'] as const) {
            i18n.global.locale.value = locale;
            const payload = {
              code: 'CSV_ENCODING',
              message: 'm',
              details: reasonDetails(reason, params as never),
            };
            shown[`${reason} ${locale} ${count}`] = describeError(payload, t, te, locale).headline;
          }
        }
      }
    }
    expect(shown).toEqual(BEFORE);
  });

  it('keeps one text per pair: the predict reason has none of its own', () => {
    expect(TWINS).toHaveLength(8);
    for (const base of TWINS) {
      expect(REASON_FATE[base]).toEqual({ text: base, fate: 'stored' });
      expect(REASON_FATE[`PREDICT_${base}`]).toEqual({ text: base, fate: 'read' });
      for (const locale of ['en', 'zh-CN'] as const) {
        expect(te(`errors.reasons.${base}`, locale), `${locale} ${base}`).toBe(true);
        expect(te(`errors.reasons.PREDICT_${base}`, locale), `${locale} ${base}`).toBe(false);
      }
    }
  });
});
