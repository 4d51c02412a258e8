/**
 * A training job crosses to the child as a temporary file (engine/worker/jobFile.ts): read
 * back equal (typed arrays as typed arrays), deleted once read, and refused by name when its
 * length or CRC-32 differs from what was written. Expected values: the job built here by hand,
 * and zlib's CRC-32 of the changed bytes (the check must see one flipped byte).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readJobFile, removeJobFile, writeJobFile } from '../../src/main/engine/worker/jobFile';

const dirs: string[] = [];
function scratch(): string {
  const dir = mkdtempSync(join(tmpdir(), 'jobfile-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const job = {
  tasks: ['species', 'sex'],
  features: Float32Array.from([0.5, -1.25, 3]),
  labels: Int32Array.from([2, -1, 0]),
  auto: null,
};

describe('job files', () => {
  it('reads back the job written, typed arrays included, and deletes the file', () => {
    const ref = writeJobFile(job, scratch());
    expect(existsSync(ref.path)).toBe(true);
    expect(readFileSync(ref.path).length).toBe(ref.bytes);
    const back = readJobFile<typeof job>(ref);
    expect(back).toEqual(job);
    expect(back.features).toBeInstanceOf(Float32Array);
    expect(Array.from(back.labels)).toEqual([2, -1, 0]);
    expect(existsSync(ref.path)).toBe(false);
  });

  it('refuses a file changed by one byte, naming it and both sizes and sums', () => {
    const ref = writeJobFile(job, scratch());
    const data = readFileSync(ref.path);
    data[data.length - 1] ^= 0xff;
    writeFileSync(ref.path, data);
    expect(() => readJobFile(ref)).toThrow(
      new RegExp(
        `job file ${ref.path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is damaged \\(${ref.bytes} bytes, CRC-32 \\d+; written: ${ref.bytes} bytes, CRC-32 ${ref.crc32}\\)`,
      ),
    );
    expect(existsSync(ref.path)).toBe(false);
  });

  it('refuses a file cut short, and one that is gone', () => {
    const ref = writeJobFile(job, scratch());
    writeFileSync(ref.path, readFileSync(ref.path).subarray(0, 10));
    expect(() => readJobFile(ref)).toThrow(`(10 bytes, CRC-32`);
    expect(() => readJobFile(ref)).toThrow(/could not be read \(ENOENT/);
  });

  it('removes a file never read, and a second removal does nothing', () => {
    const ref = writeJobFile(job, scratch());
    removeJobFile(ref);
    expect(existsSync(ref.path)).toBe(false);
    expect(() => removeJobFile(ref)).not.toThrow();
  });
});
