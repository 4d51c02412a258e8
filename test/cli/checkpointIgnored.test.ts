/**
 * `train --checkpoint-every` / `--checkpoint-seconds` where no checkpoint is saved: the
 * folds of a cross-validation (services/crossValidation.ts trains them with
 * `checkpoints: false`) and an Auto run. A new user's `--checkpoint-every 1` under a
 * cross-validation was ignored without a word; now one warning line on stderr, and the
 * same under `warnings` with --json. Expected texts written by hand.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkpointIgnoredWarning } from '../../src/main/cli/commands/training';
import { makeTempDir } from '../store/helpers';
import { cli, fixture } from './run';

let dir: string;
let cleanup: () => Promise<void>;
beforeAll(async () => {
  ({ dir, cleanup } = await makeTempDir());
});
afterAll(() => cleanup());

const CV_WARNING =
  '--checkpoint-every is ignored: cross-validation folds are not checkpointed (a stopped ' +
  'cross-validation is run again whole, on the same folds); to checkpoint, train on the ' +
  'split with --evaluation split';

describe('checkpoint options where nothing is checkpointed', () => {
  it('names the options given, and none for --checkpoint-every 0 alone', () => {
    expect(checkpointIgnoredWarning(undefined, undefined, 'cv')).toBeNull();
    expect(checkpointIgnoredWarning(0, undefined, 'cv')).toBeNull();
    expect(checkpointIgnoredWarning(1, undefined, 'cv')).toBe(CV_WARNING);
    expect(checkpointIgnoredWarning(2, 5, 'cv')).toMatch(
      /^--checkpoint-every and --checkpoint-seconds are ignored: cross-validation folds/,
    );
    expect(checkpointIgnoredWarning(undefined, 5, 'auto')).toBe(
      '--checkpoint-seconds is ignored: an Auto run is not checkpointed (a stopped one is searched again with mtl-studio restart)',
    );
  });

  it('train under cross-validation warns on stderr and in --json, and stores no checkpoint', async () => {
    const project = `${dir}/p.mtlproj`;
    expect((await cli('import', fixture('penguins.csv'), '-p', project)).code).toBe(0);
    expect((await cli('tasks', '-p', project, '--add', 'species', 'island')).code).toBe(0);
    // 344 labelled rows < 2000: a plain train cross-validates.
    const out = await cli(
      '--json',
      'train',
      '-p',
      project,
      '--folds',
      '2',
      '--epochs',
      '2',
      '--checkpoint-every',
      '1',
      '--in-process',
    );
    expect(out.code).toBe(0);
    expect(out.stderr.split('\n').filter((l) => l.includes('checkpoint'))).toEqual([
      `warning: ${CV_WARNING}`,
    ]);
    const doc = JSON.parse(out.stdout) as {
      crossValidation: { evaluation: { runs: unknown[] } };
      warnings: string[];
    };
    expect(doc.crossValidation.evaluation.runs).toHaveLength(2);
    expect(doc.warnings).toEqual([CV_WARNING]);
    // The claim holds: neither fold run has a checkpoint, though every epoch was asked for.
    const runs = JSON.parse((await cli('--json', 'runs', '-p', project)).stdout) as {
      runs: { checkpointEpoch?: number; fold?: unknown }[];
    };
    expect(runs.runs).toHaveLength(2);
    for (const run of runs.runs) {
      expect(run.fold).toBeDefined();
      expect(run.checkpointEpoch).toBeUndefined();
    }
  });
});
