/**
 * predict's warning for scored rows the run trained on: one line per distinct count, naming
 * every task it holds for (a new user saw the same sentence once per task). Expected texts
 * written by hand.
 */
import { describe, expect, it } from 'vitest';
import { trainingRowsWarnings } from '../../src/main/cli/commands/predictWords';
import type { TaskScore } from '../../src/main/export/predictScores';

/** A task's score with `rows` labelled rows, `trainingRows` of them trained on. */
function score(task: string, rows: number, trainingRows: number): TaskScore {
  return {
    task,
    column: task,
    rows,
    accuracy: 1,
    macroF1: 1,
    unknownLabelRows: 0,
    unknownLabels: [],
    unknownLabelsDistinct: 0,
    similarLabels: [],
    trainingRows,
  } as TaskScore;
}

const run = { project: '/tmp/my dir/p.mtlproj', run: 2, dataset: 1, heldOut: true };
const advice =
  "score rows it did not see, e.g. the test split: mtl-studio predict -p '/tmp/my dir/p.mtlproj' --run 2 --dataset 1 -o out.csv writes each row's split, keep those with split = test";

describe('trainingRowsWarnings', () => {
  it('says it once for tasks with the same counts, apart for others, none for 0', () => {
    const lines = trainingRowsWarnings(
      [score('type', 101, 70), score('legs', 101, 70), score('sex', 90, 61), score('x', 5, 0)],
      run,
    );
    expect(lines).toEqual([
      `tasks "type", "legs": 70 of 101 scored rows are rows this model was trained on (their inputs equal a training row's): these scores are optimistic; ${advice}`,
      `task "sex": 61 of 90 scored rows are rows this model was trained on (their inputs equal a training row's): these scores are optimistic; ${advice}`,
    ]);
  });

  it('names the cross-validation estimate for a model trained on every labelled row', () => {
    const [line] = trainingRowsWarnings([score('type', 1, 1)], { ...run, heldOut: false });
    expect(line).toBe(
      'task "type": 1 of 1 scored row is a row this model was trained on (its inputs equal a training row\'s): these scores are optimistic; score rows it did not see (this model trained on every labelled row of its dataset: its cross-validation estimate is the held-out score)',
    );
  });
});
