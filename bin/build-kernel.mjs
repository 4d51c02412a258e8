#!/usr/bin/env node
/**
 * Compiles the fused training kernel (AssemblyScript in src/main/engine/kernel/, listed in its
 * kernelSources.json: products.as.ts,
 * the matrix products; softmax.as.ts, the loss; mlp.as.ts, the other dense ops; conv.as.ts, the convolution ops, and rows.as.ts, batches gathered from rows resident
 * in the kernel's memory, into ONE module) to
 * resources/kernels/fused.wasm and, with relaxed SIMD, fused-fma.wasm, with resources/kernels/fused.json recording the SHA-256 of
 * the sources it was built from (the engine rebuilds or refuses a kernel whose sources have
 * changed since; kernelSourceHash in src/main/engine/kernel/wasmModule.ts hashes the same way). Run by `npm install` (prepare), `npm test`, `npm run build`, `npm run
 * bench`, and by the engine itself when it finds the kernel stale. Without the compiler (a
 * production install, `npm ci --omit=dev`) it says so and exits 0: training then uses tfjs
 * kernels, with the same arithmetic, slower.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const kernelDir = join(root, 'src/main/engine/kernel');
// The one list of the kernel's sources, in build order (wasmModule.ts and bin/mtl-studio.mjs
// read it too): a new source file is one line there.
const sources = JSON.parse(readFileSync(join(kernelDir, 'kernelSources.json'), 'utf8')).map((f) =>
  join(kernelDir, f),
);
const outDir = join(root, 'resources/kernels');
let asc;
try {
  asc = await import('assemblyscript/asc');
} catch {
  console.warn('build-kernel: AssemblyScript is not installed; the fused kernel is not built.');
  process.exit(0);
}
mkdirSync(outDir, { recursive: true });
// Written under temporary names, then renamed: a process loading the kernel meanwhile sees
// the old files or the new ones, never half a file.
// Two builds of the same sources: fused.wasm (SIMD) and fused-fma.wasm (SIMD + relaxed SIMD:
// the matrix products' multiply-adds fused, dense layers and convolutions: Products in
// products.as.ts), which the engine loads where the runtime has relaxed SIMD (Electron, Node ≥ 22).
const builds = [
  { file: 'fused.wasm', features: ['simd'] },
  { file: 'fused-fma.wasm', features: ['simd', 'relaxed-simd'] },
];
const tmps = [];
for (const build of builds) {
  const tmp = join(outDir, `${build.file}.${process.pid}.tmp`);
  const { error, stderr } = await asc.main([
    ...sources,
    '--outFile',
    tmp,
    '--optimizeLevel',
    '3',
    '--runtime',
    'stub',
    // Memory comes from the driver (fusedKernel.ts), sized for one network.
    '--importMemory',
    '--initialMemory',
    '1',
    '--maximumMemory',
    '16384',
    ...build.features.flatMap((f) => ['--enable', f]),
    '--noAssert',
  ]);
  if (error) {
    console.error(stderr.toString());
    console.error(`build-kernel: ${build.file}: ${error.message}`);
    process.exit(1);
  }
  tmps.push([tmp, join(outDir, build.file)]);
}
// SHA-256 over the sources in order, each preceded by its byte length.
const hash = createHash('sha256');
for (const source of sources) {
  const bytes = readFileSync(source);
  hash.update(`${bytes.length}\n`).update(bytes);
}
const sourceSha256 = hash.digest('hex');
for (const [tmp, file] of tmps) renameSync(tmp, file);
const info = join(outDir, `fused.json.${process.pid}.tmp`);
writeFileSync(info, `${JSON.stringify({ sourceSha256 }, null, 2)}\n`);
renameSync(info, join(outDir, 'fused.json'));
