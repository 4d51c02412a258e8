/**
 * The import wizard's note on header cells without a name (a pandas to_csv() index, a
 * spreadsheet's trailing commas), named as pandas names them, and the note on a row index
 * left ignored. Expected texts written by hand.
 */
import { createI18n } from 'vue-i18n';
import { describe, expect, it } from 'vitest';
import { MESSAGES } from '../../src/renderer/src/i18n';
import {
  columnNoteMessage,
  previewNoteMessage,
  renamedColumnsMessage,
  unnamedColumnsMessage,
} from '../../src/renderer/src/components/columnNote';

const i18n = createI18n({ legacy: false, locale: 'en', messages: MESSAGES });

describe('import wizard: unnamed header cells', () => {
  it('names each column by position and given name, in English and Chinese', () => {
    const t = i18n.global.t;
    const one = [{ index: 0, name: 'Unnamed: 0' }];
    const two = [...one, { index: 4, name: 'Unnamed: 4' }];
    i18n.global.locale.value = 'en';
    expect(unnamedColumnsMessage([], t)).toBeNull();
    expect(unnamedColumnsMessage(one, t)).toBe(
      'A header cell has no name; named as pandas names it: column 1 → “Unnamed: 0”',
    );
    expect(unnamedColumnsMessage(two, t)).toBe(
      'Header cells have no name; named as pandas names them: column 1 → “Unnamed: 0”, column 5 → “Unnamed: 4”',
    );
    i18n.global.locale.value = 'zh-CN';
    expect(unnamedColumnsMessage(two, t)).toBe(
      '表头中有列没有名称，已按 pandas 的规则命名：第 1 列 → “Unnamed: 0”, 第 5 列 → “Unnamed: 4”',
    );
  });

  it('names a header name written twice, its positions and new name, in English and Chinese', () => {
    // 'a,b,a': column 3 is the second 'a' (0-based index 2, first at 0), renamed 'a.1'.
    const t = i18n.global.t;
    const renamed = [{ index: 2, original: 'a', first: 0, name: 'a.1' }];
    i18n.global.locale.value = 'en';
    expect(renamedColumnsMessage([], t)).toBeNull();
    expect(renamedColumnsMessage(renamed, t)).toBe(
      'A column name is written twice in the header; the later one is renamed as pandas renames it: column 3 “a” (as column 1) → “a.1”',
    );
    i18n.global.locale.value = 'zh-CN';
    expect(renamedColumnsMessage(renamed, t)).toBe(
      '表头中有列名重复，后出现的列已按 pandas 的规则改名：第 3 列“a”（同第 1 列）→ “a.1”',
    );
  });

  it('says a row index is ignored, in English and Chinese (preview and stored profile)', () => {
    const t = i18n.global.t;
    const reason = { kind: 'rowIndex', min: 0, max: 99, rows: 100 } as const;
    const profile = { missing: 0, distinct: 100, numeric: null, topCategories: null };
    i18n.global.locale.value = 'en';
    expect(previewNoteMessage('Unnamed: 0', reason, t)).toBe(
      'Column “Unnamed: 0”: looks like a row index (0…99, one per row) and is ignored; choose “input” as its role to use it',
    );
    expect(columnNoteMessage({ ...profile, noteReason: reason }, t)).toBe(
      'looks like a row index (0…99, one per row), so it was imported as ignored; set its role to “input” to use it',
    );
    i18n.global.locale.value = 'zh-CN';
    expect(previewNoteMessage('Unnamed: 0', reason, t)).toBe(
      '列“Unnamed: 0”：看起来是行索引（0…99，每行一个），已设为“忽略”；选择角色“输入”即可使用',
    );
    expect(columnNoteMessage({ ...profile, noteReason: reason }, t)).toBe(
      '看起来是行索引（0…99，每行一个），因此导入为“忽略”；将其角色设为“输入”即可使用',
    );
  });

  it('words a row index with gaps as distinct integers, not a run (en and zh-CN)', () => {
    const t = i18n.global.t;
    // 3…97 holds 95 integers; 40 rows means gaps (possible only under an empty header cell).
    const reason = { kind: 'rowIndex', min: 3, max: 97, rows: 40 } as const;
    const profile = { missing: 0, distinct: 40, numeric: null, topCategories: null };
    i18n.global.locale.value = 'en';
    expect(previewNoteMessage('Unnamed: 0', reason, t)).toBe(
      'Column “Unnamed: 0”: looks like a row index (3…97, distinct, one per row) and is ignored; choose “input” as its role to use it',
    );
    expect(columnNoteMessage({ ...profile, noteReason: reason }, t)).toBe(
      'looks like a row index (3…97, distinct, one per row), so it was imported as ignored; set its role to “input” to use it',
    );
    i18n.global.locale.value = 'zh-CN';
    expect(previewNoteMessage('Unnamed: 0', reason, t)).toBe(
      '列“Unnamed: 0”：看起来是行索引（3…97，互不相同，每行一个），已设为“忽略”；选择角色“输入”即可使用',
    );
    expect(columnNoteMessage({ ...profile, noteReason: reason }, t)).toBe(
      '看起来是行索引（3…97，互不相同，每行一个），因此导入为“忽略”；将其角色设为“输入”即可使用',
    );
  });
});
