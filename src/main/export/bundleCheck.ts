/**
 * Checks that a model bundle's files agree with each other before it predicts: the weights
 * file holds exactly the bytes model.json's weightsManifest describes, and metadata.json's
 * tasks and input size match the network's outputs and input. Found by a new user: with
 * `tasks[0].labels` cut to 2 of 3 classes, `predict` printed wrong class names (exit 0);
 * with weights.bin cut short it failed with tfjs's "Based on the provided shape, [64,32],
 * the tensor should have 2048 values but has 610", naming no file. And each file's SHA-256
 * against the one metadata.json recorded on export: a weights.bin damaged at the right
 * length passed every other check and predicted silently (exit 0). metadata.json records a
 * SHA-256 of its own content too (reversed class names predicted under the wrong names), and
 * every one of these entries must be there (one removed turned its check off).
 */
import { createHash } from 'node:crypto';
import type * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import { MtlError } from '../../shared/errors';
import { counted } from '../../shared/counted';
import { describeIssues } from '../../shared/schemas';
import {
  BUNDLE_FILES,
  CHECKSUMS_FORMAT_VERSION,
  type BundleFileChecksum,
  type BundleMetadata,
} from './metadata';

/**
 * A table input column of metadata.json as the bundle's preprocessing reads it (engine/
 * preprocessing.ts FeatureEncoder, fitted on the training split): numbers finite, a numeric
 * column's std above 0 (fitting writes 1 for a constant column), one name per column.
 */
const inputColumnSchema = z.object({
  name: z.string(),
  type: z.string(),
  encoding: z.discriminatedUnion('kind', [
    z.object({
      kind: z.literal('numeric'),
      column: z.string(),
      mean: z.number(),
      std: z.number().positive(),
      missingIndicator: z.boolean(),
      // The training range (absent in bundles exported before it was kept).
      min: z.number().optional(),
      max: z.number().optional(),
    }),
    z.object({
      kind: z.literal('one-hot'),
      column: z.string(),
      categories: z.array(z.string()),
      missingIndicator: z.boolean(),
    }),
  ]),
});

/** Features one encoded column gives: 1 or its categories, plus its missing indicator. */
function encodedWidth(encoding: z.infer<typeof inputColumnSchema>['encoding']): number {
  const base = encoding.kind === 'numeric' ? 1 : encoding.categories.length;
  return base + (encoding.missingIndicator ? 1 : 0);
}

/**
 * Bytes per value of a weight's stored dtype (tfjs-core io/types.ts DTYPE_VALUE_SIZE_MAP:
 * float32 and int32 4, bool 1; a quantized weight is stored as uint8 1, uint16 or float16 2).
 */
const VALUE_BYTES: Record<string, number> = {
  float32: 4,
  int32: 4,
  bool: 1,
  uint8: 1,
  uint16: 2,
  float16: 2,
};

/** How a bundle's location is named in messages: the folder or .zip, and the file in it. */
function inBundle(bundlePath: string, file: string): string {
  return `${file} of the model bundle ${bundlePath}`;
}

/** The error of a bundle whose files disagree (code BUNDLE_INVALID). */
function invalid(message: string, bundlePath: string): MtlError {
  return new MtlError(
    'BUNDLE_INVALID',
    `${message}; the bundle is damaged or was edited: export the model again.`,
    { path: bundlePath },
  );
}

/**
 * Refuses a weights file whose size is not the sum of the weight specs' sizes (Π shape ×
 * bytes per value of each entry of model.json's weightsManifest), before tfjs reads it.
 * @param weightsFile the weights file's name in the bundle (weights.bin).
 * @param weightBytes its size in bytes.
 * @throws MtlError('BUNDLE_INVALID') naming the bundle, the file and both sizes.
 */
export function checkWeightsSize(
  bundlePath: string,
  weightsFile: string,
  weightBytes: number,
  specs: readonly tf.io.WeightsManifestEntry[],
): void {
  let expected = 0;
  for (const spec of specs) {
    const dtype = spec.quantization?.dtype ?? spec.dtype;
    const bytes = VALUE_BYTES[dtype];
    if (bytes === undefined) return; // a string weight has no fixed size (never in our bundles)
    expected += spec.shape.reduce((a, b) => a * b, 1) * bytes;
  }
  if (expected !== weightBytes) {
    throw invalid(
      `${inBundle(bundlePath, weightsFile)} holds ${weightBytes} bytes, but model.json's weightsManifest describes ${specs.length} weights of ${expected} bytes`,
      bundlePath,
    );
  }
}

/** The size of the last axis of a symbolic tensor (null when unknown). */
function lastAxis(shape: readonly (number | null)[]): number | null {
  return shape.length > 0 ? shape[shape.length - 1] : null;
}

/**
 * Refuses a bundle whose metadata.json does not describe its network: one task per model
 * output, each with as many labels as its output has units, and the input's feature count
 * (`input.features`; for a table also `featureNames.length`) equal to the model's input size.
 * @param model the network loaded from model.json and the weights (not disposed here).
 * @throws MtlError('BUNDLE_INVALID') naming the bundle, metadata.json and the mismatch.
 */
export function checkMetadataAgainstModel(
  bundlePath: string,
  metadata: BundleMetadata,
  model: tf.LayersModel,
): void {
  const where = inBundle(bundlePath, 'metadata.json');
  const tasks = Array.isArray(metadata.tasks) ? metadata.tasks : [];
  if (tasks.length !== model.outputs.length) {
    throw invalid(
      `${where} lists ${counted(tasks.length, 'task', 'tasks')}, but the model has ${counted(model.outputs.length, 'output', 'outputs')}`,
      bundlePath,
    );
  }
  tasks.forEach((task, i) => {
    // Matched by output name where it is one of the model's (as bundle.ts writes it).
    const at = model.outputNames.indexOf(task.output);
    const output = model.outputs[at >= 0 ? at : i];
    const units = lastAxis(output.shape);
    const labels = Array.isArray(task.labels) ? task.labels.length : 0;
    if (units !== labels) {
      throw invalid(
        `${where}: task "${task.name}" has ${counted(labels, 'label', 'labels')}, but the model's output "${model.outputNames[at >= 0 ? at : i]}" gives ${units} class ${units === 1 ? 'probability' : 'probabilities'}`,
        bundlePath,
      );
    }
  });
  const inputShape = model.inputs[0]?.shape ?? [];
  const modelFeatures = inputShape.slice(1).reduce<number>((a, b) => a * (b ?? NaN), 1);
  const input = metadata.input;
  if (input?.features !== modelFeatures) {
    throw invalid(
      `${where}: the input has ${input?.features} feature${input?.features === 1 ? '' : 's'}, but the model reads ${modelFeatures}`,
      bundlePath,
    );
  }
  if (input.kind === 'table' && input.featureNames?.length !== input.features) {
    throw invalid(
      `${where}: the input names ${counted(input.featureNames?.length ?? 0, 'feature', 'features')} (featureNames), but says it has ${input.features}`,
      bundlePath,
    );
  }
  if (input.kind === 'table') checkTableColumns(where, bundlePath, input.columns, input.features);
}

/**
 * Refuses table input columns that cannot encode a row as the model was trained (found by a
 * new user: a std of "abc", 0 or null, a missing mean, or a column removed predicted every row
 * alike with exit 0; an unknown encoding kind ended in a TypeError, exit 2): each column's
 * encoding must match {@link inputColumnSchema}, and their widths must add up to `features`.
 * @throws MtlError('BUNDLE_INVALID') naming metadata.json and the first fault.
 */
function checkTableColumns(
  where: string,
  bundlePath: string,
  columns: unknown,
  features: number,
): void {
  const parsed = z.array(inputColumnSchema).safeParse(columns);
  if (!parsed.success) {
    throw invalid(`${where}: input.columns ${describeIssues(parsed.error, columns)}`, bundlePath);
  }
  const width = parsed.data.reduce((sum, c) => sum + encodedWidth(c.encoding), 0);
  if (width !== features) {
    throw invalid(
      `${where}: the input columns encode ${counted(width, 'feature', 'features')}, but the input has ${features}`,
      bundlePath,
    );
  }
}

/**
 * The SHA-256 of `bytes` (node:crypto), as lowercase hex (64 characters), as `sha256sum`
 * prints it.
 */
export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * The checksums metadata.json records (its `files`) of the bundle's other files: model.json,
 * weights.bin and preprocess.js. README.md is left out: it is for people to read and may be
 * annotated without changing what the bundle predicts. metadata.json's own entry is added by
 * {@link metadataChecksum} once these are in place.
 * @param files the bundle's files by name, as written.
 * @returns name → { sha256, bytes }, in the order of `files`.
 */
export function bundleChecksums(
  files: ReadonlyMap<string, Uint8Array>,
): Record<string, BundleFileChecksum> {
  const out: Record<string, BundleFileChecksum> = {};
  for (const [name, bytes] of files) {
    if (name === BUNDLE_FILES.metadata || name === BUNDLE_FILES.readme) continue;
    out[name] = { sha256: sha256Hex(bytes), bytes: bytes.byteLength };
  }
  return out;
}

/**
 * The text metadata.json's own checksum is taken over: the metadata as the export writes it
 * (`JSON.stringify(metadata, null, 2)`) but without `files["metadata.json"]`, which cannot hold
 * its own hash. JSON.parse keeps key order and JSON.stringify writes each number as the
 * shortest text that parses back to it, so metadata.json parsed on load gives the same text
 * unless its content was edited (a change of whitespace alone is not one).
 */
function metadataDigestText(metadata: BundleMetadata): string {
  const others = Object.fromEntries(
    Object.entries(metadata.files ?? {}).filter(([name]) => name !== BUNDLE_FILES.metadata),
  );
  return JSON.stringify({ ...metadata, files: others }, null, 2);
}

/**
 * metadata.json's own entry of `files`: the SHA-256 and UTF-8 size of its content without that
 * entry (see {@link metadataDigestText}), so that an edited class name or input column is
 * refused on load (found by a new user: reversed `tasks[0].labels` predicted every row under
 * the wrong class name, exit 0).
 * @param metadata the metadata with the other files' checksums in `files`.
 */
export function metadataChecksum(metadata: BundleMetadata): BundleFileChecksum {
  const bytes = new TextEncoder().encode(metadataDigestText(metadata));
  return { sha256: sha256Hex(bytes), bytes: bytes.byteLength };
}

/** The entries every `files` an export writes holds (README.md is not checked). */
const REQUIRED_CHECKSUMS: readonly string[] = [
  BUNDLE_FILES.model,
  BUNDLE_FILES.weights,
  BUNDLE_FILES.preprocess,
  BUNDLE_FILES.metadata,
];

/** metadata.json's `files`: names to a lowercase-hex SHA-256 and a size in bytes. */
const checksumsSchema = z.record(
  z.string(),
  z.object({
    sha256: z.string().regex(/^[0-9a-f]{64}$/, 'is not 64 lowercase hex digits'),
    bytes: z.number().int().nonnegative(),
  }),
);

/**
 * The error for a file of the bundle that is not there although metadata.json's `files`
 * lists it (it was exported), or null when metadata.json does not list it (an older bundle,
 * or not a bundle at all: the caller words that case).
 * @param metadata the bundle's parsed metadata.json, or undefined when it has none.
 * @returns MtlError('BUNDLE_INVALID') naming the bundle and the file, or null.
 */
export function listedFileMissing(
  bundlePath: string,
  name: string,
  metadata: BundleMetadata | undefined,
): MtlError | null {
  const files: unknown = metadata?.files;
  if (typeof files !== 'object' || files === null || !Object.hasOwn(files, name)) return null;
  const bytes = (files as Record<string, { bytes?: unknown } | null>)[name]?.bytes;
  return missingListed(bundlePath, name, typeof bytes === 'number' ? bytes : null);
}

/** The error for a file metadata.json lists (of `bytes`, when known) that is not there. */
function missingListed(bundlePath: string, name: string, bytes: number | null): MtlError {
  const size = bytes === null ? '' : ` (${bytes} bytes)`;
  return invalid(
    `${inBundle(bundlePath, name)} is missing: metadata.json lists it as exported${size}`,
    bundlePath,
  );
}

/**
 * Refuses a bundle whose files are not the bytes it was exported with. metadata.json's
 * `files` must list model.json, weights.bin, preprocess.js and metadata.json (found by a new
 * user: an entry removed, or `"files": {}`, turned that file's check off silently);
 * metadata.json's content without its own entry must have the SHA-256 that entry records;
 * and each other file listed must be in the bundle with its recorded size and SHA-256. A
 * bundle written before checksums were kept (format 1, no `files`) passes unchecked; a later
 * format without `files` is refused.
 * @param files the bundle's files by name (a folder's, or a zip's entries).
 * @returns false when metadata.json records no checksums (nothing was checked), else true.
 * @throws MtlError('BUNDLE_INVALID') naming the bundle and the file missing, changed or
 *   damaged since export; or metadata.json when it was edited, when its `files` is not a
 *   list of checksums, or when an entry is missing from it.
 */
export function checkFileChecksums(
  bundlePath: string,
  metadata: BundleMetadata,
  files: ReadonlyMap<string, Uint8Array>,
): boolean {
  const where = inBundle(bundlePath, BUNDLE_FILES.metadata);
  if (metadata.files === undefined) {
    if (metadata.formatVersion < CHECKSUMS_FORMAT_VERSION) return false;
    throw invalid(
      `${where} has no files: a bundle of format ${metadata.formatVersion} records its files' checksums there, so they were removed`,
      bundlePath,
    );
  }
  const parsed = checksumsSchema.safeParse(metadata.files);
  if (!parsed.success) {
    throw invalid(`${where}: files ${describeIssues(parsed.error, metadata.files)}`, bundlePath);
  }
  const listed = parsed.data;
  for (const name of REQUIRED_CHECKSUMS) {
    if (!Object.hasOwn(listed, name)) {
      throw invalid(
        `${where}: files has no entry for ${name}, which every export records (its checksum was removed)`,
        bundlePath,
      );
    }
  }
  // metadata.json first: an edited checksum of another file is then named as an edit of
  // metadata.json, not as damage to that file.
  const own = metadataChecksum(metadata).sha256;
  const recorded = listed[BUNDLE_FILES.metadata].sha256;
  if (own !== recorded) {
    throw invalid(
      `${where} was edited since export: its content (without files["${BUNDLE_FILES.metadata}"]) has SHA-256 ${own}, but files["${BUNDLE_FILES.metadata}"] records ${recorded}`,
      bundlePath,
    );
  }
  for (const [name, want] of Object.entries(listed)) {
    if (name === BUNDLE_FILES.metadata) continue;
    const bytes = files.get(name);
    if (!bytes) throw missingListed(bundlePath, name, want.bytes);
    const changed = `${inBundle(bundlePath, name)} was changed or damaged since export`;
    if (bytes.byteLength !== want.bytes) {
      throw invalid(
        `${changed}: it holds ${bytes.byteLength} bytes, but metadata.json records ${want.bytes}`,
        bundlePath,
      );
    }
    const got = sha256Hex(bytes);
    if (got !== want.sha256) {
      throw invalid(
        `${changed}: its SHA-256 is ${got}, but metadata.json records ${want.sha256}`,
        bundlePath,
      );
    }
  }
  return true;
}
