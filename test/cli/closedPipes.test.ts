/**
 * A reader that closes the CLI's stderr early. Found by a new user: `train … 2>&1 | head -1`
 * exited 2 (the README's code for an internal bug) and left the run "interrupted", with
 * `--in-process` too; `import big.csv -p new.mtlproj 2>&1 | head -1` exited 2 and left an
 * empty new.mtlproj with -wal and -shm. The first write to stderr after the reader had gone
 * failed with EPIPE, which nothing handled.
 *
 * Expected (reasoned from the README, not from the program): progress on stderr is only
 * progress, so the job finishes and is stored, the later stderr lines are dropped, and the
 * exit code is the job's own: 0. Here the test's end of the stderr pipe is destroyed at the
 * first chunk, as `head -1` does; the job writes more progress lines after it (epoch lines,
 * "scan: 100000 rows"), so each case meets the closed pipe mid-job whatever the speed.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../store/helpers';
import { cli, fixture } from './run';

const BIN = fileURLToPath(new URL('../../bin/mtl-studio.mjs', import.meta.url));

let dir: string;
let cleanup: () => Promise<void>;
let project: string;
beforeAll(async () => {
  ({ dir, cleanup } = await makeTempDir());
  project = join(dir, 'penguins.mtlproj');
  expect((await cli('import', fixture('penguins.csv'), '-p', project)).code).toBe(0);
  expect((await cli('tasks', '-p', project, '--add', 'species', 'sex')).code).toBe(0);
}, 60_000);
afterAll(() => cleanup());

/**
 * Runs `mtl-studio …args` with stdout read to its end and stderr closed (the test's end of
 * the pipe destroyed) at its first chunk.
 * @returns the exit code, stdout, and the stderr read before the close.
 */
function withStderrClosedEarly(
  args: string[],
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args]);
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      stderr += chunk;
      child.stderr.destroy();
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('stderr closed by its reader', () => {
  it.each([[[]], [['--in-process']]])(
    'train %j: finishes, exit 0, the run stored completed',
    async (extra) => {
      const before = JSON.parse((await cli('--json', 'runs', '-p', project)).stdout).runs.length;
      const args = ['train', '-p', project, '--evaluation', 'split', '--epochs', '30', ...extra];
      const { code, stdout, stderr } = await withStderrClosedEarly(args);
      // The first chunk is the backend line; 30 epochs print epochs 1, 10, 20, 30 after it.
      expect(stderr).toMatch(/^backend: /);
      expect(code).toBe(0);
      // The results table still reached stdout: the species task has 3 classes.
      expect(stdout).toContain('species');
      const { runs } = JSON.parse((await cli('--json', 'runs', '-p', project)).stdout);
      expect(runs.length).toBe(before + 1);
      expect(runs.at(-1).status).toBe('completed');
    },
    120_000,
  );

  it('import into a new path: finishes, exit 0, the project holds every row', async () => {
    // 120 000 rows: progress lines at 50 000 and 100 000 rows of each phase.
    const big = join(dir, 'big.csv');
    const lines = ['a,b,t'];
    for (let i = 0; i < 120_000; i++) lines.push(`${i},${(i * 7) % 1000},${i % 3 ? 'y' : 'x'}`);
    await writeFile(big, `${lines.join('\n')}\n`);
    const created = join(dir, 'new.mtlproj');
    const { code, stderr } = await withStderrClosedEarly(['import', big, '-p', created]);
    expect(stderr).toMatch(/^scan: 50000 rows/);
    expect(code).toBe(0);
    const columns = await cli('--json', 'columns', '-p', created);
    expect(columns.code).toBe(0);
    expect(JSON.parse(columns.stdout).dataset.rowCount).toBe(120_000);
  }, 120_000);
});

describe('a new project file whose command never finished', () => {
  it('is removed when the process exits halfway (an error that escaped every handler)', async () => {
    // Before, an uncaught error ended the process at once, skipping withStore's clean-up:
    // the empty new file and its -wal and -shm stayed. A script exits inside withStore.
    const script = join(dir, 'exitHalfway.mts');
    const program = fileURLToPath(new URL('../../src/main/cli/program.ts', import.meta.url));
    const created = join(dir, 'halfway.mtlproj');
    await writeFile(
      script,
      `import { withStore } from ${JSON.stringify(program)};\n` +
        `await withStore(${JSON.stringify(created)}, true, async () => process.exit(3));\n`,
    );
    const code = await new Promise<number | null>((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', 'tsx', script], {
        cwd: fileURLToPath(new URL('../..', import.meta.url)),
        stdio: 'ignore',
      });
      child.on('error', reject);
      child.on('close', resolve);
    });
    expect(code).toBe(3);
    expect((await readdir(dir)).filter((f) => f.startsWith('halfway.mtlproj'))).toEqual([]);
    expect(existsSync(created)).toBe(false);
  }, 60_000);
});
