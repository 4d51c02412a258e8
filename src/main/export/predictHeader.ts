/**
 * A predictions file whose header repeats a name. The file is read as a dataset import reads
 * it (csvTable.ts nameHeader, pandas' `read_csv`: `a,b,a` gives `a`, `b`, `a.1`), so a
 * repeated column the model does not read is no obstacle (found by a new user: predict
 * refused such a file without a word of advice, though the model never read the column).
 * Refused only when a name the model reads is ambiguous.
 */
import { MtlError, reasonDetails } from '../../shared/errors';
import type { RenamedColumn } from '../data/csvTable';

/**
 * Refuses a file in which a column the model reads (or the id column asked for) is ambiguous:
 * its name is written more than once in the header, and the model reads none of the names an
 * import gives the later ones (`a.1`, …) — it was trained on a file that had one `a`, so
 * which of these columns it means cannot be told. A model that reads `a.1` too was trained on
 * a file whose import renamed the same way, so the columns match by position, as in training.
 * @param file the file's base name, for the message.
 * @param renamed the header's repeated names as renamed (csvTable.ts RenamedColumn, header order).
 * @param reads the column names the model reads, and the id column when one is asked for.
 * @throws MtlError('BAD_REQUEST', reason PREDICT_AMBIGUOUS_COLUMN) naming the first ambiguous
 *   column, both of its positions (1-based) and the name an import gives the second.
 */
export function refuseAmbiguousColumns(
  file: string,
  renamed: readonly RenamedColumn[],
  reads: readonly string[],
): void {
  const read = new Set(reads);
  for (const r of renamed) {
    const copies = renamed.filter((c) => c.original === r.original);
    if (!read.has(r.original) || copies.some((c) => read.has(c.name))) continue;
    throw new MtlError(
      'BAD_REQUEST',
      `${file} names the column "${r.original}" twice (columns ${r.first + 1} and ${r.index + 1}), and the model reads "${r.original}": which of them it means cannot be told. An import reads the first as "${r.original}" and renames the second "${r.name}"; rename one of them in the file (keep "${r.original}" on the one the model should read) and predict again.`,
      reasonDetails('PREDICT_AMBIGUOUS_COLUMN', {
        file,
        column: r.original,
        first: r.first + 1,
        second: r.index + 1,
        renamed: r.name,
      }),
    );
  }
}

/**
 * The note on repeated header names that were renamed and read no column ambiguously, worded
 * as the import's (cli/commands/datasets.ts renamedColumnsNote), e.g. `x.csv repeats a column
 * name in its header, renamed as an import renames it: "a" (column 3, as column 1) → "a.1"`.
 * @param renamed as {@link refuseAmbiguousColumns}'s; null when none was renamed.
 */
export function renamedHeaderNote(file: string, renamed: readonly RenamedColumn[]): string | null {
  if (renamed.length === 0) return null;
  const list = renamed
    .map((c) => `"${c.original}" (column ${c.index + 1}, as column ${c.first + 1}) → "${c.name}"`)
    .join(', ');
  const one = renamed.length === 1;
  return `${file} repeats ${one ? 'a column name' : 'column names'} in its header, renamed as an import renames ${one ? 'it' : 'them'}: ${list}`;
}

/** Delimiters a file is often written with, and how a message names each. */
const COMMON_DELIMITERS: readonly [string, string][] = [
  [',', 'a comma (",")'],
  [';', 'a semicolon (";")'],
  ['\t', 'a tab'],
  ['|', 'a bar ("|")'],
];

/**
 * A hint for a header read as one single column that holds another common delimiter: the file
 * was read with the wrong delimiter (found by a new user: `predict --delimiter ,` on a file
 * written with ';' said only "lacks the columns …").
 * @param header the header as read (its column names).
 * @param delimiter the delimiter it was read with.
 * @returns e.g. ' Its header was read as one column, "a;b;t", which holds a semicolon (";"):
 *   the file may be delimited by it, not by ","', or '' when the header has several columns
 *   or holds none of the others.
 */
export function delimiterHint(header: readonly string[], delimiter: string): string {
  if (header.length !== 1) return '';
  const seen = COMMON_DELIMITERS.find(([d]) => d !== delimiter && header[0].includes(d));
  if (!seen) return '';
  const given = COMMON_DELIMITERS.find(([d]) => d === delimiter)?.[1] ?? `"${delimiter}"`;
  return ` Its header was read as one column, ${JSON.stringify(header[0])}, which holds ${seen[1]}: the file may be delimited by it, not by ${given}.`;
}

/**
 * Header names that match a missing column once case and surrounding whitespace are set
 * aside (`Island` or ` island ` for `island`; Turkish case too: `ŞEHİR` for `şehir`): what
 * the user most likely meant, suggested by
 * the refusal (the match itself stays exact, as training named the columns).
 * @param missing the model's columns the header lacks.
 * @param header the file's header names, in order.
 * @returns one `{ column, header }` per missing column with such a name (the first one).
 */
export function similarColumns(
  missing: readonly string[],
  header: readonly string[],
): { column: string; header: string }[] {
  const fold = (name: string) => name.trim().toLowerCase();
  // Turkish case as a second try: 'ŞEHİR'.toLowerCase() is 'şehi̇r' (i and U+0307, Unicode's
  // SpecialCasing.txt), which is not 'şehir'; Turkish lower case maps İ to i and I to ı.
  const foldTurkish = (name: string) => name.trim().toLocaleLowerCase('tr');
  const alike = (a: string, b: string) => fold(a) === fold(b) || foldTurkish(a) === foldTurkish(b);
  return missing.flatMap((column) => {
    const found = header.find((h) => h !== column && alike(h, column));
    return found === undefined ? [] : [{ column, header: found }];
  });
}
