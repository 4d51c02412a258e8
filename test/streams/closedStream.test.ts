/**
 * dropWritesAfterError, which the CLI (cli/closedPipes.ts) and the training child process
 * (engine/worker/trainingWorker.ts) put on the standard streams they write: a write that
 * fails (EPIPE from a reader that closed the pipe, as `2>&1 | head -1` does) is swallowed and
 * later writes are dropped, not left to end the process as an uncaught error. Expected by
 * hand: a stream whose every write fails with EPIPE; the first write reaches it, none after.
 */
import { fork } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { dropWritesAfterError } from '../../src/main/streams/closedStream';
import { makeTempDir } from '../store/helpers';

/** A stream whose reader has gone: each write fails with EPIPE. */
function closedPipe(): { stream: Writable; attempts: () => number } {
  let attempts = 0;
  const stream = new Writable({
    write(_chunk, _encoding, callback) {
      attempts++;
      callback(Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }));
    },
  });
  return { stream, attempts: () => attempts };
}

describe('dropWritesAfterError', () => {
  it('swallows the first failed write and drops the later ones, callbacks still called', async () => {
    const { stream, attempts } = closedPipe();
    const errors: string[] = [];
    dropWritesAfterError(stream, (err) => errors.push(err.code ?? ''));
    stream.write('backend: wasm\n');
    // The error is emitted on a later tick.
    await new Promise((resolve) => setImmediate(resolve));
    expect(errors).toEqual(['EPIPE']);
    let called = false;
    expect(stream.write('epoch 10\n', () => (called = true))).toBe(true);
    stream.write('epoch 20\n');
    await new Promise((resolve) => setImmediate(resolve));
    expect(called).toBe(true);
    expect(attempts()).toBe(1);
    expect(errors).toEqual(['EPIPE']);
  });

  it('without it, the same failure is an error event nothing handles', async () => {
    const { stream } = closedPipe();
    const failure = new Promise<NodeJS.ErrnoException>((resolve) => stream.once('error', resolve));
    stream.write('backend: wasm\n');
    expect((await failure).code).toBe('EPIPE');
  });

  it('the training worker goes on when its stderr reader has gone (no job error)', async () => {
    // The worker forked as trainingProcess.ts forks it (tsx for the source), with a preload
    // that says 'ready' on stderr once the worker has loaded, writes stderr lines when told
    // (by a 'pause', a message of the protocol) and then says so over IPC. Without the guard, the EPIPE was uncaught and the worker sent the
    // job's error ("Training process failed: write EPIPE") before it ended.
    const { dir, cleanup } = await makeTempDir();
    try {
      const preload = join(dir, 'writeStderr.mjs');
      await writeFile(
        preload,
        [
          // 'ready' once the worker has loaded (its own message handler is the second).
          'const ready = () =>',
          "  process.listenerCount('message') > 1 ? process.stderr.write('ready\\n') : setImmediate(ready);",
          'setImmediate(ready);',
          'process.on("message", (m) => {',
          '  if (m?.type !== "pause") return;',
          "  for (let i = 0; i < 200; i++) process.stderr.write('progress line\\n');",
          '  setImmediate(() => setImmediate(() => process.send({ type: "wrote" })));',
          '});',
        ].join('\n'),
      );
      const worker = fileURLToPath(
        new URL('../../src/main/engine/worker/trainingWorker.ts', import.meta.url),
      );
      const child = fork(worker, [], {
        execArgv: ['--import', import.meta.resolve('tsx'), '--import', pathToFileURL(preload).href],
        serialization: 'advanced',
        stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      });
      const messages: { type: string; error?: { message: string } }[] = [];
      child.on('message', (m: { type: string }) => {
        messages.push(m);
        if (m.type === 'wrote') child.disconnect();
      });
      child.stderr!.once('data', () => {
        // The reader goes, as `head -1` does, then the worker is told to write.
        child.stderr!.destroy();
        child.send({ type: 'pause' });
      });
      await new Promise((resolve) => child.on('exit', resolve));
      expect(messages.filter((m) => m.type === 'error')).toEqual([]);
      expect(messages.map((m) => m.type)).toEqual(['wrote']);
    } finally {
      await cleanup();
    }
  }, 60_000);
});
