/**
 * Counts in English messages (the CLI's lines, errors, notes); nothing here imports Node.
 */

/**
 * An exact count with its noun in the right number: counted(1, 'row', 'rows') → "1 row",
 * counted(3, 'row', 'rows') → "3 rows", counted(0, 'row', 'rows') → "0 rows" (found by new
 * users: "1 rows", "label(s)", "lists 1 tasks").
 */
export function counted(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}
