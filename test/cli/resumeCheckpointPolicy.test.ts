/**
 * `train --checkpoint-every/--checkpoint-seconds` are kept with the run (schema v14): a run
 * trained with `--checkpoint-every 1`, killed and resumed with `--resume` alone saves its
 * checkpoints every epoch again (not by the default, at most one per 10 s); options given
 * again to `--resume` replace the run's and are kept. Found by a new user: a resumed run
 * went back to the default unless the options were given again. Bad values are usage errors
 * naming the option, refused before the project is touched.
 *
 * Expected values, by hand from the options: `--checkpoint-every 1` alone means every epoch
 * whatever the time (cli/commands/trainOptions.ts checkpointPolicy: { everyEpochs: 1,
 * minSeconds: 0 }); `--checkpoint-every 3 --checkpoint-seconds 0.5` is { 3, 0.5 }. The
 * "resuming …" line states the policy resumeRun reports as the run starts again (the one it
 * hands the engine, services/trainingResume.ts), so it fails if resumeRun ignored the
 * stored one; what the engine then does with a policy (checkpoint epochs) is checked in
 * test/services/checkpointPolicy.test.ts.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importCsv } from '../../src/main/data/importCsv';
import { defineTasks } from '../../src/main/services/tasks';
import { ProjectStore } from '../../src/main/store/projectStore';
import type { RunInfo } from '../../src/shared/domain';
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
 * Far more epochs than can train before the kill on any machine (≈ 10 ms each here; no
 * early stopping), so neither the run nor its resume can finish first.
 */
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
  '100000',
  '--patience',
  '0',
  '--seed',
  '7',
  '--checkpoint-every',
  '1',
];

/** Polls for at most 60 s until `ready` holds for run `runId`; fails naming `what` if not. */
async function untilRun(
  project: string,
  runId: number,
  what: string,
  ready: (run: RunInfo) => boolean,
): Promise<void> {
  const store = await ProjectStore.open(project);
  try {
    for (let i = 0; ; i++) {
      const run = await store.training.getRun(runId).catch(() => null);
      if (run && ready(run)) return;
      if (i === 2400) throw new Error(`Run ${runId}: ${what} within 60 s.`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  } finally {
    await store.close();
  }
}

/**
 * Runs `mtl-studio train -p project …args` in a child process, SIGKILLs it once run
 * `runId` satisfies `ready` (failing if it does not in time); @returns its stderr and the run
 * as the project then holds it (opening the project marks it interrupted: its process is gone).
 */
async function killedTrain(
  project: string,
  runId: number,
  args: string[],
  what: string,
  ready: (run: RunInfo) => boolean,
): Promise<{ stderr: string; run: RunInfo }> {
  const child = spawn(process.execPath, [BIN, 'train', '-p', project, ...args], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<NodeJS.Signals | null>((resolve) =>
    child.on('exit', (_code, signal) => resolve(signal)),
  );
  try {
    await untilRun(project, runId, what, ready);
  } finally {
    child.kill('SIGKILL');
  }
  expect(await exited).toBe('SIGKILL');
  const after = await ProjectStore.open(project);
  try {
    return { stderr, run: await after.training.getRun(runId) };
  } finally {
    await after.close();
  }
}

/** Trains run `runId` with TRAIN and kills it once it stored a checkpoint. */
const killedRun = async (project: string, runId: number) =>
  (
    await killedTrain(project, runId, TRAIN, 'no checkpoint stored', (run) =>
      Boolean(run.checkpointEpoch),
    )
  ).run;

/**
 * Resumes run `runId` with `--resume` (and `extra` options) in a child process and kills it
 * once its checkpoint is after `from` (saved by the resumed run).
 */
const killedResume = (project: string, runId: number, from: number, extra: string[] = []) =>
  killedTrain(
    project,
    runId,
    ['--resume', String(runId), ...extra],
    `no checkpoint after epoch ${from} stored by the resume`,
    (run) => run.status === 'running' && (run.checkpointEpoch ?? 0) > from,
  );

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
    const from1 = first.checkpointEpoch!;
    expect(from1).toBeGreaterThanOrEqual(1);

    // --resume alone: the run's own options, as resumeRun reports them, and kept.
    const resumed = await killedResume(project, 1, from1);
    expect(resumed.stderr).toContain(
      `resuming run 1 after epoch ${from1} (checkpoints: every 1 epoch)\n`,
    );
    expect(resumed.run).toMatchObject({ status: 'interrupted', checkpointPolicy: every1 });

    // Options given again replace the run's, and are kept.
    const second = await killedRun(project, 2);
    expect(second).toMatchObject({ status: 'interrupted', checkpointPolicy: every1 });
    const from2 = second.checkpointEpoch!;
    const again = await killedResume(project, 2, from2, [
      '--checkpoint-every',
      '3',
      '--checkpoint-seconds',
      '0.5',
    ]);
    expect(again.stderr).toContain(
      `resuming run 2 after epoch ${from2} (checkpoints: every 3 epochs, at least 0.5 s apart, as given)`,
    );
    expect(again.run).toMatchObject({
      status: 'interrupted',
      checkpointPolicy: { everyEpochs: 3, minSeconds: 0.5 },
    });
    // Every 3 epochs: its first new checkpoint is at least 3 epochs after the one it resumed from.
    expect(again.run.checkpointEpoch).toBeGreaterThanOrEqual(from2 + 3);

    // Bad values: usage errors naming the option and its range, before the project is
    // opened (the run stays interrupted, its policy unchanged).
    for (const [args, message] of [
      [
        ['--checkpoint-seconds', '-1'],
        '--checkpoint-seconds must be a number from 0 to 86400, got "-1".',
      ],
      [
        ['--checkpoint-every', '9007199254740992'],
        '--checkpoint-every must be a whole number from 0 to 9007199254740991, got "9007199254740992".',
      ],
      [
        ['--checkpoint-every', '1.5'],
        // Past no bound: the safe integers' own (2^53 − 1) is said only for a value past it.
        '--checkpoint-every must be a whole number ≥ 0, got "1.5".',
      ],
    ] as const) {
      const refused = await cli('train', '-p', project, '--resume', '2', ...args);
      expect(refused.code, args.join(' ')).toBe(1);
      expect(refused.stderr).toContain(message);
      expect(refused.stderr).not.toContain('resuming run');
    }
    const store = await ProjectStore.open(project);
    try {
      expect(await store.training.getRun(2)).toMatchObject({
        status: 'interrupted',
        checkpointPolicy: { everyEpochs: 3, minSeconds: 0.5 },
      });
    } finally {
      await store.close();
    }

    // The help tells the truth.
    const help = (await cli('train', '--help')).stdout.replace(/\s+/g, ' ');
    expect(help).toContain('its --checkpoint-every and --checkpoint-seconds are kept with it');
    expect(help).toContain(
      "Checkpoint options given again make a whole new policy, as for a new run (one not given takes its default, not the run's)",
    );
    expect(help).not.toContain('not kept with a run');
    const restartHelp = (await cli('restart', '--help')).stdout.replace(/\s+/g, ' ');
    expect(restartHelp).toContain(
      "It keeps the stopped run's checkpoint policy (its --checkpoint-every and --checkpoint-seconds; the default for a run stored by an earlier version; none for an Auto run) and takes no checkpoint options.",
    );
  }, 180_000);
});
