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

/**
 * The words of a backend text, with `{name}`, `{simd}`, `{threads}`, `{text}` and
 * `{version}` placeholders (vue-i18n's named format): per backend its name and what is in
 * brackets, then how the version and the fused kernel are added.
 */
export interface BackendWords {
  'tensorflow-gpu': string;
  tensorflow: string;
  wasm: string;
  cpu: string;
  /** Inserted after "WebAssembly" when SIMD is used. */
  simd: string;
  multiThreaded: string;
  oneThread: string;
  version: string;
  fusedKernel: string;
  /** The fused kernel's relaxed-SIMD build (fused multiply-adds). */
  fusedKernelFma: string;
}

/**
 * The words in English (exactly the text stored with runs, so {@link parseBackend} reads it
 * back) and in Simplified Chinese: one table for the renderer's messages (i18n/training.ts)
 * and the main process's report.
 */
export const BACKEND_WORDS: Record<'en' | 'zh-CN', BackendWords> = {
  en: {
    'tensorflow-gpu': '{name} (libtensorflow with CUDA)',
    tensorflow: '{name} (libtensorflow (CPU))',
    wasm: '{name} (WebAssembly{simd}, {threads})',
    cpu: '{name} (plain JavaScript)',
    simd: ' SIMD',
    multiThreaded: 'multi-threaded',
    oneThread: '1 thread',
    version: '{text} · tfjs-core {version}',
    fusedKernel: '{text} · fused kernel',
    fusedKernelFma: '{text} · fused kernel (FMA)',
  },
  'zh-CN': {
    'tensorflow-gpu': '{name}（libtensorflow，CUDA）',
    tensorflow: '{name}（libtensorflow，CPU）',
    wasm: '{name}（WebAssembly{simd}，{threads}）',
    cpu: '{name}（纯 JavaScript）',
    simd: ' SIMD',
    multiThreaded: '多线程',
    oneThread: '单线程',
    version: '{text} · tfjs-core {version}',
    fusedKernel: '{text} · 融合内核',
    fusedKernelFma: '{text} · 融合内核（FMA）',
  },
};

/** Returns the message of a {@link BackendWords} key with its placeholders filled in. */
export type BackendWord = (key: keyof BackendWords, named?: Record<string, string>) => string;

/**
 * A backend in words.
 * @param word the messages: vue-i18n's `t` over BACKEND_WORDS in the renderer,
 *   {@link fillWords} elsewhere.
 */
export function wordBackend(d: BackendDetails, word: BackendWord): string {
  let text = word(d.name, {
    name: d.name,
    simd: d.simd ? word('simd') : '',
    threads: d.threads ? word('multiThreaded') : word('oneThread'),
  });
  if (d.tfjsCore !== null) text = word('version', { text, version: d.tfjsCore });
  if (!d.fusedKernel) return text;
  return word(d.fusedMultiplyAdd ? 'fusedKernelFma' : 'fusedKernel', { text });
}

/** The {@link BackendWord} of one language's {@link BACKEND_WORDS} (plain `{name}` filling). */
export function fillWords(words: BackendWords): BackendWord {
  return (key, named = {}) =>
    words[key].replace(/\{(\w+)\}/g, (whole, name: string) => named[name] ?? whole);
}

/**
 * The English text of a backend, as stored with a run.
 * @returns e.g. "wasm (WebAssembly SIMD, 1 thread) · tfjs-core 4.22.0 · fused kernel", with
 *   " (FMA)" after it on the kernel's relaxed-SIMD build.
 */
export function formatBackend(d: BackendDetails): string {
  return wordBackend(d, fillWords(BACKEND_WORDS.en));
}

/**
 * The parts of a stored backend text ({@link formatBackend}'s, also those of runs stored
 * before this module: the same words); null for null or a text in another form (a future
 * or hand-made one), which the UI then shows as it is.
 */
export function parseBackend(text: string | null | undefined): BackendDetails | null {
  if (!text) return null;
  const match = /^([a-z-]+) \((.+?)\)(?: · tfjs-core (\S+))?( · fused kernel( \(FMA\))?)?$/.exec(
    text,
  );
  if (!match) return null;
  const name = match[1] as BackendName;
  if (!NAMES.includes(name)) return null;
  const details: BackendDetails = {
    name,
    tfjsCore: match[3] ?? null,
    fusedKernel: match[4] !== undefined,
  };
  if (match[5] !== undefined) details.fusedMultiplyAdd = true;
  if (name === 'wasm') {
    const wasm = /^WebAssembly( SIMD)?, (multi-threaded|1 thread)$/.exec(match[2]);
    if (!wasm) return null;
    details.simd = wasm[1] !== undefined;
    details.threads = wasm[2] === 'multi-threaded';
  } else if (
    formatBackend({ name, tfjsCore: null, fusedKernel: false }) !== `${name} (${match[2]})`
  )
    return null;
  return details;
}
