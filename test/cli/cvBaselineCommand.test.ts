/**
 * The Δm hint of a cross-validation without a single-task baseline is a whole command that
 * runs as shown. Found by a new user: it said "train --arch single-task --evaluation cv",
 * with no project, no -d (refused in a project of two datasets) and no folds. Expected by
 * hand: dataset 2 of a two-dataset project, cross-validated with --folds 2 (default seed 42,
 * one repeat) on species and island; the printed command, run (with --epochs 2 --in-process
 * appended to keep the test short), gives the baseline, after which evaluate has a Δm.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../store/helpers';
import { cli, fixture } from './run';

let cleanup: () => Promise<void>;
let dir: string;
beforeAll(async () => {
  ({ dir, cleanup } = await makeTempDir());
});
afterAll(() => cleanup());

describe('a cross-validation without a single-task baseline', () => {
  it('names the whole command that trains it, which then gives Δm', async () => {
    const project = `${dir}/p.mtlproj`;
    expect((await cli('import', fixture('penguins.csv'), '-p', project)).code).toBe(0);
    expect((await cli('import', fixture('penguins.csv'), '-p', project, '--name', 'b')).code).toBe(
      0,
    );
    expect((await cli('tasks', '-p', project, '-d', '2', '--add', 'species', 'island')).code).toBe(
      0,
    );
    const cv = await cli(
      'train',
      '-p',
      project,
      '-d',
      '2',
      '--evaluation',
      'cv',
      '--folds',
      '2',
      '--epochs',
      '2',
      '--in-process',
    );
    expect(cv.code).toBe(0);
    const command = `mtl-studio train -p ${project} -d 2 --tasks species island --arch single-task --evaluation cv --folds 2 --cv-seed 42`;
    const hint = `Δm: – (No completed single-task cross-validation on the same folds, tasks and input columns: ${command})`;
    expect(cv.stdout).toContain(hint);
    // train's summary names Δm's metric under its table, as evaluate does.
    const legend =
      "Δm: mean relative change of each task's test macro-F1 against the single-task baseline on the same fold, in %, as mean ± std over folds; vs single-task: that change per task, mean over folds (positive: better than single-task).";
    expect(cv.stdout).toContain(legend);
    expect((await cli('evaluate', '-p', project, '-d', '2')).stdout).toContain(hint);
    // --json says it with the same whole command (found by a new user: it ended with the
    // bare `train --arch single-task --evaluation cv.`, which trains no baseline that pairs).
    const reason = `No completed single-task cross-validation on the same folds, tasks and input columns: ${command}`;
    const json = JSON.parse((await cli('--json', 'evaluate', '-p', project, '-d', '2')).stdout);
    expect(json.crossValidations[0].baselineMissing).toBe(reason);
    const trained = await cli(
      '--json',
      'train',
      '-p',
      project,
      '-d',
      '2',
      '--evaluation',
      'cv',
      '--folds',
      '2',
      '--epochs',
      '2',
      '--in-process',
      '--fresh',
    );
    expect(JSON.parse(trained.stdout).crossValidation.baselineMissing).toBe(reason);
    const args = command.split(' ').slice(1);
    expect((await cli(...args, '--epochs', '2', '--in-process')).code).toBe(0);
    const after = await cli('evaluate', '-p', project, '-d', '2');
    expect(after.stdout).not.toContain('Δm: –');
    expect(after.stdout).toContain(legend);
    expect(after.stdout).toMatch(/Δm .* against single-task cross-validation 3 \(same folds\)/);
  }, 180_000);
});
