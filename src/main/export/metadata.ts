/**
 * `metadata.json` of a model bundle: everything besides the network a user needs to use
 * the model without the studio — tasks and classes in output order, the input schema with
 * the fitted preprocessing, the training configuration, test metrics, Δm, versions and
 * origin. In the spirit of Teachable Machine's metadata (tfjsVersion, packageName,
 * packageVersion, modelName, timeStamp, labels, imageSize), extended to several tasks.
 */
import type { ColumnType, MeanStd, TaskMetrics, TrainConfig } from '../../shared/domain';
import type { FeatureEncoder } from '../engine/preprocessing';

/** Value of `format` in every bundle's metadata. */
export const BUNDLE_FORMAT = 'mtl-studio-model';
/**
 * Version of the bundle layout and metadata schema; bumped on incompatible change. 2: every
 * export records its files' checksums (`files`), so a format-2 bundle without them had them
 * removed (found by a new user: deleting `files` turned every check off); format 1 (before
 * checksums were kept) still loads, unchecked, with a note.
 */
export const BUNDLE_FORMAT_VERSION = 2;

/** The first format whose every bundle records `files` (see {@link BUNDLE_FORMAT_VERSION}). */
export const CHECKSUMS_FORMAT_VERSION = 2;

/** File names inside a bundle. */
export const BUNDLE_FILES = {
  model: 'model.json',
  weights: 'weights.bin',
  metadata: 'metadata.json',
  preprocess: 'preprocess.js',
  readme: 'README.md',
} as const;

/** One input column of a table model and how it becomes features. */
export interface BundleInputColumn {
  name: string;
  /** The column's type in the dataset: how a text cell is parsed (boolean: true/yes/t/1 …). */
  type: ColumnType;
  /**
   * Fitted on the training split: numeric → (x − mean) / std (missing → 0), one-hot over
   * `categories` (unknown or missing → all zeros); `missingIndicator` adds a 0/1 feature.
   */
  encoding: FeatureEncoder;
}

/** Input of a model trained on a table. */
export interface TableInputSchema {
  kind: 'table';
  /** Name of the model's input layer; its shape is [batch, features]. */
  inputName: string;
  /** Width of the feature vector. */
  features: number;
  /** Name of each feature, in order ("bill_length_mm", "island=Dream", "sex:missing"). */
  featureNames: string[];
  /** Columns the model reads, in feature order. */
  columns: BundleInputColumn[];
  /** Input columns of the dataset the model does not use, with the reason. */
  skipped: { column: string; reason: string }[];
  /** Cell texts read as missing (compared trimmed, case-insensitively). */
  missingTokens: string[];
  /**
   * True when the training file's numbers were read with a decimal comma ("0,5", `import
   * --decimal-comma`): `mtl-studio predict --model` reads a CSV so too unless told otherwise.
   * Absent otherwise, and in bundles written before it was kept.
   */
  decimalComma?: true;
  /**
   * Numeric input columns imported with the decimal comma before a dot before exactly three
   * digits was read as grouping thousands (an old `dotThousands` note, data/cellValues.ts
   * pointDotColumns): the model learned "1.000" there as 1, so `predict --model` and
   * preprocess.js read such cells as decimal points in them. Absent when there are none.
   */
  pointDotColumns?: string[];
  /**
   * The text encoding the training file was imported with (iconv-lite's name, e.g. 'utf-8',
   * 'windows-1254'): `mtl-studio predict --model` reads a CSV in it unless `--encoding` is
   * given or the file is certainly another (a byte-order mark, valid UTF-8). Absent in
   * bundles written before it was kept (format 2 still): their CSV files are detected.
   */
  csvEncoding?: string;
}

/**
 * Input of a model trained on images (a CNN trunk): each image is decoded to `height` ×
 * `width` pixels in `colour` (resized with `fit`, as sharp's resize), then every pixel value
 * v of channel c becomes (v / 255 − mean[c]) / std[c], and the image is flattened
 * row-major, channels last (NHWC), into [features] = [height · width · channels].
 */
export interface ImageInputSchema {
  kind: 'image';
  /** Name of the model's input layer; its shape is [batch, features]. */
  inputName: string;
  features: number;
  /** The dataset column holding the images (paths). */
  column: string;
  height: number;
  width: number;
  /** 1 (grey) or 3 (RGB). */
  channels: number;
  colour: 'rgb' | 'grey';
  /** How the studio resized: 'cover' (crop to fill), 'contain' (letterbox) or 'fill' (stretch). */
  fit: string;
  /** Per channel, fitted on the training images: mean and std of v / 255. */
  mean: number[];
  std: number[];
}

/** A task of the model, in output order. */
export interface BundleTask {
  name: string;
  /** Ordered classes: output column j is the probability of classes[j] (Teachable Machine's `labels`). */
  labels: string[];
  /** Name of the model output holding this task's probabilities [batch, labels.length]. */
  output: string;
  /** Dataset column the task's labels came from. */
  targetColumn: string;
}

/** Δm of the run (Maninis et al., CVPR 2019), in percent, with its baseline. */
export interface BundleDeltaM {
  percent: number | null;
  /** Metric Δm is computed on (higher is better). */
  metric: 'macroF1';
  baselineRunId: number;
  /** The baseline's per-task value of `metric`. */
  baseline: Record<string, number>;
}

/**
 * A file of the bundle as it was written: its SHA-256 (node:crypto, lowercase hex, 64
 * characters, over the file's bytes) and its size in bytes.
 */
export interface BundleFileChecksum {
  sha256: string;
  bytes: number;
}

/**
 * The expected score of a cross-validation's final model (services/finalModel.ts): it
 * trained on every labelled row, so it has no test split and no test score; the
 * cross-validation it was trained after scored its method on held-out folds instead.
 */
export interface BundleCrossValidationEstimate {
  /** The cross-validation's id (the studio's "#N", `train --final-of-cv N`). */
  evaluationId: number;
  /** Completed fold runs the means are over. */
  folds: number;
  /** Its scheme: k folds, repeated `repeats` times. */
  scheme: { k: number; repeats: number };
  /** The labelled rows the final model trained on: every row labelled for one of its tasks. */
  labelledRows: number;
  /**
   * Each task's labelled rows among `labelledRows` (a task trains on its own labels only).
   * Optional: bundles written before it was kept lack it.
   */
  labelledRowsPerTask?: Record<string, number>;
  /**
   * Per task over the folds (each fold's test rows): mean, sample standard deviation and
   * count (n) of macro-F1, accuracy and balanced accuracy. A mean over no fold is null.
   */
  metrics: Record<string, { macroF1: MeanStd; accuracy: MeanStd; balancedAccuracy: MeanStd }>;
}

/** The whole `metadata.json`. */
export interface BundleMetadata {
  format: typeof BUNDLE_FORMAT;
  formatVersion: number;
  /** e.g. "penguins · run 3 · mmoe". */
  modelName: string;
  /** ISO-8601 time the bundle was written. */
  timeStamp: string;
  packageName: 'mtl-studio';
  /** Version of MTL Studio that wrote the bundle. */
  packageVersion: string;
  /** Version of @tensorflow/tfjs the model was written with (loads in the same or newer). */
  tfjsVersion: string;
  /** 'layers-model': load with tf.loadLayersModel; outputs follow `tasks`. */
  modelFormat: 'layers-model';
  architecture: TrainConfig['arch'];
  input: TableInputSchema | ImageInputSchema;
  tasks: BundleTask[];
  training: {
    config: TrainConfig;
    /** Epoch whose weights were kept. */
    bestEpoch: number | null;
    epochs: number;
    /** Backend that trained the run, as recorded. */
    backend: string | null;
    startedAt: string | null;
    finishedAt: string | null;
    split: {
      id: number;
      seed: number;
      fractions: { train: number; validation: number; test: number };
      counts: { train: number; validation: number; test: number };
    };
    /**
     * Auto on a small table (inner folds): the model was trained on the split's training and
     * validation rows together for `epochs` at most (each task its `epochsPerTask`), without
     * early stopping, its last weights kept — not as `config` says (that is the configuration
     * Auto chose, with its early stopping); its validation scores are of rows it trained on.
     * 'all-labelled': the final model of a cross-validation (services/finalModel.ts),
     * trained the same way on every labelled row (its split has training rows only, and
     * `metrics` is empty: its expected score is the cross-validation's mean ± std).
     * Absent for every other run.
     */
    refit?: {
      rows: 'training+validation' | 'all-labelled';
      epochs: number;
      epochsPerTask: Record<string, number>;
    };
  };
  /**
   * Per-task scores on the test split, as the studio computed them; empty for the final
   * model of a cross-validation (no test split: see `crossValidation`).
   */
  metrics: Record<string, TaskMetrics>;
  /**
   * Set for the final model of a cross-validation (`training.refit.rows` 'all-labelled'):
   * its expected score, the cross-validation's mean ± std. Optional and additive, so the
   * format stays 2: bundles written before it was kept (and every other bundle) lack it.
   */
  crossValidation?: BundleCrossValidationEstimate;
  /** Null for a single-task run, or when no baseline was trained. */
  deltaM: BundleDeltaM | null;
  origin: {
    project: string;
    /** Base name of the project file (no folder). */
    projectFile: string;
    datasetId: number;
    dataset: string;
    runId: number;
  };
  /** The check made when the bundle was written. */
  verification: {
    /**
     * Test rows predicted from the files alone and compared with the studio's model; for a
     * cross-validation's final model (`training.refit.rows` 'all-labelled', no test rows),
     * its first training rows.
     */
    rows: number;
    /** Largest |p_bundle − p_studio| over those rows, tasks and classes. */
    maxAbsDifference: number;
    tolerance: number;
    backend: string;
  };
  /**
   * The checksums of model.json, weights.bin and preprocess.js by name, and under
   * "metadata.json" the SHA-256 and UTF-8 size of this metadata's own text as the export
   * writes it (`JSON.stringify(metadata, null, 2)`) without that one entry (bundleCheck.ts
   * metadataChecksum). Loading the bundle refuses a file whose bytes differ (a weights.bin
   * damaged at the right length predicted silently before), metadata.json edited since
   * export (reversed class names predicted under the wrong names), and a `files` that lacks
   * one of these four entries. README.md is not listed: it may be annotated. Absent in
   * bundles written before checksums were kept; they load unchecked (`predict` notes it).
   */
  files?: Record<string, BundleFileChecksum>;
}
