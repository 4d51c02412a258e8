/**
 * Why a run on a fixed split has no Δm (services/evaluation.ts runComparisons'
 * `baselineReason`), and how `evaluate` words it with the command that trains the baseline
 * only where one trained now pairs with the run. Found by a new user: `--json` gave split runs
 * no reason, and the text named `train --arch single-task --evaluation split` without -p.
 * Expected values by hand from the runs below (split ids, tasks and input columns as given).
 */
import { describe, expect, it } from 'vitest';
import type { RunInfo } from '../../src/shared/domain';
import { runComparisons } from '../../src/main/services/evaluation';
import {
  runBaselineMissingText,
  splitBaselineCommand,
} from '../../src/main/cli/commands/evaluation';

/** A completed run on `splitId` scoring 0.7 macro-F1 on each of `tasks`. */
function run(
  id: number,
  arch: RunInfo['config']['arch'],
  splitId: number,
  tasks = ['type', 'legs'],
  auto = false,
): RunInfo {
  return {
    id,
    splitId,
    status: 'completed',
    tasks,
    config: { arch },
    auto,
    results: Object.fromEntries(tasks.map((t) => [t, { macroF1: 0.7 }])),
  } as unknown as RunInfo;
}

const key = (...columns: string[]) => JSON.stringify(columns.sort());
const COMMAND = splitBaselineCommand("-p 'my dir/zoo.mtlproj'", { tasks: ['type', 'legs'] });

describe('a split run without a baseline', () => {
  it('names the split and the command when none was trained on it', () => {
    const [r] = runComparisons([run(3, 'mmoe', 2)], new Map([[3, key('hair')]]), {
      latestSplitId: 2,
      inputs: key('hair'),
    });
    expect(r.baselineReason).toEqual({
      code: 'noSingleTaskRun',
      splitId: 2,
      latestSplitId: 2,
      inputsChanged: null,
    });
    expect(COMMAND).toBe(
      "mtl-studio train -p 'my dir/zoo.mtlproj' --tasks type legs --arch single-task --evaluation split",
    );
    expect(runBaselineMissingText(r.baselineReason!, COMMAND)).toMatch(
      /; there is none on split 2\. Train one \(on split 2, the dataset's newest\) with: mtl-studio train -p 'my dir\/zoo\.mtlproj' --tasks type legs --arch single-task --evaluation split$/,
    );
  });

  it('says what the single-task run on its split differs in', () => {
    const single = run(1, 'single-task', 2, ['type']);
    const [, r] = runComparisons(
      [single, run(3, 'mmoe', 2)],
      new Map([
        [1, key('hair', 'legs')],
        [3, key('hair')],
      ]),
      { latestSplitId: 2, inputs: key('hair') },
    );
    expect(r.baselineReason).toMatchObject({
      code: 'singleTaskRunDiffers',
      runId: 1,
      lacksTasks: ['legs'],
      inputsWith: ['legs'],
      inputsWithout: [],
    });
    expect(runBaselineMissingText(r.baselineReason!, COMMAND)).toContain(
      'single-task run 1 on split 2 differs in its tasks (without legs) and its input columns (with legs).',
    );
  });

  it('gives no command when train would use another split, or the inputs changed since', () => {
    const [other] = runComparisons([run(3, 'mmoe', 1)], new Map(), {
      latestSplitId: 2,
      inputs: null,
    });
    const text = runBaselineMissingText(other.baselineReason!, COMMAND);
    expect(text).toContain(
      "`train` trains on the dataset's newest split, 2, not on split 1, so a single-task run trained now cannot be this run's baseline",
    );
    expect(text).not.toContain('mtl-studio train');
    const [changed] = runComparisons([run(3, 'mmoe', 2)], new Map([[3, key('hair', 'legs')]]), {
      latestSplitId: 2,
      inputs: key('hair'),
    });
    expect(changed.baselineReason).toMatchObject({
      inputsChanged: { given: ['hair', 'legs'], now: ['hair'], restore: ['legs'], drop: [] },
    });
    expect(runBaselineMissingText(changed.baselineReason!, COMMAND)).toContain(
      "The run was given the input columns hair, legs; the dataset's are now hair, so a single-task run trained now cannot be its baseline (only with legs an input column again).",
    );
  });

  it("names an Auto run's single-task run as no baseline, and a plain single-task run has no reason", () => {
    const [plain, , r] = runComparisons([
      run(1, 'single-task', 1, ['hair']),
      run(2, 'single-task', 2, ['type', 'legs'], true),
      run(3, 'mmoe', 2),
    ]);
    expect(plain.baselineReason).toBeNull();
    expect(r.baselineReason).toEqual({ code: 'autoSingleTaskNotBaseline', runId: 2 });
    expect(runBaselineMissingText(r.baselineReason!, COMMAND)).toMatch(
      /^Run 2 \(auto → single-task\) is not a Δm baseline/,
    );
  });
});
