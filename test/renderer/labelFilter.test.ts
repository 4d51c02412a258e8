/**
 * What the Label view's queue waits for. Found by a new user: on a dataset without a
 * completed run, with the uncertainty order kept from another dataset, the queue said
 * "Choose a task and class (or a model)" though the filter ("unlabelled, any task") needed
 * neither task nor class; only the order needed a model. Expected values by the rule in
 * useLabelFilter's docstring (class filter → task and class; disagreement → a model for the
 * filter; an uncertainty order → a model for the order, or Row order).
 */
import { createI18n } from 'vue-i18n';
import { describe, expect, it } from 'vitest';
import { useLabelFilter } from '../../src/renderer/src/composables/useLabelFilter';
import { MESSAGES } from '../../src/renderer/src/i18n';
import { keptModel, labelWaitKey } from '../../src/renderer/src/components/labelModelChoice';

describe('useLabelFilter().filterWaitsFor', () => {
  it('names the model when only the order needs one', () => {
    const f = useLabelFilter();
    expect(f.filterWaitsFor.value).toBe(null); // unlabelled, row order: ready
    f.orderKind.value = 'least-confidence';
    expect(f.filterWaitsFor.value).toBe('model-order');
    expect(f.filterReady.value).toBe(false);
    f.runId.value = 11;
    expect(f.filterWaitsFor.value).toBe(null);
    expect(f.filterReady.value).toBe(true);
  });

  it('names the class for a class filter without one, before the model', () => {
    const f = useLabelFilter();
    f.filterKind.value = 'class';
    f.orderKind.value = 'entropy';
    expect(f.filterWaitsFor.value).toBe('class');
    f.filterTask.value = 'sex';
    f.filterClass.value = 'male';
    expect(f.filterWaitsFor.value).toBe('model-order');
    f.orderKind.value = 'row';
    expect(f.filterWaitsFor.value).toBe(null);
  });

  it('names the disagreement filter, not the order, when the filter needs the model', () => {
    const f = useLabelFilter();
    f.filterKind.value = 'disagree';
    // Row order already: "pick Row order" would not help; the filter is what needs a model.
    expect(f.filterWaitsFor.value).toBe('model-filter');
    f.orderKind.value = 'margin';
    expect(f.filterWaitsFor.value).toBe('model-filter');
    f.runId.value = 3;
    expect(f.filterWaitsFor.value).toBe(null);
  });

  it('words the two waits apart, in English and Chinese', () => {
    const i18n = createI18n({ legacy: false, locale: 'en', messages: MESSAGES });
    const t = i18n.global.t;
    expect(t('labels.pickModelFilter')).toBe(
      'The filter “Disagrees with the model” needs a model: choose one under Model, or show another filter.',
    );
    expect(t('labels.pickModelOrder')).toBe(
      'This order needs a model: choose one under Model, or pick Row order.',
    );
    expect(t('labels.pickModelOrderNoRun')).toBe(
      'This order needs a model, and this dataset has no completed run yet: train one first, or pick Row order.',
    );
    i18n.global.locale.value = 'zh-CN';
    expect(t('labels.pickModelFilter')).toBe(
      '筛选“与模型不一致”需要模型：请在“模型”中选择一个，或显示其他筛选。',
    );
    expect(t('labels.pickModelOrder')).toBe(
      '此顺序需要模型：请在“模型”中选择一个，或选择“按行顺序”。',
    );
    expect(t('labels.pickModelFilterNoRun')).toBe(
      '筛选“与模型不一致”需要模型，而此数据集还没有已完成的运行：请先训练一个，或显示其他筛选。',
    );
  });
});

/**
 * Found by a new user: after switching datasets "Least confident first" stayed selected,
 * Model was none, and the queue said "No completed run yet? Train one first." while Model
 * listed 6 completed runs. Expected values by the rule in labelModelChoice's docstrings.
 */
describe('the Label view’s model after the runs change', () => {
  const six = [16, 15, 14, 13, 12, 11].map((id) => ({ id })); // newest first

  it('picks the newest completed run of the new dataset, keeps one still listed', () => {
    expect(keptModel(null, six)).toBe(16);
    expect(keptModel(13, six)).toBe(13);
    // The previous dataset's run 4 is not among the new dataset's runs.
    expect(keptModel(4, six)).toBe(16);
    expect(keptModel(4, [])).toBeNull();
  });

  it('says "train one first" only when the dataset has no completed run', () => {
    expect(labelWaitKey('model-order', true)).toBe('labels.pickModelOrder');
    expect(labelWaitKey('model-order', false)).toBe('labels.pickModelOrderNoRun');
    expect(labelWaitKey('model-filter', true)).toBe('labels.pickModelFilter');
    expect(labelWaitKey('model-filter', false)).toBe('labels.pickModelFilterNoRun');
    expect(labelWaitKey('class', false)).toBe('labels.pickFilter');
    expect(labelWaitKey(null, false)).toBe('labels.nothing');
    const i18n = createI18n({ legacy: false, locale: 'en', messages: MESSAGES });
    expect(i18n.global.t(labelWaitKey('model-order', true))).not.toMatch(/no completed run/i);
  });
});
