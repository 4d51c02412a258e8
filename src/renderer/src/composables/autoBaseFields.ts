/**
 * The Train form's fields that every configuration Auto tries keeps (its search draws the
 * architecture, experts, widths and rates, not these): the PLE trials' levels and
 * task-specific experts, shown with Auto whatever the architecture chosen for Start, as the
 * CLI's `train --arch auto --levels 2` takes them. They share the form's values with the PLE
 * fields.
 */
import { computed, type ComputedRef, type Ref } from 'vue';
import { autoBaseOf, type AutoBase } from '../components/autoBase';
import type { ConfigField } from '../components/configForm';

const AUTO_BASE_FIELDS = ['numLevels', 'specificExperts'];

/** Auto's kept fields, what is wrong with them, and their values as Auto's request takes them. */
export interface AutoBaseFields {
  /** The fields shown in Auto's section. */
  autoBaseFields: ComputedRef<ConfigField[]>;
  /** What is wrong with them and with Max epochs (shown under each, and blocking Auto). */
  autoBaseErrors: ComputedRef<string[]>;
  /**
   * Their values as Auto's request takes them (`base` of training.auto and of the CV's auto),
   * with the form's Max epochs: it caps every trial and the final model, as `train --arch auto
   * --epochs N` does (found by a new user: trials trained 107–113 epochs under Max epochs 60,
   * the studio sent none and the search took the default).
   */
  autoBase: () => AutoBase;
}

/**
 * @param fields the form's fields (from the engine's configuration schema)
 * @param values the form's values
 * @param fieldError what is wrong with a field's value, or null
 */
export function useAutoBaseFields(
  fields: Ref<ConfigField[]>,
  values: Ref<Record<string, unknown>>,
  fieldError: (f: ConfigField) => string | null,
): AutoBaseFields {
  const autoBaseFields = computed(() =>
    fields.value.filter((f) => AUTO_BASE_FIELDS.includes(f.name)),
  );
  const epochsField = () => fields.value.filter((f) => f.name === 'epochs');
  const autoBaseErrors = computed(() =>
    [...autoBaseFields.value, ...epochsField()]
      .map((f) => fieldError(f))
      .filter((e): e is string => e !== null),
  );
  const autoBase = (): AutoBase =>
    autoBaseOf(
      [...autoBaseFields.value, ...epochsField()].map((f) => f.name),
      values.value,
    );
  return { autoBaseFields, autoBaseErrors, autoBase };
}
