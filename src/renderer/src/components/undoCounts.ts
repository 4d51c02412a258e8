/**
 * The Label view's Undo and Redo buttons with their counts: how many of this tab's edits
 * each can take back (LabelOverview.undo / .redo: the batches on the asking origin's stacks,
 * never another tab's or program's), as the README says they show.
 * Nothing here imports the API: the renderer's unit tests run it in Node.
 */

/** Translates `key` with `values` (vue-i18n's `t`; a number as 2nd argument picks the plural). */
type Translate = {
  (key: string, values: Record<string, unknown>): string;
  (key: string, plural: number, values: Record<string, unknown>): string;
  (key: string): string;
};

/**
 * The button's text and tooltip: "Undo (3)" / "Redo (0)", or, while the overview is loading
 * (`count` null), "Undo" alone and no tooltip.
 * @param which the button.
 * @param count the tab's stack size for it (LabelOverview.undo or .redo), or null.
 */
export function undoButtonText(
  which: 'undo' | 'redo',
  count: number | null,
  t: Translate,
): { text: string; title: string | null } {
  if (count === null) return { text: t(`labels.${which}`), title: null };
  return {
    text: t(`labels.${which}Counted`, { n: count }),
    title: t(`labels.${which}CountHint`, count, { n: count }),
  };
}
