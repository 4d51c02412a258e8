/**
 * `train --checkpoint-every/--checkpoint-seconds` are kept with the run (schema v14): a run
 * trained with `--checkpoint-every 1`, killed and resumed with `--resume` alone saves its
 * checkpoints every epoch again (not by the default, at most one per 10 s); options given
 * again to `--resume` replace the run's and are kept. Found by a new user: a resumed run
 * went back to the default unless the options were given again.
 *
 * Expected values, by hand from the options: `--checkpoint-every 1` alone means every epoch
 * whatever the time (cli/commands/training.ts checkpointPolicy: { everyEpochs: 1,
 * minSeconds: 0 }); `--checkpoint-every 3 --checkpoint-seconds 0.5` is { 3, 0.5 }. What the
 * resumed run does with the stored policy (checkpoint epochs) is checked in
 * test/services/checkpointPolicy.test.ts, through the same services/trainingResume.ts.
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

/** Long enough to be killed mid-run on any machine (no early stopping). */
const TRAIN = [
  '--evaluation',
  'split',
  '--arch',
  'hard-sharing',
  '--hidden',
  '32,32',
  '--batch-size',
  '16',
  '--epochs',
  '60',
  '--patience',
  '0',
  '--seed',
  '7',
  '--checkpoint-every',
  '1',
];

/**
 * Trains run `runId` with `mtl-studio train … --checkpoint-every 1` in a child process and
 * SIGKILLs it once it stored a checkpoint; @returns the run as the project then holds it.
 */
async function killedRun(project: string, runId: number) {
  const child = spawn(process.execPath, [BIN, '--json', 'train', '-p', project, ...TRAIN], {
    stdio: 'ignore',
  });
  const exited = new Promise<NodeJS.Signals | null>((resolve) =>
    child.on('exit', (_code, signal) => resolve(signal)),
  );
  const store = await ProjectStore.open(project);
  try {
    for (let i = 0; i < 1200; i++) {
      const run = await store.training.getRun(runId).catch(() => null);
      if (run?.checkpointEpoch !== undefined) break;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  } finally {
    await store.close();
  }
  child.kill('SIGKILL');
  expect(await exited).toBe('SIGKILL');
  // Opening the project marks it interrupted (its process is gone).
  const after = await ProjectStore.open(project);
  try {
    return await after.training.getRun(runId);
  } finally {
    await after.close();
  }
}

describe('train --resume keeps the run’s checkpoint options', () => {
  it('resumes with the options the run was trained with, or with those given again', async () => {
    const project = `${dir}/policy.mtlproj`;
    const setup = await ProjectStore.open(project, { create: true });
    const { id } = await importCsv(setup, fixture('penguins.csv'), { name: 'penguins' });
    await defineTasks(setup, id, [{ column: 'species' }, { column: 'sex' }]);
    await setup.close();

    const every1 = { everyEpochs: 1, minSeconds: 0 };
    const first = await killedRun(project, 1);
    expect(first).toMatchObject({ status: 'interrupted', checkpointPolicy: every1 });
    expect(first.checkpointEpoch).toBeGreaterThanOrEqual(1);

    // --resume alone: the run's own options (said on stderr), kept after it completes.
    const resumed = await cli('train', '-p', project, '--resume', '1', '--in-process');
    expect(resumed.code).toBe(0);
    expect(resumed.stderr).toContain(
      `resuming run 1 after epoch ${first.checkpointEpoch} (checkpoints: every 1 epoch)`,
    );

    // Options given again replace the run's, and are kept.
    const second = await killedRun(project, 2);
    expect(second).toMatchObject({ status: 'interrupted', checkpointPolicy: every1 });
    const again = await cli(
      'train',
      '-p',
      project,
      '--resume',
      '2',
      '--in-process',
      '--checkpoint-every',
      '3',
      '--checkpoint-seconds',
      '0.5',
    );
    expect(again.code).toBe(0);
    expect(again.stderr).toContain(
      `resuming run 2 after epoch ${second.checkpointEpoch} (checkpoints: every 3 epochs, at least 0.5 s apart, as given)`,
    );
    const every3 = { everyEpochs: 3, minSeconds: 0.5 };
    const store = await ProjectStore.open(project);
    try {
      expect(await store.training.getRun(1)).toMatchObject({
        status: 'completed',
        checkpointPolicy: every1,
      });
      expect(await store.training.getRun(2)).toMatchObject({
        status: 'completed',
        checkpointPolicy: every3,
      });
      // Each resumed run trained all its epochs, once each.
      for (const runId of [1, 2])
        expect((await store.training.listEpochs(runId)).map((e) => e.epoch)).toEqual(
          Array.from({ length: 60 }, (_, i) => i + 1),
        );
    } finally {
      await store.close();
    }

    // The help tells the truth.
    const help = (await cli('train', '--help')).stdout.replace(/\s+/g, ' ');
    expect(help).toContain('its --checkpoint-every and --checkpoint-seconds are kept with it');
    expect(help).not.toContain('not kept with a run');
  }, 180_000);
});
