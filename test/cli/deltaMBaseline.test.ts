/**
 * Δm is only computed against a single-task baseline given the same input columns on the
 * same split (the user's report: after removing two of three tasks, a one-task
 * hard-sharing model — whose inputs now include the removed tasks' targets — was credited
 * +12–15 % against the three-task baseline trained without them), and `train` warns when
 * a multi-task architecture gets one task.
 */
import { execFile } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../store/helpers';
import { expectSignedText } from '../shared/signedCheck';
import { cli, fixture } from './run';

let dir: string;
let cleanup: () => Promise<void>;
beforeAll(async () => {
  ({ dir, cleanup } = await makeTempDir());
});
afterAll(() => cleanup());

const train = async (project: string, ...args: string[]) => {
  const result = await cli(
    '--json',
    'train',
    '--evaluation',
    'split',
    '-p',
    project,
    '--epochs',
    '3',
    '--in-process',
    ...args,
  );
  expect(result.code).toBe(0);
  return { doc: JSON.parse(result.stdout), stderr: result.stderr };
};

describe('Δm baseline', () => {
  it('uses a baseline with the same inputs (a task subset is fine), none after the inputs changed; warns on one task', async () => {
    // A folder with a space: the suggested command quotes the project.
    await mkdir(`${dir}/my runs`);
    const project = `${dir}/my runs/penguins.mtlproj`;
    expect((await cli('import', fixture('penguins.csv'), '-p', project)).code).toBe(0);
    await cli('tasks', '-p', project, '--add', 'species', 'island', 'sex');
    const baseline = (await train(project, '--arch', 'single-task')).doc.run;
    // Two of the three tasks, all three still defined: same inputs, so run 1 is its baseline.
    const subset = await train(project, '--arch', 'hard-sharing', '--tasks', 'species', 'island');
    expect(subset.doc.warnings).toBeUndefined();
    // One task with a sharing architecture: warned on stderr and in the JSON document.
    const one = await train(project, '--arch', 'mmoe', '--tasks', 'species');
    expect(one.stderr).toMatch(
      /warning: only one task \(species\): mmoe has nothing to share between tasks/,
    );
    expect(one.doc.warnings).toEqual([expect.stringMatching(/^only one task \(species\)/)]);
    // Removing island and sex makes their columns inputs again.
    await cli('tasks', '-p', project, '--remove', 'island', 'sex');
    const after = await train(project, '--arch', 'hard-sharing');
    expect(after.stderr).toMatch(/warning: only one task \(species\): hard-sharing/);

    const evaluated = JSON.parse((await cli('--json', 'evaluate', '-p', project)).stdout).runs;
    const byId = new Map(evaluated.map((r: { runId: number }) => [r.runId, r]));
    expect(byId.get(subset.doc.run.id)).toMatchObject({ baselineRunId: baseline.id });
    expect(typeof (byId.get(subset.doc.run.id) as { deltaM: unknown }).deltaM).toBe('number');
    expect(byId.get(one.doc.run.id)).toMatchObject({ baselineRunId: baseline.id });
    expect(byId.get(after.doc.run.id)).toMatchObject({ baselineRunId: null, deltaM: null });
    const text = await cli('evaluate', '-p', project);
    // The table's Δm (%) column (the last) writes the --json number with its sign.
    const subsetRow = text.stdout
      .split('\n')
      .find((l) => l.split('│')[1]?.trim() === String(subset.doc.run.id))!
      .split('│');
    expectSignedText(
      subsetRow[subsetRow.length - 2].trim(),
      (byId.get(subset.doc.run.id) as { deltaM: number }).deltaM,
    );
    // The column's metric, named once under the table.
    expect(text.stdout.split("Δm: mean relative change of each task's test macro-F1").length).toBe(
      2,
    );
    expect(text.stdout).toContain(
      "Δm: mean relative change of each task's test macro-F1 against the single-task baseline, in % (positive: better than single-task).",
    );
    // Found by a new user: the hint named `train --arch single-task --evaluation split`
    // without -p (refused) nor --tasks; now the whole command, the project quoted, and what
    // the single-task run on the split differs in (run 1 was trained without island and sex
    // as inputs: they were tasks then).
    const command = `mtl-studio train -p '${project}' --tasks species --arch single-task --evaluation split`;
    const reason = `Δm needs a completed single-task run on the same split and input columns that trained every task of the run (removing or adding a task changes the input columns); single-task run ${baseline.id} on split 1 differs in its input columns (without island, sex). Train one (on split 1, the dataset's newest) with: ${command}`;
    expect(text.stdout).toContain(`Run ${after.doc.run.id}: ${reason}\n`);
    // --json: the same in English, and as a code with its parameters.
    expect(byId.get(after.doc.run.id)).toMatchObject({
      baselineMissing: reason,
      baselineReason: {
        code: 'singleTaskRunDiffers',
        runId: baseline.id,
        splitId: 1,
        latestSplitId: 1,
        lacksTasks: [],
        inputsWith: [],
        inputsWithout: ['island', 'sex'],
        inputsChanged: null,
      },
    });
    expect(byId.get(subset.doc.run.id)).toMatchObject({
      baselineMissing: null,
      baselineReason: null,
    });

    // The command as printed, run by sh: its single-task run is then the baseline used.
    const bin = fileURLToPath(new URL('../../bin/mtl-studio.mjs', import.meta.url));
    await promisify(execFile)('sh', [
      '-c',
      `${command.replace(/^mtl-studio/, `'${process.execPath}' '${bin}'`)} --epochs 3 --in-process`,
    ]);
    const rebased = { id: baseline.id + 4 };
    const again = JSON.parse((await cli('--json', 'evaluate', '-p', project)).stdout).runs;
    expect(again.find((r: { runId: number }) => r.runId === after.doc.run.id)).toMatchObject({
      baselineRunId: rebased.id,
    });
    expect(again.find((r: { runId: number }) => r.runId === subset.doc.run.id)).toMatchObject({
      baselineRunId: baseline.id,
    });
  });
});
