/**
 * The training child answers a message outside its protocol (engine/worker/protocol.ts) with
 * an error that names the message, and exits: a full test run under load once saw the child
 * die of "Cannot read properties of undefined (reading 'auto')", a message with no job.
 * Expected text: the sentence trainingWorker.ts builds from the message sent here by hand.
 */
import { fork } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { writeJobFile } from '../../src/main/engine/worker/jobFile';

function startChild() {
  const child = fork(WORKER, [], {
    execArgv: ['--import', import.meta.resolve('tsx')],
    serialization: 'advanced',
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const reply = new Promise<unknown>((resolve) => child.once('message', resolve));
  const exit = new Promise<number | null>((resolve) => child.once('exit', resolve));
  return { child, reply, exit };
}

const WORKER = fileURLToPath(
  new URL('../../src/main/engine/worker/trainingWorker.ts', import.meta.url),
);

describe('the training child', () => {
  it('reports a message that is not of its protocol, naming it, and exits with code 1', async () => {
    const { child, reply, exit } = startChild();
    child.send({ type: 'begin', job: 1 });
    expect(await reply).toEqual({
      type: 'error',
      error: {
        code: 'TRAINING_FAILED',
        message:
          'Training process failed: an unexpected message from MTL Studio (type "begin", keys: type, job).',
      },
    });
    expect(await exit).toBe(1);
  }, 60_000);

  it('reports a job file changed after it was written as damaged, and deletes it', async () => {
    // Written here with a stated CRC-32 that the bytes no longer have.
    const ref = writeJobFile({ tasks: ['a'], auto: null });
    const { child, reply, exit } = startChild();
    writeFileSync(ref.path, Buffer.from([0, 1, 2]));
    child.send({ type: 'start', job: ref });
    expect(await reply).toEqual({
      type: 'error',
      error: {
        code: 'TRAINING_FAILED',
        message: expect.stringContaining(
          `its job file ${ref.path} is damaged (3 bytes, CRC-32`,
        ) as unknown as string,
      },
    });
    expect(await exit).toBe(1);
    expect(existsSync(ref.path)).toBe(false);
  }, 60_000);
});
