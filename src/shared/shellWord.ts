/**
 * Quoting for the commands the CLI suggests (`mtl-studio … -p <project>`, `--role <column>=input`),
 * so that one pasted into a POSIX shell (sh, bash, zsh) runs as shown.
 */

/**
 * A word for a POSIX shell: as it is when it needs no quotes, else in single quotes (a
 * single quote inside written `'\''`), e.g. `p.mtlproj` → `p.mtlproj`, `Unnamed: 0` →
 * `'Unnamed: 0'`, `it's` → `'it'\''s'`.
 */
export function shellWord(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}
