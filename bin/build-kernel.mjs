#!/usr/bin/env node
/**
 * Compiles the fused MLP training kernel (src/main/engine/kernel/mlp.as.ts, AssemblyScript)
 * to resources/kernels/mlp.wasm, with resources/kernels/mlp.json recording the SHA-256 of
 * the source it was built from (the engine rebuilds or refuses a kernel whose source has
 * changed since). Run by `npm install` (prepare), `npm test`, `npm run build`, `npm run
 * bench`, and by the engine itself when it finds the kernel stale. Without the compiler (a
 * production install, `npm ci --omit=dev`) it says so and exits 0: training then uses tfjs
 * kernels, with the same arithmetic, slower.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const source = join(root, 'src/main/engine/kernel/mlp.as.ts');
const outDir = join(root, 'resources/kernels');
let asc;
try {
  asc = await import('assemblyscript/asc');
} catch {
  console.warn('build-kernel: AssemblyScript is not installed; the fused MLP kernel is not built.');
  process.exit(0);
}
mkdirSync(outDir, { recursive: true });
// Written under temporary names, then renamed: a process loading the kernel meanwhile sees
// the old pair or the new one, never half a file.
const tmp = join(outDir, `mlp.wasm.${process.pid}.tmp`);
const { error, stderr } = await asc.main([
  source,
  '--outFile',
  tmp,
  '--optimizeLevel',
  '3',
  '--runtime',
  'stub',
  // Memory comes from the driver (mlpKernel.ts), sized for one network.
  '--importMemory',
  '--initialMemory',
  '1',
  '--maximumMemory',
  '16384',
  '--enable',
  'simd',
  '--noAssert',
]);
if (error) {
  console.error(stderr.toString());
  console.error(`build-kernel: ${error.message}`);
  process.exit(1);
}
const sourceSha256 = createHash('sha256').update(readFileSync(source)).digest('hex');
renameSync(tmp, join(outDir, 'mlp.wasm'));
const info = join(outDir, `mlp.json.${process.pid}.tmp`);
writeFileSync(info, `${JSON.stringify({ sourceSha256 }, null, 2)}\n`);
renameSync(info, join(outDir, 'mlp.json'));
