/**
 * Δm is only computed against a single-task baseline given the same input columns on the
 * same split (the user's report: after removing two of three tasks, a one-task
 * hard-sharing model — whose inputs now include the removed tasks' targets — was credited
 * +12–15 % against the three-task baseline trained without them), and `train` warns when
 * a multi-task architecture gets one task.
 */
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
    const project = `${dir}/penguins.mtlproj`;
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
    expect(text.stdout).toMatch(
      /Δm needs a completed single-task run on the same split and input columns/,
    );
    // Found by a new user: a plain `train --arch single-task` cross-validates a small table
    // (no run on the split), so the hint names the split evaluation.
    expect(text.stdout).toContain('train --arch single-task --evaluation split');

    // A new single-task baseline with the new inputs is then the one used.
    const rebased = (await train(project, '--arch', 'single-task')).doc.run;
    const again = JSON.parse((await cli('--json', 'evaluate', '-p', project)).stdout).runs;
    expect(again.find((r: { runId: number }) => r.runId === after.doc.run.id)).toMatchObject({
      baselineRunId: rebased.id,
    });
    expect(again.find((r: { runId: number }) => r.runId === subset.doc.run.id)).toMatchObject({
      baselineRunId: baseline.id,
    });
  });
});
