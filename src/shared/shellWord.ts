/**
 * Quoting for the commands the CLI suggests (`mtl-studio … -p <project>`, `--role <column>=input`),
 * so that one pasted into a POSIX shell (sh, bash, zsh) runs as shown.
 */

/**
 * A word for a POSIX shell: as it is when it needs no quotes, else in single quotes (a
 * single quote inside written `'\''`), e.g. `p.mtlproj` → `p.mtlproj`, `Unnamed: 0` →
 * `'Unnamed: 0'`, `it's` → `'it'\''s'`. The empty word is `''`; a word starting with `=`
 * is quoted (zsh would expand `=cmd` to the command's path), one with `=` further on is not.
 */
export function shellWord(word: string): string {
  return /^[\w@%+:,./-][\w@%+=:,./-]*$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}
