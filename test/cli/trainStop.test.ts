/**
 * What `mtl-studio train` says when it is stopped, and what its help says about budgets and
 * checkpoints. Found by a new user: Ctrl-C ended a run with exit code 130 and only "Training
 * was cancelled." (no run, no epoch, no way on); `--checkpoint-every 1` on a run killed at 4 s
 * left no checkpoint (the default 10 s also had to pass); `--budget 20s` took 104 s on five
 * folds (the budget is per fold) with no word of it.
 *
 * Expected values: the messages are checked against what the project stored (the run's
 * status, its last epoch, its checkpoint epoch, read back with ProjectStore after the
 * command ended), and the checkpoint rule against hand-worked cases of
 * engine/checkpoint.ts checkpointDue (due when both N epochs and S seconds have passed).
 * Signals are sent when the project or stderr shows the training in flight, so no timing is
 * asserted.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importCsv } from '../../src/main/data/importCsv';
import { checkpointPolicy } from '../../src/main/cli/commands/trainOptions';
import { autoBudgetLine } from '../../src/main/cli/commands/trainProgress';
import { rerunCommand } from '../../src/main/cli/rerun';
import { checkpointDue, DEFAULT_CHECKPOINT_POLICY } from '../../src/main/engine/checkpoint';
import { defineTasks } from '../../src/main/services/tasks';
import { ProjectStore } from '../../src/main/store/projectStore';
import { makeTempDir } from '../store/helpers';
import { cli, fixture } from './run';

const BIN = fileURLToPath(new URL('../../bin/mtl-studio.mjs', import.meta.url));

let dir: string;
let cleanup: () => Promise<void>;
let project: string;
beforeAll(async () => {
  ({ dir, cleanup } = await makeTempDir());
  project = `${dir}/stop.mtlproj`;
  const store = await ProjectStore.open(project, { create: true });
  const { id } = await importCsv(store, fixture('penguins.csv'), { name: 'penguins' });
  await defineTasks(store, id, [{ column: 'species' }, { column: 'sex' }]);
  await store.close();
});
afterAll(() => cleanup());

/** A plain run that would train for minutes: stopped by the test long before its end. */
const LONG = ['--evaluation', 'split', '--epochs', '100000', '--patience', '0', '--hidden', '8'];

/** Starts `mtl-studio …args`; its stdout and stderr so far, and its exit. */
function start(args: string[]) {
  const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const out = { stdout: '', stderr: '' };
  child.stdout.on('data', (d: Buffer) => (out.stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out.stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, out, exited };
}

/** Polls `until` every 25 ms for up to 60 s. */
async function waitFor(what: string, until: () => Promise<boolean> | boolean): Promise<void> {
  for (let i = 0; i < 2400; i++) {
    if (await until()) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`Timed out waiting for ${what}.`);
}

/** Run `runId` as stored, with its last recorded epoch. */
async function stored(runId: number) {
  const store = await ProjectStore.open(project);
  try {
    const run = await store.training.getRun(runId).catch(() => null);
    const lastEpoch = run ? ((await store.training.listEpochs(runId)).at(-1)?.epoch ?? 0) : 0;
    return { run, lastEpoch };
  } finally {
    await store.close();
  }
}

describe('train --help', () => {
  it('says the budget is per fold and states the checkpoint rule', async () => {
    const help = (await cli('train', '--help')).stdout.replace(/\s+/g, ' ');
    expect(help).toContain(
      '--budget <time> search budget of --arch auto, e.g. 60s, 2m or 1h (default 60s); per fold under cross-validation (--evaluation cv, which auto picks below 2000 labelled rows), so 5 folds take about 5× as long',
    );
    expect(help).toContain(
      '--checkpoint-every <n> save a checkpoint to resume from after every n epochs, 0 = none; given alone, every n epochs whatever the time (default: after an epoch once 10 s have passed since the last checkpoint or the start; not under cross-validation, whose folds are not resumed, nor in an Auto run: a warning says so; kept with the run, for --resume and restart)',
    );
    expect(help).toContain(
      '--checkpoint-seconds <s> at least s seconds between checkpoints (and before the first), 0 to 86400 (a day): a checkpoint follows the first epoch that is both n epochs (--checkpoint-every, default 1) and s seconds after the last one (default 10, or 0 when --checkpoint-every is given), or, whatever n, that ends 30 s or more (never under s) after it',
    );
  });
});

describe('checkpoint options', () => {
  it('an explicit --checkpoint-every wins over the default 10 s', () => {
    expect(checkpointPolicy(undefined, undefined)).toBeUndefined();
    expect(checkpointPolicy(0, 5)).toBe(false);
    expect(checkpointPolicy(1, undefined)).toEqual({ everyEpochs: 1, minSeconds: 0 });
    expect(checkpointPolicy(undefined, 3)).toEqual({ everyEpochs: 1, minSeconds: 3 });
    expect(checkpointPolicy(4, 2)).toEqual({ everyEpochs: 4, minSeconds: 2 });
    // By hand: epoch 1 ends 0.05 s into training, no checkpoint yet (last epoch 0).
    // `--checkpoint-every 1`: 1 − 0 ≥ 1 epochs and 0.05 ≥ 0 s → due.
    expect(checkpointDue(checkpointPolicy(1, undefined) as never, 1, 0, 0.05)).toBe(true);
    // The default (every epoch, 10 s): 0.05 < 10 s → not due; at 10 s it is.
    expect(checkpointDue(DEFAULT_CHECKPOINT_POLICY, 1, 0, 0.05)).toBe(false);
    expect(checkpointDue(DEFAULT_CHECKPOINT_POLICY, 1, 0, 10)).toBe(true);
    // Both must hold: 3 epochs of every 4 after 29 s is not due; after 60 s the time rule
    // (engine/checkpoint.ts CHECKPOINT_TIME_RULE_SECONDS, 30 s) makes it due.
    expect(checkpointDue({ everyEpochs: 4, minSeconds: 2 }, 7, 4, 29)).toBe(false);
    expect(checkpointDue({ everyEpochs: 4, minSeconds: 2 }, 7, 4, 60)).toBe(true);
    expect(checkpointDue({ everyEpochs: 4, minSeconds: 2 }, 8, 4, 1.9)).toBe(false);
    expect(checkpointDue({ everyEpochs: 4, minSeconds: 2 }, 8, 4, 2)).toBe(true);
  });

  it('the Auto note says what the budget covers and what comes on top', () => {
    // By hand: 20 s × 5 folds = 100 s; 45 s × 10 (5 folds × 2 repeats) = 450 s.
    const onTop =
      "on top: each fold's start-up and final training of the chosen configuration (estimated when its search ends), and on a table the first default configuration always trains to its end, even past a small budget (on images its epochs are capped after its first epoch so that it ends within the budget)";
    expect(autoBudgetLine(20, 5)).toBe(`auto: search ≈ 20 s per fold × 5 folds ≈ 100 s; ${onTop}`);
    expect(autoBudgetLine(45, 10)).toBe(
      `auto: search ≈ 45 s per fold × 10 folds ≈ 450 s; ${onTop}`,
    );
    expect(autoBudgetLine(30, 1)).toBe(`auto: search ≈ 30 s per fold × 1 fold ≈ 30 s; ${onTop}`);
    // A single run (--evaluation split): one search.
    expect(autoBudgetLine(30, null)).toBe(
      'auto: search ≈ 30 s; on top: the start-up and the final training of the chosen configuration (estimated when the search ends), and on a table the first default configuration always trains to its end, even past a small budget (on images its epochs are capped after its first epoch so that it ends within the budget)',
    );
  });

  it('gives back the command typed, each word quoted for a POSIX shell', () => {
    // By hand: only the words with a space or a quote need quotes.
    expect(
      rerunCommand(['train', '-p', '/tmp/my runs/p.mtlproj', '--tasks', 'a,b', '--folds', '3']),
    ).toBe("mtl-studio train -p '/tmp/my runs/p.mtlproj' --tasks a,b --folds 3");
    expect(rerunCommand(['train', '-d', "Bob's data"])).toBe(
      "mtl-studio train -d 'Bob'\\''s data'",
    );
  });
});

describe('a stopped train', () => {
  it('Ctrl-C: one line naming the stored status, last epoch, checkpoint and --resume', async () => {
    // --checkpoint-every 5 alone: every 5 epochs whatever the time (no 10 s wait).
    const { child, out, exited } = start([
      'train',
      '-p',
      project,
      ...LONG,
      '--checkpoint-every',
      '5',
    ]);
    await waitFor('run 1 to store a checkpoint', async () => {
      const { run } = await stored(1);
      return run?.checkpointEpoch !== undefined;
    });
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    const { run, lastEpoch } = await stored(1);
    expect(run!.status).toBe('cancelled');
    expect(run!.checkpointEpoch! % 5).toBe(0);
    expect(out.stdout).toBe('');
    const lines = out.stderr.trimEnd().split('\n');
    expect(lines.at(-1)).toBe(
      `Cancelled by SIGINT (Ctrl-C) after epoch ${lastEpoch}: run 1 stored as cancelled (last checkpoint: epoch ${run!.checkpointEpoch}). Continue it with: mtl-studio train -p ${project} --resume 1`,
    );
    // The engine's bare sentence is no longer printed beside it.
    expect(out.stderr).not.toContain('Training was cancelled.');
  }, 90_000);

  it('SIGTERM with --json: the error document carries the stored status', async () => {
    const { child, out, exited } = start([
      '--json',
      'train',
      '-p',
      project,
      ...LONG,
      '--checkpoint-every',
      '0',
    ]);
    await waitFor('run 2 to record an epoch', async () => (await stored(2)).lastEpoch > 0);
    child.kill('SIGTERM');
    // 128 + 15 (SIGTERM), as a shell reports a process that signal stopped.
    expect(await exited).toBe(143);
    const { run, lastEpoch } = await stored(2);
    expect(run!.checkpointEpoch).toBeUndefined();
    expect(JSON.parse(out.stdout)).toEqual({
      error: {
        code: 'TRAINING_CANCELLED',
        message: `Cancelled by SIGTERM after epoch ${lastEpoch}: run 2 stored as cancelled (no checkpoint saved yet). Train it again from its first epoch with: mtl-studio restart 2 -p ${project}`,
        details: {
          runId: 2,
          status: run!.status,
          lastEpoch,
          signal: 'SIGTERM',
          next: `mtl-studio restart 2 -p ${project}`,
        },
      },
    });
    expect(run!.status).toBe('cancelled');
  }, 90_000);

  it('train --resume refused (no checkpoint): the refusal once, on stderr', async () => {
    const refused = await cli('train', '-p', project, '--resume', '2');
    expect(refused.code).toBe(1);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toBe(
      `error: Run 2 has no checkpoint (it stopped before its first one was saved); restart it (mtl-studio restart 2 -p ${project}, or Restart in the Train view) to train it again from the first epoch.\n`,
    );
  });

  it('Auto under cross-validation: says the whole time up front, and the stored status when stopped', async () => {
    const { child, out, exited } = start([
      'train',
      '-p',
      project,
      '--arch',
      'auto',
      '--budget',
      '20s',
      '--evaluation',
      'cv',
      '--folds',
      '3',
    ]);
    await waitFor('the first fold', () => out.stderr.includes('fold 1 of 3\n'));
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    const lines = out.stderr.trimEnd().split('\n');
    // Before the first fold: 20 s × 3 folds = 60 s, by hand (the line's words are tested above).
    expect(autoBudgetLine(20, 3)).toMatch(
      /^auto: search ≈ 20 s per fold × 3 folds ≈ 60 s; on top: /,
    );
    expect(lines.slice(0, 2)).toEqual([`note: ${autoBudgetLine(20, 3)}`, 'fold 1 of 3']);
    const store = await ProjectStore.open(project);
    try {
      const [cv] = await store.evaluation.crossValidations(1);
      expect(cv.status).toBe('cancelled');
      // The fold run linked to the evaluation, if the first fold had started its run; else
      // the stop came as fold 1 began, before its run was stored.
      const foldRun =
        cv.runs.length > 0 ? await store.training.getRun(cv.runs[0].runId) : undefined;
      const stoppedRun = foldRun
        ? `, its fold run ${foldRun.id} as ${foldRun.status} while Auto ran (its search or its finalist)`
        : ", before fold 1's run was stored";
      // The command to run again is the one typed, word for word: only the same --folds,
      // --arch, --budget (and dataset, tasks, seed…) find the same stored folds.
      const again = `mtl-studio train -p ${project} --arch auto --budget 20s --evaluation cv --folds 3`;
      expect(lines.at(-1)).toBe(
        `Cancelled by SIGINT (Ctrl-C) in fold 1 of 3: cross-validation CV${cv.id} stored as cancelled${stoppedRun}; no fold had finished. Continue it (the 3 folds not finished trained anew) with the same command, for a POSIX shell: ${again}`,
      );
    } finally {
      await store.close();
    }
  }, 90_000);

  it('cross-validation with --json: details name the fold and the command typed, quoted', async () => {
    const before = await ProjectStore.open(project);
    const seen = new Set((await before.evaluation.crossValidations(1)).map((c) => c.id));
    await before.close();
    const args = [
      'train',
      '-p',
      project,
      '--evaluation',
      'cv',
      '--folds',
      '2',
      '--cv-seed',
      '11',
      '--epochs',
      '100000',
      '--patience',
      '0',
      '--hidden',
      '8',
    ];
    const { child, out, exited } = start(['--json', ...args]);
    let cvId = 0;
    await waitFor('a fold run to record an epoch', async () => {
      const store = await ProjectStore.open(project);
      try {
        const cv = (await store.evaluation.crossValidations(1)).find((c) => !seen.has(c.id));
        if (!cv || cv.runs.length === 0) return false;
        cvId = cv.id;
        return (await store.training.listEpochs(cv.runs[0].runId)).length > 0;
      } finally {
        await store.close();
      }
    });
    child.kill('SIGTERM');
    // 128 + 15 (SIGTERM), as a shell reports a process that signal stopped.
    expect(await exited).toBe(143);
    const store = await ProjectStore.open(project);
    try {
      const cv = await store.evaluation.crossValidation(cvId);
      const runId = cv.runs[0].runId;
      const lastEpoch = (await store.training.listEpochs(runId)).at(-1)!.epoch;
      // By hand: every word as typed, --json (a global option) first.
      const next = `mtl-studio train -p ${project} --evaluation cv --folds 2 --cv-seed 11 --epochs 100000 --patience 0 --hidden 8`;
      const { error } = JSON.parse(out.stdout) as {
        error: { code: string; message: string; details: Record<string, unknown> };
      };
      expect(error.code).toBe('TRAINING_CANCELLED');
      expect(error.details).toEqual({
        evaluationId: cvId,
        status: 'cancelled',
        fold: { done: 1, total: 2 },
        stoppedInFold: 1,
        runId,
        runStatus: 'cancelled',
        lastEpoch,
        foldsDone: 0,
        signal: 'SIGTERM',
        next: `mtl-studio --json ${next.slice('mtl-studio '.length)}`,
      });
      expect(error.message.endsWith(`for a POSIX shell: mtl-studio --json ${next.slice(11)}`)).toBe(
        true,
      );
    } finally {
      await store.close();
    }
  }, 90_000);

  it('Auto under cross-validation with --json: the budget notice on stderr and in `notes`, stdout pure JSON', async () => {
    // Found by a new user: with --json the notice was kept off with the progress lines.
    // A project of its own, so the runs of the tests above keep their ids.
    const own = `${dir}/notice.mtlproj`;
    expect((await cli('import', fixture('penguins.csv'), '-p', own)).code).toBe(0);
    expect((await cli('tasks', '-p', own, '--add', 'species', 'sex')).code).toBe(0);
    const { code, stdout, stderr } = await cli(
      '--json',
      'train',
      '-p',
      own,
      '--arch',
      'auto',
      '--budget',
      '1s',
      '--evaluation',
      'cv',
      '--folds',
      '2',
      '--epochs',
      '3',
      '--hidden',
      '8',
    );
    expect(code).toBe(0);
    // By hand: 1 s × 2 folds = 2 s.
    const line = autoBudgetLine(1, 2);
    expect(line).toMatch(/^auto: search ≈ 1 s per fold × 2 folds ≈ 2 s; on top: /);
    // On stderr with the `note: ` other commands' notes have; in `notes` without it.
    expect(stderr.split('\n')).toContain(`note: ${line}`);
    const doc = JSON.parse(stdout);
    expect(doc.notes).toEqual([line]);
    expect(doc.crossValidation.evaluation.status).toBe('completed');
  }, 90_000);
});
