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

/** A run of a file's bytes read past its sample ({@link readLateWindows}). */
export interface FileWindow {
  /** Byte offset in the file of the window's first byte (the start of a line). */
  offset: number;
  /** Whole lines: from just after a line feed (0A) to the last line feed in the window. */
  bytes: Buffer;
}

/**
 * Up to SAMPLE_BYTES from the middle and from the end of a file larger than its sample, for
 * checks of a chosen encoding that the sample alone would pass (GBK text that starts past
 * the first 64 KB). Each window is trimmed to whole lines (its first partial line and its
 * last unfinished one dropped) so it starts where a row does and cuts no character: a line
 * feed (0A) is never part of a GBK, GB18030 or single-byte character. Windows that would
 * overlap the sample start just after it; a window without a line feed is left out.
 * @param totalBytes the file's size in bytes
 * @returns the windows in file order (none for a file of at most SAMPLE_BYTES)
 */
export async function readLateWindows(path: string, totalBytes: number): Promise<FileWindow[]> {
  if (totalBytes <= SAMPLE_BYTES) return [];
  // Each read starts one byte early: a line starting exactly there is kept.
  const middle = Math.floor(totalBytes / 2 - SAMPLE_BYTES / 2);
  const starts = [
    ...new Set([middle, totalBytes - SAMPLE_BYTES].map((s) => Math.max(s, SAMPLE_BYTES) - 1)),
  ];
  const handle = await open(path, 'r');
  try {
    const windows: FileWindow[] = [];
    for (const start of starts) {
      const buffer = Buffer.alloc(Math.min(SAMPLE_BYTES + 1, totalBytes - start));
      let length = 0;
      while (length < buffer.length) {
        const { bytesRead } = await handle.read(
          buffer,
          length,
          buffer.length - length,
          start + length,
        );
        if (bytesRead === 0) break;
        length += bytesRead;
      }
      const first = buffer.indexOf(0x0a);
      const last = buffer.lastIndexOf(0x0a, length - 1);
      // The file's end is a line's end even without a final line feed.
      const end = start + length >= totalBytes ? length : last + 1;
      if (first < 0 || end <= first + 1) continue;
      windows.push({ offset: start + first + 1, bytes: buffer.subarray(first + 1, end) });
    }
    return windows;
  } finally {
    await handle.close();
  }
}

/** The line feeds (0A) in the first `end` bytes of a file, read in SAMPLE_BYTES pieces. */
export async function countLineFeeds(path: string, end: number): Promise<number> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(SAMPLE_BYTES);
    let count = 0;
    for (let position = 0; position < end;) {
      const { bytesRead } = await handle.read(
        buffer,
        0,
        Math.min(SAMPLE_BYTES, end - position),
        position,
      );
      if (bytesRead === 0) break;
      for (let i = 0; i < bytesRead; i++) if (buffer[i] === 0x0a) count++;
      position += bytesRead;
    }
    return count;
  } finally {
    await handle.close();
  }
}
