/**
 * The Predict view's scores against a file's labels (components/PredictScores.vue): the
 * warning for labels the model does not know, in the singular and the plural, in English and
 * Chinese. Expected texts written by hand from src/renderer/src/i18n/exports.ts.
 * @vitest-isolate: it sets the i18n locale, which other files in its process would see.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { i18n } from '../../src/renderer/src/i18n';

const { t } = i18n.global;

afterEach(() => {
  i18n.global.locale.value = 'en';
});

describe('predict.scoresUnknown', () => {
  it('says how many rows have a label the model does not know, by number', () => {
    expect(t('predict.scoresUnknown', { task: 'y', n: 1, labels: 'zzz' }, 1)).toBe(
      'Task “y”: 1 row has a label the model does not know (zzz), counted as wrong.',
    );
    expect(t('predict.scoresUnknown', { task: 'y', n: 3, labels: 'zzz, q' }, 3)).toBe(
      'Task “y”: 3 rows have a label the model does not know (zzz, q), counted as wrong.',
    );
  });

  it('in Chinese', () => {
    i18n.global.locale.value = 'zh-CN';
    expect(t('predict.scoresUnknown', { task: 'y', n: 3, labels: 'zzz' }, 3)).toBe(
      '任务“y”：3 行的标签模型不认识（zzz），计为错误。',
    );
    expect(t('predict.scoresMacroF1')).toBe('宏 F1');
  });
});
