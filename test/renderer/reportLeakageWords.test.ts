/**
 * The report's leakage caveat words (src/main/export/reportText.ts) are a copy of the studio's
 * split panel's (src/renderer/src/i18n/splits.ts): the report cannot import the renderer's
 * vue-i18n messages. This keeps the two copies equal, in en and zh-CN, so a change to one
 * without the other fails here.
 */
import { describe, expect, it } from 'vitest';
import { REPORT_TEXT } from '../../src/main/export/reportText';
import { en, zhCN } from '../../src/renderer/src/i18n/splits';

const KEYS = [
  'causeExact',
  'causeInputs',
  'causeMixed',
  'adviceExact',
  'adviceInputs',
  'adviceMixed',
] as const;

describe("the report's leakage words", () => {
  it.each([
    ['en', REPORT_TEXT.en, en.split],
    ['zh-CN', REPORT_TEXT['zh-CN'], zhCN.split],
  ] as const)('equal the studio split panel’s (%s)', (_lang, report, studio) => {
    for (const key of KEYS) expect(report[key], key).toBe(studio[key]);
  });
});
