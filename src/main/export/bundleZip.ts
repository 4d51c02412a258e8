/**
 * Whether an existing .zip file is a model bundle this studio wrote, so that `export model
 * -o X.zip` (CLI and studio alike, through bundle.ts) replaces only such a zip. Found by a
 * new user: any existing .zip was replaced, and a photos.zip was lost.
 *
 * The zip is streamed through fflate's `Unzip` (entries in file order, by their local
 * headers), and reading stops at the first entry that is not a bundle's: a large archive of
 * the user's is read no further than its first foreign file, and never held whole.
 */
import { createReadStream } from 'node:fs';
import { Unzip, UnzipInflate, type UnzipFile } from 'fflate';
import { BUNDLE_FILES, BUNDLE_FORMAT } from './metadata';

/** Largest metadata.json inflated (bytes): a bundle's is a few kilobytes to a few megabytes. */
const MAX_METADATA_BYTES = 64 * 1024 * 1024;

/**
 * Why the existing file at `path` is not a model bundle zip this studio wrote, or null when
 * it is one: its entries are only a bundle's files (BUNDLE_FILES: model.json, weights.bin,
 * metadata.json, preprocess.js, README.md), flat or inside one top-level folder as
 * bundle.ts writes them, and its metadata.json says `"format": "mtl-studio-model"`.
 * @returns English words for an error message ("it holds files that are not a model
 *   bundle's (IMG_0001.jpg)"), or null.
 * @throws the file system's error when the file cannot be opened or read.
 */
export async function whyNotBundleZip(path: string): Promise<string | null> {
  const bundleFiles: readonly string[] = Object.values(BUNDLE_FILES);
  let why: string | null = null;
  let top: string | null = null;
  let files = 0;
  const metadata: Uint8Array[] = [];
  let metadataBytes = 0;
  let metadataRead = false;

  const unzip = new Unzip((file: UnzipFile) => {
    if (why !== null || file.name.endsWith('/')) return;
    files++;
    // Flat, or every entry inside the one top-level folder of the first.
    const slash = file.name.indexOf('/');
    const folder = slash < 0 ? '' : file.name.slice(0, slash + 1);
    top ??= folder;
    const name = file.name.slice(top.length);
    if (folder !== top || !bundleFiles.includes(name)) {
      why = `it holds files that are not a model bundle's (${file.name})`;
      return;
    }
    if (name !== BUNDLE_FILES.metadata) return;
    file.ondata = (err, chunk, final) => {
      if (err) return;
      metadataBytes += chunk.length;
      if (metadataBytes <= MAX_METADATA_BYTES) metadata.push(chunk);
      if (final) metadataRead = true;
    };
    file.start();
  });
  unzip.register(UnzipInflate);

  try {
    for await (const chunk of createReadStream(path)) {
      unzip.push(chunk as Buffer);
      if (why !== null) break;
    }
    if (why === null) unzip.push(new Uint8Array(0), true);
  } catch (err) {
    // fflate's own errors (a corrupt entry): the file is no zip this studio wrote.
    if (typeof (err as NodeJS.ErrnoException).code === 'string') throw err;
    return 'it cannot be read as a zip archive';
  }
  if (why !== null) return why;
  if (files === 0) return 'it is not a zip archive, or an empty one';
  if (!metadataRead || metadataBytes > MAX_METADATA_BYTES) {
    return `it has no readable ${BUNDLE_FILES.metadata}`;
  }
  let format: unknown;
  try {
    const text = Buffer.concat(metadata).toString('utf8');
    format = (JSON.parse(text) as { format?: unknown }).format;
  } catch {
    format = undefined;
  }
  return format === BUNDLE_FORMAT
    ? null
    : `its ${BUNDLE_FILES.metadata} does not say "format": "${BUNDLE_FORMAT}"`;
}
