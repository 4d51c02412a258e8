/**
 * What the Label view's queue waits for. Found by a new user: on a dataset without a
 * completed run, with the uncertainty order kept from another dataset, the queue said
 * "Choose a task and class (or a model)" though the filter ("unlabelled, any task") needed
 * neither task nor class; only the order needed a model. Expected values by the rule in
 * useLabelFilter's docstring (class filter → task and class; disagreement or an uncertainty
 * order → a model).
 */
import { describe, expect, it } from 'vitest';
import { useLabelFilter } from '../../src/renderer/src/composables/useLabelFilter';

describe('useLabelFilter().filterWaitsFor', () => {
  it('names the model when only the order needs one', () => {
    const f = useLabelFilter();
    expect(f.filterWaitsFor.value).toBe(null); // unlabelled, row order: ready
    f.orderKind.value = 'least-confidence';
    expect(f.filterWaitsFor.value).toBe('model');
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
    expect(f.filterWaitsFor.value).toBe('model');
    f.orderKind.value = 'row';
    expect(f.filterWaitsFor.value).toBe(null);
  });

  it('names the model for the disagreement filter without one', () => {
    const f = useLabelFilter();
    f.filterKind.value = 'disagree';
    expect(f.filterWaitsFor.value).toBe('model');
  });
});
