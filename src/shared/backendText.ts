/**
 * The compute backend a run trained on, as data: the engine writes it as an English text
 * into the project (`runs.backend`, e.g. "wasm (WebAssembly SIMD, 1 thread) · tfjs-core
 * 4.22.0 · fused kernel", read by the CLI, reports and bundles) through
 * {@link formatBackend}, and the server sends the UI its parts ({@link parseBackend}), which
 * the renderer words in the user's language (vue-i18n) instead of showing the English text.
 */
import type { BackendDetails, BackendName } from './domain';

export type { BackendDetails };

const NAMES: readonly BackendName[] = ['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu'];
const FUSED = ' · fused kernel';

/** The English words in brackets after a backend's name, e.g. "WebAssembly SIMD, 1 thread". */
function detailOf(d: Pick<BackendDetails, 'name' | 'simd' | 'threads'>): string {
  switch (d.name) {
    case 'tensorflow-gpu':
      return 'libtensorflow with CUDA';
    case 'tensorflow':
      return 'libtensorflow (CPU)';
    case 'wasm':
      return `WebAssembly${d.simd ? ' SIMD' : ''}${d.threads ? ', multi-threaded' : ', 1 thread'}`;
    case 'cpu':
      return 'plain JavaScript';
  }
}

/**
 * The English text of a backend, as stored with a run.
 * @returns e.g. "wasm (WebAssembly SIMD, 1 thread) · tfjs-core 4.22.0 · fused kernel".
 */
export function formatBackend(d: BackendDetails): string {
  const version = d.tfjsCore === null ? '' : ` · tfjs-core ${d.tfjsCore}`;
  return `${d.name} (${detailOf(d)})${version}${d.fusedKernel ? FUSED : ''}`;
}

/** A backend text with " · fused kernel" added (once). */
export function withFusedKernel(text: string): string {
  return text.endsWith(FUSED) ? text : `${text}${FUSED}`;
}

/**
 * The parts of a stored backend text ({@link formatBackend}'s, also those of runs stored
 * before this module: the same words); null for null or a text in another form (a future
 * or hand-made one), which the UI then shows as it is.
 */
export function parseBackend(text: string | null | undefined): BackendDetails | null {
  if (!text) return null;
  const match = /^([a-z-]+) \((.+?)\)(?: · tfjs-core (\S+))?( · fused kernel)?$/.exec(text);
  if (!match) return null;
  const name = match[1] as BackendName;
  if (!NAMES.includes(name)) return null;
  const details: BackendDetails = {
    name,
    tfjsCore: match[3] ?? null,
    fusedKernel: match[4] !== undefined,
  };
  if (name === 'wasm') {
    const wasm = /^WebAssembly( SIMD)?, (multi-threaded|1 thread)$/.exec(match[2]);
    if (!wasm) return null;
    details.simd = wasm[1] !== undefined;
    details.threads = wasm[2] === 'multi-threaded';
  } else if (match[2] !== detailOf(details)) return null;
  return details;
}
