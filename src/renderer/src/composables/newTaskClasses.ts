/**
 * The classes typed in the Tasks view's "new task to label" field, read by the same rule as
 * the CLI's `tasks --new TASK=a,b,c` ({@link splitClassList}: one CSV record, a class with a
 * comma in double quotes). Pure, so it is unit-tested from Node.
 */
// Relative import: this module is also unit-tested from Node.
import { trimCell } from '../../../shared/cellSpace';
import { ClassListError, splitClassList } from '../../../shared/classList';

/** The classes read, or why the text could not be read (1-based character position). */
export type TypedClasses =
  | { classes: string[]; problem: null }
  | { classes: []; problem: { kind: ClassListError['kind']; position: number } };

/**
 * Reads the field: commas (',' or the full-width '，' of a Chinese input method) separate
 * classes, except inside double quotes (ASCII \", not the full-width “ ”); each class is
 * trimmed of ASCII whitespace ({@link trimCell}, as the server) and empty ones are dropped.
 * @param text the field's text, e.g. 'red, "black, matte"'.
 * @returns { classes: ['red', 'black, matte'], problem: null }, or no classes and the
 *   problem (a quote that never closes, or text after a closing quote) with its position.
 */
export function typedClasses(text: string): TypedClasses {
  try {
    const classes = splitClassList(text, [',', '，'])
      // The server's rule (defineTasks, trimCell): ASCII spaces only; a no-break space is data.
      .map(trimCell)
      .filter((c) => c !== '');
    return { classes, problem: null };
  } catch (err) {
    if (!(err instanceof ClassListError)) throw err;
    return { classes: [], problem: { kind: err.kind, position: err.position } };
  }
}
