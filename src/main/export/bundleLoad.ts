/**
 * Model bundles read back from disk (a folder or .zip, as bundle.ts writes them): their
 * files, metadata.json and model.json, and the network as a tfjs layers model checked
 * against the other files (bundleCheck.ts). Used to predict from a bundle alone and to
 * verify a bundle before it is moved into place.
 */
import { existsSync } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { unzipSync } from 'fflate';
import { MtlError } from '../../shared/errors';
import {
  checkFileChecksums,
  checkMetadataAgainstModel,
  checkWeightsSize,
  listedFileMissing,
} from './bundleCheck';
import {
  BUNDLE_FILES,
  BUNDLE_FORMAT,
  BUNDLE_FORMAT_VERSION,
  type BundleMetadata,
} from './metadata';

/** A bundle read back from disk. */
export interface LoadedBundle {
  path: string;
  metadata: BundleMetadata;
  /** Parsed model.json. */
  modelJson: {
    modelTopology: object;
    weightsManifest: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[];
  };
  weightData: ArrayBuffer;
  /** Raw bytes of every file, by name. */
  files: Map<string, Uint8Array>;
}

/**
 * Reads a bundle folder or .zip.
 * @throws MtlError('NOT_FOUND') for a missing path or file of the bundle (BUNDLE_INVALID,
 *   "is missing … export the model again", when metadata.json's `files` lists the file);
 *   MtlError('BAD_REQUEST') when metadata.json is not an MTL Studio bundle's or is newer
 *   than this studio reads.
 */
export async function readBundle(path: string): Promise<LoadedBundle> {
  const full = resolve(path);
  if (!existsSync(full)) throw new MtlError('NOT_FOUND', `Model bundle not found: ${full}`);
  const files = (await stat(full)).isDirectory()
    ? await readFolder(full)
    : zipFiles(unzipped(full, new Uint8Array(await readFile(full))));
  let metadata: BundleMetadata | undefined;
  const text = (name: string): string => {
    const bytes = files.get(name);
    if (!bytes) {
      // A file metadata.json lists as exported is named as missing from the bundle.
      throw (
        listedFileMissing(full, name, metadata) ??
        new MtlError('NOT_FOUND', `${full} has no ${name}; is it a model bundle?`)
      );
    }
    return new TextDecoder().decode(bytes);
  };
  let modelJson: LoadedBundle['modelJson'];
  let reading: string = BUNDLE_FILES.metadata;
  try {
    metadata = JSON.parse(text(reading)) as BundleMetadata;
    reading = BUNDLE_FILES.model;
    modelJson = JSON.parse(text(reading)) as LoadedBundle['modelJson'];
  } catch (err) {
    if (err instanceof MtlError) throw err;
    throw new MtlError(
      'BUNDLE_INVALID',
      `${reading} of the model bundle ${full} is not valid JSON (${(err as Error).message}); the bundle is damaged or was edited: export the model again.`,
      { path: full },
    );
  }
  if (metadata.format !== BUNDLE_FORMAT) {
    throw new MtlError('BAD_REQUEST', `${full} is not an MTL Studio model bundle (metadata.json).`);
  }
  if (metadata.formatVersion > BUNDLE_FORMAT_VERSION) {
    throw new MtlError(
      'BAD_REQUEST',
      `${full} is a bundle of format ${metadata.formatVersion}; this studio reads up to ${BUNDLE_FORMAT_VERSION}.`,
    );
  }
  const weightFile = modelJson.weightsManifest?.[0]?.paths?.[0] ?? BUNDLE_FILES.weights;
  const weights = files.get(weightFile);
  if (!weights) {
    throw (
      listedFileMissing(full, weightFile, metadata) ??
      new MtlError('NOT_FOUND', `${full} has no ${weightFile}.`)
    );
  }
  const weightData = weights.buffer.slice(
    weights.byteOffset,
    weights.byteOffset + weights.byteLength,
  ) as ArrayBuffer;
  return { path: full, metadata, modelJson, weightData, files };
}

/**
 * The network of a bundle as a tfjs layers model (the caller disposes it), checked against
 * the bundle's other files (bundleCheck.ts): the weights file's size against model.json's
 * weightsManifest before tfjs reads it, metadata.json's tasks and input size against the
 * loaded network after, and last every file's SHA-256 against the one metadata.json
 * recorded on export (a bundle written before checksums were kept is not checked so). The
 * checksums come last so that a fault the other checks can name precisely (a weights file
 * cut short, labels that do not fit an output) is named so.
 * @throws MtlError('BUNDLE_INVALID') naming the bundle and the mismatch, model.json when
 *   tfjs cannot build the network from it and the weights (tfjs's words in the message),
 *   or the file missing, changed or damaged since export.
 */
export async function loadLayersModel(bundle: LoadedBundle): Promise<tf.LayersModel> {
  const weightSpecs = bundle.modelJson.weightsManifest.flatMap((g) => g.weights);
  const weightsFile = bundle.modelJson.weightsManifest[0]?.paths?.[0] ?? BUNDLE_FILES.weights;
  checkWeightsSize(bundle.path, weightsFile, bundle.weightData.byteLength, weightSpecs);
  let model: tf.LayersModel;
  try {
    model = await tf.loadLayersModel(
      tf.io.fromMemory({
        modelTopology: bundle.modelJson.modelTopology,
        weightSpecs,
        weightData: bundle.weightData,
      }),
    );
  } catch (err) {
    // tfjs's own words ("Shape mismatch: [12,7] vs. [12,64]") name no file: a model.json
    // whose layers do not fit its weights (found by a new user editing "units").
    throw new MtlError(
      'BUNDLE_INVALID',
      `${BUNDLE_FILES.model} of the model bundle ${bundle.path} does not load (${(err as Error).message}); the bundle is damaged or was edited: export the model again.`,
      { path: bundle.path },
    );
  }
  try {
    checkMetadataAgainstModel(bundle.path, bundle.metadata, model);
    checkFileChecksums(bundle.path, bundle.metadata, bundle.files);
  } catch (err) {
    model.dispose();
    throw err;
  }
  return model;
}

/**
 * The files of a bundle .zip, by name, each as long as the zip records it.
 * @throws MtlError('BUNDLE_INVALID') naming the zip when fflate cannot read it (a cut or
 *   damaged archive: its words alone, "invalid zip data", named no file), or naming the
 *   entry that unpacks to fewer or more bytes than the zip records: fflate checks neither
 *   the sizes nor the CRC-32, so a damaged entry came out short and was then reported as a
 *   file whose size differs from metadata.json's (an edit, not a damaged zip).
 */
function unzipped(path: string, bytes: Uint8Array): ReturnType<typeof unzipSync> {
  const damaged = (why: string): MtlError =>
    new MtlError(
      'BUNDLE_INVALID',
      `The model bundle ${path} ${why}; the zip is damaged or cut short: export the model again.`,
      { path },
    );
  // The uncompressed size of each entry, as the zip's central directory records it.
  const recorded = new Map<string, number>();
  let files: ReturnType<typeof unzipSync>;
  try {
    files = unzipSync(bytes, {
      filter: (entry) => {
        recorded.set(entry.name, entry.originalSize);
        return true;
      },
    });
  } catch (err) {
    throw damaged(`cannot be read as a zip archive (${(err as Error).message})`);
  }
  for (const [name, data] of Object.entries(files)) {
    const want = recorded.get(name);
    if (want !== undefined && data.byteLength !== want) {
      throw damaged(
        `cannot be unpacked whole: its entry ${name} unpacks to ${data.byteLength} bytes, but the zip records ${want}`,
      );
    }
  }
  return files;
}

/** Every file of a folder (not recursive), by name. */
async function readFolder(dir: string): Promise<Map<string, Uint8Array>> {
  const files = new Map<string, Uint8Array>();
  for (const entry of (await readdir(dir, { withFileTypes: true })).sort((a, b) =>
    a.name < b.name ? -1 : 1,
  )) {
    if (entry.isFile())
      files.set(entry.name, new Uint8Array(await readFile(join(dir, entry.name))));
  }
  return files;
}

/**
 * A zip's entries as the bundle's files: when every file lies in one top-level folder (the
 * zips this studio writes, see {@link zipFolderName}, or a bundle folder zipped by hand) that
 * folder is dropped; a flat zip (earlier studios) is read as it is. Folder entries are left out.
 */
function zipFiles(entries: Record<string, Uint8Array>): Map<string, Uint8Array> {
  const names = Object.keys(entries).filter((name) => !name.endsWith('/'));
  const tops = new Set(names.map((name) => (name.includes('/') ? name.split('/')[0] : '')));
  const [top] = tops;
  const strip = tops.size === 1 && top !== '' ? top.length + 1 : 0;
  return new Map(names.map((name) => [name.slice(strip), entries[name]]));
}
