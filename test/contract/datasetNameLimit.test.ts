/**
 * A dataset's name has one limit, shared by `datasets.rename` (and `datasets.import`) and the
 * studio's name fields. Found by a new user: a rename to more than 200 characters answered
 * `Invalid request on "datasets.rename": … Too big`, raw, in zh-CN too. Now the rename field
 * cannot take more than the channel accepts (maxlength bound to MAX_DATASET_NAME, 200 as the
 * schema said before), counts the characters, and says the limit in the user's language.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { INVOKE, MAX_DATASET_NAME } from '../../src/shared/contract';
import { i18n } from '../../src/renderer/src/i18n';

describe('dataset name limit', () => {
  it('datasets.rename and datasets.import take 200 characters and refuse 201', () => {
    expect(MAX_DATASET_NAME).toBe(200);
    const rename = INVOKE['datasets.rename'].request;
    expect(rename.safeParse({ datasetId: 1, name: 'a'.repeat(200) }).success).toBe(true);
    expect(rename.safeParse({ datasetId: 1, name: 'a'.repeat(201) }).success).toBe(false);
    const imported = INVOKE['datasets.import'].request;
    const base = { importId: 'x', path: '/d.csv' };
    expect(imported.safeParse({ ...base, name: 'a'.repeat(201) }).success).toBe(false);
  });

  it('the rename field is bound to the same constant, with a counter and the limit in words', () => {
    const view = readFileSync(
      new URL('../../src/renderer/src/views/DataView.vue', import.meta.url),
      'utf8',
    );
    const field = view.slice(view.indexOf('ref="nameInput"'), view.indexOf('save-dataset-name'));
    expect(field).toContain(':maxlength="MAX_DATASET_NAME"');
    expect(field).toContain("t('data.nameLimit', { max: MAX_DATASET_NAME })");
    expect(field).toContain("t('data.nameCount', { n: newName.length, max: MAX_DATASET_NAME })");
    const t = i18n.global.t;
    expect(t('data.nameLimit', { max: 200 })).toBe(
      'A dataset name has at most 200 characters: this one is at the limit, and anything typed or pasted past it is not taken.',
    );
    expect(t('data.nameCount', { n: 12, max: 200 })).toBe('12 / 200');
    i18n.global.locale.value = 'zh-CN';
    expect(t('data.nameLimit', { max: 200 })).toBe(
      '数据集名称最多 200 个字符：已达上限，之后输入或粘贴的字符不会被接收。',
    );
    i18n.global.locale.value = 'en';
  });
});
