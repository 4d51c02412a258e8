/**
 * The fused kernel's AssemblyScript sources are listed once, in
 * src/main/engine/kernel/kernelSources.json: the build (bin/build-kernel.mjs), the engine's
 * freshness check (wasmModule.ts) and the CLI's (bin/mtl-studio.mjs) all read it. Before,
 * each of the three wrote the list out, and a split of mlp.as.ts had to edit all three.
 * Expected values: the folder's own listing, and the hash the build recorded in fused.json.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { kernelModule, kernelSourceHash } from '../../src/main/engine/kernel/wasmModule';

const at = (path: string): string => fileURLToPath(new URL(`../../${path}`, import.meta.url));
const KERNEL_DIR = 'src/main/engine/kernel';
const listed = JSON.parse(readFileSync(at(`${KERNEL_DIR}/kernelSources.json`), 'utf8')) as string[];

describe('the kernel source list', () => {
  it('names every AssemblyScript file of the kernel folder once', () => {
    const files = readdirSync(at(KERNEL_DIR)).filter((f) => f.endsWith('.as.ts'));
    expect([...listed].sort()).toEqual(files.sort());
    expect(new Set(listed).size).toBe(listed.length);
  });

  it('is the only list: the build script, the bin and the engine read it', () => {
    for (const file of [
      'bin/build-kernel.mjs',
      'bin/mtl-studio.mjs',
      `${KERNEL_DIR}/wasmModule.ts`,
    ]) {
      const text = readFileSync(at(file), 'utf8');
      expect(text, file).toContain('kernelSources.json');
      for (const source of listed) expect(text, file).not.toMatch(new RegExp(`['"]${source}['"]`));
    }
  });

  it('gives the hash the build recorded for the kernel in use', () => {
    // kernelModule() rebuilds a kernel built from other sources first (bin/build-kernel.mjs).
    const loaded = kernelModule();
    expect('unavailable' in loaded ? loaded.unavailable : 'ok').toBe('ok');
    const info = JSON.parse(readFileSync(at('resources/kernels/fused.json'), 'utf8'));
    expect(info.sourceSha256).toBe(kernelSourceHash(listed.map((f) => at(`${KERNEL_DIR}/${f}`))));
  });
});
