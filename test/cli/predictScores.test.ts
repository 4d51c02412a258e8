/**
 * `predict` on a CSV file that holds a task's target column (the training table itself, a
 * held-out file) scores the predictions against its labels, as Orange's Predictions widget
 * does (found by a new user: no accuracy was shown). Expected values are computed
 * independently in this file, by hand counting over the predicted column of the output CSV
 * and the file's labels (accuracy = right / labelled; macro-F1 = mean over the labels that
 * are true or predicted of 2·tp / (2·tp + fp + fn), sklearn's f1_score(average='macro')),
 * and, for ScoreTally, by hand on fixed predictions.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cellGrammar } from '../../src/main/data/cellValues';
import { ScoreTally } from '../../src/main/export/predictScores';
import { predictPreview } from '../../src/main/services/exports';
import { ProjectStore } from '../../src/main/store/projectStore';
import { makeTempDir } from '../store/helpers';
import { cli } from './run';
import { trainXyProject } from './xyProject';

let cleanup: () => Promise<void>;
let dir: string;
let project: string;
beforeAll(async () => {
  ({ dir, cleanup } = await makeTempDir());
  // The model: test/cli/xyProject.ts (30 rows, x = (i + 1) mod 7, y = a for every third row).
  project = await trainXyProject(dir);
  // A held-out file: a label the model never saw (zzz), a missing one (row 4), "NA" (row 6).
  writeFileSync(`${dir}/held.csv`, 'x,y\n1,a\n2,b\n3,zzz\n4,\n5,b\n6,NA\n0,a\n');
  writeFileSync(`${dir}/nolabels.csv`, 'x\n1\n2\n');
}, 120_000);
afterAll(() => cleanup());

/** The cells of one column of a simple CSV (no quoted commas), by header name. */
function column(csv: string, name: string): string[] {
  const [head, ...rows] = csv.trim().split('\n');
  const at = head.split(',').indexOf(name);
  return rows.map((r) => r.split(',')[at] ?? '');
}

/**
 * Accuracy and macro-F1 by hand: over the rows whose true label is not missing ('' or NA),
 * right / labelled; per label true or predicted in those rows, F1 = 2tp / (2tp + fp + fn).
 */
function handScores(truth: string[], predicted: string[]) {
  const pairs = truth
    .map((t, i) => [t, predicted[i]] as const)
    .filter(([t]) => t !== '' && t !== 'NA');
  const labels = new Set(pairs.flatMap(([t, p]) => [t, p]));
  let f1Sum = 0;
  for (const label of labels) {
    const tp = pairs.filter(([t, p]) => t === label && p === label).length;
    const fp = pairs.filter(([t, p]) => t !== label && p === label).length;
    const fn = pairs.filter(([t, p]) => t === label && p !== label).length;
    f1Sum += (2 * tp) / (2 * tp + fp + fn);
  }
  return {
    rows: pairs.length,
    accuracy: pairs.filter(([t, p]) => t === p).length / pairs.length,
    macroF1: f1Sum / labels.size,
  };
}

const predict = (...args: string[]) => cli('predict', '-p', project, '--run', '1', ...args);

describe('predict scores a file with the task’s labels', () => {
  it('the training table itself: rows, accuracy and macro-F1 as counted by hand', async () => {
    const done = await cli(
      '--json',
      'predict',
      '-p',
      project,
      '--run',
      '1',
      `${dir}/train.csv`,
      '-o',
      `${dir}/train-out.csv`,
    );
    expect(done.code, done.stderr).toBe(0);
    const json = JSON.parse(done.stdout);
    const truth = column(readFileSync(`${dir}/train.csv`, 'utf8'), 'y');
    const predicted = column(readFileSync(`${dir}/train-out.csv`, 'utf8'), 'y');
    expect(predicted).toHaveLength(30);
    const hand = handScores(truth, predicted);
    expect(hand.rows).toBe(30);
    expect(json.scores).toHaveLength(1);
    const [s] = json.scores;
    expect(s.task).toBe('y');
    expect(s.column).toBe('y');
    expect(s.rows).toBe(30);
    expect(s.accuracy).toBeCloseTo(hand.accuracy, 12);
    expect(s.macroF1).toBeCloseTo(hand.macroF1, 12);
    expect(s.unknownLabelRows).toBe(0);
    // Existing fields unchanged beside it.
    expect(json.rows).toBe(30);
    expect(json.columns).toEqual(['row', 'y', 'y_probability', 'inputs_missing']);
  }, 60_000);

  it('text output: the table after the "Predicted" line, with the same numbers', async () => {
    const done = await predict(`${dir}/train.csv`, '-o', `${dir}/train-text.csv`);
    expect(done.code, done.stderr).toBe(0);
    const truth = column(readFileSync(`${dir}/train.csv`, 'utf8'), 'y');
    const predicted = column(readFileSync(`${dir}/train-text.csv`, 'utf8'), 'y');
    const hand = handScores(truth, predicted);
    expect(done.stdout).toMatch(/^Predicted 30 rows .*\nScores against the file's labels/);
    const row = done.stdout.split('\n').find((l) => l.startsWith('│ y '));
    expect(row?.split('│').map((c) => c.trim())).toEqual([
      '',
      'y',
      'y',
      '30',
      hand.accuracy.toFixed(3),
      hand.macroF1.toFixed(3),
      '',
    ]);
    // Without -o the CSV on stdout stays as it was; the scores go to stderr.
    const plain = await predict(`${dir}/train.csv`);
    expect(plain.code).toBe(0);
    expect(plain.stdout.split('\n')[0]).toBe('row,y,y_probability,inputs_missing');
    expect(plain.stdout).not.toContain('Scores');
    expect(plain.stderr).toContain("Scores against the file's labels");
  }, 60_000);

  it('a label the model does not know counts as wrong and is warned of; missing labels are skipped', async () => {
    const done = await cli(
      '--json',
      'predict',
      '-p',
      project,
      '--run',
      '1',
      `${dir}/held.csv`,
      '-o',
      `${dir}/held-out.csv`,
    );
    expect(done.code, done.stderr).toBe(0);
    const json = JSON.parse(done.stdout);
    const truth = column(readFileSync(`${dir}/held.csv`, 'utf8'), 'y');
    const predicted = column(readFileSync(`${dir}/held-out.csv`, 'utf8'), 'y');
    // Rows 1, 2, 3 (zzz), 5 and 7 have a label; zzz is never predicted, so never right.
    const hand = handScores(truth, predicted);
    expect(hand.rows).toBe(5);
    const [s] = json.scores;
    expect(s).toMatchObject({ task: 'y', rows: 5, unknownLabelRows: 1, unknownLabels: ['zzz'] });
    expect(s.accuracy).toBeCloseTo(hand.accuracy, 12);
    expect(s.macroF1).toBeCloseTo(hand.macroF1, 12);
    const warning =
      'task "y": 1 row has a label the model does not know ("zzz") in column "y": counted as wrong in its scores';
    expect(json.warnings).toContain(warning);
    expect(done.stderr).toContain(`warning: ${warning}`);
  }, 60_000);

  it('--json: inline predictions keep their shape and gain scores; no target column, no scores', async () => {
    const inline = await cli('--json', 'predict', '-p', project, '--run', '1', `${dir}/held.csv`);
    expect(inline.code, inline.stderr).toBe(0);
    const json = JSON.parse(inline.stdout);
    expect(Object.keys(json)).toEqual([
      'tasks',
      'rows',
      'warnings',
      'unseenCategories',
      'encodingNotes',
      'scores',
      'predictions',
    ]);
    expect(json.tasks).toEqual([{ name: 'y', labels: expect.any(Array) }]);
    expect(Object.keys(json.predictions[0])).toEqual(['row', 'y', 'inputsMissing']);
    expect(Object.keys(json.scores[0])).toEqual([
      'task',
      'column',
      'rows',
      'accuracy',
      'macroF1',
      'unknownLabelRows',
      'unknownLabels',
      'unknownLabelsDistinct',
    ]);
    const none = await cli('--json', 'predict', '-p', project, '--run', '1', `${dir}/nolabels.csv`);
    expect(none.code, none.stderr).toBe(0);
    expect(JSON.parse(none.stdout)).not.toHaveProperty('scores');
    const text = await predict(`${dir}/nolabels.csv`, '-o', `${dir}/nolabels-out.csv`);
    expect(text.stdout).not.toContain('Scores');
  }, 60_000);
});

describe('the Predict view’s preview (predictPreview)', () => {
  it('carries the same scores as `predict --json`', async () => {
    const done = await cli('--json', 'predict', '-p', project, '--run', '1', `${dir}/held.csv`);
    expect(done.code, done.stderr).toBe(0);
    const [cliScore] = JSON.parse(done.stdout).scores;
    const store = await ProjectStore.open(project, { create: false });
    try {
      const preview = await predictPreview(store, 1, `${dir}/held.csv`);
      expect(preview.scores).toEqual([
        {
          task: 'y',
          column: 'y',
          rows: 5,
          accuracy: cliScore.accuracy,
          macroF1: cliScore.macroF1,
          unknownLabelRows: 1,
          unknownLabels: ['zzz'],
        },
      ]);
      const none = await predictPreview(store, 1, `${dir}/nolabels.csv`);
      expect(none).not.toHaveProperty('scores');
    } finally {
      await store.close();
    }
  }, 60_000);
});

describe('ScoreTally', () => {
  it('scores fixed predictions as counted by hand, unknown labels a class of their own', () => {
    // Classes a, b, c (indices 0, 1, 2). Rows: true a→a, a→b, b→b, c→b, "" skipped,
    // "NA" skipped, zzz→a, " b " (trimmed) →b, "2" → unknown (no class "2").
    const tally = new ScoreTally(
      [{ name: 't', labels: ['a', 'b', 'c'], column: 't', at: 1 }],
      cellGrammar(),
    );
    const cells = ['a', 'a', 'b', 'c', '', 'NA', 'zzz', ' b ', '2'];
    const best = Int32Array.from([0, 1, 1, 1, 2, 2, 0, 1, 1]);
    // Split in two batches: counts add up.
    tally.add([cells.slice(0, 4)], [new Int32Array(4), best.subarray(0, 4)]);
    tally.add([cells.slice(4)], [new Int32Array(5), best.subarray(4)]);
    const [s] = tally.result();
    // Labelled: 7 rows (2 skipped); right: a→a, b→b, b→b = 3.
    // F1 by hand: a tp1 fp1 fn1 → 2/4; b tp2 fp3 fn0 → 4/7; c tp0 fn1 → 0; zzz 0; "2" 0.
    expect(s.rows).toBe(7);
    expect(s.accuracy).toBeCloseTo(3 / 7, 12);
    expect(s.macroF1).toBeCloseTo((0.5 + 4 / 7) / 5, 12);
    expect(s.unknownLabelRows).toBe(2);
    expect(s.unknownLabels).toEqual(['zzz', '2']);
  });

  it('reads "1.0" as class "1" (a numeric target’s classes are its numbers’ texts)', () => {
    const tally = new ScoreTally(
      [{ name: 't', labels: ['0', '1'], column: 't', at: 0 }],
      cellGrammar(),
    );
    tally.add([['1.0', '0', '1']], [Int32Array.from([1, 1, 1])]);
    const [s] = tally.result();
    // True 1, 0, 1 predicted 1, 1, 1: 2 of 3 right; F1 0 → 0, 1 → 2·2/(4+1) = 0.8.
    expect(s).toMatchObject({ rows: 3, unknownLabelRows: 0 });
    expect(s.accuracy).toBeCloseTo(2 / 3, 12);
    expect(s.macroF1).toBeCloseTo(0.4, 12);
  });
});
