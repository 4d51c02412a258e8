/**
 * Which test files run isolated (a fresh test process with fresh modules for each file, vitest's
 * default) and which share their process and module cache with the files before them in the
 * same worker (vitest `isolate: false`). Importing the engine, the store and tfjs again for every
 * file cost about 400 s of the suite's 1 330 s on CI's 2 cores (Dec 2026: `vitest list` of the
 * e2e files 104 s isolated against 10 s shared; services 66 s against 11 s).
 *
 * A file runs isolated when it changes something another file could see, which these patterns
 * catch in its text:
 * - module mocks (`vi.mock`, `vi.doMock`): a module mocked in one file would stay mocked, or
 *   stay cached unmocked, for the next;
 * - globals, environment variables and timers it replaces (`vi.stubGlobal`, `vi.stubEnv`,
 *   `process.env.X = …`, `delete process.env.X`, `vi.useFakeTimers`), and spies (`vi.spyOn`);
 * - a tfjs backend other than the default it picks (`selectBackend('cpu')`, `setBackend(…)`):
 *   the engine keeps the backend it selected, so a later file asking for the default would
 *   train on it;
 * - the marker comment {@link ISOLATE_MARK}, for any other reason (say which beside it).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

/** The comment that makes a test file run isolated whatever else it holds. */
export const ISOLATE_MARK = '@vitest-isolate';

/** What in a test file's text makes it run isolated (see the module comment). */
export const NEEDS_ISOLATION = new RegExp(
  [
    String.raw`\bvi\.(mock|doMock|unmock|stubGlobal|stubEnv|useFakeTimers|spyOn)\b`,
    String.raw`process\.env(\.\w+|\[[^\]]+\])\s*=[^=]`,
    String.raw`delete process\.env\b`,
    String.raw`selectBackend\('(cpu|tensorflow)'\)`,
    String.raw`\bsetBackend\(`,
    ISOLATE_MARK,
  ].join('|'),
);

/**
 * The test files under `root`/test (`*.test.ts`) whose text matches {@link NEEDS_ISOLATION},
 * as paths relative to `root` with `/` separators (vitest's include globs).
 * @param root the repository root
 */
export function isolatedTestFiles(root: string): string[] {
  const files = readdirSync(join(root, 'test'), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.test.ts'))
    .map((f) => join(root, 'test', f));
  return files
    .filter((f) => NEEDS_ISOLATION.test(readFileSync(f, 'utf8')))
    .map((f) => relative(root, f).split(sep).join('/'))
    .sort();
}
