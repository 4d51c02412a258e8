/**
 * Reading a CSV file's text: its first bytes (the sample that encoding and delimiter
 * detection judge) and decoders for the sample and for the whole file, piece by piece.
 * The encoding itself is chosen in encodingDetect.ts ({@link chooseEncoding}); names are
 * resolved in encodingNames.ts; what an encoding cannot decode or misreads is found in
 * encodingChecks.ts.
 */
import { open } from 'node:fs/promises';
import iconv from 'iconv-lite';

/** Bytes read from the start of a file for encoding and delimiter detection. */
export const SAMPLE_BYTES = 64 * 1024;

/**
 * Read up to `maxBytes` from the start of a file.
 * @returns the bytes and whether they are the whole file.
 */
export async function readSample(
  path: string,
  maxBytes: number = SAMPLE_BYTES,
): Promise<{ bytes: Buffer; wholeFile: boolean }> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(maxBytes + 1);
    let length = 0;
    // read() may return fewer bytes than asked for: loop until full or end of file.
    while (length < buffer.length) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, length);
      if (bytesRead === 0) break;
      length += bytesRead;
    }
    return { bytes: buffer.subarray(0, Math.min(length, maxBytes)), wholeFile: length <= maxBytes };
  } finally {
    await handle.close();
  }
}

/**
 * Decode a whole byte buffer (a sample) to text, dropping a byte-order mark.
 * A character cut at the end of a sample decodes as U+FFFD.
 */
export function decodeSample(bytes: Uint8Array, encoding: string): string {
  return iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length), encoding, {
    stripBOM: true,
  });
}

/**
 * A Transform stream from bytes to decoded text (string chunks) that drops a leading
 * byte-order mark, so files of any size are decoded piece by piece.
 */
export function createDecodeStream(encoding: string): NodeJS.ReadWriteStream {
  return iconv.decodeStream(encoding, { stripBOM: true });
}
