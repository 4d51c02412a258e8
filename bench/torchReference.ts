/**
 * What the speed sections share to run their PyTorch reference (bench/reference/*.py): the
 * data and an int32 label file [tasks, rows] written to a temporary folder, the script run
 * once with 1 and once with 2 threads on a JSON spec naming them, its last stdout line read
 * as JSON. The product never runs any of this.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findPython } from './python';

/** The line a reference script prints: samples/s (its best or overall rate) and torch's version, among script-specific fields. */
export interface TorchOutput {
  samplesPerSecond: number;
  torch: string;
  [field: string]: unknown;
}

/**
 * Runs `bench/reference/<script>` for 1 and 2 threads.
 * @param options.data the input file's name in the temporary folder, its spec field and bytes.
 * @param options.labels per task, the label of each of `rows` rows (-1 = missing).
 * @param options.spec the rest of the spec (shapes, batch size, epochs, learning rate, seed);
 *   `threads`, the data field and `labelsFile` are added.
 * @param options.onResult called after each thread setting (to log it).
 * @returns each thread setting's output, or why PyTorch did not run (no Python with torch,
 *   or the script failed: its last stderr line).
 */
export function runTorchReference(options: {
  script: string;
  data: { file: string; field: string; bytes: Uint8Array };
  labels: Int32Array[];
  rows: number;
  spec: Record<string, unknown>;
  onResult: (threads: number, output: TorchOutput) => void;
}): { threads: number; output: TorchOutput }[] | { skipped: string } {
  const python = findPython('torch');
  if (!python.ok) return { skipped: python.reason };
  const dir = mkdtempSync(join(tmpdir(), 'mtl-bench-'));
  try {
    const dataFile = join(dir, options.data.file);
    const labelsFile = join(dir, 'y.i32');
    writeFileSync(dataFile, options.data.bytes);
    const labels = new Int32Array(options.labels.length * options.rows);
    options.labels.forEach((l, t) => labels.set(l, t * options.rows));
    writeFileSync(labelsFile, Buffer.from(labels.buffer));
    const results = [];
    for (const threads of [1, 2]) {
      const spec = join(dir, `spec-${threads}.json`);
      writeFileSync(
        spec,
        JSON.stringify({
          [options.data.field]: dataFile,
          labelsFile,
          ...options.spec,
          threads,
        }),
      );
      const script = new URL(`./reference/${options.script}`, import.meta.url).pathname;
      const p = spawnSync(python.path, [script, spec], { encoding: 'utf8' });
      if (p.status !== 0)
        return { skipped: `${options.script} failed: ${p.stderr.trim().split('\n').at(-1)}` };
      const output = JSON.parse(p.stdout.trim().split('\n').at(-1)!) as TorchOutput;
      options.onResult(threads, output);
      results.push({ threads, output });
    }
    return results;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
