/**
 * Ctrl-C during `mtl-studio import`. Found by a new user: Ctrl-C of an import of a
 * 485 000-row CSV into a new project path ended the process silently (exit 130, no word)
 * and left `new.mtlproj`, `-wal` and `-shm` behind, although the README says a failed
 * import into a path that did not exist leaves no file. Now the first Ctrl-C (SIGINT) or a
 * plain kill (SIGTERM) cancels the import: its transaction rolls back, the new project file
 * is removed, the command says so and exits with 130 (143 for SIGTERM), as a cancelled
 * training does.
 *
 * The signal is sent when the first progress line ("scan: 50000 rows") is read, so the
 * import is in flight whatever the machine's speed; no timing is asserted.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../store/helpers';
import { cli, fixture } from './run';

const BIN = fileURLToPath(new URL('../../bin/mtl-studio.mjs', import.meta.url));

let dir: string;
let cleanup: () => Promise<void>;
let big: string;
beforeAll(async () => {
  ({ dir, cleanup } = await makeTempDir());
  big = join(dir, 'big rows.csv');
  // 400 000 rows: the scan prints a progress line every 50 000 rows, so it is stopped
  // well before its end.
  const lines = ['a,b,t'];
  for (let i = 0; i < 400_000; i++) lines.push(`${i},${(i * 7) % 1000},${i % 3 === 0 ? 'x' : 'y'}`);
  await writeFile(big, `${lines.join('\n')}\n`);
});
afterAll(() => cleanup());

/**
 * Runs `mtl-studio import big -p project`, sends `signal` at the first progress line. With
 * `json`, runs `mtl-studio --json import …` with MTL_PROGRESS set (its progress lines on
 * stderr, which --json keeps off otherwise).
 */
function importAndInterrupt(
  project: string,
  signal: NodeJS.Signals,
  json = false,
): Promise<{ code: number | null; stdout: string; stderr: string; interrupted: boolean }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [BIN, ...(json ? ['--json'] : []), 'import', big, '-p', project],
      { env: json ? { ...process.env, MTL_PROGRESS: '1' } : process.env },
    );
    let stdout = '';
    let stderr = '';
    let interrupted = false;
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      stderr += chunk;
      if (!interrupted && /scan: \d+ rows/.test(stderr)) {
        interrupted = true;
        child.kill(signal);
      }
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr, interrupted }));
  });
}

describe('import interrupted', () => {
  it('Ctrl-C into a new project path: says so, exits 130, leaves no project file', async () => {
    const project = join(dir, 'new.mtlproj');
    const { code, stderr, interrupted } = await importAndInterrupt(project, 'SIGINT');
    expect(interrupted).toBe(true);
    expect(code).toBe(130);
    expect(stderr).toContain(`Import of ${big} cancelled: nothing was imported.`);
    expect(stderr).not.toMatch(/at .*\.(js|ts):\d+/); // no stack trace
    expect(existsSync(project)).toBe(false);
    expect((await readdir(dir)).filter((f) => f.startsWith('new.mtlproj'))).toEqual([]);
  });

  it('SIGTERM into an existing project: the project keeps exactly its datasets', async () => {
    const project = join(dir, 'kept.mtlproj');
    const first = await cli('import', fixture('penguins.csv'), '-p', project);
    expect(first.code).toBe(0);
    const { code, stderr, interrupted } = await importAndInterrupt(project, 'SIGTERM');
    expect(interrupted).toBe(true);
    // 128 + 15 (SIGTERM); Ctrl-C above exits 130 (128 + 2).
    expect(code).toBe(143);
    expect(stderr).toContain('cancelled: nothing was imported.');
    // Still one dataset (penguins, 344 rows): `columns` without --dataset needs exactly one.
    const columns = await cli('--json', 'columns', '-p', project);
    expect(columns.code).toBe(0);
    const doc = JSON.parse(columns.stdout);
    expect(doc.dataset.name).toBe('penguins');
    expect(doc.dataset.rowCount).toBe(344);
  });

  it.each(['SIGINT', 'SIGTERM'] as const)(
    '%s with --json: details.status, signal and next, as a cancelled training has them',
    async (signal) => {
      // Found by a new user: a cancelled training's --json named its signal, an import's
      // did not. Expected: the shape of trainingStop.ts stoppedBeforeRunError's details,
      // `next` the command typed (no word here needs quotes but the file's, with a space).
      const project = join(dir, `json-${signal}.mtlproj`);
      const { code, stdout, interrupted } = await importAndInterrupt(project, signal, true);
      expect(interrupted).toBe(true);
      expect(code).toBe(signal === 'SIGINT' ? 130 : 143);
      const { error } = JSON.parse(stdout);
      expect(error.code).toBe('IMPORT_CANCELLED');
      expect(error.message).toBe(`Import of ${big} cancelled: nothing was imported.`);
      expect(error.details).toEqual({
        status: 'cancelled',
        signal,
        next: `mtl-studio --json import '${big}' -p ${project}`,
      });
      expect(existsSync(project)).toBe(false);
    },
  );
});

describe('predict interrupted', () => {
  /**
   * The model both signals' tests predict with, trained once: the big file's first 300 rows
   * (same columns), run 1 on the split (any completed run serves: the pass is what is
   * stopped). Each test predicts from its own copy of the project.
   */
  let trainedProject: string;
  beforeAll(async () => {
    trainedProject = join(dir, 'predict-trained.mtlproj');
    const small = join(dir, 'small.csv');
    const head = ['a,b,t'];
    for (let i = 0; i < 300; i++) head.push(`${i},${(i * 7) % 1000},${i % 3 === 0 ? 'x' : 'y'}`);
    await writeFile(small, `${head.join('\n')}\n`);
    expect((await cli('import', small, '-p', trainedProject)).code).toBe(0);
    expect((await cli('tasks', '-p', trainedProject, '--add', 't')).code).toBe(0);
    const trained = await cli(
      'train',
      '-p',
      trainedProject,
      '--evaluation',
      'split',
      '--epochs',
      '1',
      '--hidden',
      '4',
    );
    expect(trained.code, trained.stderr).toBe(0);
  }, 90_000);

  it.each(['SIGINT', 'SIGTERM'] as const)(
    '%s with --json: IMPORT_CANCELLED with details.status, signal and next, as a cancelled import',
    async (signal) => {
      // Review: predict's cancellation lacked the details an import's has. The model above
      // predicts the 400 000 rows; the signal is sent at "Predicting with …", so the pass is
      // stopped at its first batch.
      const project = join(dir, `predict-${signal}.mtlproj`);
      const out = join(dir, `predictions-${signal}.csv`);
      await copyFile(trainedProject, project);
      const args = ['--json', 'predict', big, '-p', project, '--run', '1', '-o', out];
      const { code, stdout } = await new Promise<{ code: number | null; stdout: string }>(
        (resolve, reject) => {
          const child = spawn(process.execPath, [BIN, ...args], {
            env: { ...process.env, MTL_PROGRESS: '1' },
          });
          let stdout = '';
          let sent = false;
          child.stdout.setEncoding('utf8');
          child.stdout.on('data', (chunk: string) => (stdout += chunk));
          child.stderr.setEncoding('utf8');
          child.stderr.on('data', (chunk: string) => {
            if (!sent && chunk.includes('Predicting with')) {
              sent = true;
              child.kill(signal);
            }
          });
          child.on('error', reject);
          child.on('close', (code) => resolve({ code, stdout }));
        },
      );
      expect(code).toBe(signal === 'SIGINT' ? 130 : 143);
      const { error } = JSON.parse(stdout);
      expect(error.code).toBe('IMPORT_CANCELLED');
      expect(error.message).toBe(`Prediction cancelled: "${out}" was not written.`);
      // `next`: the command typed, only the big file's path (with a space) quoted.
      expect(error.details).toEqual({
        status: 'cancelled',
        signal,
        next: `mtl-studio --json predict '${big}' -p ${project} --run 1 -o ${out}`,
      });
      expect(existsSync(out)).toBe(false);
    },
    90_000,
  );
});
