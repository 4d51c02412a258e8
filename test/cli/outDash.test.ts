/**
 * `-o -` means standard output (the usual command-line convention) for the commands that
 * write text: `predict` and `labels export`. A new user's `-o -` wrote a file named "-".
 * Expected: the same stdout as without -o (the default, itself standard output), and no
 * file "-" in the working folder. Runs the built binary in a temporary working folder.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../store/helpers';

const BIN = fileURLToPath(new URL('../../bin/mtl-studio.mjs', import.meta.url));
const run = promisify(execFile);

let dir: string;
let cleanup: () => Promise<void>;

/** `mtl-studio …args` with the temporary folder as working folder; throws on a failure. */
async function cliIn(...args: string[]): Promise<string> {
  const { stdout } = await run(process.execPath, [BIN, ...args], { cwd: dir });
  return stdout;
}

beforeAll(async () => {
  ({ dir, cleanup } = await makeTempDir());
  // 30 rows: x = i mod 7, y = a for every third row.
  const rows = Array.from({ length: 30 }, (_, i) => `${(i + 1) % 7},${(i + 1) % 3 ? 'b' : 'a'}`);
  writeFileSync(join(dir, 'train.csv'), `x,y\n${rows.join('\n')}\n`);
  writeFileSync(join(dir, 'new.csv'), 'id,x\n1,1.5\n2,4\n');
  await cliIn('import', 'train.csv', '-p', 'p.mtlproj');
  await cliIn('tasks', '-p', 'p.mtlproj', '--add', 'y');
  await cliIn('train', '-p', 'p.mtlproj', '--evaluation', 'split', '--epochs', '2');
}, 120_000);
afterAll(() => cleanup());

describe('-o - writes to standard output', () => {
  it('predict -o - prints the CSV and writes no file "-"', async () => {
    const plain = await cliIn('predict', '-p', 'p.mtlproj', '--run', '1', 'new.csv');
    const dash = await cliIn('predict', '-p', 'p.mtlproj', '--run', '1', 'new.csv', '-o', '-');
    expect(plain.split('\n')[0]).toBe('row,id,y,y_probability,inputs_missing');
    expect(dash).toBe(plain);
    expect(existsSync(join(dir, '-'))).toBe(false);
  }, 60_000);

  it('labels export -o - prints the CSV and writes no file "-"', async () => {
    const plain = await cliIn('labels', 'export', '-p', 'p.mtlproj');
    const dash = await cliIn('labels', 'export', '-p', 'p.mtlproj', '-o', '-');
    // train.csv's first rows: y = b, b, a.
    expect(plain.split('\n').slice(0, 4)).toEqual(['row_id,y', '1,b', '2,b', '3,a']);
    expect(dash).toBe(plain);
    expect(existsSync(join(dir, '-'))).toBe(false);
  });

  it('--help says so', async () => {
    expect(await cliIn('predict', '--help')).toContain("'-' or none: standard output");
    expect(await cliIn('labels', 'export', '--help')).toContain("'-' or none: standard output");
  });
});

// Found by a new user: a folder, or a file in a missing folder, ended as Node's EISDIR /
// ENOENT, exit code 2 ("a bug"); now exit code 1 naming the path (the words: labels.ts).
describe('labels export -o to a folder', () => {
  it('refuses a folder and a missing folder with exit code 1, naming them', async () => {
    mkdirSync(join(dir, 'out-folder'));
    const failure = async (out: string) =>
      run(process.execPath, [BIN, 'labels', 'export', '-p', 'p.mtlproj', '-o', out], {
        cwd: dir,
      }).then(
        () => null,
        (err: { code: number; stderr: string }) => ({ code: err.code, stderr: err.stderr }),
      );
    const folder = await failure('out-folder');
    expect(folder?.code).toBe(1);
    expect(folder?.stderr).toContain('"out-folder" is a folder: give the labels a file name');
    const missing = await failure(join('no-such-folder', 'x.csv'));
    expect(missing?.code).toBe(1);
    expect(missing?.stderr).toContain('no-such-folder" does not exist');
  }, 60_000);
});
