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
import { cli, fixture } from './run';
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
      'trainingRows',
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
          trainingRows: cliScore.trainingRows,
          heldOutSplit: true,
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

/**
 * The scored rows a run trained on (found by a new user: a final model's own rows, and a
 * split run's file of 70 % training rows, were scored as if held out). Counted by hand in
 * this file: the rows of `predict --dataset`'s output whose split is train give the training
 * rows; a file row counts when the text of its input cells (the dataset's input columns, as
 * the CSV writes them) equals a training row's.
 */
describe('scores count the rows the run trained on', () => {
  let penguins: string;
  let inputs: string[];
  let lines: string[][];
  let header: string[];
  let train: Set<string>;
  let testLines: string[];
  const key = (fields: string[]) => JSON.stringify(inputs.map((c) => fields[header.indexOf(c)]));
  beforeAll(async () => {
    penguins = `${dir}/penguins.mtlproj`;
    for (const args of [
      ['import', fixture('penguins.csv'), '-p', penguins],
      ['tasks', '-p', penguins, '--add', 'species'],
      ['train', '-p', penguins, '--evaluation', 'split', '--epochs', '2'],
      ['predict', '-p', penguins, '--run', '1', '--dataset', '1', '-o', `${dir}/split.csv`],
    ]) {
      const done = await cli(...args);
      if (done.code !== 0) throw new Error(done.stderr);
    }
    const store = await ProjectStore.open(penguins, { create: false });
    try {
      inputs = (await store.datasets.get(1)).columns
        .filter((c) => c.role === 'input')
        .map((c) => c.name);
    } finally {
      await store.close();
    }
    // penguins.csv has no comma inside a quoted cell: split on commas, quotes dropped.
    const [head, ...rows] = readFileSync(fixture('penguins.csv'), 'utf8').trim().split('\n');
    header = head.split(',').map((h) => h.replace(/"/g, ''));
    lines = rows.map((r) => r.split(',').map((c) => c.replace(/"/g, '')));
    // Dataset row id i is the file's data row i.
    const split = column(readFileSync(`${dir}/split.csv`, 'utf8'), 'split');
    expect(split).toHaveLength(lines.length);
    train = new Set(lines.filter((_, i) => split[i] === 'train').map(key));
    testLines = rows.filter((_, i) => split[i] === 'test');
    writeFileSync(`${dir}/penguins-test.csv`, `${head}\n${testLines.join('\n')}\n`);
  }, 180_000);

  it('the dataset’s own file: N of M scored rows, in --json and as a warning', async () => {
    const done = await cli(
      '--json',
      'predict',
      '-p',
      penguins,
      '--run',
      '1',
      fixture('penguins.csv'),
      '-o',
      `${dir}/penguins-out.csv`,
    );
    expect(done.code, done.stderr).toBe(0);
    const json = JSON.parse(done.stdout);
    // By hand: every species cell is filled, so every row is scored.
    const hand = lines.filter((f) => train.has(key(f))).length;
    expect(hand).toBeGreaterThan(lines.length / 2);
    const [s] = json.scores;
    expect(s.rows).toBe(lines.length);
    expect(s.trainingRows).toBe(hand);
    const warning = `task "species": ${hand} of ${lines.length} scored rows are rows this model was trained on (their inputs equal a training row's): these scores are optimistic; score rows it did not see, e.g. the test split: mtl-studio predict -p ${penguins} --run 1 --dataset 1 -o out.csv writes each row's split, keep those with split = test`;
    expect(json.warnings).toContain(warning);
    expect(done.stderr).toContain(`warning: ${warning}`);
  }, 60_000);

  it('the test split’s rows: only those whose inputs repeat a training row', async () => {
    const done = await cli(
      '--json',
      'predict',
      '-p',
      penguins,
      '--run',
      '1',
      `${dir}/penguins-test.csv`,
    );
    expect(done.code, done.stderr).toBe(0);
    const [s] = JSON.parse(done.stdout).scores;
    const hand = testLines
      .map((r) => r.split(',').map((c) => c.replace(/"/g, '')))
      .filter((f) => train.has(key(f))).length;
    expect(s.rows).toBe(testLines.length);
    expect(s.trainingRows).toBe(hand);
  }, 60_000);

  it('a bundle has no training rows: nothing counted, nothing said', async () => {
    const exported = await cli('export', 'model', '-p', penguins, '--run', '1', '-o', `${dir}/pb`);
    expect(exported.code, exported.stderr).toBe(0);
    const done = await cli('--json', 'predict', '--model', `${dir}/pb`, fixture('penguins.csv'));
    expect(done.code, done.stderr).toBe(0);
    const json = JSON.parse(done.stdout);
    expect(json.scores[0]).not.toHaveProperty('trainingRows');
    expect(done.stderr).not.toContain('trained on');
  }, 60_000);
});

describe('an unknown label equal to a class but for case', () => {
  it('the warning asks “did you mean”', async () => {
    // Classes a and b; "A" (row 1) and " B " (trimmed to "B", row 2) are unknown, "zzz" too.
    writeFileSync(`${dir}/case.csv`, 'x,y\n1,A\n2, B \n3,zzz\n');
    const done = await cli('--json', 'predict', '-p', project, '--run', '1', `${dir}/case.csv`);
    expect(done.code, done.stderr).toBe(0);
    const json = JSON.parse(done.stdout);
    expect(json.scores[0].similarLabels).toEqual([
      { label: 'A', class: 'a' },
      { label: 'B', class: 'b' },
    ]);
    expect(json.warnings).toContain(
      'task "y": 3 rows have a label the model does not know ("A", "B", "zzz") in column "y": counted as wrong in its scores; did you mean "a" for "A", "b" for "B"? Labels are matched by their exact text',
    );
  }, 60_000);
});
