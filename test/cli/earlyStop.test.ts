/**
 * A stop before the command handles stops itself: Ctrl-C in the first 1–3 s of
 * `mtl-studio`, while its modules load, ended the CLI silently by Node's default action
 * (found in review). The real bin is started; the signal is sent as soon as the process
 * listens for it — a preloaded probe (test-only, `--import`) tells the test on fd 3 when a
 * listener of that signal is added, so no timing is guessed — and while `train --help` still loads
 * TensorFlow.js (over a second). Expected values: the line the handler writes, and 128 + the signal's
 * number (SIGINT 2 → 130, SIGTERM 15 → 143), the codes a shell reports for such a stop.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../../bin/mtl-studio.mjs', import.meta.url));

/**
 * Preloaded into the CLI's Node: writes the signal's name on fd 3 each time a SIGINT or
 * SIGTERM listener is added (the CLI's own code is unchanged; only the report is added).
 */
const PROBE = `data:text/javascript,${encodeURIComponent(`
  import { writeSync } from 'node:fs';
  const on = process.on.bind(process);
  process.on = (event, listener) => {
    on(event, listener);
    if (event === 'SIGINT' || event === 'SIGTERM') writeSync(3, event + ' ');
    return process;
  };`)}`;

/** Starts `mtl-studio train --help`, sends `signal` once the CLI catches it. */
function stopWhileLoading(
  name: 'SIGINT' | 'SIGTERM',
): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', PROBE, BIN, 'train', '--help'], {
      stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr!.setEncoding('utf8');
    child.stderr!.on('data', (chunk: string) => (stderr += chunk));
    child.stdout!.resume();
    let listening = '';
    const probe = child.stdio[3] as NodeJS.ReadableStream;
    probe.setEncoding('utf8');
    probe.on('data', (chunk: string) => {
      if (listening.includes(name)) return;
      listening += chunk;
      if (listening.includes(name)) child.kill(name);
    });
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stderr }));
  });
}

describe.runIf(process.platform !== 'win32')('a stop while the CLI loads', () => {
  it('Ctrl-C (SIGINT): one line on stderr, exit code 130', async () => {
    const { code, signal, stderr } = await stopWhileLoading('SIGINT');
    expect({ code, signal }).toEqual({ code: 130, signal: null });
    expect(stderr).toBe('mtl-studio: stopped by SIGINT (Ctrl-C).\n');
  }, 30_000);

  it('a plain kill (SIGTERM): one line on stderr, exit code 143', async () => {
    const { code, signal, stderr } = await stopWhileLoading('SIGTERM');
    expect({ code, signal }).toEqual({ code: 143, signal: null });
    expect(stderr).toBe('mtl-studio: stopped by SIGTERM.\n');
  }, 30_000);
});

/**
 * Preloaded into the CLI's Node: when the CLI writes its usage error ("error: …" on
 * stderr), writes "E" on fd 3 and keeps the process alive 5 s more, so the test's signal
 * lands while the CLI still runs (as a Ctrl-C typed as the error is printed can), never
 * after it ended: no timing is guessed.
 */
const USAGE_PROBE = `data:text/javascript,${encodeURIComponent(`
  import { writeSync } from 'node:fs';
  const write = process.stderr.write.bind(process.stderr);
  let told = false;
  process.stderr.write = (chunk, ...rest) => {
    const done = write(chunk, ...rest);
    if (!told && String(chunk).startsWith('error:')) {
      told = true;
      setTimeout(() => undefined, 5000);
      writeSync(3, 'E');
    }
    return done;
  };`)}`;

describe.runIf(process.platform !== 'win32')('a stop as a usage error is printed', () => {
  it.each(['SIGINT', 'SIGTERM'] as const)(
    '%s: the usage error wins, alone, with exit code 1',
    async (name) => {
      // Found by a new user: a Ctrl-C landing as commander printed a usage error added
      // "mtl-studio: stopped by SIGINT (Ctrl-C)." under it and exited 130.
      const { code, signal, stderr } = await new Promise<{
        code: number | null;
        signal: NodeJS.Signals | null;
        stderr: string;
      }>((resolve, reject) => {
        const child = spawn(
          process.execPath,
          ['--import', USAGE_PROBE, BIN, 'train', '-p', 'never.mtlproj', '--lr', '0'],
          { stdio: ['ignore', 'pipe', 'pipe', 'pipe'] },
        );
        let stderr = '';
        child.stderr!.setEncoding('utf8');
        child.stderr!.on('data', (chunk: string) => (stderr += chunk));
        child.stdout!.resume();
        (child.stdio[3] as NodeJS.ReadableStream).once('data', () => child.kill(name));
        child.on('error', reject);
        child.on('close', (code, signal) => resolve({ code, signal, stderr }));
      });
      expect({ code, signal }).toEqual({ code: 1, signal: null });
      expect(stderr).toContain('--lr must be a number > 0 and < 10, got "0".');
      expect(stderr).not.toContain('stopped by');
    },
    30_000,
  );
});
