/**
 * Model bundles of every architecture: written atomically and verified; loaded by plain
 * @tensorflow/tfjs in a fresh Node process and in Chromium from a static page (no studio
 * code in either), predicting test rows given as CSV text; the probabilities must equal
 * the studio's own model's (services/evaluation predictWithStoredModel, which rebuilds the
 * engine's network from the project file) to float32 rounding.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { join, normalize } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unzipSync, zipSync } from 'fflate';
import type { ArchitectureName } from '../../src/shared/domain';
import { verifyBundleFolder, VERIFY_TOLERANCE } from '../../src/main/export/bundle';
import { loadLayersModel, readBundle } from '../../src/main/export/bundleLoad';
import type { BundleMetadata } from '../../src/main/export/metadata';
import { compareRuns, predictWithStoredModel } from '../../src/main/services/evaluation';
import { exportModel } from '../../src/main/services/exports';
import { repoRoot } from '../../src/main/server/setup';
import { CHROMIUM, launchChromium, skipWithoutBrowser } from '../e2e/chromium';
import { expectSignedText } from '../shared/signedCheck';
import { ALL_ARCHS, trainedPenguins, type TrainedProject } from './helpers';

const run = promisify(execFile);
let project: TrainedProject;
const bundles = new Map<ArchitectureName, string>();
/** A few test rows as a user would have them: CSV texts, "NA" for missing. */
let rows: Record<string, string>[];
let rowIds: number[];

beforeAll(async () => {
  project = await trainedPenguins();
  const runId = project.runs.get('hard-sharing')!.id;
  const split = await project.store.splits.assignment(project.runs.get('hard-sharing')!.splitId);
  rowIds = split.rowIds.filter((_, i) => split.assignment[i] === 'test').slice(0, 12);
  const columns = [
    'island',
    'bill_length_mm',
    'bill_depth_mm',
    'flipper_length_mm',
    'body_mass_g',
    'year',
  ];
  const read = await project.store.datasets.readColumns(project.datasetId, columns);
  rows = rowIds.map((id) => {
    const i = read.rowIds.indexOf(id);
    return Object.fromEntries(
      columns.map((c) => [c, read.values[c][i] === null ? 'NA' : String(read.values[c][i])]),
    );
  });
  // The fixture's row 4 has no measurements: make sure one predicted row has missing values.
  rows.push({ ...rows[0], bill_length_mm: '', body_mass_g: 'NA' });
  expect(runId).toBeGreaterThan(0);
  for (const arch of ALL_ARCHS) {
    const out = join(project.dir, `bundle-${arch}`);
    await exportModel(project.store, project.runs.get(arch)!.id, out);
    bundles.set(arch, out);
  }
}, 240_000);
afterAll(async () => {
  await project?.cleanup();
});

/** The studio's probabilities of the test rows (and of the row with missing values). */
async function studioProbs(arch: ArchitectureName): Promise<Record<string, number[][]>> {
  const runId = project.runs.get(arch)!.id;
  const ids = [...rowIds, rowIds[0]];
  const preds = await predictWithStoredModel(project.store, runId, ids);
  const out: Record<string, number[][]> = {};
  for (const p of preds) {
    const k = p.classes.length;
    out[p.task] = ids.map((_, r) => Array.from(p.probs.subarray(r * k, (r + 1) * k)));
  }
  // The last row: its measurements blanked, as in `rows`.
  return out;
}

describe('bundle contents', () => {
  it('writes model.json, weights.bin, metadata.json, preprocess.js and README.md', async () => {
    for (const arch of ALL_ARCHS) {
      const files = (await readdir(bundles.get(arch)!)).sort();
      expect(files).toEqual([
        'README.md',
        'metadata.json',
        'model.json',
        'preprocess.js',
        'weights.bin',
      ]);
    }
    // Nothing temporary left beside the bundles.
    expect((await readdir(project.dir)).filter((f) => f.includes('.tmp-'))).toEqual([]);
  });

  it('describes tasks, input, training, metrics, Δm, versions and origin in metadata.json', async () => {
    const comparison = await compareRuns(project.store, project.datasetId);
    const baselineId = project.runs.get('single-task')!.id;
    for (const arch of ALL_ARCHS) {
      const metadata = JSON.parse(
        await readFile(join(bundles.get(arch)!, 'metadata.json'), 'utf8'),
      ) as BundleMetadata;
      const stored = project.runs.get(arch)!;
      expect(metadata.format).toBe('mtl-studio-model');
      expect(metadata.architecture).toBe(arch);
      expect(metadata.tasks.map((t) => [t.name, t.labels, t.targetColumn])).toEqual([
        ['species', ['Adelie', 'Chinstrap', 'Gentoo'], 'species'],
        ['sex', ['female', 'male'], 'sex'],
      ]);
      expect(metadata.tfjsVersion).toBe('4.22.0');
      expect(metadata.packageVersion).toMatch(/^\d+\.\d+\.\d+/);
      expect(metadata.origin).toMatchObject({
        project: 'Penguins',
        projectFile: 'penguins.mtlproj',
        runId: stored.id,
      });
      expect(metadata.metrics).toEqual(stored.results);
      expect(metadata.training.config).toEqual(stored.config);
      // island is an input here (not a task): one-hot over the three islands of the data.
      if (metadata.input.kind !== 'table') throw new Error('a table model has a table input');
      const island = metadata.input.columns.find((c) => c.name === 'island')!;
      expect(island.type).toBe('categorical');
      expect(island.encoding).toMatchObject({
        kind: 'one-hot',
        categories: ['Biscoe', 'Dream', 'Torgersen'],
      });
      expect(metadata.input.columns.map((c) => c.name)).toEqual([
        'island',
        'bill_length_mm',
        'bill_depth_mm',
        'flipper_length_mm',
        'body_mass_g',
        'year',
      ]);
      expect(metadata.verification.rows).toBeGreaterThan(40);
      expect(metadata.verification.maxAbsDifference).toBeLessThanOrEqual(VERIFY_TOLERANCE);
      const mine = comparison.find((c) => c.run.id === stored.id)!;
      if (arch === 'single-task') expect(metadata.deltaM).toBeNull();
      else {
        expect(metadata.deltaM).toMatchObject({ baselineRunId: baselineId, metric: 'macroF1' });
        expect(metadata.deltaM!.percent).toBeCloseTo(mine.deltaM!, 10);
      }
    }
  });

  it('maps MMoE gates and cross-stitch units to standard Keras layers only', async () => {
    const standard = new Set(['InputLayer', 'Dense', 'Concatenate', 'Reshape', 'Dot']);
    for (const arch of ALL_ARCHS) {
      const json = JSON.parse(await readFile(join(bundles.get(arch)!, 'model.json'), 'utf8'));
      const classes = json.modelTopology.config.layers.map(
        (l: { class_name: string }) => l.class_name,
      );
      expect(classes.every((c: string) => standard.has(c))).toBe(true);
      expect(json.modelTopology.config.output_layers.map((o: string[]) => o[0])).toEqual([
        'probs_species',
        'probs_sex',
      ]);
      if (arch === 'mmoe') expect(classes).toContain('Dot');
      if (arch === 'cross-stitch') expect(classes).toContain('Concatenate');
    }
  });

  it('writes a README with web and Node snippets using the model’s own columns', async () => {
    const readme = await readFile(join(bundles.get('mmoe')!, 'README.md'), 'utf8');
    expect(readme).toContain("tf.loadLayersModel('./model.json')");
    expect(readme).toContain('tf.io.fromMemory');
    expect(readme).toMatch(/"island":"(Biscoe|Dream|Torgersen)"/);
    // Δm as metadata.json holds it, written with its sign.
    const metadata = JSON.parse(
      await readFile(join(bundles.get('mmoe')!, 'metadata.json'), 'utf8'),
    ) as BundleMetadata;
    const line = /Δm against single-task run (\d+): (\S+) %/.exec(readme);
    expect(Number(line![1])).toBe(metadata.deltaM!.baselineRunId);
    expectSignedText(line![2], metadata.deltaM!.percent!);
  });
});

describe('loading with plain TensorFlow.js', () => {
  it('predicts in a fresh Node process (no studio code) what the studio predicts', async () => {
    const script = `
      import * as tf from '@tensorflow/tfjs';
      import { readFile } from 'node:fs/promises';
      const bundles = ${JSON.stringify(Object.fromEntries([...bundles].map(([a, p]) => [a, pathToFileURL(p + '/').href])))};
      const rows = ${JSON.stringify(rows)};
      const out = {};
      for (const [arch, dir] of Object.entries(bundles)) {
        const { predict } = await import(new URL('preprocess.js', dir));
        const json = JSON.parse(await readFile(new URL('model.json', dir), 'utf8'));
        const weights = await readFile(new URL('weights.bin', dir));
        const model = await tf.loadLayersModel(tf.io.fromMemory({
          modelTopology: json.modelTopology,
          weightSpecs: json.weightsManifest[0].weights,
          weightData: weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength),
        }));
        out[arch] = await predict(tf, model, rows);
      }
      process.stdout.write(JSON.stringify(out));
    `;
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], {
      cwd: repoRoot,
      maxBuffer: 64 * 1024 * 1024,
    });
    const results = JSON.parse(stdout);
    for (const arch of ALL_ARCHS) await expectSameAsStudio(arch, results[arch]);
  });

  it('predicts in Chromium from a static page what the studio predicts', async (ctx) => {
    if (skipWithoutBrowser('bundle predicted in Chromium', CHROMIUM)) return ctx.skip();
    const server = await staticServer();
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      const address = server.address() as { port: number };
      await page.goto(`http://127.0.0.1:${address.port}/index.html`);
      // A string, not a function: the test runner would rewrite a function's import().
      const results = (await page.evaluate(`(async () => {
        await tf.setBackend('cpu'); // no GPU here; webgl would only fail over to it slowly
        const out = {};
        for (const arch of ${JSON.stringify(ALL_ARCHS)}) {
          const runtime = await import('/bundles/' + arch + '/preprocess.js');
          const model = await tf.loadLayersModel('/bundles/' + arch + '/model.json');
          out[arch] = await runtime.predict(tf, model, ${JSON.stringify(rows)});
        }
        return out;
      })()`)) as Record<string, Prediction[]>;
      for (const arch of ALL_ARCHS) await expectSameAsStudio(arch, results[arch]);
    } finally {
      await browser.close();
      server.close();
    }
  });
});

type Prediction = Record<
  string,
  { label: string; probability: number; probabilities: Record<string, number> }
>;

async function expectSameAsStudio(arch: ArchitectureName, predicted: Prediction[]): Promise<void> {
  const studio = await studioProbs(arch);
  const last = rows.length - 1;
  // The last row had its measurements blanked: predict it in the studio the same way.
  const blanked = await studioBlankedRow(arch);
  expect(predicted).toHaveLength(rows.length);
  for (const task of ['species', 'sex']) {
    predicted.forEach((p, r) => {
      const want = r === last ? blanked[task] : studio[task][r];
      const got = Object.values(p[task].probabilities);
      expect(got).toHaveLength(want.length);
      got.forEach((v, c) => expect(Math.abs(v - want[c])).toBeLessThanOrEqual(VERIFY_TOLERANCE));
      expect(p[task].probability).toBe(Math.max(...got));
    });
  }
}

/**
 * The studio's probabilities for the row with blanked measurements, computed through the
 * engine (transform + network) from stored-style values: null for the blanks.
 */
async function studioBlankedRow(arch: ArchitectureName): Promise<Record<string, number[]>> {
  const { transform } = await import('../../src/main/engine/preprocessing');
  const { deserializeNetwork } = await import('../../src/main/engine/modelIO');
  const { predictProbabilities } = await import('../../src/main/engine/trainer');
  const model = await project.store.training.getModel(project.runs.get(arch)!.id);
  const prep =
    model.preprocessing as import('../../src/main/engine/preprocessing').FittedPreprocessing;
  const row = rows[rows.length - 1];
  const columns = Object.fromEntries(
    Object.entries(row).map(([k, v]) => [
      k,
      [v === 'NA' || v === '' ? null : k === 'island' ? v : Number(v)],
    ]),
  );
  const features = transform(prep, columns);
  const network = deserializeNetwork(model.topology as never, model);
  try {
    const probs = predictProbabilities(network, features, prep.featureNames.length, [0]);
    return { species: Array.from(probs[0]), sex: Array.from(probs[1]) };
  } finally {
    network.dispose();
  }
}

/** Serves tf.min.js, the bundles and an empty page on 127.0.0.1. */
async function staticServer(): Promise<Server> {
  const tfjs = join(repoRoot, 'node_modules/@tensorflow/tfjs/dist/tf.min.js');
  const server = createServer((req, res) => {
    void (async () => {
      const url = decodeURIComponent((req.url ?? '/').split('?')[0]);
      let file: string | null = null;
      let body: string | Buffer | null = null;
      if (url === '/index.html')
        body = '<!doctype html><script src="/tf.min.js"></script><p>bundle test</p>';
      else if (url === '/tf.min.js') file = tfjs;
      else {
        const m = /^\/bundles\/([a-z-]+)\/([a-z.]+)$/.exec(url);
        const dir = m ? bundles.get(m[1] as ArchitectureName) : undefined;
        if (dir && m) file = normalize(join(dir, m[2]));
      }
      if (file && existsSync(file)) body = await readFile(file);
      if (body === null) {
        res.writeHead(404).end();
        return;
      }
      const type = url.endsWith('.js')
        ? 'text/javascript'
        : url.endsWith('.json')
          ? 'application/json'
          : url.endsWith('.html')
            ? 'text/html'
            : 'application/octet-stream';
      res.writeHead(200, { 'content-type': type }).end(body);
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

describe('writing safely', () => {
  it('writes a .zip that reads back to the same model', async () => {
    const zip = join(project.dir, 'mmoe.zip');
    const result = await exportModel(project.store, project.runs.get('mmoe')!.id, zip);
    expect(result.kind).toBe('zip');
    const fromZip = await readBundle(zip);
    const fromFolder = await readBundle(bundles.get('mmoe')!);
    expect(fromZip.metadata.tasks).toEqual(fromFolder.metadata.tasks);
    expect(
      Buffer.compare(Buffer.from(fromZip.weightData), Buffer.from(fromFolder.weightData)),
    ).toBe(0);
    const model = await loadLayersModel(fromZip);
    expect(model.outputNames).toEqual(['probs_species', 'probs_sex']);
    model.dispose();
    // Found by a new user: the zip spilled its five files into the current folder. Every
    // entry lies in one folder named as the zip (mmoe.zip → mmoe/).
    const entries = Object.keys(unzipSync(new Uint8Array(await readFile(zip)))).sort();
    expect(entries).toEqual([
      'mmoe/README.md',
      'mmoe/metadata.json',
      'mmoe/model.json',
      'mmoe/preprocess.js',
      'mmoe/weights.bin',
    ]);
    // A flat zip (as earlier studios wrote it) still reads.
    const flat = join(project.dir, 'flat.zip');
    const back = unzipSync(new Uint8Array(await readFile(zip)));
    await writeFile(
      flat,
      zipSync(Object.fromEntries(Object.entries(back).map(([k, v]) => [k.slice(5), v]))),
    );
    expect((await readBundle(flat)).metadata.tasks).toEqual(fromFolder.metadata.tasks);
  });

  it('replaces an earlier bundle, refuses a folder that is not one and leaves nothing behind', async () => {
    const runId = project.runs.get('ple')!.id;
    const again = await exportModel(project.store, runId, bundles.get('ple')!);
    expect(again.metadata.origin.runId).toBe(runId);
    const other = join(project.dir, 'my-documents');
    await mkdir(other);
    await writeFile(join(other, 'thesis.txt'), 'keep me');
    await expect(exportModel(project.store, runId, other)).rejects.toThrow(/not a model bundle/);
    // A bundle folder with the user's own file in it is not replaced (the file would go).
    const notes = join(bundles.get('ple')!, 'mynotes.txt');
    await writeFile(notes, 'keep me too');
    await expect(exportModel(project.store, runId, bundles.get('ple')!)).rejects.toThrow(
      /holds a model bundle and other files \(mynotes\.txt\), which replacing the bundle would delete/,
    );
    expect(await readFile(notes, 'utf8')).toBe('keep me too');
    await rm(notes);
    expect(await readdir(other)).toEqual(['thesis.txt']);
    await expect(
      exportModel(project.store, runId, join(project.dir, 'missing', 'b')),
    ).rejects.toThrow(/does not exist/);
    expect((await readdir(project.dir)).filter((f) => f.includes('.tmp-'))).toEqual([]);
  });

  it('fails loudly when the written files do not predict what the studio predicts', async () => {
    const dir = bundles.get('hard-sharing')!;
    const metadata = (await readBundle(dir)).metadata;
    if (metadata.input.kind !== 'table') throw new Error('a table model has a table input');
    const input = Object.fromEntries(metadata.input.columns.map((c) => [c.name, rows[0][c.name]]));
    // Expected values off by 1e-3 in one class: more than float32 rounding.
    const { predict } = await import(
      /* @vite-ignore */ pathToFileURL(join(dir, 'preprocess.js')).href
    );
    const model = await loadLayersModel(await readBundle(dir));
    const tf = await import('@tensorflow/tfjs');
    const [p] = await predict(tf, model, [input]);
    model.dispose();
    const species = Float32Array.from(Object.values(p.species.probabilities) as number[]);
    const sex = Float32Array.from(Object.values(p.sex.probabilities) as number[]);
    await expect(verifyBundleFolder(dir, [input], [species, sex])).resolves.toBeLessThanOrEqual(
      VERIFY_TOLERANCE,
    );
    species[1] += 1e-3;
    await expect(verifyBundleFolder(dir, [input], [species, sex])).rejects.toMatchObject({
      code: 'EXPORT_FAILED',
      message: expect.stringMatching(/task "species", class "Chinstrap" of test row 1/),
    });
  });
});
