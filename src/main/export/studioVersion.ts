/**
 * The version of MTL Studio that runs, read once from its package.json (found by walking
 * up from this module: the source tree, out/main/ of a build, or app.asar of a package).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | null = null;

/** @returns e.g. "0.1.0", or "unknown" when no package.json of mtl-studio is found. */
export function studioVersion(): string {
  if (cached) return cached;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      try {
        const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
        if (pkg.name === 'mtl-studio' && pkg.version) return (cached = pkg.version);
      } catch {
        // Not readable JSON: keep walking up.
      }
    }
    dir = dirname(dir);
  }
  return (cached = 'unknown');
}
