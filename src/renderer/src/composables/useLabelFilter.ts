/**
 * Which items the Label view's queue holds and in which order (LabelQueueToolbar.vue sets
 * them): a filter (unlabelled, labelled, all, one class of a task, disagreement with the
 * model), an order (row order, or a run's uncertainty — least confidence, margin or entropy
 * — on one task or summed over the missing tasks), and the model (a completed run) whose
 * suggestions and uncertainty are used.
 */
import { computed, ref } from 'vue';
import type { LabelFilter, LabelOrder, LabelStrategy } from '@shared/contract';

/**
 * @returns the settings as refs; filter() and order() as the labels.order request takes
 *   them; filterReady, false while a setting the request needs is missing (a class filter
 *   without its task and class, disagreement or uncertainty without a model) and
 *   filterWaitsFor, which of the two it waits for.
 */
export function useLabelFilter() {
  const filterKind = ref<LabelFilter['kind']>('unlabelled');
  const filterTask = ref('');
  const filterClass = ref('');
  const orderKind = ref<'row' | LabelStrategy>('row');
  const orderTask = ref('');
  const runId = ref<number | null>(null);

  function filter(): LabelFilter {
    switch (filterKind.value) {
      case 'class':
        return { kind: 'class', task: filterTask.value, className: filterClass.value };
      case 'all':
        return { kind: 'all' };
      default:
        return filterTask.value
          ? { kind: filterKind.value, task: filterTask.value }
          : { kind: filterKind.value };
    }
  }

  function order(): LabelOrder {
    if (orderKind.value === 'row') return { kind: 'row' };
    return orderTask.value
      ? { kind: 'uncertainty', strategy: orderKind.value, task: orderTask.value }
      : { kind: 'uncertainty', strategy: orderKind.value };
  }

  /**
   * What the request still waits for, so the view can say which setting to change: 'class'
   * (a class filter without its task or class), 'model-filter' (the disagreement filter
   * without a model: another order would not help), 'model-order' (an uncertainty order
   * without a model: a dataset without a completed run lands here when the order kept from
   * another dataset is an uncertainty one; Row order helps), null when ready.
   */
  const filterWaitsFor = computed<'class' | 'model-filter' | 'model-order' | null>(() => {
    if (filterKind.value === 'class' && (filterTask.value === '' || filterClass.value === '')) {
      return 'class';
    }
    if (runId.value !== null) return null;
    if (filterKind.value === 'disagree') return 'model-filter';
    if (orderKind.value !== 'row') return 'model-order';
    return null;
  });
  const filterReady = computed(() => filterWaitsFor.value === null);

  return {
    filterKind,
    filterTask,
    filterClass,
    orderKind,
    orderTask,
    runId,
    filter,
    order,
    filterReady,
    filterWaitsFor,
  };
}
