/**
 * Whether an existing .zip file is a model bundle this studio wrote, so that `export model
 * -o X.zip` (CLI and studio alike, through bundle.ts) replaces only such a zip. Found by a
 * new user: any existing .zip was replaced, and a photos.zip was lost.
 *
 * Reads only the zip's end record and central directory (PKWARE APPNOTE.txt 6.3.x, §4.3.16
 * end of central directory record, §4.3.12 central directory header, §4.3.7 local file
 * header) and then the one entry metadata.json, inflated with fflate: a large archive of
 * the user's is never read whole.
 */
import { open, type FileHandle } from 'node:fs/promises';
import { inflateSync } from 'fflate';
import { BUNDLE_FILES, BUNDLE_FORMAT } from './metadata';

/** Signature of the end of central directory record (APPNOTE §4.3.16). */
const END_SIGNATURE = 0x06054b50;
/** Signature of a central directory file header (APPNOTE §4.3.12). */
const CENTRAL_SIGNATURE = 0x02014b50;
/** Signature of a local file header (APPNOTE §4.3.7). */
const LOCAL_SIGNATURE = 0x04034b50;
/** Size of the end record without its comment (bytes). */
const END_SIZE = 22;
/** Longest zip file comment (its length is a u16). */
const MAX_COMMENT = 0xffff;
/** Largest central directory read: a bundle's has 5–6 entries of a few dozen bytes each. */
const MAX_CENTRAL_BYTES = 64 * 1024;
/** Largest metadata.json inflated (bytes): a bundle's is a few kilobytes to a few megabytes. */
const MAX_METADATA_BYTES = 64 * 1024 * 1024;

/** One entry of a zip's central directory. */
interface ZipEntry {
  name: string;
  /** 0 stored, 8 deflate (APPNOTE §4.4.5). */
  method: number;
  compressedSize: number;
  size: number;
  /** Offset of its local file header from the start of the file. */
  localOffset: number;
}

/** Reads `length` bytes at `position` (fewer at the end of the file). */
async function readAt(handle: FileHandle, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  let got = 0;
  while (got < length) {
    const { bytesRead } = await handle.read(buffer, got, length - got, position + got);
    if (bytesRead === 0) break;
    got += bytesRead;
  }
  return buffer.subarray(0, got);
}

/**
 * The central directory of a zip file, or a reason (English words) why it cannot be read as
 * one: not a zip, ZIP64 (this studio never writes one), or a directory too large to be a
 * bundle's.
 */
async function centralDirectory(
  handle: FileHandle,
  size: number,
): Promise<ZipEntry[] | { why: string }> {
  const tailLength = Math.min(size, END_SIZE + MAX_COMMENT);
  const tail = await readAt(handle, size - tailLength, tailLength);
  let end = -1;
  for (let i = tail.length - END_SIZE; i >= 0; i--) {
    if (
      tail.readUInt32LE(i) === END_SIGNATURE &&
      i + END_SIZE + tail.readUInt16LE(i + 20) <= tail.length
    ) {
      end = i;
      break;
    }
  }
  if (end < 0) return { why: 'it is not a zip archive' };
  const count = tail.readUInt16LE(end + 10);
  const centralSize = tail.readUInt32LE(end + 12);
  const centralOffset = tail.readUInt32LE(end + 16);
  if (count === 0xffff || centralSize === 0xffffffff || centralOffset === 0xffffffff) {
    return { why: 'it is a ZIP64 archive, which this studio never writes' };
  }
  if (centralSize > MAX_CENTRAL_BYTES) {
    return { why: `it holds ${count} files, more than a model bundle has` };
  }
  const central = await readAt(handle, centralOffset, centralSize);
  const entries: ZipEntry[] = [];
  for (let at = 0; entries.length < count;) {
    if (at + 46 > central.length || central.readUInt32LE(at) !== CENTRAL_SIGNATURE) {
      return { why: 'its central directory cannot be read' };
    }
    const nameLength = central.readUInt16LE(at + 28);
    const extraLength = central.readUInt16LE(at + 30);
    const commentLength = central.readUInt16LE(at + 32);
    entries.push({
      name: central.toString('utf8', at + 46, at + 46 + nameLength),
      method: central.readUInt16LE(at + 10),
      compressedSize: central.readUInt32LE(at + 20),
      size: central.readUInt32LE(at + 24),
      localOffset: central.readUInt32LE(at + 42),
    });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** The bytes of one entry, inflated (stored and deflate only), or null when unreadable. */
async function entryBytes(handle: FileHandle, entry: ZipEntry): Promise<Uint8Array | null> {
  if (entry.size > MAX_METADATA_BYTES || (entry.method !== 0 && entry.method !== 8)) return null;
  const local = await readAt(handle, entry.localOffset, 30);
  if (local.length < 30 || local.readUInt32LE(0) !== LOCAL_SIGNATURE) return null;
  const start = entry.localOffset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
  const data = await readAt(handle, start, entry.compressedSize);
  if (data.length < entry.compressedSize) return null;
  try {
    return entry.method === 0 ? data : inflateSync(data);
  } catch {
    return null;
  }
}

/**
 * Why the existing file at `path` is not a model bundle zip this studio wrote, or null when
 * it is one: its entries are only a bundle's files (BUNDLE_FILES: model.json, weights.bin,
 * metadata.json, preprocess.js, README.md), flat or inside one top-level folder as
 * bundle.ts writes them, and its metadata.json says `"format": "mtl-studio-model"`.
 * @returns English words for an error message ("it holds files that are not a model
 *   bundle's (IMG_0001.jpg, …)"), or null.
 * @throws the file system's error when the file cannot be opened or read.
 */
export async function whyNotBundleZip(path: string): Promise<string | null> {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    const entries = await centralDirectory(handle, size);
    if (!Array.isArray(entries)) return entries.why;
    const files = entries.filter((entry) => !entry.name.endsWith('/'));
    const tops = new Set(files.map((e) => (e.name.includes('/') ? e.name.split('/')[0] : '')));
    const [top] = tops;
    const strip = tops.size === 1 && top !== '' ? top.length + 1 : 0;
    const bundleFiles: readonly string[] = Object.values(BUNDLE_FILES);
    const others = files.filter((e) => !bundleFiles.includes(e.name.slice(strip)));
    if (files.length === 0) return 'it is an empty zip archive';
    if (others.length > 0) {
      const names = others.slice(0, 3).map((e) => e.name);
      return `it holds files that are not a model bundle's (${names.join(', ')}${others.length > 3 ? ', …' : ''})`;
    }
    const metadata = files.find((e) => e.name.slice(strip) === BUNDLE_FILES.metadata);
    if (!metadata) return `it has no ${BUNDLE_FILES.metadata}`;
    const bytes = await entryBytes(handle, metadata);
    let format: unknown;
    try {
      format =
        bytes && (JSON.parse(new TextDecoder().decode(bytes)) as { format?: unknown }).format;
    } catch {
      format = undefined;
    }
    if (format !== BUNDLE_FORMAT) {
      return `its ${BUNDLE_FILES.metadata} does not say "format": "${BUNDLE_FORMAT}"`;
    }
    return null;
  } finally {
    await handle.close();
  }
}
