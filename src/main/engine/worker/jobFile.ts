/**
 * A training job handed to the training child through a temporary file instead of one large
 * IPC message: only a small message crosses the channel, and a damaged job is named as such
 * (length and CRC-32 checked on reading) instead of read as no job.
 *
 * The 'start' messages with no job once blamed on the IPC channel ("Cannot read properties of
 * undefined (reading 'auto')", "… keys: type, input", then "its job file held no job") were
 * jobs the parent never had: a test's `beforeEach(() => vi.mocked(startTrainingProcess)
 * .mockClear())` returned the mock, which vitest ran after each test with no arguments
 * (serialized undefined: 3 bytes). startTrainingProcess now refuses a missing job itself, and
 * the test lint rule in eslint.config.js refuses such hooks.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { crc32 } from 'node:zlib';
import { MtlError } from '../../../shared/errors';

/** Where a job was written, and what the reader must find there. */
export interface JobFileRef {
  /** Absolute path of the temporary file (in the OS temporary folder). */
  path: string;
  /** Length of the file in bytes. */
  bytes: number;
  /** CRC-32 (zlib's, unsigned) of the file's bytes. */
  crc32: number;
}

/**
 * Writes `value` with V8's serializer (typed arrays kept as they are) to a new file, readable
 * by the current user only.
 * @param value the job: any value V8's structured serialization takes.
 * @param dir the folder (default: the OS temporary folder).
 * @returns the reference to send to the reader.
 * @throws the file system's error (e.g. ENOSPC) when the file cannot be written.
 */
export function writeJobFile(value: unknown, dir: string = tmpdir()): JobFileRef {
  const data = serialize(value);
  const path = join(dir, `mtl-studio-job-${process.pid}-${randomBytes(6).toString('hex')}.bin`);
  writeFileSync(path, data, { mode: 0o600 });
  return { path, bytes: data.length, crc32: crc32(data) };
}

/**
 * Reads and deletes a file {@link writeJobFile} wrote.
 * @returns the value written.
 * @throws MtlError TRAINING_FAILED when the file is missing, or its length or CRC-32 differs
 *   from `ref`'s (the message names the file and both numbers); the file is deleted either way.
 */
export function readJobFile<T>(ref: JobFileRef): T {
  let data: Buffer;
  try {
    data = readFileSync(ref.path);
  } catch (err) {
    throw new MtlError(
      'TRAINING_FAILED',
      `Training process failed: its job file ${ref.path} could not be read (${(err as Error).message}).`,
    );
  } finally {
    rmSync(ref.path, { force: true });
  }
  const sum = crc32(data);
  if (data.length !== ref.bytes || sum !== ref.crc32)
    throw new MtlError(
      'TRAINING_FAILED',
      `Training process failed: its job file ${ref.path} is damaged (${data.length} bytes, CRC-32 ${sum}; written: ${ref.bytes} bytes, CRC-32 ${ref.crc32}).`,
    );
  return deserialize(data) as T;
}

/** Deletes a job file if it is still there (the reader deletes it; this is for a child that never read it). */
export function removeJobFile(ref: JobFileRef): void {
  rmSync(ref.path, { force: true });
}
