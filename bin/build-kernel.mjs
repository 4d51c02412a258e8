#!/usr/bin/env node
/**
 * Compiles the fused MLP training kernel (src/main/engine/kernel/mlp.as.ts, AssemblyScript)
 * to resources/kernels/mlp.wasm. Run by `npm install` (prepare), `npm test`, `npm run build`
 * and `npm run bench`. Without the compiler (a production install, `npm ci --omit=dev`) it
 * says so and exits 0: training then uses tfjs kernels, with the same results, slower.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
let asc;
try {
  asc = await import('assemblyscript/asc');
} catch {
  console.warn('build-kernel: AssemblyScript is not installed; the fused MLP kernel is not built.');
  process.exit(0);
}
const { error, stderr } = await asc.main([
  join(root, 'src/main/engine/kernel/mlp.as.ts'),
  '--outFile',
  join(root, 'resources/kernels/mlp.wasm'),
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
