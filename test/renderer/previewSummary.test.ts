/**
 * The import wizard's preview summary (found by a new user: a 1-row file was "about 1 rows").
 * Expected sentences are the i18n strings written out by hand.
 */
import { createI18n } from 'vue-i18n';
import { describe, expect, it } from 'vitest';
import { previewHasNoRows, previewSummary } from '../../src/renderer/src/components/previewSummary';
import { MESSAGES } from '../../src/renderer/src/i18n';

const i18n = createI18n({ legacy: false, locale: 'en', messages: MESSAGES });

function t(key: string, values: Record<string, unknown>, plural: number): string {
  return i18n.global.t(key, values, plural);
}

const preview = (rows: number) => ({
  encoding: 'utf-8',
  encodingConfidence: 1,
  delimiter: ',',
  rowCountEstimate: rows,
  rowCountExact: false,
});

describe('the preview summary', () => {
  it('says 1 row, 2 rows in English', () => {
    i18n.global.locale.value = 'en';
    expect(previewSummary(preview(1), t)).toBe(
      'Read as utf-8 (100 % sure), delimiter “,”, about 1 row.',
    );
    expect(previewSummary(preview(2), t)).toBe(
      'Read as utf-8 (100 % sure), delimiter “,”, about 2 rows.',
    );
    expect(previewSummary({ ...preview(0), delimiter: '\t' }, t)).toBe(
      'Read as utf-8 (100 % sure), delimiter “Tab”, about 0 rows.',
    );
  });

  it('says "your choice" for an encoding the user chose, never a confidence', () => {
    // Found by a new user: a chosen windows-1252 read "Read as windows-1252 (100 % sure)".
    i18n.global.locale.value = 'en';
    const chosen = { ...preview(2), encoding: 'windows-1252' };
    expect(previewSummary(chosen, t, true)).toBe(
      'Read as windows-1252 (your choice), delimiter “,”, about 2 rows.',
    );
    expect(previewSummary(preview(1), t, true)).toBe(
      'Read as utf-8 (your choice), delimiter “,”, about 1 row.',
    );
    i18n.global.locale.value = 'zh-CN';
    expect(previewSummary(chosen, t, true)).toBe(
      '按 windows-1252 读取（您选择的编码），分隔符“,”，约 2 行。',
    );
  });

  it('has one form in Simplified Chinese', () => {
    i18n.global.locale.value = 'zh-CN';
    expect(previewSummary(preview(1), t)).toBe(
      '按 utf-8 读取（置信度 100 %），分隔符“,”，约 1 行。',
    );
    expect(previewSummary(preview(2), t)).toBe(
      '按 utf-8 读取（置信度 100 %），分隔符“,”，约 2 行。',
    );
  });
});

describe('a file read whole', () => {
  // Found by a new user: a 1,500-row file previewed "about 1,534 rows".
  it('says its exact count without "about"', () => {
    const exact = { ...preview(1500), rowCountExact: true };
    i18n.global.locale.value = 'en';
    expect(previewSummary(exact, t)).toBe('Read as utf-8 (100 % sure), delimiter “,”, 1,500 rows.');
    expect(previewSummary({ ...preview(1), rowCountExact: true }, t, true)).toBe(
      'Read as utf-8 (your choice), delimiter “,”, 1 row.',
    );
    i18n.global.locale.value = 'zh-CN';
    expect(previewSummary(exact, t)).toBe(
      '按 utf-8 读取（置信度 100 %），分隔符“,”，共 1,500 行。',
    );
    expect(previewSummary(exact, t, true)).toBe(
      '按 utf-8 读取（您选择的编码），分隔符“,”，共 1,500 行。',
    );
  });
});

describe('a file with a header and no data row', () => {
  // Found by a new user: a header-only CSV previewed "about 0 rows" with Import enabled.
  it('is told from a file with rows, by its rows read and its exact count', () => {
    expect(previewHasNoRows({ rows: [], rowCountEstimate: 0 })).toBe(true);
    expect(previewHasNoRows({ rows: [['1', 'a']], rowCountEstimate: 1 })).toBe(false);
    // A large file's estimate, its sample read: rows.
    expect(previewHasNoRows({ rows: [['1', 'a']], rowCountEstimate: 0 })).toBe(false);
  });
});
