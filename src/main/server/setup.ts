/**
 * What `npm run serve` and the end-to-end tests need before starting the server: a built
 * renderer and a folder for the studio's state.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Root of the repository (where package.json is). */
export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

/** Folder of the recent-projects list in browser mode. */
export function defaultStateDir(): string {
  if (process.env.MTL_STUDIO_STATE_DIR) return process.env.MTL_STUDIO_STATE_DIR;
  const config = process.env.XDG_CONFIG_HOME || join(homedir(), '.config');
  return join(config, 'mtl-studio');
}

/**
 * Builds the renderer (electron-vite build) into `outDir` when its index.html is missing
 * or `force` is set.
 * @returns the renderer folder.
 * @throws Error when the build fails.
 */
export function ensureRendererBuilt(outDir = join(repoRoot, 'out'), force = false): string {
  const rendererDir = join(outDir, 'renderer');
  if (!force && existsSync(join(rendererDir, 'index.html'))) return rendererDir;
  // 18 s of CPU; 25–33 s wall measured on 2 shared cores (load ≈ 7), ~80 s on a busier pair.
  console.error(
    'Building the renderer (electron-vite build, once: up to a minute or two on a slow machine; later starts reuse out/renderer)…',
  );
  const bin = join(repoRoot, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js');
  const result = spawnSync(
    process.execPath,
    [bin, 'build', '--outDir', outDir, '--logLevel', 'warn'],
    {
      cwd: repoRoot,
      stdio: ['ignore', 'inherit', 'inherit'],
    },
  );
  if (result.status !== 0 || !existsSync(join(rendererDir, 'index.html'))) {
    throw new Error(`electron-vite build failed (exit ${result.status})`);
  }
  return rendererDir;
}
