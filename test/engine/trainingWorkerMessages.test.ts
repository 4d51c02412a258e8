/**
 * The training child answers a message outside its protocol (engine/worker/protocol.ts) with
 * an error that names the message, and exits: a full test run under load once saw the child
 * die of "Cannot read properties of undefined (reading 'auto')", a message with no job.
 * Expected text: the sentence trainingWorker.ts builds from the message sent here by hand.
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const WORKER = fileURLToPath(
  new URL('../../src/main/engine/worker/trainingWorker.ts', import.meta.url),
);

describe('the training child', () => {
  it('reports a message that is not of its protocol, naming it, and exits with code 1', async () => {
    const child = fork(WORKER, [], {
      execArgv: ['--import', import.meta.resolve('tsx')],
      serialization: 'advanced',
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    const reply = new Promise<unknown>((resolve) => child.once('message', resolve));
    const exit = new Promise<number | null>((resolve) => child.once('exit', resolve));
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
});
