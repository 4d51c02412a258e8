/**
 * sqlite3 without its compiled part (node_sqlite3.node not built or not downloaded): every
 * command died with node-bindings' "Could not locate the bindings file. Tried: …" as an
 * INTERNAL error (exit code 2, "a bug"). The message below is the real one: the wording of
 * node_modules/bindings/bindings.js (`'Could not locate the bindings file. Tried:\n' +
 * tries.map(a => opts.arrow + a).join('\n')`, arrow ' → ') with the paths sqlite3 6.0.1's
 * lib/sqlite3-binding.js makes it try.
 */
import { describe, expect, it } from 'vitest';
import { MtlError, missingSqliteBinding, toErrorPayload } from '../../src/shared/errors';

const BINDINGS_MISSING = new Error(
  [
    'Could not locate the bindings file. Tried:',
    ' → /home/u/mtl/node_modules/sqlite3/build/node_sqlite3.node',
    ' → /home/u/mtl/node_modules/sqlite3/build/Debug/node_sqlite3.node',
    ' → /home/u/mtl/node_modules/sqlite3/build/Release/node_sqlite3.node',
    ' → /home/u/mtl/node_modules/sqlite3/lib/binding/node-v115-linux-x64/node_sqlite3.node',
  ].join('\n'),
);

describe('a missing native sqlite3 module', () => {
  it('is a STORE error that says what is missing and how to rebuild it', () => {
    const mapped = missingSqliteBinding(BINDINGS_MISSING);
    expect(mapped).toBeInstanceOf(MtlError);
    expect(mapped?.code).toBe('STORE');
    expect(mapped?.message).toBe(
      "The SQLite module's native part is missing (sqlite3 found no node_sqlite3.node; first " +
        'looked for at /home/u/mtl/node_modules/sqlite3/build/node_sqlite3.node), so no project ' +
        'can be opened: run `npm rebuild sqlite3` in the studio’s folder, or reinstall the studio.',
    );
  });

  it('reaches every face as that error, not as INTERNAL (the CLI’s exit code 2, a bug)', () => {
    const payload = toErrorPayload(BINDINGS_MISSING);
    expect(payload.code).toBe('STORE');
    expect(payload.message).toMatch(/npm rebuild sqlite3/);
  });

  it('leaves other errors alone, another native module’s missing bindings included', () => {
    const other = new Error(
      'Could not locate the bindings file. Tried:\n → /x/node_modules/other/build/other.node',
    );
    expect(missingSqliteBinding(other)).toBeNull();
    expect(missingSqliteBinding(new Error('SQLITE_BUSY: database is locked'))).toBeNull();
    expect(missingSqliteBinding('Could not locate the bindings file')).toBeNull();
    expect(toErrorPayload(other).code).toBe('INTERNAL');
  });
});
