/**
 * A cross-stitch network with the CNN trunk (one conv column per task, cross-stitch units
 * after each conv block and dense layer; Misra et al., CVPR 2016) trained on the real
 * Fashion-MNIST fixture (500 PNG files) on the WebAssembly backend — through tfjs kernels,
 * the convolution gradients from engine/ops/wasmConvGradients.ts — then exported as a
 * bundle of standard Keras layers only and used without the project.
 *
 * Independent references: chance macro-F1 (≈ 1/k) and scikit-learn's logistic regression on
 * the same images (label 0.76, group 0.91, is_footwear 0.99; see
 * test/services/imageTraining.test.ts) for the scores; the studio's own forward pass on the
 * pixels it stored at import (predictWithStoredModel) for the bundle's predictions, made by
 * tfjs-layers from model.json + weights.bin after decoding the PNG files again.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VERIFY_TOLERANCE } from '../../src/main/export/bundle';
import { bundlePredictor } from '../../src/main/export/predict';
import type { PredictedRow } from '../../src/main/export/predictPass';
import { predictImages } from '../../src/main/export/predictImages';
import { predictWithStoredModel } from '../../src/main/services/evaluation';
import { exportModel } from '../../src/main/services/exports';
import type { ProjectStore } from '../../src/main/store/projectStore';
import type { RunInfo } from '../../src/shared/domain';
import { makeTempDir } from '../store/helpers';
import { FASHION, fashionRun } from '../services/fashionFixture';

let dir: string;
let cleanup: () => Promise<void>;
let store: ProjectStore;
let datasetId: number;
let run: RunInfo;

beforeAll(async () => {
  ({ dir, cleanup } = await makeTempDir());
  ({ store, datasetId, run } = await fashionRun(dir, {
    arch: 'cross-stitch',
    backend: 'wasm',
    convFilters: [8, 16],
    hiddenUnits: [32],
    epochs: 15,
    learningRate: 0.003,
    patience: 5,
    seed: 42,
  }));
}, 300_000);
afterAll(async () => {
  await store.close();
  await cleanup();
});

describe('cross-stitch CNN on real images', () => {
  it('trains on wasm through tfjs and scores all three tasks well above chance', () => {
    expect(run.status).toBe('completed');
    expect(run.config.trunk).toBe('cnn');
    expect(run.backend).toMatch(/^wasm/);
    expect(run.backend).not.toMatch(/fused kernel/);
    // Chance is about 0.1, 0.2 and 0.5; the bars are below logistic regression's (header),
    // the test split having ~70 rows.
    expect(run.results!.label.macroF1).toBeGreaterThanOrEqual(0.6);
    expect(run.results!.group.macroF1).toBeGreaterThanOrEqual(0.75);
    expect(run.results!.is_footwear.macroF1).toBeGreaterThanOrEqual(0.9);
  });

  it('exports a verified bundle of standard layers that predicts image files as the studio does', async () => {
    const out = join(dir, 'cross-stitch-bundle');
    const written = await exportModel(store, run.id, out);
    expect(written.metadata.verification.rows).toBeGreaterThan(10);
    expect(written.metadata.verification.maxAbsDifference).toBeLessThanOrEqual(VERIFY_TOLERANCE);
    const json = JSON.parse(await readFile(join(out, 'model.json'), 'utf8')) as {
      modelTopology: { config: { layers: { class_name: string; config: { name: string } }[] } };
    };
    const layers = json.modelTopology.config.layers;
    // Standard Keras layers only: no custom layer to ship.
    expect(new Set(layers.map((l) => l.class_name))).toEqual(
      new Set([
        'InputLayer',
        'Reshape',
        'Conv2D',
        'MaxPooling2D',
        'Concatenate',
        'Flatten',
        'Dense',
      ]),
    );
    // 3 tasks × 2 blocks: a conv per column and block, and a 1×1 mixing conv per task and block.
    expect(layers.filter((l) => l.class_name === 'Conv2D')).toHaveLength(12);
    expect(layers.filter((l) => /^cross_stitch_conv_\d_columns$/.test(l.config.name))).toHaveLength(
      2,
    );

    const predictor = await bundlePredictor(out);
    const rows: PredictedRow[] = [];
    try {
      expect(predictor.forward).toBe('tfjs');
      await predictImages(predictor, join(FASHION, 'images'), {
        onRows: (r) => rows.push(...r),
        allProbs: true,
      });
    } finally {
      predictor.dispose();
    }
    expect(rows).toHaveLength(500);
    const { rowIds, values } = await store.datasets.readColumns(datasetId, ['path']);
    const rowOf = new Map(rowIds.map((id, i) => [String(values.path[i]), id]));
    const ids = rows.map((r) => rowOf.get(`images/${r.id}`)!);
    const reference = await predictWithStoredModel(store, run.id, ids);
    let worst = 0;
    reference.forEach(({ probs }, t) => {
      const k = probs.length / ids.length;
      rows.forEach((r, i) => {
        for (let c = 0; c < k; c++)
          worst = Math.max(worst, Math.abs(r.probabilities![t][c] - probs[i * k + c]));
      });
    });
    // The same pixels (sharp, same settings) and the same function: float32 rounding only.
    expect(worst).toBeLessThan(1e-4);
  });
});
