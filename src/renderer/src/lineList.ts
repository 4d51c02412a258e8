/**
 * The line numbers a note names, e.g. "4, 6, …" in English and "4、6、…" in Chinese (found by
 * a new user: the zh-CN note read "第 4, 6 行" with an ASCII comma).
 * @param lines the first few 1-based line numbers named
 * @param count how many there are in all ("…" when more than named)
 * @param separator the language's list separator (common.listSeparator)
 */
export function lineList(lines: readonly number[], count: number, separator: string): string {
  return [...lines.map(String), ...(count > lines.length ? ['…'] : [])].join(separator);
}
