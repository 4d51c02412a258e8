/**
 * What the Train form's Auto sends as `base` (training.auto, and training.crossValidate's
 * `auto.base`): the PLE trials' levels and task-specific experts shown with Auto, and the
 * form's Max epochs, which caps every search trial and the final model as `train --arch auto
 * --epochs N` does (docs/ACCURACY.md, Auto). Found by a new user: the studio sent no epochs, so under
 * Max epochs 60 the trials trained 107–113 (the default cap's ~2 000 optimizer steps).
 */

/** Auto's fixed fields, as the contract's `autoBase` takes them. */
export interface AutoBase {
  numLevels?: number;
  specificExperts?: number;
  /** Maximum epochs of every trial and of the final model. */
  epochs?: number;
}

/** The form fields Auto keeps as they are (shown in its section; Max epochs with the others). */
const KEPT = ['numLevels', 'specificExperts', 'epochs'] as const;

/**
 * Auto's `base` from the form's values.
 * @param names the fields the form has for Auto (Auto's section and Max epochs); others are
 *   not sent.
 * @param values the form's values by field name (numbers, or strings from inputs).
 * @returns each kept field present in `names` whose value is a finite number; an emptied or
 *   non-numeric field is left out (the service's default applies; the form blocks it first).
 */
export function autoBaseOf(
  names: readonly string[],
  values: Readonly<Record<string, unknown>>,
): AutoBase {
  const base: AutoBase = {};
  for (const name of KEPT) {
    const raw = values[name];
    const value = raw === '' || raw === null || raw === undefined ? NaN : Number(raw);
    if (names.includes(name) && Number.isFinite(value)) base[name] = value;
  }
  return base;
}
