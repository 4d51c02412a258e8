/**
 * The Data view's import note, in the user's language. Found by a new user: after
 * importing a semicolon file with decimal commas in the studio, the column showed
 * "导入提示：numbers written with a decimal comma (line 2 has "1,5"); import with the
 * decimal-comma option (--decimal-comma) …" in Simplified Chinese — English text naming
 * a command-line option that the studio has no field for. The note now carries its reason
 * as data (ColumnProfile.noteReason) and the view words it from the i18n messages, naming
 * the wizard's "Decimal comma" and "Missing values" fields. The command line's text is
 * unchanged (test/data/testerReport.test.ts).
 *
 * Expected values: the files below, read by hand (line numbers count the header as line 1).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { importCsv } from '../../src/main/data/importCsv';
import { previewCsv } from '../../src/main/data/preview';
import {
  columnNoteMessage,
  previewNoteMessage,
} from '../../src/renderer/src/components/columnNote';
import { i18n } from '../../src/renderer/src/i18n';
import { FakeStore } from '../data/fakeStore';

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mtl-note-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});
afterEach(() => {
  i18n.global.locale.value = 'en';
});

async function importText(name: string, text: string) {
  const path = join(dir, name);
  await writeFile(path, text);
  return importCsv(new FakeStore(), path);
}

const t = (key: string, values?: Record<string, unknown>) =>
  values === undefined ? i18n.global.t(key) : i18n.global.t(key, values);

describe('import note in the Data view', () => {
  it('decimal commas: names the wizard’s checkbox, in English and Chinese, not --decimal-comma', async () => {
    // semi.csv: a;b;t / 1,5;2,25;x / 3,1;4,0;y — column a's first decimal comma is "1,5" on line 2.
    const info = await importText('semi.csv', 'a;b;t\n1,5;2,25;x\n3,1;4,0;y\n5,2;6,7;x\n');
    const a = info.columns.find((c) => c.name === 'a')!;
    expect(a.type).toBe('categorical');
    expect(a.profile.noteReason).toEqual({
      kind: 'decimalComma',
      example: { text: '1,5', line: 2 },
    });
    // The command line's text is kept as it was.
    expect(a.profile.note).toBe(
      'numbers written with a decimal comma (line 2 has "1,5"); import with the decimal-comma option (--decimal-comma) to read them as numbers',
    );
    i18n.global.locale.value = 'en';
    expect(columnNoteMessage(a.profile, t)).toBe(
      'numbers written with a decimal comma (line 2 has “1,5”); import the file again with “Decimal comma (0,5 = 0.5)” ticked to read them as numbers',
    );
    i18n.global.locale.value = 'zh-CN';
    const zh = columnNoteMessage(a.profile, t)!;
    expect(zh).toBe(
      '数字使用小数逗号书写（第 2 行为“1,5”）；勾选“小数逗号（0,5 = 0.5）”后重新导入该文件，即可按数字读取',
    );
    expect(zh).not.toMatch(/--|numbers/);
  });

  it('a few cells that do not parse: counts and lines, naming the Missing values field', async () => {
    // 20 numbers and "oops" on line 22 (21 of 21 present, 20 / 21 = 95.2 % ≥ 95 %).
    const rows = Array.from({ length: 20 }, (_, i) => `${i + 1},x`);
    const info = await importText('mixed.csv', ['v,t', ...rows, 'oops,y'].join('\n') + '\n');
    const v = info.columns.find((c) => c.name === 'v')!;
    expect(v.profile.noteReason).toEqual({
      kind: 'mostlyNumeric',
      examples: [{ text: 'oops', line: 22 }],
      nonNumbers: 1,
      present: 21,
    });
    i18n.global.locale.value = 'en';
    expect(columnNoteMessage(v.profile, t)).toBe(
      'mostly numeric, but 1 of its 21 values cannot be read as numbers (line 22 has “oops”); fix them, or add them to “Missing values” and import the file again, to read the column as numbers',
    );
    i18n.global.locale.value = 'zh-CN';
    expect(columnNoteMessage(v.profile, t)).toBe(
      '大部分为数字，但 21 个值中有 1 个无法解析为数字（第 22 行为“oops”）；请修正它们，或将它们加入“缺失值”后重新导入，即可按数字读取该列',
    );
  });

  it('a project imported before notes carried a reason shows the stored text as it is', () => {
    const profile = {
      missing: 0,
      distinct: 4,
      numeric: null,
      topCategories: null,
      note: 'stored note',
    };
    expect(columnNoteMessage(profile, t)).toBe('stored note');
    expect(columnNoteMessage({ ...profile, note: undefined }, t)).toBeUndefined();
  });

  it('the wizard’s preview says it before importing, naming the checkbox to tick', async () => {
    const path = join(dir, 'semi-preview.csv');
    await writeFile(path, 'a;b;t\n1,5;2,25;x\n3,1;4,0;y\n5,2;6,7;x\n');
    const preview = await previewCsv(path);
    // a and b hold decimal commas (first on line 2: "1,5", "2,25"); t is text.
    expect(preview.notes).toEqual([
      { kind: 'decimalComma', example: { text: '1,5', line: 2 } },
      { kind: 'decimalComma', example: { text: '2,25', line: 2 } },
      null,
    ]);
    i18n.global.locale.value = 'en';
    expect(previewNoteMessage('a', preview.notes[0]!, t)).toBe(
      'Column “a”: numbers written with a decimal comma (line 2 has “1,5”); tick “Decimal comma (0,5 = 0.5)” to read them as numbers',
    );
    i18n.global.locale.value = 'zh-CN';
    expect(previewNoteMessage('a', preview.notes[0]!, t)).toBe(
      '列“a”：数字使用小数逗号书写（第 2 行为“1,5”）；勾选“小数逗号（0,5 = 0.5）”即可按数字读取',
    );
    // With the option ticked the columns are numbers and nothing is left to say.
    const ticked = await previewCsv(path, { decimalComma: true });
    expect(ticked.inferredTypes).toEqual(['numeric', 'numeric', 'categorical']);
    expect(ticked.notes).toEqual([null, null, null]);
  });

  it('one value in every row: said in the Data view and the wizard, in English and Chinese', async () => {
    // By hand: unit is "kg" on all 3 data rows, none missing; x and y vary.
    const text = 'x,unit,y\n1,kg,a\n2,kg,b\n3,kg,a\n';
    const info = await importText('unit.csv', text);
    const unit = info.columns.find((c) => c.name === 'unit')!;
    expect(unit.profile.noteReason).toEqual({ kind: 'constant', value: 'kg', rows: 3 });
    expect(unit.profile.note).toBe(
      'one value in every row ("kg", all 3 rows): it carries no information for any task',
    );
    expect(info.columns.filter((c) => c.profile.noteReason).map((c) => c.name)).toEqual(['unit']);
    i18n.global.locale.value = 'en';
    expect(columnNoteMessage(unit.profile, t)).toBe(
      'one value in every row (“kg”, all 3 rows): it carries no information for any task',
    );
    i18n.global.locale.value = 'zh-CN';
    expect(columnNoteMessage(unit.profile, t)).toBe(
      '每一行都是同一个值（“kg”，共 3 行）：它不为任何任务提供信息',
    );
    const path = join(dir, 'unit-preview.csv');
    await writeFile(path, text);
    const preview = await previewCsv(path);
    expect(preview.notes).toEqual([null, { kind: 'constant', value: 'kg', rows: 3 }, null]);
    i18n.global.locale.value = 'en';
    expect(previewNoteMessage('unit', preview.notes[1]!, t)).toBe(
      'Column “unit”: one value in every row (“kg”, all 3 rows): it carries no information for any task',
    );
  });

  it('commas grouping thousands: said, naming the column and the fix, in English and Chinese', async () => {
    // Found by a new user: "1,234" and "10,000" made a column categorical without a word.
    // By hand: price holds "1,234" (line 2), "10,000", 12, "1,500.5", 7: 3 cells group
    // thousands, 2 are numbers; 5 of 5 present values are numbers either way (≥ 95 %).
    const text = 'price,item\n"1,234",a\n"10,000",b\n12,a\n"1,500.5",b\n7,a\n';
    const info = await importText('thousands.csv', text);
    const price = info.columns.find((c) => c.name === 'price')!;
    expect(price.type).not.toBe('numeric');
    expect(price.profile.noteReason).toEqual({
      kind: 'thousandsComma',
      example: { text: '1,234', line: 2 },
      value: 1234,
      cells: 3,
    });
    expect(price.profile.note).toBe(
      'numbers written with commas grouping thousands (line 2 has "1,234"; 3 cells are written so), which no import option reads, so the column is not numeric; write them without the commas (1234) and import again to read them as numbers',
    );
    expect(info.columns.find((c) => c.name === 'item')!.profile.noteReason).toBeUndefined();
    i18n.global.locale.value = 'en';
    expect(columnNoteMessage(price.profile, t)).toBe(
      'numbers written with commas grouping thousands (line 2 has “1,234”; cells written so: 3), which no import option reads, so the column is not numeric; write them without the commas (1234) and import the file again to read them as numbers',
    );
    i18n.global.locale.value = 'zh-CN';
    expect(columnNoteMessage(price.profile, t)).toBe(
      '数字使用逗号分隔千位（第 2 行为“1,234”；这样书写的单元格共 3 个），任何导入选项都无法读取，因此该列不是数值列；请去掉逗号（1234）后重新导入该文件，即可按数字读取',
    );
    // A column of words with commas is no such column ("z" twice: not a value of its own
    // per row, which a onePerRow note would name).
    const words = await importText('words.csv', 'a\n"x,y"\n"1,234"\nz\nz\n');
    expect(words.columns[0].profile.noteReason).toBeUndefined();
  });
});
