/**
 * Finding Debian's Python with the reference libraries (scikit-learn, PyTorch). The
 * product never needs Python; the benchmark skips a reference, with a message, without it.
 */
import { spawnSync } from 'node:child_process';

/**
 * @param module the module that must import, e.g. 'torch' or 'sklearn'.
 * @returns the interpreter path, or why the reference cannot run.
 */
export function findPython(
  module: string,
): { ok: true; path: string } | { ok: false; reason: string } {
  const candidates = [process.env.MTL_BENCH_PYTHON, '/usr/bin/python3', 'python3'].filter(
    Boolean,
  ) as string[];
  for (const path of candidates) {
    const p = spawnSync(path, ['-c', `import ${module}`], { encoding: 'utf8' });
    if (p.status === 0) return { ok: true, path };
  }
  return {
    ok: false,
    reason: `no Python with ${module} found (tried ${candidates.join(', ')}); on Debian: apt-get install python3-${module === 'sklearn' ? 'sklearn' : module}`,
  };
}
