/**
 * An image model (CNN trunk) leaves the studio as a bundle like a table model: trained on
 * the real Fashion-MNIST fixture (500 PNG files), exported, verified from the files alone,
 * then used without the project — `predictImages` decodes the fixture folder's PNG files
 * again with the bundle's settings and must give, image for image, the probabilities the
 * studio's stored model gives from the pixels it stored at import (the reference: the
 * engine's own forward pass on the project's pixels, predictWithStoredModel).
 */
import { copyFile, mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VERIFY_TOLERANCE } from '../../src/main/export/bundle';
import { readBundle } from '../../src/main/export/bundleLoad';
import { bundlePredictor, runPredictor } from '../../src/main/export/predict';
import type { PredictedRow } from '../../src/main/export/predictPass';
import { predictCsv } from '../../src/main/export/predictCsv';
import { predictDatasetImages, predictImages } from '../../src/main/export/predictImages';
import { predictWithStoredModel } from '../../src/main/services/evaluation';
import { exportModel } from '../../src/main/services/exports';
import { ProjectStore } from '../../src/main/store/projectStore';
import type { RunInfo } from '../../src/shared/domain';
import { MtlError } from '../../src/shared/errors';
import { cli } from '../cli/run';
import { makeTempDir } from '../store/helpers';
import { FASHION, FASHION_TASKS, fashionRun } from '../services/fashionFixture';

const TASKS = FASHION_TASKS;

let dir: string;
let cleanup: () => Promise<void>;
let store: ProjectStore;
let datasetId: number;
let run: RunInfo;

beforeAll(async () => {
  ({ dir, cleanup } = await makeTempDir());
  // A small, short run: the mapping is under test, not accuracy.
  ({ store, datasetId, run } = await fashionRun(dir, {
    convFilters: [8, 16],
    hiddenUnits: [32],
    epochs: 3,
  }));
}, 240_000);
afterAll(async () => {
  await store.close();
  await cleanup();
});

describe('image model bundles', () => {
  it('exports a verified bundle whose metadata describes the images', async () => {
    expect(run.status).toBe('completed');
    const out = join(dir, 'fashion-bundle');
    const written = await exportModel(store, run.id, out);
    const { metadata } = await readBundle(out);
    expect(metadata.input.kind).toBe('image');
    if (metadata.input.kind !== 'image') return;
    expect(metadata.input).toMatchObject({
      height: 28,
      width: 28,
      channels: 1,
      colour: 'grey',
      features: 28 * 28,
      column: 'path',
    });
    expect(metadata.input.mean).toHaveLength(1);
    expect(metadata.tasks.map((t) => t.name)).toEqual(TASKS);
    expect(written.metadata.verification.rows).toBeGreaterThan(10);
    expect(written.metadata.verification.maxAbsDifference).toBeLessThanOrEqual(VERIFY_TOLERANCE);
    const readme = await readFile(join(out, 'README.md'), 'utf8');
    expect(readme).toContain('28×28 pixels, grey');
    expect(readme).toContain('getImageData(0, 0, 28, 28)');
    // Found by a new user: an image bundle's README spoke of rows and CSV files.
    expect(readme).toContain('One image gives one prediction per task.');
    expect(readme).toContain('mtl-studio predict --model <this folder> images/ -o predictions.csv');
    expect(readme).not.toContain('data.csv');
    expect(readme).not.toContain('One input row');
    expect(readme).toContain(".resize(28, 28, { fit: 'cover', position: 'centre'");
    expect(readme).toContain(".toColourspace('b-w')");
  });

  it("runs the README's Node snippet (sharp) to the probabilities `predict` gives the same image", async () => {
    // Independent reference: predictImages (the studio's own decoder, decode.ts) on the
    // same file; the snippet is the README's text, run by node as a user would.
    const bundle = join(dir, 'fashion-bundle');
    const readme = await readFile(join(bundle, 'README.md'), 'utf8');
    const node = readme.slice(readme.indexOf('## In Node'));
    const code = node.slice(
      node.indexOf('```js\n') + 6,
      node.indexOf('\n```', node.indexOf('```js')),
    );
    const copy = join(dir, 'snippet-bundle');
    await mkdir(copy, { recursive: true });
    for (const f of ['model.json', 'weights.bin', 'preprocess.js'])
      await copyFile(join(bundle, f), join(copy, f));
    await writeFile(join(copy, 'predict-image.mjs'), code);
    // The user's `npm install @tensorflow/tfjs sharp`: this repository's packages.
    await symlink(join(process.cwd(), 'node_modules'), join(dir, 'node_modules'), 'dir').catch(
      () => undefined,
    );
    const image = join(FASHION, 'images', 'fmnist-0001.png');
    const { stdout } = await promisify(execFile)(process.execPath, [
      join(copy, 'predict-image.mjs'),
      image,
    ]);
    const [fromSnippet] = JSON.parse(stdout) as Record<
      string,
      { label: string; probability: number }
    >[];
    const predictor = await bundlePredictor(bundle);
    const rows: PredictedRow[] = [];
    try {
      await predictImages(predictor, image, { onRows: (r) => rows.push(...r) });
    } finally {
      predictor.dispose();
    }
    expect(rows).toHaveLength(1);
    TASKS.forEach((task, t) => {
      expect(fromSnippet[task].label).toBe(rows[0].predictions[t].label);
      expect(
        Math.abs(fromSnippet[task].probability - rows[0].predictions[t].probability),
      ).toBeLessThan(1e-4);
    });
  }, 60_000);

  it('predicts a folder of image files with the bundle alone, as the studio predicts its stored pixels', async () => {
    const predictor = await bundlePredictor(join(dir, 'fashion-bundle'));
    const rows: PredictedRow[] = [];
    let summary;
    try {
      expect(predictor.forward).toBe('tfjs');
      summary = await predictImages(predictor, join(FASHION, 'images'), {
        onRows: (r) => rows.push(...r),
        allProbs: true,
      });
    } finally {
      predictor.dispose();
    }
    expect(summary.rows).toBe(500);
    expect(rows[0].id).toBe('fmnist-0001.png');
    // The project's rows in path order: row r holds images/<id of predicted row r>.
    const { rowIds, values } = await store.datasets.readColumns(datasetId, ['path']);
    const rowOf = new Map(rowIds.map((id, i) => [String(values.path[i]), id]));
    const ids = rows.map((r) => rowOf.get(`images/${r.id}`)!);
    expect(ids.every((id) => id !== undefined)).toBe(true);
    const reference = await predictWithStoredModel(store, run.id, ids);
    let worst = 0;
    reference.forEach(({ probs }, t) => {
      const k = probs.length / ids.length;
      rows.forEach((r, i) => {
        for (let c = 0; c < k; c++)
          worst = Math.max(worst, Math.abs(r.probabilities![t][c] - probs[i * k + c]));
      });
    });
    // The same pixels (sharp, same settings) and the same network: float32 rounding only.
    expect(worst).toBeLessThan(1e-4);
  });

  it('names the id column `path` in both the CSV and the --json predictions of `predict`', async () => {
    // Found by a new user: the CSV's column was `path`, --json's key `id`. README: "the
    // output's `path` column names each file".
    const bundle = join(dir, 'fashion-bundle');
    const folder = join(FASHION, 'images');
    const out = join(dir, 'fashion-predictions.csv');
    expect((await cli('predict', '--model', bundle, folder, '-o', out)).code).toBe(0);
    const lines = (await readFile(out, 'utf8')).trim().split('\n');
    expect(lines[0].split(',').slice(0, 2)).toEqual(['row', 'path']);
    const json = await cli('--json', 'predict', '--model', bundle, folder);
    expect(json.code).toBe(0);
    const predictions = JSON.parse(json.stdout).predictions as Record<string, unknown>[];
    expect(predictions).toHaveLength(500);
    expect(predictions[0]).not.toHaveProperty('id');
    // The same files in the same order, under the same name.
    expect(predictions.map((p) => p.path)).toEqual(lines.slice(1).map((l) => l.split(',')[1]));
    expect(predictions[0].path).toBe('fmnist-0001.png');
  });

  it('predicts the dataset it was trained on from its stored pixels (`predict --dataset`)', async () => {
    // Found by a new user: `predict -p P --run R --dataset D` refused an image model.
    // Reference: the engine's own forward pass on the stored pixels (predictWithStoredModel).
    const predictor = await runPredictor(store, run.id);
    const rows: PredictedRow[] = [];
    let summary;
    const out = join(dir, 'dataset-predictions.csv');
    try {
      summary = await predictDatasetImages(predictor, store, datasetId, {
        onRows: (r) => rows.push(...r),
        allProbs: true,
      });
      await predictDatasetImages(predictor, store, datasetId, { output: out });
    } finally {
      predictor.dispose();
    }
    expect(summary.rows).toBe(500);
    const { rowIds, values } = await store.datasets.readColumns(datasetId, ['path']);
    expect(rows.map((r) => r.row)).toEqual(rowIds);
    expect(rows.map((r) => r.id)).toEqual(values.path.map(String));
    const reference = await predictWithStoredModel(store, run.id, rowIds);
    let worst = 0;
    reference.forEach(({ probs }, t) => {
      const k = probs.length / rowIds.length;
      rows.forEach((r, i) => {
        for (let c = 0; c < k; c++)
          worst = Math.max(worst, Math.abs(r.probabilities![t][c] - probs[i * k + c]));
      });
    });
    expect(worst).toBeLessThan(1e-5);
    const lines = (await readFile(out, 'utf8')).trim().split('\n');
    expect(lines[0].split(',').slice(0, 2)).toEqual(['row_id', 'path']);
    expect(lines).toHaveLength(501);
  });

  it('predicts a folder with a run of the project too, and refuses a CSV for an image model', async () => {
    const predictor = await runPredictor(store, run.id);
    const rows: PredictedRow[] = [];
    try {
      await predictImages(predictor, join(FASHION, 'images'), { onRows: (r) => rows.push(...r) });
      await expect(predictCsv(predictor, join(FASHION, 'manifest.csv'))).rejects.toThrow(
        /image model: give it a folder of images/,
      );
    } finally {
      predictor.dispose();
    }
    expect(rows).toHaveLength(500);
    // Deterministic: the same labels as the bundle's predictions of the same files.
    const bundle = await bundlePredictor(join(dir, 'fashion-bundle'));
    const again: PredictedRow[] = [];
    try {
      await predictImages(bundle, join(FASHION, 'images'), { onRows: (r) => again.push(...r) });
    } finally {
      bundle.dispose();
    }
    expect(rows.map((r) => r.predictions.map((p) => p.label))).toEqual(
      again.map((r) => r.predictions.map((p) => p.label)),
    );
  });

  it('refuses a folder for a table model and a folder without images, saying why', async () => {
    const predictor = await bundlePredictor(join(dir, 'fashion-bundle'));
    try {
      await expect(predictImages(predictor, dir)).rejects.toThrow(/holds no image file/);
      // A damaged PNG: its problem carries a kind for the UI's translated text
      // (test/data/images/problemKinds.test.ts), and sharp's own words as the detail.
      const broken = join(dir, 'broken-only');
      await mkdir(broken, { recursive: true });
      await writeFile(join(broken, 'x.png'), Buffer.alloc(0));
      await expect(predictImages(predictor, broken)).rejects.toMatchObject({
        details: {
          reason: 'PREDICT_IMAGE_UNREADABLE',
          phrases: { problem: { key: 'images.problems.EMPTY_FILE' } },
        },
      });
      // A PNG whose header is damaged: "is not a readable image" said once, then the reason
      // (the user saw "… is not a readable image: not a readable image (Input buffer has
      // corrupt header)"); libvips's own words are left to the details.
      const header = join(dir, 'header-only');
      await mkdir(header, { recursive: true });
      await writeFile(join(header, 'x.png'), Buffer.from('\x89PNG\r\n\x1a\nnot a png', 'latin1'));
      const refused = await predictImages(predictor, header).catch((e: Error) => e);
      expect((refused as Error).message).toBe(
        `${join(header, 'x.png')} is not a readable image: the image data is damaged or truncated`,
      );
      // A dangling link and a folder named like an image are not listed, as an import of the
      // folder does not list them (the importer's listFiles; before, Predict listed them and
      // refused them as FILE_NOT_FOUND / EISDIR): a folder of only those holds no image.
      const dangling = join(dir, 'dangling-only');
      await mkdir(dangling, { recursive: true });
      await symlink(join(dangling, 'gone.png'), join(dangling, 'x.png'));
      await expect(predictImages(predictor, dangling)).rejects.toThrow(/holds no image file/);
      const folder = join(dir, 'folder-only');
      await mkdir(join(folder, 'y.png'), { recursive: true });
      await expect(predictImages(predictor, folder)).rejects.toThrow(/holds no image file/);
      await expect(predictImages({ ...predictor, image: undefined }, FASHION)).rejects.toThrow(
        MtlError,
      );
    } finally {
      predictor.dispose();
    }
  });
  it("skips corrupt and outside-the-folder images with onCorrupt: 'skip', listing them; refuses them by default", async () => {
    // Three good PNGs of the fixture, an empty x.png, and a link to a fixture PNG outside
    // the folder. Reference: the same three files predicted in a folder of their own.
    const good = ['fmnist-0001.png', 'fmnist-0002.png', 'fmnist-0003.png'];
    const clean = join(dir, 'clean');
    const mixed = join(dir, 'mixed');
    await mkdir(clean, { recursive: true });
    await mkdir(join(mixed, 'sub'), { recursive: true });
    for (const name of good) {
      await copyFile(join(FASHION, 'images', name), join(clean, name));
      await copyFile(join(FASHION, 'images', name), join(mixed, name));
    }
    await writeFile(join(mixed, 'sub', 'x.png'), Buffer.alloc(0));
    const outside = join(FASHION, 'images', 'fmnist-0004.png');
    await symlink(outside, join(mixed, 'link.png'));
    const predictor = await bundlePredictor(join(dir, 'fashion-bundle'));
    try {
      const reference: PredictedRow[] = [];
      await predictImages(predictor, clean, { onRows: (r) => reference.push(...r) });
      // Default 'refuse': the first bad file in path order ('fmnist-…' < 'link.png' < 'sub/x.png').
      // To a stream (stdout), the refusal leaves nothing written: not even the CSV header
      // (all five files are one batch).
      let written = '';
      const stream = new Writable({
        write(chunk: Buffer, _encoding, done) {
          written += chunk.toString('utf8');
          done();
        },
      });
      await expect(predictImages(predictor, mixed, { output: stream })).rejects.toMatchObject({
        details: {
          reason: 'PREDICT_IMAGE_UNREADABLE',
          phrases: { problem: { key: 'images.problems.OUTSIDE_PREDICT_FOLDER' } },
        },
      });
      expect(written).toBe('');
      const rows: PredictedRow[] = [];
      const summary = await predictImages(predictor, mixed, {
        onCorrupt: 'skip',
        onRows: (r) => rows.push(...r),
      });
      expect(summary.rows).toBe(3);
      expect(summary.files).toBe(5);
      expect(summary.skipped).toEqual([
        {
          // Its position in the listing (3 fmnist files, link.png, sub/x.png): the row
          // number the output leaves out for it.
          path: 'link.png',
          row: 4,
          problem: expect.stringMatching(/^links to .*fmnist-0004\.png, outside the folder/),
          phrase: {
            key: 'images.problems.OUTSIDE_PREDICT_FOLDER',
            params: { target: expect.stringMatching(/fmnist-0004\.png$/) },
          },
        },
        {
          path: 'sub/x.png',
          row: 5,
          problem: expect.any(String),
          phrase: { key: 'images.problems.EMPTY_FILE', params: {} },
        },
      ]);
      expect(rows.map((r) => r.id)).toEqual(good);
      expect(rows.map((r) => r.predictions)).toEqual(reference.map((r) => r.predictions));
      // A written CSV holds the predicted images only.
      const out = join(dir, 'mixed.csv');
      await predictImages(predictor, mixed, { onCorrupt: 'skip', output: out });
      const lines = (await readFile(out, 'utf8')).trim().split('\n');
      const at = lines[0].split(',').indexOf('path');
      expect(lines.slice(1).map((l) => l.split(',')[at])).toEqual(good);
      expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual(['1', '2', '3']);
      // The command line: the same choice as import-images (--on-corrupt skip|refuse).
      const viaCli = await cli(
        'predict',
        '--model',
        join(dir, 'fashion-bundle'),
        mixed,
        '--on-corrupt',
        'skip',
        '--json',
      );
      expect(viaCli.code).toBe(0);
      const doc = JSON.parse(viaCli.stdout) as {
        rows: number;
        skipped: { path: string; row: number }[];
      };
      expect(doc.rows).toBe(3);
      expect(doc.skipped.map((x) => [x.path, x.row])).toEqual([
        ['link.png', 4],
        ['sub/x.png', 5],
      ]);
      expect(viaCli.stderr).toContain('skipped: sub/x.png (row 5): ');
      const refused = await cli('predict', '--model', join(dir, 'fashion-bundle'), mixed);
      expect(refused.code).not.toBe(0);
      expect(refused.stderr).toContain('link.png is not a readable image: links to ');
    } finally {
      predictor.dispose();
    }
  });

  it('words a damaged image alike refused and skipped, without the decoder’s internals', async () => {
    // Found by a new user: test/fixtures/images-odd/broken.png (a PNG whose data are damaged)
    // was refused "… damaged or truncated (Warning treated as error due to failOn setting)"
    // and skipped "… (vipspng: libpng read error)". Expected: the reason the import gives
    // such a file (data/images/decode.ts DAMAGED_REASON), alone, in both modes.
    const folder = join(dir, 'with-broken');
    await mkdir(folder, { recursive: true });
    await copyFile(join(FASHION, 'images', 'fmnist-0001.png'), join(folder, 'fmnist-0001.png'));
    await copyFile(
      fileURLToPath(new URL('../fixtures/images-odd/broken.png', import.meta.url)),
      join(folder, 'broken.png'),
    );
    const bundle = join(dir, 'fashion-bundle');
    const refused = await cli('predict', '--model', bundle, folder);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(
      /broken\.png is not a readable image: the image data is damaged or truncated(;|\n)/,
    );
    const skipped = await cli('predict', '--model', bundle, folder, '--on-corrupt', 'skip');
    expect(skipped.code).toBe(0);
    expect(skipped.stderr).toContain(
      'skipped: broken.png (row 1): the image data is damaged or truncated\n',
    );
    // The decoder's words stay in --json's details, for a bug report.
    const json = await cli('predict', '--model', bundle, folder, '--json');
    const { error } = JSON.parse(json.stdout) as {
      error: { message: string; details: { detail?: string; phrases: unknown } };
    };
    expect(error.message).toBe(
      `${join(folder, 'broken.png')} is not a readable image: the image data is damaged or truncated`,
    );
    expect(error.details.detail).toMatch(/libpng|failOn/);
    expect(error.details.phrases).toEqual({
      problem: { key: 'images.problems.CORRUPT_DATA', params: {} },
    });
  });
});
