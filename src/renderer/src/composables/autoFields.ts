/**
 * The Train form's Auto fields (views/TrainView.vue): the search budget and Hyperband's
 * brackets per sweep, and what is wrong with them (shown under the fields, and blocking Auto).
 */
import { computed, ref, type ComputedRef, type Ref } from 'vue';
import { useI18n } from 'vue-i18n';
import {
  DEFAULT_AUTO_BUDGET_SECONDS,
  MAX_AUTO_BRACKETS,
  MAX_AUTO_BUDGET_SECONDS,
} from '@shared/domain';

/** The Auto fields' state and their checks, from {@link useAutoFields}. */
export interface AutoFields {
  /** Auto's search budget (seconds; '' when emptied). */
  autoBudget: Ref<number | ''>;
  /**
   * Auto's Hyperband brackets per sweep (Li et al., JMLR 2018), 1 to MAX_AUTO_BRACKETS; what
   * the CLI's `train --arch auto --brackets N` sets. The input gives '' when emptied.
   */
  autoBrackets: Ref<number | ''>;
  /** What is wrong with the budget (more than 0, at most a day), or null. */
  autoBudgetError: ComputedRef<string | null>;
  /** What is wrong with the brackets (shown under the field, and blocking Auto), or null. */
  autoBracketsError: ComputedRef<string | null>;
  /** The first thing wrong with Auto's fields (blocking it), or null. */
  autoError: ComputedRef<string | null>;
}

/**
 * The Auto fields of the Train form, starting at the default budget
 * (DEFAULT_AUTO_BUDGET_SECONDS) and 1 bracket; errors are worded in the UI language
 * (train.autoBudgetError, train.autoBracketsError). Call in a component's setup.
 */
export function useAutoFields(): AutoFields {
  const { t } = useI18n();
  const autoBudget = ref<number | ''>(DEFAULT_AUTO_BUDGET_SECONDS);
  const autoBrackets = ref<number | ''>(1);
  const autoBudgetError = computed(() => {
    const s = autoBudget.value;
    return typeof s === 'number' && s > 0 && s <= MAX_AUTO_BUDGET_SECONDS
      ? null
      : t('train.autoBudgetError', { max: MAX_AUTO_BUDGET_SECONDS });
  });
  const autoBracketsError = computed(() => {
    const n = autoBrackets.value;
    return typeof n === 'number' && Number.isInteger(n) && n >= 1 && n <= MAX_AUTO_BRACKETS
      ? null
      : t('train.autoBracketsError', { min: 1, max: MAX_AUTO_BRACKETS });
  });
  const autoError = computed(() => autoBudgetError.value ?? autoBracketsError.value);
  return { autoBudget, autoBrackets, autoBudgetError, autoBracketsError, autoError };
}
