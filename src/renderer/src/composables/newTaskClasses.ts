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

/**
 * The classes typed more than once once trimmed — `small, small ` gives 'small' (trimCell
 * drops the space, as the server and a CSV import do) — each named once, in list order. The
 * Tasks view warns of them and keeps each once ({@link uniqueClasses}); the server would
 * refuse the list ("lists the class … twice").
 * @param classes the trimmed classes, in order (typedClasses' `classes`).
 */
export function repeatedClasses(classes: readonly string[]): string[] {
  const seen = new Set<string>();
  const repeated = new Set<string>();
  for (const c of classes) {
    if (seen.has(c)) repeated.add(c);
    seen.add(c);
  }
  return [...repeated];
}

/** The classes with each kept once, first occurrence first: `['a', 'b', 'a']` gives `['a', 'b']`. */
export function uniqueClasses(classes: readonly string[]): string[] {
  return [...new Set(classes)];
}
