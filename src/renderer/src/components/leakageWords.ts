/**
 * The cause and advice of a leakage warning (the split panel's, SplitCounts.vue, and a
 * cross-validation's, FoldLeakage.vue) in the user's language, as the CLI words them
 * (cli/commands/splits.ts leakageCause): exact duplicate rows (equal in every column of the
 * file) go by removing the duplicates; rows whose inputs alone repeat (an ignored column or
 * a label differs) would stay after that, and the model cannot tell them apart.
 */
import type { SplitPreview } from '@shared/contract';

/** vue-i18n's `t` with named values. */
type Translate = (key: string, values?: Record<string, unknown>) => string;

/**
 * @param leakage leaked test rows and how many of them are exact duplicates.
 * @param t vue-i18n's translate function.
 * @returns `cause` for the warning's parentheses and `advice` that ends it, translated.
 */
export function leakageWords(
  leakage: SplitPreview['leakage'],
  t: Translate,
): { cause: string; advice: string } {
  const inputsOnly = leakage.leaked - leakage.exact;
  const kind = inputsOnly === 0 ? 'Exact' : leakage.exact === 0 ? 'Inputs' : 'Mixed';
  return {
    cause: t(`split.cause${kind}`, {
      exact: leakage.exact.toLocaleString(),
      inputsOnly: inputsOnly.toLocaleString(),
    }),
    advice: t(`split.advice${kind}`),
  };
}
