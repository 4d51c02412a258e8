/**
 * Model bundles: a trained run written as a folder (or .zip) that any TensorFlow.js user
 * loads without the studio — `model.json` + `weights.bin` (standard layers, see
 * layersModel.ts), `metadata.json` (metadata.ts), `preprocess.js` (preprocessModule.ts)
 * and `README.md`. Written to a temporary folder beside the destination, VERIFIED from the
 * files alone (reloaded with tf.loadLayersModel, preprocessed by the written preprocess.js,
 * predicted on the run's test rows and compared with the studio's own model), and only
 * then moved into place with a rename: a failed export leaves nothing behind. metadata.json
 * records the SHA-256 of model.json, weights.bin and preprocess.js and of its own content
 * (`files`), checked each time the bundle is loaded (bundleLoad.ts).
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { unzipSync, zipSync } from 'fflate';
import type { DatasetInfo, RunInfo, SplitInfo, TaskInfo } from '../../shared/domain';
import { MtlError } from '../../shared/errors';
import { MISSING_TOKENS, pointDotColumns, readsDecimalComma } from '../data/cellValues';
import { selectBackend } from '../engine/backend';
import { imageSize } from '../engine/images';
import { deserializeNetwork, type NetworkTopology } from '../engine/modelIO';
import { transform, type FittedPreprocessing, type RawCell } from '../engine/preprocessing';
import { predictProbabilities } from '../engine/trainer';
import type { StoredModel } from '../store/trainingResults';
import { bundleReadme } from './bundleReadme';
import { bundleChecksums, metadataChecksum } from './bundleCheck';
import { loadLayersModel, readBundle, type LoadedBundle } from './bundleLoad';
import { whyNotBundleZip } from './bundleZip';
import { outputExists, refuseMissingFolder } from './outputGuard';
import { INPUT_NAME, toLayersModel } from './layersModel';
import {
  BUNDLE_FILES,
  BUNDLE_FORMAT,
  BUNDLE_FORMAT_VERSION,
  type BundleCrossValidationEstimate,
  type BundleDeltaM,
  type BundleMetadata,
  type ImageInputSchema,
  type TableInputSchema,
} from './metadata';
import { preprocessModuleSource } from './preprocessModule';
import { studioVersion } from './studioVersion';

/** Largest |p_bundle − p_studio| accepted: float32 rounding of a few summation orders. */
export const VERIFY_TOLERANCE = 1e-5;
/** Most test rows predicted when verifying a bundle. */
export const MAX_VERIFY_ROWS = 5000;

/** Everything about a run that goes into its bundle (assembled by services/exports.ts). */
export interface BundleSource {
  project: { name: string; file: string };
  dataset: DatasetInfo;
  run: RunInfo;
  model: StoredModel;
  /** The dataset's tasks (for each run task's target column). */
  tasks: TaskInfo[];
  split: SplitInfo;
  deltaM: BundleDeltaM | null;
  /** An Auto run refitted on every non-test row (shared/domain.ts AutoFinal.refitEpochs). */
  refit?: NonNullable<BundleMetadata['training']['refit']>;
  /** The final model of a cross-validation: the cross-validation's mean ± std (its estimate). */
  crossValidation?: BundleCrossValidationEstimate;
  /** Test rows to verify on: each model input column → [n] stored values (n ≥ 1). */
  testRows: Record<string, RawCell[]>;
  /**
   * Image models: how the images were decoded (column, colour, fit) and the test images to
   * verify on, uint8 [n, height, width, channels] with their paths.
   */
  testImages?: {
    column: string;
    colour: 'rgb' | 'grey';
    fit: string;
    pixels: Uint8Array;
    paths: string[];
  };
}

/** What an export wrote. */
export interface BundleExport {
  /** Absolute path of the folder or .zip. */
  path: string;
  kind: 'folder' | 'zip';
  files: { name: string; bytes: number }[];
  metadata: BundleMetadata;
  /** An earlier bundle folder or .zip was at the path and was replaced. */
  replaced: boolean;
}

/**
 * Writes and verifies the bundle of a completed run.
 * @param out destination folder, or a path ending in `.zip` for one zip file. An existing
 *   bundle folder or bundle zip there is replaced (`replaced` says so); any other existing
 *   folder or zip file is refused.
 * @param options.overwrite false: an existing bundle folder or zip file is refused with
 *   reason OUTPUT_EXISTS (the studio asks first); default true.
 * @returns where it was written, its files and its metadata.
 * @throws MtlError('BAD_REQUEST') when the run is not completed or `out` is a folder or
 *   zip file that is not a bundle; MtlError('EXPORT_FAILED') when the written files do
 *   not predict what the studio's model predicts (nothing is left at `out` then).
 */
export async function exportModelBundle(
  source: BundleSource,
  out: string,
  options: { overwrite?: boolean } = {},
): Promise<BundleExport> {
  const { run } = source;
  if (run.status !== 'completed') {
    throw new MtlError(
      'BAD_REQUEST',
      `Run ${run.id} is ${run.status}; only a completed run has a model to export.`,
    );
  }
  const target = resolve(out);
  const kind: BundleExport['kind'] = target.toLowerCase().endsWith('.zip') ? 'zip' : 'folder';
  const replaced = await checkDestination(target, kind);
  if (replaced && options.overwrite === false) throw outputExists(target);
  const backend = await selectBackend();
  const topology = source.model.topology as NetworkTopology;
  const preprocessing = source.model.preprocessing as FittedPreprocessing;
  const network = deserializeNetwork(topology, {
    weightSpecs: source.model.weightSpecs,
    weights: source.model.weights,
  });
  const temp = join(dirname(target), `.${basename(target)}.tmp-${randomBytes(4).toString('hex')}`);
  try {
    const { model, outputNames } = toLayersModel(network, topology);
    const artifacts = await saveArtifacts(model);
    model.dispose();
    const metadata = buildMetadata(source, topology, preprocessing, outputNames);

    // The studio's own predictions on the test rows (or images): the reference.
    let expected: Float32Array[];
    let rows: unknown[];
    let example: unknown;
    if (preprocessing.image) {
      const images = source.testImages;
      if (!images) throw new MtlError('INTERNAL', 'An image model needs its test images.');
      const size = imageSize(preprocessing.image);
      const n = images.pixels.length / size;
      const all = Int32Array.from({ length: n }, (_, i) => i);
      expected = predictProbabilities(network, images.pixels, size, all, preprocessing.image);
      rows = Array.from(all, (i) => images.pixels.subarray(i * size, (i + 1) * size));
      example = images.paths[0] ?? null;
    } else {
      const n = source.testRows[preprocessing.encoders[0].column]?.length ?? 0;
      const all = Int32Array.from({ length: n }, (_, i) => i);
      const features = transform(preprocessing, source.testRows, all);
      expected = predictProbabilities(network, features, preprocessing.featureNames.length, all);
      const input = metadata.input as TableInputSchema;
      const tableRows = Array.from({ length: n }, (_, i) =>
        Object.fromEntries(input.columns.map((c) => [c.name, source.testRows[c.name][i]])),
      );
      rows = tableRows;
      example = exampleRow(tableRows[0]);
    }
    const n = rows.length;

    await mkdir(temp, { recursive: true });
    const encode = (text: string) => new TextEncoder().encode(text);
    /** The bundle's files as written, by name. */
    const written = new Map<string, Uint8Array>([
      [
        BUNDLE_FILES.model,
        encode(
          JSON.stringify({
            modelTopology: artifacts.modelTopology,
            format: 'layers-model',
            generatedBy: `TensorFlow.js tfjs-layers v${tf.version.tfjs} (MTL Studio ${metadata.packageVersion})`,
            convertedBy: null,
            weightsManifest: [{ paths: [BUNDLE_FILES.weights], weights: artifacts.weightSpecs }],
          }),
        ),
      ],
      [BUNDLE_FILES.weights, new Uint8Array(artifacts.weightData)],
      [BUNDLE_FILES.preprocess, encode(preprocessModuleSource(metadata))],
    ]);
    for (const [name, bytes] of written) await writeFile(join(temp, name), bytes);
    // The checksums of those bytes, then metadata.json's own (over its text without that
    // entry), taken again each time metadata.json is written. (Loading re-serialises the
    // parsed metadata, which gives the same text: JSON.stringify of JSON.parse of
    // JSON.stringify's output is that output.)
    metadata.files = bundleChecksums(written);
    const writeMetadata = async () => {
      metadata.files![BUNDLE_FILES.metadata] = metadataChecksum(metadata);
      const bytes = encode(JSON.stringify(metadata, null, 2));
      await writeFile(join(temp, BUNDLE_FILES.metadata), bytes);
      written.set(BUNDLE_FILES.metadata, bytes);
    };
    await writeMetadata();

    // Loaded as predict loads it, its checksums checked too.
    const maxAbsDifference = await verifyBundleFolder(temp, rows, expected);
    metadata.verification = {
      rows: n,
      maxAbsDifference,
      tolerance: VERIFY_TOLERANCE,
      backend: backend.description,
    };
    written.set(BUNDLE_FILES.readme, encode(bundleReadme(metadata, example)));
    await writeFile(join(temp, BUNDLE_FILES.readme), written.get(BUNDLE_FILES.readme)!);
    await writeMetadata();
    const files = new Map([...written].sort(([a], [b]) => (a < b ? -1 : 1)));
    if (kind === 'zip') {
      await writeZipAtomically(target, files);
      await rm(temp, { recursive: true, force: true });
    } else {
      await replaceFolder(temp, target);
    }
    return {
      path: target,
      kind,
      files: [...files].map(([name, bytes]) => ({ name, bytes: bytes.byteLength })),
      metadata,
      replaced,
    };
  } catch (err) {
    await rm(temp, { recursive: true, force: true });
    throw err;
  } finally {
    network.dispose();
  }
}

/** Model artifacts (topology, weight specs, one weight buffer) of a layers model. */
async function saveArtifacts(model: tf.LayersModel): Promise<{
  modelTopology: object;
  weightSpecs: tf.io.WeightsManifestEntry[];
  weightData: ArrayBuffer;
}> {
  let saved: tf.io.ModelArtifacts | null = null;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      saved = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  const a = saved as tf.io.ModelArtifacts | null;
  if (!a?.modelTopology || !a.weightSpecs || !a.weightData) {
    throw new MtlError('EXPORT_FAILED', 'TensorFlow.js did not produce model artifacts.');
  }
  const data = a.weightData;
  // tfjs 4.x may hand the weights as several buffers; the bundle stores one.
  const weightData = Array.isArray(data) ? concatBuffers(data) : data;
  return { modelTopology: a.modelTopology as object, weightSpecs: a.weightSpecs, weightData };
}

function concatBuffers(buffers: ArrayBuffer[]): ArrayBuffer {
  const total = buffers.reduce((s, b) => s + b.byteLength, 0);
  const out = new Uint8Array(total);
  let at = 0;
  for (const b of buffers) {
    out.set(new Uint8Array(b), at);
    at += b.byteLength;
  }
  return out.buffer;
}

/** The metadata of a bundle, without its verification (filled in once verified). */
function buildMetadata(
  source: BundleSource,
  topology: NetworkTopology,
  preprocessing: FittedPreprocessing,
  outputNames: string[],
): BundleMetadata {
  const { run, dataset, split } = source;
  return {
    format: BUNDLE_FORMAT,
    formatVersion: BUNDLE_FORMAT_VERSION,
    modelName: `${dataset.name} · run ${run.id} · ${run.config.arch}`,
    timeStamp: new Date().toISOString(),
    packageName: 'mtl-studio',
    packageVersion: studioVersion(),
    tfjsVersion: tf.version.tfjs,
    modelFormat: 'layers-model',
    architecture: topology.arch,
    input: inputSchema(source, preprocessing),
    tasks: topology.tasks.map((t, i) => ({
      name: t.name,
      labels: t.classes,
      output: outputNames[i],
      targetColumn: source.tasks.find((x) => x.name === t.name)?.targetColumn ?? t.name,
    })),
    training: {
      config: run.config,
      bestEpoch: run.bestEpoch,
      epochs: run.config.epochs,
      backend: run.backend,
      startedAt: run.startedAt,
      finishedAt: run.finishedAt,
      split: { id: split.id, seed: split.seed, fractions: split.fractions, counts: split.counts },
      ...(source.refit ? { refit: source.refit } : {}),
    },
    metrics: run.results ?? {},
    ...(source.crossValidation ? { crossValidation: source.crossValidation } : {}),
    deltaM: source.deltaM,
    origin: {
      project: source.project.name,
      projectFile: source.project.file,
      datasetId: dataset.id,
      dataset: dataset.name,
      runId: run.id,
    },
    verification: { rows: 0, maxAbsDifference: NaN, tolerance: VERIFY_TOLERANCE, backend: '' },
  };
}

/**
 * The input schema of a bundle: a table's columns with their fitted encodings, or an image
 * model's image size, colour and per-channel scaling.
 */
function inputSchema(
  source: BundleSource,
  preprocessing: FittedPreprocessing,
): TableInputSchema | ImageInputSchema {
  const image = preprocessing.image;
  if (image) {
    const decoded = source.testImages;
    return {
      kind: 'image',
      inputName: INPUT_NAME,
      features: imageSize(image),
      column: decoded?.column ?? '',
      height: image.height,
      width: image.width,
      channels: image.channels,
      colour: decoded?.colour ?? (image.channels === 1 ? 'grey' : 'rgb'),
      fit: decoded?.fit ?? 'cover',
      mean: image.mean,
      std: image.std,
    };
  }
  const typeOf = new Map(source.dataset.columns.map((c) => [c.name, c.type]));
  return {
    kind: 'table',
    inputName: INPUT_NAME,
    features: preprocessing.featureNames.length,
    featureNames: preprocessing.featureNames,
    columns: preprocessing.encoders.map((encoding) => ({
      name: encoding.column,
      type:
        typeOf.get(encoding.column) ?? (encoding.kind === 'numeric' ? 'numeric' : 'categorical'),
      encoding,
    })),
    skipped: preprocessing.skipped,
    missingTokens: [...MISSING_TOKENS],
    ...(readsDecimalComma(
      source.dataset.columns,
      preprocessing.encoders.map((e) => e.column),
    )
      ? { decimalComma: true as const }
      : {}),
    ...pointDotInput(
      pointDotColumns(
        source.dataset.columns,
        preprocessing.encoders.map((e) => e.column),
      ),
    ),
    csvEncoding: source.dataset.encoding,
  };
}

/** `{ pointDotColumns }` of a bundle's input when there are such columns, else nothing. */
function pointDotInput(columns: string[]): { pointDotColumns?: string[] } {
  return columns.length > 0 ? { pointDotColumns: columns } : {};
}

/** A test row for the README's snippets: missing values as null. */
function exampleRow(row: Record<string, unknown> | undefined): Record<string, unknown> {
  return Object.fromEntries(Object.entries(row ?? {}).map(([k, v]) => [k, v ?? null]));
}

/**
 * Predicts `rows` (table rows as column → value objects, or images as uint8 pixels
 * [height, width, channels]) with the bundle in `dir` read from disk alone (model.json, weights.bin,
 * preprocess.js) and compares with `expected` (per task, row-major [rows, classes]).
 * @returns the largest absolute difference of a probability.
 * @throws MtlError('EXPORT_FAILED') naming the task and row of the first difference over
 *   {@link VERIFY_TOLERANCE}, or what failed to load.
 */
export async function verifyBundleFolder(
  dir: string,
  rows: unknown[],
  expected: Float32Array[],
): Promise<number> {
  let loaded: LoadedBundle;
  let model: tf.LayersModel;
  let runtime: {
    preprocess: (rows: unknown[]) => {
      data: Float32Array;
      shape: [number, number];
    };
  };
  try {
    loaded = await readBundle(dir);
    model = await loadLayersModel(loaded);
    // A query string per load: a re-export to the same folder must not reuse a cached module.
    const url = `${pathToFileURL(join(dir, BUNDLE_FILES.preprocess)).href}?v=${randomBytes(4).toString('hex')}`;
    runtime = (await import(/* @vite-ignore */ url)) as typeof runtime;
  } catch (err) {
    throw new MtlError(
      'EXPORT_FAILED',
      `The written bundle could not be loaded back: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
  try {
    const { data, shape } = runtime.preprocess(rows);
    const probs = tf.tidy(() => {
      const out = model.predict(tf.tensor2d(data, shape));
      return (Array.isArray(out) ? out : [out]).map((t) => t.dataSync() as Float32Array);
    });
    let max = 0;
    loaded.metadata.tasks.forEach((task, t) => {
      const got = probs[t];
      const want = expected[t];
      if (!got || got.length !== want.length) {
        throw new MtlError(
          'EXPORT_FAILED',
          `The bundle's output for task "${task.name}" has ${got?.length ?? 0} values, the studio's ${want.length}.`,
        );
      }
      for (let i = 0; i < want.length; i++) {
        const d = Math.abs(got[i] - want[i]);
        if (!(d <= VERIFY_TOLERANCE)) {
          const k = task.labels.length;
          throw new MtlError(
            'EXPORT_FAILED',
            `The bundle predicts ${got[i]} for task "${task.name}", class "${task.labels[i % k]}" of test row ${Math.floor(i / k) + 1}; the studio's model ${want[i]} (tolerance ${VERIFY_TOLERANCE}). The export was not written.`,
          );
        }
        if (d > max) max = d;
      }
    });
    return max;
  } finally {
    model.dispose();
  }
}

/**
 * Refuses a destination that exists and is not something an export may replace.
 * @returns true when an earlier bundle (a folder holding one, or a bundle's zip file) is there.
 * @throws MtlError('BAD_REQUEST') for a folder or a zip file that is not a bundle (see
 *   bundleZip.ts), a file where a folder goes (or a folder where a zip goes), or a missing
 *   parent folder (NOT_FOUND).
 */
async function checkDestination(target: string, kind: BundleExport['kind']): Promise<boolean> {
  refuseMissingFolder(target);
  if (!existsSync(target)) return false;
  const info = await stat(target);
  if (kind === 'zip') {
    if (!info.isFile()) throw new MtlError('BAD_REQUEST', `${target} exists and is not a file.`);
    // Only a bundle this studio wrote is replaced, like a bundle folder (a user's photos.zip
    // was lost to `export model -o photos.zip`).
    const why = await whyNotBundleZip(target);
    if (why !== null) {
      throw new MtlError(
        'BAD_REQUEST',
        `${target} exists and is not a model bundle: ${why}. An export replaces only a model bundle; choose a new file name.`,
      );
    }
    return true;
  }
  if (!info.isDirectory())
    throw new MtlError('BAD_REQUEST', `${target} exists and is not a folder.`);
  const entries = await readdir(target);
  if (entries.length > 0 && !entries.includes(BUNDLE_FILES.metadata)) {
    throw new MtlError(
      'BAD_REQUEST',
      `${target} is a folder that is not a model bundle; choose an empty or new folder.`,
    );
  }
  // Replacing a bundle replaces the whole folder: anything else in it would be deleted.
  const bundleFiles: readonly string[] = Object.values(BUNDLE_FILES);
  const others = entries.filter((name) => !bundleFiles.includes(name));
  if (others.length > 0) {
    throw new MtlError(
      'BAD_REQUEST',
      `${target} holds a model bundle and other files (${others.slice(0, 5).join(', ')}${others.length > 5 ? ', …' : ''}), which replacing the bundle would delete; move them, or choose an empty or new folder.`,
    );
  }
  // An empty folder is filled without asking: there is nothing in it to lose.
  return entries.length > 0;
}

/** Moves the finished temporary folder to `target`, replacing an earlier bundle there. */
async function replaceFolder(temp: string, target: string): Promise<void> {
  if (!existsSync(target)) {
    await rename(temp, target);
    return;
  }
  const old = `${temp}-old`;
  await rename(target, old);
  try {
    await rename(temp, target);
  } catch (err) {
    await rename(old, target);
    throw err;
  }
  await rm(old, { recursive: true, force: true });
}

/**
 * The folder a bundle's zip holds its files in: the zip's base name without `.zip`
 * (`models/cards-v2.zip` → `cards-v2`), so that unzipping it makes one folder rather than
 * spilling five files into the current one.
 */
export function zipFolderName(target: string): string {
  return basename(target).replace(/\.zip$/i, '') || 'model';
}

/**
 * Writes a zip of `files`, inside one folder named by {@link zipFolderName}, next to
 * `target`, checks it unzips to the same bytes, and renames it over `target`.
 * @throws MtlError('EXPORT_FAILED') when the zip does not read back identically.
 */
async function writeZipAtomically(target: string, files: Map<string, Uint8Array>): Promise<void> {
  const folder = zipFolderName(target);
  const zipped = zipSync(
    Object.fromEntries([...files].map(([name, bytes]) => [`${folder}/${name}`, bytes])),
    { level: 6 },
  );
  const temp = `${target}.tmp-${randomBytes(4).toString('hex')}`;
  await writeFile(temp, zipped);
  try {
    const back = unzipSync(new Uint8Array(await readFile(temp)));
    for (const [name, bytes] of files) {
      const got = back[`${folder}/${name}`];
      if (!got || Buffer.compare(Buffer.from(got), Buffer.from(bytes)) !== 0) {
        throw new MtlError('EXPORT_FAILED', `${name} does not read back identically from the zip.`);
      }
    }
    await rename(temp, target);
  } catch (err) {
    await rm(temp, { force: true });
    throw err;
  }
}
