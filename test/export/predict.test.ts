/**
 * `mtl-studio predict` as a user runs it (the real binary): with a bundle alone on a CSV
 * file, and with a run of a project on a CSV or a dataset. Expected probabilities come
 * from the studio's own model (predictWithStoredModel rebuilds the engine's network from
 * the project file); the CSV is the fixture the project was imported from, so file row r
 * is dataset row id r.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mulberry32 } from '../../src/main/engine/random';
import { bundlePredictor } from '../../src/main/export/predict';
import { predictWithStoredModel } from '../../src/main/services/evaluation';
import { cli } from '../cli/run';
import { PENGUINS, trainedPenguins, type TrainedProject } from './helpers';

let project: TrainedProject;
let bundle: string;
let runId: number;
/** The studio's probabilities of dataset rows 1…344, per task. */
let studio: { task: string; classes: string[]; probs: Float32Array }[];

beforeAll(async () => {
  project = await trainedPenguins(['single-task', 'mmoe']);
  runId = project.runs.get('mmoe')!.id;
  bundle = join(project.dir, 'mmoe-bundle.zip');
  // The CLI opens the project itself: close ours meanwhile (one writer at a time).
  const { exportModel } = await import('../../src/main/services/exports');
  await exportModel(project.store, runId, bundle);
  studio = await predictWithStoredModel(
    project.store,
    runId,
    Array.from({ length: 344 }, (_, i) => i + 1),
  );
}, 180_000);
afterAll(async () => {
  await project?.cleanup();
});

type Row = Record<string, string>;
function parse(text: string): Row[] {
  return Papa.parse<Row>(text.trim(), { header: true }).data;
}

/** Every probability of the output equals the studio's (6 decimals written). */
function expectStudioProbabilities(rows: Row[], rowIdOf: (r: Row) => number): void {
  for (const row of rows) {
    const id = rowIdOf(row);
    for (const s of studio) {
      const k = s.classes.length;
      const p = s.probs.subarray((id - 1) * k, id * k);
      s.classes.forEach((c, j) => {
        expect(Math.abs(Number(row[`${s.task}_p_${c}`]) - p[j])).toBeLessThan(1e-5);
      });
      const best = p.indexOf(Math.max(...p));
      expect(row[s.task]).toBe(s.classes[best]);
      expect(Math.abs(Number(row[`${s.task}_probability`]) - p[best])).toBeLessThan(1e-5);
    }
  }
}

describe('predict with a bundle alone', () => {
  it('predicts a CSV like the studio, columns matched by name, with all probabilities', async () => {
    const out = join(project.dir, 'predictions.csv');
    const { code, stdout, stderr } = await cli(
      'predict',
      '--model',
      bundle,
      PENGUINS,
      '-o',
      out,
      '--all-probs',
    );
    expect(stderr).not.toMatch(/error/i);
    expect(code).toBe(0);
    expect(stdout).toMatch(/Predicted 344 rows/);
    const rows = parse(await readFile(out, 'utf8'));
    expect(rows).toHaveLength(344);
    expect(Object.keys(rows[0])).toEqual([
      'row',
      'species',
      'species_probability',
      'species_p_Adelie',
      'species_p_Chinstrap',
      'species_p_Gentoo',
      'sex',
      'sex_probability',
      'sex_p_female',
      'sex_p_male',
      'inputs_missing',
    ]);
    expectStudioProbabilities(rows, (r) => Number(r.row));
  });

  it('reads reordered columns, an id column, NA and unseen categories; --json prints predictions', async () => {
    // Rows 1 and 4 of the fixture, columns shuffled, an id, an unseen island and an extra column.
    const csv = join(project.dir, 'new.csv');
    await writeFile(
      csv,
      [
        'id,year,body_mass_g,island,flipper_length_mm,bill_depth_mm,bill_length_mm,notes',
        'p-1,2007,3750,Torgersen,181,18.7,39.1,first',
        'p-4,2007,NA,Torgersen,,,,"no measurements, row 4"',
        'p-x,2008,4000,Atlantis,190,18,40,unseen island',
        // Every input missing (the model reads these six columns, not "notes").
        'p-0,NA,,,,?,,nothing measured',
      ].join('\n'),
    );
    const { code, stdout, stderr } = await cli('--json', 'predict', '--model', bundle, csv);
    expect(code).toBe(0);
    const doc = JSON.parse(stdout);
    expect(doc.rows).toBe(4);
    // The unseen island is warned about, on stderr and in the document (penguins has three
    // islands: Biscoe, Dream, Torgersen).
    expect(doc.unseenCategories).toEqual([
      { column: 'island', rows: 1, values: ['Atlantis'], known: 3 },
    ]);
    expect(doc.warnings).toEqual([
      'column "island": 1 row has a value the model never saw as a category ("Atlantis"); predicted as the preprocessing encodes it: all zeros over its 3 one-hot categories, like a category too rare in training to get its own',
    ]);
    expect(stderr).toContain(`warning: ${doc.warnings[0]}\n`);
    expect(doc.predictions.map((p: { id: string }) => p.id)).toEqual(['p-1', 'p-4', 'p-x', 'p-0']);
    // Found by a new user: a row with every input missing got a confident prediction and no
    // word. Counted by hand from the rows above: p-4 lacks body_mass_g and the three bill and
    // flipper measurements (4 of the 6 inputs); p-0 lacks all 6.
    expect(doc.predictions.map((p: { inputsMissing: number }) => p.inputsMissing)).toEqual([
      0, 4, 0, 6,
    ]);
    expect(doc.rowsAllInputsMissing).toBe(1);
    // More than half of the 6 inputs missing: p-4 (4) and p-0 (6), data rows 2 and 4.
    expect(doc.rowsMostInputsMissing).toBe(2);
    expect(doc.mostInputsMissingRows).toEqual([2, 4]);
    expect(stderr).toContain(
      "warning: 2 rows had more than half of the model's inputs missing (rows 2, 4)",
    );
    expect(stderr).toContain(
      "note: 1 row had every input missing; its prediction rests on the training data's defaults (imputed means, no category), not on the row (column inputs_missing)\n",
    );
    const out = join(project.dir, 'missing.csv');
    const written = await cli('predict', '--model', bundle, csv, '-o', out);
    expect(written.code).toBe(0);
    expect(parse(await readFile(out, 'utf8')).map((r) => r.inputs_missing)).toEqual([
      '0',
      '4',
      '0',
      '6',
    ]);
    expect(written.stderr).toContain('note: 1 row had every input missing');
    for (const [i, rowId] of [
      [0, 1],
      [1, 4],
    ]) {
      for (const s of studio) {
        const k = s.classes.length;
        const p = s.probs.subarray((rowId - 1) * k, rowId * k);
        const best = p.indexOf(Math.max(...p));
        expect(doc.predictions[i][s.task].label).toBe(s.classes[best]);
        expect(Math.abs(doc.predictions[i][s.task].probability - p[best])).toBeLessThan(1e-5);
      }
    }
    expect(doc.predictions[2].species.probability).toBeGreaterThan(0);
  });

  it('names a missing column, and the line and column of a value that does not parse', async () => {
    const csv = join(project.dir, 'bad.csv');
    await writeFile(csv, 'island,bill_length_mm\nDream,40\n');
    const missing = await cli('--json', 'predict', '--model', bundle, csv);
    expect(missing.code).toBe(1);
    expect(JSON.parse(missing.stdout).error.message).toMatch(
      /bad\.csv lacks the columns "bill_depth_mm", "flipper_length_mm", "body_mass_g", "year" that the model reads/,
    );
    const text = (await readFile(PENGUINS, 'utf8')).split('\n');
    text[3] = text[3].replace('40.3', 'forty');
    await writeFile(csv, text.join('\n'));
    const bad = await cli('predict', '--model', bundle, csv, '-o', join(project.dir, 'x.csv'));
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(
      /bad\.csv line 4, column 'bill_length_mm': value 'forty' is not a number/,
    );
    const none = await cli('predict', '--model', join(project.dir, 'nope'), csv);
    expect(none.stderr).toMatch(/Model bundle not found/);
  });
});

describe('forward pass engines', () => {
  it('the fused kernel (CLI default) and tfjs agree on 20 000 rows, across kernel chunks', async () => {
    // tfjs running the loaded layers model is the reference (what a TensorFlow.js user gets).
    const kernel = await bundlePredictor(bundle);
    const tfjs = await bundlePredictor(bundle, { forward: 'tfjs' });
    try {
      expect(kernel.forward).toBe('fused-kernel');
      expect(tfjs.forward).toBe('tfjs');
      const width = kernel.preprocessing.featureNames.length;
      const n = 20_000;
      const random = mulberry32(9);
      const x = Float32Array.from({ length: n * width }, () => (random() - 0.5) * 4);
      const a = kernel.predict(x, n);
      const b = tfjs.predict(x, n);
      a.forEach((p, t) => {
        expect(p.length).toBe(n * kernel.tasks[t].labels.length);
        let worst = 0;
        p.forEach((v, i) => (worst = Math.max(worst, Math.abs(v - b[t][i]))));
        expect(worst).toBeLessThan(2e-6);
      });
    } finally {
      kernel.dispose();
      tfjs.dispose();
    }
  });
});

describe('predict with a run of a project', () => {
  it('predicts a dataset of the project and a CSV like the studio', async () => {
    // The CLI opens the project file itself (WAL mode allows a second connection).
    const out = join(project.dir, 'dataset-predictions.csv');
    const { code } = await cli(
      'predict',
      '-p',
      project.path,
      '--run',
      String(runId),
      '--dataset',
      String(project.datasetId),
      '-o',
      out,
      '--all-probs',
    );
    expect(code).toBe(0);
    const rows = parse(await readFile(out, 'utf8'));
    expect(rows).toHaveLength(344);
    expect(Object.keys(rows[0])[0]).toBe('row_id');
    expectStudioProbabilities(rows, (r) => Number(r.row_id));
    // The same run on the CSV gives the same numbers, to stdout.
    const csv = await cli(
      'predict',
      '-p',
      project.path,
      '--run',
      String(runId),
      PENGUINS,
      '--all-probs',
    );
    expect(csv.code).toBe(0);
    expectStudioProbabilities(parse(csv.stdout), (r) => Number(r.row));
  });
});
