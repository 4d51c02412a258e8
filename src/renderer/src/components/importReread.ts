/**
 * The line the import wizard shows when a one-pass import of a large CSV file went back to
 * the start of the file (its progress bar starts again): which column a later row
 * contradicted, and how (ImportProgressEvent.reread).
 */
// Relative, type-only import: this module is also unit-tested from Node.
import type { ImportReread } from '../../../shared/contract/datasets';
import { i18n } from '../i18n';

/** "Re-reading the file: column “x” has the text “oops” on line 25002 …" in the UI language. */
export function rereadText(reread: ImportReread): string {
  const { t } = i18n.global;
  const column = reread.column;
  switch (reread.kind) {
    case 'text':
      return t('data.import.reread.text', { column, value: reread.value, line: reread.line });
    case 'leadingZero':
      return t('data.import.reread.leadingZero', { column });
    case 'notBoolean':
      return t('data.import.reread.notBoolean', { column, value: reread.value });
    case 'type':
      return t('data.import.reread.type', { column, type: t(`types.${reread.type}`) });
  }
}
