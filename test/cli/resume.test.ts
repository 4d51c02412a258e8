/**
 * Kill and resume (issue 13): `mtl-studio train` is SIGKILLed once its run stored a
 * checkpoint, `mtl-studio train --resume RUN` continues that run, and it ends with exactly
 * the weights and test metrics of an uninterrupted run with the same seed and backend.
 *
 * Expected values: the uninterrupted run is a second, independent training of the same
 * configuration in the same project (same split, no checkpoint read, none saved), so
 * equality of the stored weight blobs (bit for bit) shows the resumed run lost nothing.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importCsv } from '../../src/main/data/importCsv';
import { defineTasks } from '../../src/main/services/tasks';
import { ProjectStore } from '../../src/main/store/projectStore';
import { makeTempDir } from '../store/helpers';
import { cli, fixture } from './run';

let dir: string;
let cleanup: () => Promise<void>;
beforeAll(async () => {
  ({ dir, cleanup } = await makeTempDir());
});
afterAll(() => cleanup());

const BIN = fileURLToPath(new URL('../../bin/mtl-studio.mjs', import.meta.url));

/**
 * Small but long enough to be killed mid-run on any machine: no early stopping (patience
 * 0), dropout and GradNorm (the dropout stream and GradNorm's weights and moments in the
 * checkpoint).
 */
const TRAIN = [
  '--evaluation',
  'split',
  '--arch',
  'hard-sharing',
  '--weighting',
  'gradnorm',
  '--hidden',
  '32,32',
  '--dropout',
  '0.2',
  '--batch-size',
  '16',
  '--epochs',
  '60',
  '--patience',
  '0',
  '--seed',
  '7',
];

/** Polls the project until run `runId` has a checkpoint; @returns its epoch. */
async function waitForCheckpoint(project: string, runId: number): Promise<number> {
  const store = await ProjectStore.open(project);
  try {
    for (let i = 0; i < 600; i++) {
      const run = await store.training.getRun(runId).catch(() => null);
      if (run?.checkpointEpoch !== undefined) return run.checkpointEpoch;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    throw new Error(`Run ${runId} stored no checkpoint within 15 s.`);
  } finally {
    await store.close();
  }
}

describe('mtl-studio train --resume', () => {
  it('a run SIGKILLed after a checkpoint resumes to the weights of an uninterrupted run', async () => {
    const project = `${dir}/resume.mtlproj`;
    const setup = await ProjectStore.open(project, { create: true });
    const { id } = await importCsv(setup, fixture('penguins.csv'), { name: 'penguins' });
    await defineTasks(setup, id, [{ column: 'species' }, { column: 'sex' }]);
    await setup.close();

    // Run 1: trains in a child process, checkpoint after every epoch; killed with SIGKILL.
    const child = spawn(
      process.execPath,
      [BIN, '--json', 'train', '-p', project, ...TRAIN, '--checkpoint-seconds', '0'],
      { stdio: 'ignore' },
    );
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      child.on('exit', (_code, signal) => resolve(signal)),
    );
    const checkpointEpoch = await waitForCheckpoint(project, 1);
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');

    // Opening the project marks the run interrupted (its process is gone); it keeps its
    // checkpoint and the epochs recorded so far.
    const killed = await ProjectStore.open(project);
    const stopped = await killed.training.getRun(1);
    const epochsBefore = (await killed.training.listEpochs(1)).length;
    await killed.close();
    expect(stopped.status).toBe('interrupted');
    expect(stopped.checkpointEpoch).toBeGreaterThanOrEqual(checkpointEpoch);
    expect(epochsBefore).toBeLessThan(60);
    expect(epochsBefore).toBeGreaterThanOrEqual(stopped.checkpointEpoch!);

    const resumed = await cli('--json', 'train', '-p', project, '--resume', '1');
    expect(resumed.stderr).not.toMatch(/at .*\.ts:\d+/);
    const run = JSON.parse(resumed.stdout).run;
    expect(run).toMatchObject({ id: 1, status: 'completed', errorCode: null });
    expect(run).not.toHaveProperty('checkpointEpoch');

    // Run 2: the same configuration without interruption (nor checkpoints), in the CLI's
    // own process (the same backend and kernel as the child processes).
    const reference = JSON.parse(
      (
        await cli(
          '--json',
          'train',
          '-p',
          project,
          ...TRAIN,
          '--checkpoint-every',
          '0',
          '--in-process',
        )
      ).stdout,
    ).run;
    expect(reference).toMatchObject({ id: 2, status: 'completed', splitId: run.splitId });

    const store = await ProjectStore.open(project);
    try {
      const [a, b] = await Promise.all([store.training.getModel(1), store.training.getModel(2)]);
      expect(a.weights.byteLength).toBeGreaterThan(0);
      expect(Buffer.from(a.weights).equals(Buffer.from(b.weights))).toBe(true);
      expect(run.results).toEqual(reference.results);
      expect(run.bestEpoch).toBe(reference.bestEpoch);
      // Every epoch once, in order: those before the checkpoint kept, the rest trained again.
      const epochs = await store.training.listEpochs(1);
      expect(epochs.map((e) => e.epoch)).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
      const same = (await store.training.listEpochs(2)).map((e) => ({ ...e, seconds: 0 }));
      expect(epochs.map((e) => ({ ...e, seconds: 0 }))).toEqual(same);
    } finally {
      await store.close();
    }
  }, 120_000);
});
