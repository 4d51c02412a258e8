/**
 * The message keys the renderer's sources name, read statically: the first argument of every
 * `t(…)`, `$t(…)`, `tc(…)`, `te(…)` and `i18n.global.t(…)` call, `keypath="…"` of `<I18nT>`,
 * and the `key: '…'` of the notice messages the stores build (`{ key, params }`).
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** A key as a source names it. */
export interface KeyUse {
  /** The file, as given to {@link sourceFiles}' caller, and the 1-based line. */
  file: string;
  line: number;
  /** A whole key ("predict.confidence"), or a template's fixed head ("train.autoPhase."). */
  key: string;
  /** True for a key built by a template literal: only its fixed head before `${` is known. */
  dynamic: boolean;
}

/** Every .ts and .vue file under a folder (recursive), but the messages themselves (i18n/). */
export function sourceFiles(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    if (statSync(path).isDirectory()) return name === 'i18n' ? [] : sourceFiles(path);
    return /\.(ts|vue)$/.test(name) ? [path] : [];
  });
}

/** A key's shape: dotted words ("a.b", "a.b-c.d"). */
const KEY = /^[A-Za-z_][\w-]*(\.[\w-]+)+$/;

/**
 * The text of a call's first argument: from `start` (just after the "(") to the first "," or
 * ")" outside brackets and strings.
 */
function firstArgument(source: string, start: number): string {
  let depth = 0;
  for (let i = start; i < source.length; i++) {
    const c = source[i];
    if (c === "'" || c === '"' || c === '`') {
      // Skip the string (a template's `${…}` may hold quotes of its own: skip by nesting).
      let j = i + 1;
      let nested = 0;
      while (j < source.length) {
        if (source[j] === '\\') j++;
        else if (c === '`' && source[j] === '$' && source[j + 1] === '{') nested++;
        else if (nested > 0 && source[j] === '}') nested--;
        else if (nested === 0 && source[j] === c) break;
        j++;
      }
      i = j;
    } else if ('([{'.includes(c)) depth++;
    else if (')]}'.includes(c)) {
      if (depth === 0) return source.slice(start, i);
      depth--;
    } else if (c === ',' && depth === 0) return source.slice(start, i);
  }
  return source.slice(start);
}

/** The string literals of an argument (a ternary names two keys), and its templates' heads. */
function literalKeys(argument: string): { key: string; dynamic: boolean }[] {
  const found: { key: string; dynamic: boolean }[] = [];
  for (const m of argument.matchAll(/'([^'\\\n]*)'|"([^"\\\n]*)"|`([^`]*)`/g)) {
    const text = m[1] ?? m[2] ?? m[3];
    if (m[3] !== undefined && text.includes('${')) {
      found.push({ key: text.slice(0, text.indexOf('${')), dynamic: true });
    } else if (KEY.test(text)) found.push({ key: text, dynamic: false });
  }
  return found;
}

/**
 * The keys one source names (see the module's comment). A key held in a variable (`t(key)`)
 * is not seen here: the functions that choose such keys have their own tests.
 * @param file the name reported with each use.
 * @param source the file's text.
 */
export function keyUses(file: string, source: string): KeyUse[] {
  const uses: KeyUse[] = [];
  const lineOf = (index: number) => source.slice(0, index).split('\n').length;
  for (const m of source.matchAll(/(?:(?<![\w$.])\$?(?:t|tc|te)|\.global\.t)\(/g)) {
    const start = m.index + m[0].length;
    for (const k of literalKeys(firstArgument(source, start))) {
      uses.push({ file, line: lineOf(m.index), ...k });
    }
  }
  for (const m of source.matchAll(/\bkeypath="([^"]+)"|(?<![\w:-])key:\s*'([^'\n]+)'/g)) {
    const key = m[1] ?? m[2];
    // `key: '…'` also names other things (a storage key "mtl-studio.reportLanguage"): keep
    // only those a notice message could be, a key's shape without a dash in its first word.
    if (m[1] !== undefined || (KEY.test(key) && !key.split('.')[0].includes('-'))) {
      uses.push({ file, line: lineOf(m.index), key, dynamic: false });
    }
  }
  return uses;
}
