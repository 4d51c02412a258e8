/**
 * The README of a cross-validation's final model's bundle: the tasks table shows the
 * cross-validation's mean ± std (not "–" test scores), and a paragraph says it is a final
 * model trained on every labelled row, with no test score. The metadata is written by hand
 * here; every expected text below is worked out by hand from it (meanStdText's 3 decimals:
 * 0.91234 → "0.912", 0.0314 → "0.031"; one fold → "± –").
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_TRAIN_CONFIG } from '../../src/shared/domain';
import { bundleReadme } from '../../src/main/export/bundleReadme';
import {
  BUNDLE_FORMAT,
  BUNDLE_FORMAT_VERSION,
  type BundleMetadata,
} from '../../src/main/export/metadata';

function metadata(extra: Partial<BundleMetadata> = {}): BundleMetadata {
  return {
    format: BUNDLE_FORMAT,
    formatVersion: BUNDLE_FORMAT_VERSION,
    modelName: 'penguins · run 9 · hard-sharing',
    timeStamp: '2026-01-01T00:00:00.000Z',
    packageName: 'mtl-studio',
    packageVersion: '0.0.0',
    tfjsVersion: '4.22.0',
    modelFormat: 'layers-model',
    architecture: 'hard-sharing',
    input: {
      kind: 'table',
      inputName: 'features',
      features: 1,
      featureNames: ['x'],
      columns: [
        {
          name: 'x',
          type: 'numeric',
          encoding: { kind: 'numeric', column: 'x', mean: 0, std: 1, missingIndicator: false },
        },
      ],
      skipped: [],
      missingTokens: ['NA'],
    },
    tasks: [
      { name: 'species', labels: ['a', 'b'], output: 'species', targetColumn: 'species' },
      { name: 'sex', labels: ['f', 'm'], output: 'sex', targetColumn: 'sex' },
    ],
    training: {
      config: DEFAULT_TRAIN_CONFIG,
      bestEpoch: null,
      epochs: 37,
      backend: 'cpu',
      startedAt: null,
      finishedAt: null,
      split: {
        id: 4,
        seed: 1,
        fractions: { train: 1, validation: 0, test: 0 },
        counts: { train: 333, validation: 0, test: 0 },
      },
      refit: { rows: 'all-labelled', epochs: 37, epochsPerTask: { species: 37, sex: 12 } },
    },
    metrics: {},
    deltaM: null,
    origin: { project: 'p', projectFile: 'p.mtlproj', datasetId: 1, dataset: 'penguins', runId: 9 },
    verification: { rows: 5, maxAbsDifference: 0, tolerance: 1e-5, backend: 'cpu' },
    ...extra,
  };
}

const ESTIMATE: BundleMetadata['crossValidation'] = {
  evaluationId: 3,
  folds: 5,
  scheme: { k: 5, repeats: 1 },
  labelledRows: 333,
  metrics: {
    species: {
      macroF1: { mean: 0.91234, std: 0.0314, n: 5 },
      accuracy: { mean: 0.95, std: 0.02, n: 5 },
      balancedAccuracy: { mean: 0.9, std: 0.03, n: 5 },
    },
    sex: {
      macroF1: { mean: 0.85, std: 0, n: 1 },
      accuracy: { mean: 0.8, std: 0, n: 1 },
      balancedAccuracy: { mean: 0.8, std: 0, n: 1 },
    },
  },
};

describe('the README of a final model', () => {
  it('says each task\'s labelled rows when they differ, and "all" when they agree', () => {
    const differ = bundleReadme(
      metadata({
        crossValidation: { ...ESTIMATE, labelledRowsPerTask: { species: 333, sex: 324 } },
      }),
      { x: 1 },
    );
    expect(differ).toContain(
      'trained on 333 rows with at least one label (species 333, sex 324) for 37 epochs',
    );
    const agree = bundleReadme(
      metadata({
        crossValidation: { ...ESTIMATE, labelledRowsPerTask: { species: 333, sex: 333 } },
      }),
      { x: 1 },
    );
    expect(agree).toContain('trained on all 333 labelled rows for 37 epochs');
  });

  it("shows the cross-validation's mean ± std per task and says what the model is", () => {
    const text = bundleReadme(metadata({ crossValidation: ESTIMATE }), { x: 1 });
    expect(text).toContain(
      '| task | classes | output | cross-validation accuracy (mean ± std) | cross-validation macro-F1 (mean ± std) |',
    );
    expect(text).toContain('| species | a, b | `species` | 0.950 ± 0.020 | 0.912 ± 0.031 |');
    // One completed fold: no sample standard deviation.
    expect(text).toContain('| sex | f, m | `sex` | 0.800 ± – | 0.850 ± – |');
    // Two tasks, no per-task rows (a bundle written before they were kept): not "all 333".
    expect(text).toContain(
      'This is the final model of cross-validation #3: trained on 333 rows with at least one label for 37 epochs',
    );
    expect(text).toContain('so it\nhas no test score');
    expect(text).toContain('5-fold, 5 completed folds');
    expect(text).not.toContain('test macro-F1');
    expect(text).toContain('preprocessing (fitted on every labelled row)');
  });

  it('says it has no test score even when the estimate was not found', () => {
    const text = bundleReadme(metadata(), { x: 1 });
    expect(text).toContain('| species | a, b | `species` | – | – |');
    expect(text).toContain(
      'This is the final model of a cross-validation: trained on every labelled row',
    );
    expect(text).toContain('(not found when this bundle was written)');
  });

  it('keeps the test scores of an ordinary run', () => {
    const plain = metadata({
      metrics: {
        species: { accuracy: 0.5, macroF1: 0.25 } as BundleMetadata['metrics'][string],
      },
    });
    delete plain.training.refit;
    const text = bundleReadme(plain, { x: 1 });
    expect(text).toContain('| task | classes | output | test accuracy | test macro-F1 |');
    expect(text).toContain('| species | a, b | `species` | 0.500 | 0.250 |');
    expect(text).not.toContain('final model');
  });
});
