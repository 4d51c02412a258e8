/**
 * How startTrainingProcess judges its child's events, in the orders a real child can send
 * them but a real test cannot force: a pipe that breaks (write EPIPE) while the child runs
 * and is then killed (e.g. SIGKILL from the out-of-memory killer), a child that never
 * spawned, an 'error' never followed by 'exit', and a 'done' that comes after 'exit' while
 * epochs are still being written. The child is a fake (node:child_process.fork mocked); the
 * times are fake timers. Expected values are the messages the module builds from the code
 * and signal the fake reports, written out by hand.
 */
import { EventEmitter } from 'node:events';
import { readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { TrainingJobInput, TrainingJobResult } from '../../src/main/engine/job';
import { removeJobFile, type JobFileRef } from '../../src/main/engine/worker/jobFile';
import type { MtlError } from '../../src/shared/errors';

/** The fake child of the last fork. */
class FakeChild extends EventEmitter {
  pid: number | undefined = 4242;
  connected = true;
  exitCode: number | null = null;
  sent: unknown[] = [];
  send(message: unknown): boolean {
    this.sent.push(message);
    return true;
  }
  kill(): boolean {
    return true;
  }
}
let child: FakeChild;
/** Every fake child forked, so the job files sent to them are deleted after each test. */
const children: FakeChild[] = [];

vi.mock('node:child_process', () => ({
  fork: vi.fn(() => {
    child = new FakeChild();
    children.push(child);
    return child;
  }),
}));

const { startTrainingProcess, isProcessEnded } =
  await import('../../src/main/engine/worker/trainingProcess');
const childProcess = await import('node:child_process');

/** The job files (engine/worker/jobFile.ts) this process wrote in `dir`, by name. */
function jobFilesIn(dir: string): string[] {
  return readdirSync(dir)
    .filter((name) => name.startsWith(`mtl-studio-job-${process.pid}-`))
    .sort();
}

const INPUT = {} as TrainingJobInput;
const RESULT = { bestEpoch: 1 } as unknown as TrainingJobResult;

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
  // A fake child never reads its job file (engine/worker/jobFile.ts), nor always exits.
  for (const fake of children.splice(0))
    for (const message of fake.sent as { type?: string; job?: JobFileRef }[])
      if (message.type === 'start' && message.job) removeJobFile(message.job);
});

describe('a training child that breaks its pipe', () => {
  it('while running, then killed: the exit judges, naming its signal (not "failed to start")', async () => {
    const p = startTrainingProcess(INPUT);
    const outcome = p.result.catch((err: unknown) => err);
    child.emit('error', Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }));
    // The exit comes after the 'error' (both within the same few milliseconds).
    await vi.advanceTimersByTimeAsync(5);
    child.emit('exit', null, 'SIGKILL');
    await vi.advanceTimersByTimeAsync(200);
    const err = await outcome;
    expect(err).toMatchObject({
      code: 'TRAINING_FAILED',
      message:
        'The training worker was stopped by signal SIGKILL (sent from outside MTL Studio, e.g. by the system when memory ran out). Its pipe to MTL Studio broke before: write EPIPE.',
      details: { processEnded: true, worker: { exitCode: null, signal: 'SIGKILL' } },
    });
    expect(isProcessEnded(err)).toBe(true);
  });

  it('that never spawned (no pid): failed to start', async () => {
    const p = startTrainingProcess(INPUT);
    child.pid = undefined;
    const outcome = p.result.catch((err: unknown) => err);
    child.emit('error', new Error('spawn ENOENT'));
    await vi.advanceTimersByTimeAsync(200);
    expect(await outcome).toMatchObject({
      code: 'TRAINING_FAILED',
      message: 'Training process failed to start: spawn ENOENT',
    });
  });

  it('with no exit after it: reported after the wait for one', async () => {
    const p = startTrainingProcess(INPUT);
    let settled = false;
    const outcome = p.result.catch((err: unknown) => err).finally(() => (settled = true));
    child.emit('error', new Error('write EPIPE'));
    await vi.advanceTimersByTimeAsync(1000);
    expect(settled).toBe(false);
    // 2000 ms for the exit, then the 200 ms grace for a stop signal.
    await vi.advanceTimersByTimeAsync(1200);
    expect(await outcome).toMatchObject({
      code: 'TRAINING_FAILED',
      message: 'Training process failed: write EPIPE (it did not exit).',
    });
  });

  it('while cancelled: cancelled, marked as a death of the process', async () => {
    const p = startTrainingProcess(INPUT);
    const outcome = p.result.catch((err: unknown) => err);
    p.cancel();
    child.emit('error', new Error('write EPIPE'));
    child.emit('exit', null, 'SIGINT');
    const err = await outcome;
    expect(err).toMatchObject({ code: 'TRAINING_CANCELLED' });
    expect(isProcessEnded(err)).toBe(true);
  });
});

describe('a training child killed by a signal', () => {
  it('by a stop signal (SIGINT, SIGTERM) nobody asked for: a failure naming the signal, after the grace', async () => {
    // The child has its own session: a terminal's Ctrl-C reaches the parent, which cancels.
    // A SIGTERM/SIGINT of the child alone (a task manager, `kill <pid>`) is not a user's stop.
    for (const signal of ['SIGINT', 'SIGTERM']) {
      const p = startTrainingProcess(INPUT);
      let settled = false;
      const outcome = p.result.catch((err: unknown) => err).finally(() => (settled = true));
      child.emit('exit', null, signal);
      await vi.advanceTimersByTimeAsync(150);
      expect(settled).toBe(false);
      await vi.advanceTimersByTimeAsync(100);
      const err = await outcome;
      // Found by a new user: "exited unexpectedly (code null, signal SIGTERM)" read as an
      // internal message. Now a sentence; the signal and code stay in the details (--json).
      expect(err).toMatchObject({
        code: 'TRAINING_FAILED',
        message: `The training worker was stopped by signal ${signal} (sent from outside MTL Studio).`,
      });
      // The worker's death under details.worker, never details.signal (a CLI stop's field).
      expect((err as MtlError).details).toEqual({
        processEnded: true,
        worker: { exitCode: null, signal },
      });
      expect(isProcessEnded(err)).toBe(true);
    }
  });

  it('by a signal of its own crash (SIGABRT, SIGSEGV): a crash, not a signal sent from outside', async () => {
    // Review: V8 aborts with SIGABRT when its heap runs out of memory, and tfjs's native code
    // can die of SIGSEGV; neither is sent from outside MTL Studio.
    for (const signal of ['SIGABRT', 'SIGSEGV']) {
      const p = startTrainingProcess(INPUT);
      const outcome = p.result.catch((err: unknown) => err);
      child.emit('exit', null, signal);
      await vi.advanceTimersByTimeAsync(250);
      const err = await outcome;
      expect(err).toMatchObject({
        code: 'TRAINING_FAILED',
        message: `The training worker crashed (${signal}), e.g. out of memory or a failure in TensorFlow's native code.`,
      });
      expect((err as MtlError).details).toEqual({
        processEnded: true,
        worker: { exitCode: null, signal },
      });
    }
  });

  it('that exited with a code of its own: a failure naming the code', async () => {
    for (const [code, message] of [
      [3, 'The training worker exited with code 3.'],
      [0, 'The training worker exited (code 0) without reporting a result.'],
    ] as const) {
      const p = startTrainingProcess(INPUT);
      const outcome = p.result.catch((err: unknown) => err);
      child.emit('exit', code, null);
      await vi.advanceTimersByTimeAsync(250);
      const err = await outcome;
      expect(err).toMatchObject({
        code: 'TRAINING_FAILED',
        message,
      });
      expect((err as MtlError).details).toEqual({
        processEnded: true,
        worker: { exitCode: code, signal: null },
      });
    }
  });

  it('by a stop signal, then a cancel within the grace: cancelled when the grace ends', async () => {
    const p = startTrainingProcess(INPUT);
    let settled = false;
    const outcome = p.result.catch((err: unknown) => err).finally(() => (settled = true));
    child.emit('exit', null, 'SIGINT');
    await vi.advanceTimersByTimeAsync(50);
    p.cancel();
    await vi.advanceTimersByTimeAsync(0);
    // A reply still in the pipe could win until the grace ends.
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(200);
    expect(await outcome).toMatchObject({ code: 'TRAINING_CANCELLED' });
  });

  it("a cancel within the grace does not discard a 'done' still in the pipe", async () => {
    const p = startTrainingProcess(INPUT);
    const outcome = p.result.catch((err: unknown) => err);
    child.emit('exit', null, 'SIGKILL');
    await vi.advanceTimersByTimeAsync(50);
    p.cancel();
    child.emit('message', { type: 'done', result: RESULT });
    await vi.advanceTimersByTimeAsync(300);
    expect(await outcome).toBe(RESULT);
  });
});

describe("a child's reply after its exit", () => {
  it("'done' within the grace period wins, even while epochs are still written", async () => {
    let epochWritten = false;
    const p = startTrainingProcess(INPUT, {
      // A slow write of the last epoch (1 s), longer than the 200 ms grace.
      onEpoch: () =>
        new Promise<void>((resolve) =>
          setTimeout(() => {
            epochWritten = true;
            resolve();
          }, 1000),
        ),
    });
    const outcome = p.result.catch((err: unknown) => err);
    child.emit('message', { type: 'epoch', record: { epoch: 1 } });
    child.emit('exit', 0, null);
    await vi.advanceTimersByTimeAsync(50);
    child.emit('message', { type: 'done', result: RESULT });
    await vi.advanceTimersByTimeAsync(1000);
    expect(epochWritten).toBe(true);
    expect(await outcome).toBe(RESULT);
  });

  it("an 'error' reply within the grace period is the job's error, not a death", async () => {
    const p = startTrainingProcess(INPUT);
    const outcome = p.result.catch((err: unknown) => err);
    child.emit('exit', 1, null);
    await vi.advanceTimersByTimeAsync(50);
    child.emit('message', {
      type: 'error',
      error: { code: 'TRAINING_FAILED', message: 'Loss became NaN at epoch 3.' },
    });
    await vi.advanceTimersByTimeAsync(500);
    const err = await outcome;
    expect(err).toMatchObject({ code: 'TRAINING_FAILED', message: 'Loss became NaN at epoch 3.' });
    expect(isProcessEnded(err)).toBe(false);
  });
});

describe('a call without a job', () => {
  // A test's `beforeEach(() => vi.mocked(startTrainingProcess).mockClear())` returned the mock,
  // which vitest ran after every test with no arguments: a real child started with no job and
  // failed, seconds later, with "its job file held no job (undefined; 3 bytes)".
  it.each([
    ['undefined', undefined],
    ['null', null],
  ])(
    '(%s) is refused at once, naming what it got; no file written, no process forked',
    (name, value) => {
      const { fork } = childProcess;
      vi.mocked(fork).mockClear();
      const before = jobFilesIn(tmpdir());
      expect(() => startTrainingProcess(value as unknown as TrainingJobInput)).toThrow(
        expect.objectContaining({
          code: 'INTERNAL',
          message: `startTrainingProcess needs a training job; it was called with ${name}.`,
        }),
      );
      expect(fork).not.toHaveBeenCalled();
      expect(jobFilesIn(tmpdir())).toEqual(before);
    },
  );
});
