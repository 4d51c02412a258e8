/**
 * How a typed list of classes is read, in the CLI (`tasks --classes COLUMN=a,b,c`,
 * `tasks --new TASK=a,b,c`) and the Tasks view's "new task to label" field alike: one CSV
 * record (RFC 4180 quoting). Nothing here imports Node or Electron.
 */

/** Why a class list could not be read; `position` is the 1-based character it names. */
export class ClassListError extends Error {
  /**
   * @param kind 'UNCLOSED_QUOTE': the quote at `position` never closes; 'TEXT_AFTER_QUOTE':
   *   the character at `position` follows a closing quote before the next comma.
   * @param position 1-based character position in the text.
   * @param message the English text (CLI, logs).
   */
  constructor(
    readonly kind: 'UNCLOSED_QUOTE' | 'TEXT_AFTER_QUOTE',
    readonly position: number,
    message: string,
  ) {
    super(message);
    this.name = 'ClassListError';
  }
}

/**
 * Splits a class list as one CSV record: commas separate classes, except inside double
 * quotes, so a class with a comma is written quoted (`"Student, HS or College",Retired`) and
 * a quote inside quotes is doubled (`""`). Spaces and tabs around an unquoted class and
 * outside quotes are dropped (`Retired, Student` gives 'Retired' and 'Student'); inside quotes
 * they are kept (`" a "` gives ' a '). Empty classes are returned as '' (callers refuse or drop
 * them).
 * @param text the list, e.g. 'a,b,c' (the part after '=' in the CLI).
 * @param separators the characters that separate classes: ',' by default; the Tasks view adds
 *   the full-width '，' that a Chinese input method types.
 * @returns the classes, in order (['a', 'b', 'c'] for 'a,b,c'; ['a', '', 'b'] for 'a,,b').
 * @throws ClassListError for a quote that never closes, or text after a closing quote before
 *   the next separator, naming the 1-based character position.
 */
export function splitClassList(text: string, separators: readonly string[] = [',']): string[] {
  const isSeparator = (ch: string | undefined): boolean =>
    ch !== undefined && separators.includes(ch);
  const out: string[] = [];
  let i = 0;
  for (;;) {
    let cell = '';
    // Spaces before a class or an opening quote are dropped, as after the comma in 'a, "b"'.
    while (text[i] === ' ' || text[i] === '\t') i += 1;
    if (text[i] === '"') {
      const open = i;
      i += 1;
      for (;;) {
        if (i >= text.length) {
          throw new ClassListError(
            'UNCLOSED_QUOTE',
            open + 1,
            `the quote at character ${open + 1} of "${text}" never closes.`,
          );
        }
        if (text[i] === '"') {
          if (text[i + 1] === '"') {
            cell += '"';
            i += 2;
            continue;
          }
          i += 1;
          break;
        }
        cell += text[i];
        i += 1;
      }
      while (text[i] === ' ' || text[i] === '\t') i += 1;
      if (i < text.length && !isSeparator(text[i])) {
        throw new ClassListError(
          'TEXT_AFTER_QUOTE',
          i + 1,
          `character ${i + 1} of "${text}" follows a closing quote; put a comma between classes.`,
        );
      }
    } else {
      while (i < text.length && !isSeparator(text[i])) {
        cell += text[i];
        i += 1;
      }
      cell = cell.replace(/[ \t]+$/, '');
    }
    out.push(cell);
    if (i >= text.length) return out;
    i += 1; // the separator
  }
}

/**
 * Writes names (of classes, tasks, columns) for a message, each in double quotes, so a name
 * holding a comma reads as one: `"klein", "groß, sehr"` (not `klein, groß, sehr`).
 * @param classes the names, in order.
 * @param none what to write for an empty list ('' unless given).
 * @returns the quoted names joined by ', '.
 */
export function quotedNames(classes: readonly string[], none = ''): string {
  return classes.length === 0 ? none : classes.map((c) => `"${c}"`).join(', ');
}

/**
 * The existing class that a new class name differs from only by letter case or surrounding
 * white space — "RED" or "red " against "red" — the likely typo of a new class, worth a
 * warning (never a refusal: "Apple" the brand and "apple" the fruit may both be meant).
 * @param name the new class, as typed.
 * @param classes the task's classes.
 * @returns the first such class, or null when there is none or `name` is one of `classes`.
 */
export function similarClass(name: string, classes: readonly string[]): string | null {
  if (classes.includes(name)) return null;
  const key = looseName(name);
  return classes.find((c) => looseName(c) === key) ?? null;
}

/** A name without surrounding white space, in lower case: what {@link similarClass} compares. */
function looseName(name: string): string {
  return name.trim().toLowerCase();
}

/**
 * {@link similarClass} for many names against one fixed list, each look-up in constant time
 * (a predicted file's category values against the categories a model knows).
 * @param classes the known names, in order (the first of equally loose names wins, as in
 *   similarClass).
 * @returns a function giving, for a name not among `classes`, the known name it differs from
 *   only by letter case or surrounding white space, else null.
 */
export function similarClassLookup(classes: readonly string[]): (name: string) => string | null {
  const exact = new Set(classes);
  const loose = new Map<string, string>();
  for (const c of classes) if (!loose.has(looseName(c))) loose.set(looseName(c), c);
  return (name) => (exact.has(name) ? null : (loose.get(looseName(name)) ?? null));
}

/**
 * The classes of a list that differ from an earlier class of the same list only by letter
 * case or surrounding spaces ({@link similarClass}): `['red', 'RED', 'blue', 'Blue ']` gives
 * `[{ className: 'RED', existing: 'red' }, { className: 'Blue ', existing: 'blue' }]`. Used
 * for classes typed (`tasks --new`, `--classes`) and classes found in a column (`tasks --add`,
 * the Tasks view).
 * @param classes the classes, in order.
 * @returns one pair per later class that has such an earlier class, in list order.
 */
export function similarClassPairs(
  classes: readonly string[],
): { className: string; existing: string }[] {
  return classes.flatMap((className, i) => {
    const existing = similarClass(className, classes.slice(0, i));
    return existing === null ? [] : [{ className, existing }];
  });
}

/**
 * The CLI's and logs' wording of a {@link similarClass} warning, e.g. `new class "RED" of
 * task "colour" differs from its class "red" only by letter case or surrounding spaces; both
 * are kept as two classes`.
 */
export function similarClassWarning(task: string, className: string, existing: string): string {
  return `new class "${className}" of task "${task}" differs from its class "${existing}" only by letter case or surrounding spaces; both are kept as two classes (label with "${existing}" to use the existing one)`;
}

/**
 * The CLI's wording of a {@link similarClassPairs} pair found among the values of a column
 * made a task (`tasks --add`), e.g. `class "RED" of task "colour" differs from its class "red"
 * only by letter case or surrounding spaces in the column's values; they are two classes (if
 * they mean one, make the column's values agree before training)`.
 */
export function similarColumnClassWarning(
  task: string,
  className: string,
  existing: string,
): string {
  return `class "${className}" of task "${task}" differs from its class "${existing}" only by letter case or surrounding spaces in the column's values; they are two classes (if they mean one, make the column's values agree before training)`;
}
