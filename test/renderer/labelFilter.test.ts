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
      'The filter “Disagrees with the model” needs a model: choose one under Model, or show another filter. No completed run yet? Train one first.',
    );
    expect(t('labels.pickModelOrder')).toBe(
      'This order needs a model: choose one under Model, or pick Row order. No completed run yet? Train one first.',
    );
    i18n.global.locale.value = 'zh-CN';
    expect(t('labels.pickModelFilter')).toBe(
      '筛选“与模型不一致”需要模型：请在“模型”中选择一个，或显示其他筛选。还没有已完成的运行？请先训练一个。',
    );
    expect(t('labels.pickModelOrder')).toBe(
      '此顺序需要模型：请在“模型”中选择一个，或选择“按行顺序”。还没有已完成的运行？请先训练一个。',
    );
  });
});
