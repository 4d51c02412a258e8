/**
 * Ordinary output errors are the user's to fix (exit 1, a message naming what is wrong),
 * not bugs (exit 2). Found by a new user: `runs -p p.mtlproj > /dev/full` (ENOSPC on
 * stdout) and `export model -p p.mtlproj --run 1 -o afile/b`, with afile a file (Node's raw
 * "ENOTDIR: not a directory, stat …"), both exited 2.
 * Expected values reasoned from the README's exit codes (1: an error the message explains)
 * and the paths given, not taken from the program's output.
 */
import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../store/helpers';
import { cli, fixture } from './run';

const BIN = fileURLToPath(new URL('../../bin/mtl-studio.mjs', import.meta.url));

let dir: string;
let cleanup: () => Promise<void>;
let project: string;
let afile: string;
beforeAll(async () => {
  ({ dir, cleanup } = await makeTempDir());
  project = join(dir, 'p.mtlproj');
  afile = join(dir, 'afile');
  await writeFile(afile, 'not a folder\n');
  expect((await cli('import', fixture('penguins.csv'), '-p', project)).code).toBe(0);
  expect((await cli('tasks', '-p', project, '--add', 'species', 'sex')).code).toBe(0);
  const trained = await cli('train', '-p', project, '--epochs', '2', '--hidden', '4');
  expect(trained.code, trained.stderr).toBe(0);
}, 90_000);
afterAll(() => cleanup());

describe('a full disk on stdout', () => {
  it.skipIf(!existsSync('/dev/full')).each([[['runs']], [['--json', 'runs']]])(
    '%j > /dev/full: exit 1, one line on stderr naming the cause',
    async (args) => {
      const full = openSync('/dev/full', 'w');
      const { code, stderr } = await new Promise<{ code: number | null; stderr: string }>(
        (resolve, reject) => {
          const child = spawn(process.execPath, [BIN, ...args, '-p', project], {
            stdio: ['ignore', full, 'pipe'],
          });
          let stderr = '';
          child.stderr!.setEncoding('utf8');
          child.stderr!.on('data', (chunk: string) => (stderr += chunk));
          child.on('error', reject);
          child.on('close', (code) => resolve({ code, stderr }));
        },
      );
      closeSync(full);
      expect(code).toBe(1);
      // Linux's text for ENOSPC (strerror): "no space left on device".
      expect(stderr).toBe(
        'error: cannot write to standard output: no space left on device (ENOSPC)\n',
      );
    },
  );
});

describe('an output path under a file', () => {
  it.each([
    ['export model', ['export', 'model', '-p', 'P', '--run', '1', '-o', 'afile/b']],
    ['predict', ['predict', fixture('penguins.csv'), '-p', 'P', '--run', '1', '-o', 'afile/b.csv']],
    ['labels export', ['labels', 'export', '-p', 'P', '-o', 'afile/sub/labels.csv']],
    // Found by a second new user: both still ended with Node's ENOTDIR (exit 2).
    ['backup', ['backup', '-p', 'P', '-o', 'afile/b.mtlproj']],
    ['recover', ['recover', '-p', 'P', '-o', 'afile/r.mtlproj']],
  ])(
    '%s: exit 1, "afile" is a file, not a folder',
    async (_name, args) => {
      const out = args[args.length - 1].replace('afile', afile);
      const given = args.map((a) => (a === 'P' ? project : a.replace('afile', afile)));
      const { code, stderr } = await cli(...given);
      expect(code).toBe(1);
      expect(stderr).toContain(
        `error: "${afile}" is a file, not a folder: "${out}" cannot be written under it; choose another path.\n`,
      );
      expect(stderr).not.toContain('ENOTDIR');
    },
    60_000,
  );
});
