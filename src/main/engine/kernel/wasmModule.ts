/**
 * The fused training kernel's WebAssembly module: its exports (products.as.ts: matrix
 * products; softmax.as.ts: the loss; mlp.as.ts: the other dense ops;
 * conv.as.ts: convolution ops; rows.as.ts: batches gathered from resident rows; compiled into one module by bin/build-kernel.mjs), finding,
 * freshness-checking, compiling and instantiating it, and the optional per-function
 * profile of the benchmark.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import kernelSources from './kernelSources.json';

/** The functions of mlp.as.ts, conv.as.ts and rows.as.ts (pointers are byte offsets into the kernel's memory). */
export interface KernelExports {
  gemm(
    a: number,
    b: number,
    bias: number,
    c: number,
    M: number,
    K: number,
    N: number,
    epilogue: number,
    h: number,
    hScale: number,
  ): void;
  gemmTN(
    a: number,
    b: number,
    c: number,
    R: number,
    P: number,
    N: number,
    accumulate: number,
  ): void;
  transpose(src: number, dst: number, R: number, C: number): void;
  colSum(x: number, out: number, R: number, N: number): void;
  dropout(x: number, n: number, rate: number, scale: number, seed: number): number;
  reluBackward(g: number, h: number, n: number, scale: number): void;
  padRows(src: number, dst: number, R: number, C: number, Cp: number): void;
  softmaxCrossEntropy(
    logits: number,
    dlogits: number,
    M: number,
    ld: number,
    col: number,
    k: number,
    labels: number,
    classWeights: number,
    taskWeight: number,
    out: number,
  ): void;
  adam(
    w: number,
    g: number,
    m: number,
    v: number,
    n: number,
    stepSize: number,
    vCorrection: number,
    beta1: number,
    beta2: number,
    oneMinusBeta1: number,
    oneMinusBeta2: number,
    epsilon: number,
    l2x2: number,
  ): void;
  softmaxRows(logits: number, ld: number, col: number, k: number, M: number, probs: number): void;
  addInto(dst: number, src: number, n: number): void;
  mixtureForward(
    z: number,
    ldz: number,
    experts: number,
    E: number,
    U: number,
    T: number,
    B: number,
    gates: number,
    mixed: number,
  ): void;
  mixtureBackward(
    dz: number,
    ldz: number,
    experts: number,
    dExperts: number,
    E: number,
    U: number,
    T: number,
    B: number,
    gates: number,
    dMixed: number,
  ): void;
  heapBase(): number;
  convDescriptorFields(): number;
  convForward(desc: number, x: number, out: number, B: number): void;
  convFilterGrad(desc: number, x: number, dPre: number, B: number): void;
  convInputGrad(desc: number, dPre: number, dx: number, B: number): void;
  maxPoolForward(h: number, out: number, B: number, H: number, W: number, C: number): void;
  maxPoolBackward(
    h: number,
    dOut: number,
    dh: number,
    B: number,
    H: number,
    W: number,
    C: number,
    relu: number,
  ): void;
  gatherBatch(
    features: number,
    C: number,
    Cp: number,
    order: number,
    start: number,
    size: number,
    x: number,
    labelTable: number,
    batchTable: number,
    T: number,
  ): void;
}

/**
 * Parameter count of every export: a kernel file built from other sources (an older
 * checkout) is refused rather than called with shifted arguments.
 */
const SIGNATURES: Record<keyof KernelExports, number> = {
  gemm: 10,
  gemmTN: 7,
  transpose: 4,
  colSum: 4,
  dropout: 5,
  reluBackward: 4,
  padRows: 5,
  softmaxCrossEntropy: 10,
  adam: 13,
  softmaxRows: 6,
  addInto: 3,
  mixtureForward: 9,
  mixtureBackward: 10,
  heapBase: 0,
  convDescriptorFields: 0,
  convForward: 4,
  convFilterGrad: 4,
  convInputGrad: 4,
  maxPoolForward: 6,
  maxPoolBackward: 8,
  gatherBatch: 10,
};

/** The slice of the WebAssembly JS API used here (tsconfig's libs leave out DOM types). */
interface WasmApi {
  Module: new (bytes: Uint8Array) => WasmModule;
  Instance: new (module: WasmModule, imports: object) => { exports: object };
  Memory: new (d: { initial: number; maximum: number; shared: boolean }) => WasmMemory;
  validate: (bytes: Uint8Array) => boolean;
}
/** A compiled kernel module. */
export type WasmModule = { readonly kind?: 'wasm-module' };
/** A kernel instance's linear memory. */
export type WasmMemory = { readonly buffer: ArrayBufferLike };
const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

/**
 * Sources compiled into the module, in build order: kernelSources.json, the one list that
 * bin/build-kernel.mjs (which builds them) and bin/mtl-studio.mjs (which checks the build)
 * read too. Bundled into the app and the CLI, so a packaged build needs no file for it.
 */
const KERNEL_SOURCES: readonly string[] = kernelSources;
const WASM_FILE = join('resources', 'kernels', 'fused.wasm');
/**
 * The same sources built with relaxed SIMD (bin/build-kernel.mjs): the matrix products'
 * multiply-adds fused (convolutions; dense layers since #14). Loaded instead of fused.wasm
 * where the runtime validates it (Electron; Node ≥ 22; Node 20 only with
 * --experimental-wasm-relaxed-simd).
 */
export const FMA_KERNEL_FILE = 'fused-fma.wasm';
const WASM_INFO = join('resources', 'kernels', 'fused.json');
/** Bytes of one WebAssembly memory page. */
export const PAGE = 65536;
/** A compiled kernel: its module, its first free byte, and the file it came from. */
type Compiled = { module: WasmModule; heapBase: number; file: string };
let compiled: Compiled | { unavailable: string } | undefined;
/** Another checkout to check, load and rebuild the kernel in ({@link useKernelRoot}), or null. */
let rootOverride: string | null = null;
/** Where the kernel's sources are in a checkout (bin/build-kernel.mjs compiles them from there). */
const SOURCE_DIR = join('src', 'main', 'engine', 'kernel');

/**
 * Points the kernel's checks, loads and rebuilds at the checkout in `root` instead of this
 * module's own, and forgets the compiled module; null points them back. For tests that break
 * a kernel file on purpose: in a copy of the checkout (its own resources/kernels,
 * src/main/engine/kernel, bin/build-kernel.mjs, package.json and node_modules), so that the
 * broken file is never seen by the other test processes and CLI runs reading this one's.
 */
export function useKernelRoot(root: string | null): void {
  rootOverride = root;
  compiled = undefined;
}

/** The checkout or unpacked app this module belongs to: the nearest folder above with a package.json. */
function projectRoot(): string | null {
  if (rootOverride) return rootOverride;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    dir = dirname(dir);
  }
  return null;
}

/**
 * Path of the compiled kernel (built by `npm run build:kernel`): resources/kernels/fused.wasm
 * of the project this module belongs to (source tree: four levels up; electron-vite's
 * out/main/…: two or three), or kernels/ in Electron's resources folder (packaged app).
 * @returns null when it is not there (the trainer then uses the tfjs path).
 */
export function kernelPath(): string | null {
  const root = projectRoot();
  if (root && existsSync(join(root, WASM_FILE))) return join(root, WASM_FILE);
  const resources = (process as { resourcesPath?: string }).resourcesPath;
  const packaged = resources ? join(resources, 'kernels', 'fused.wasm') : null;
  return packaged && existsSync(packaged) ? packaged : null;
}

/** SHA-256 of the sources a kernel file was built from (resources/kernels/fused.json), or null. */
function builtFrom(root: string): string | null {
  try {
    const info = JSON.parse(readFileSync(join(root, WASM_INFO), 'utf8')) as {
      sourceSha256?: unknown;
    };
    return typeof info.sourceSha256 === 'string' ? info.sourceSha256 : null;
  } catch {
    return null;
  }
}

/** The kernel's sources beside this module and the project root, in a source checkout only. */
function checkout(): { sources: string[]; root: string } | null {
  const here = rootOverride
    ? join(rootOverride, SOURCE_DIR)
    : dirname(fileURLToPath(import.meta.url));
  const sources = KERNEL_SOURCES.map((f) => join(here, f));
  const root = projectRoot();
  return root && sources.every((s) => existsSync(s)) ? { sources, root } : null;
}

/**
 * SHA-256 (hex) over the kernel sources in order, each preceded by its byte length and a
 * newline: what bin/build-kernel.mjs records in fused.json.
 */
export function kernelSourceHash(sources: string[]): string {
  const hash = createHash('sha256');
  for (const source of sources) {
    const bytes = readFileSync(source);
    hash.update(`${bytes.length}\n`).update(bytes);
  }
  return hash.digest('hex');
}

/**
 * Rebuilds the kernel with bin/build-kernel.mjs (≈ 3 s), saying so on stderr.
 * @returns why it failed, or null.
 */
function rebuild(root: string, why: string): string | null {
  console.warn(`MTL Studio: rebuilding the fused kernel (${why}).`);
  const build = spawnSync(process.execPath, [join(root, 'bin', 'build-kernel.mjs')], {
    encoding: 'utf8',
    env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
  });
  if (build.status === 0) return null;
  const last = (build.stderr || build.stdout || '').trim().split('\n').at(-1);
  return `rebuilding it failed (${last || `exit ${build.status}`}); run npm run build:kernel`;
}

/**
 * In a source checkout, makes sure the compiled kernel was built from the current sources:
 * when it is missing or was built from another version (after a `git pull` without
 * `npm install`), rebuilds it. Bundled builds carry no source and are trusted as built.
 * @returns why the kernel cannot be used, or null.
 */
function ensureFresh(): string | null {
  const at = checkout();
  if (!at) return null;
  const want = kernelSourceHash(at.sources);
  if (builtFrom(at.root) === want && existsSync(join(at.root, WASM_FILE))) return null;
  const failed = rebuild(at.root, `${WASM_FILE} is missing or was built from other sources`);
  if (!failed && builtFrom(at.root) === want) return null;
  return `${WASM_FILE} is missing or stale and ${failed ?? 'the rebuild did not record its sources'}`;
}

/**
 * Environment variable that, set to 0, keeps the plain build where relaxed SIMD exists: a
 * network then gives the same floats in the desktop app as in the CLI on Node 20 (the fused
 * multiply-adds of fused-fma.wasm round once instead of twice).
 */
export const KERNEL_FMA_ENV = 'MTL_KERNEL_FMA';

/**
 * The plain build at `path` (fused.wasm), checked first (a missing or corrupt one is rebuilt
 * as before), then fused-fma.wasm beside it instead when that is there, this runtime
 * validates it (relaxed SIMD), it loads, and {@link KERNEL_FMA_ENV} is not 0.
 */
function loadBest(path: string): Compiled | { unavailable: string } {
  const plain = load(path);
  if ('unavailable' in plain || process.env[KERNEL_FMA_ENV] === '0') return plain;
  const fma = join(dirname(path), FMA_KERNEL_FILE);
  try {
    if (!existsSync(fma) || !wasm.validate(readFileSync(fma))) return plain;
  } catch {
    return plain;
  }
  const fused = load(fma);
  return 'unavailable' in fused ? plain : fused;
}

/** Compiles and probes a kernel file. */
function load(path: string): Compiled | { unavailable: string } {
  try {
    const module = new wasm.Module(readFileSync(path));
    const memory = new wasm.Memory({ initial: 1, maximum: 1, shared: false });
    const probe = new wasm.Instance(module, { env: { memory, abort } }).exports as Record<
      string,
      unknown
    >;
    const stale = Object.entries(SIGNATURES).filter(
      ([name, arity]) =>
        typeof probe[name] !== 'function' || (probe[name] as () => void).length !== arity,
    );
    return stale.length > 0
      ? {
          unavailable: `${path} does not match this version (${stale.map(([n]) => n).join(', ')}); run npm run build:kernel`,
        }
      : {
          module,
          heapBase: (probe as unknown as KernelExports).heapBase(),
          file: basename(path),
        };
  } catch (err) {
    return {
      unavailable: `${path} cannot be loaded: ${(err as Error).message}; run npm run build:kernel`,
    };
  }
}

/**
 * The compiled kernel module (compiled once per process) and the first byte its static
 * data (math tables) leaves free, or why it cannot be used. In a source checkout a
 * missing, stale ({@link ensureFresh}) or unloadable file is rebuilt first, once; otherwise
 * (a bundled app, no compiler) the reason is logged and training uses tfjs kernels.
 */
export function kernelModule(): Compiled | { unavailable: string } {
  if (compiled === undefined) {
    const staleReason = ensureFresh();
    const path = kernelPath();
    if (staleReason) compiled = { unavailable: staleReason };
    else if (!path) compiled = { unavailable: `${WASM_FILE} is missing (npm run build:kernel)` };
    else {
      compiled = loadBest(path);
      const at = checkout();
      if ('unavailable' in compiled && at) {
        const failed = rebuild(at.root, compiled.unavailable.replace(/; run npm.*$/, ''));
        compiled = failed ? { unavailable: `${compiled.unavailable}; ${failed}` } : loadBest(path);
      }
    }
    if ('unavailable' in compiled)
      console.warn(
        `MTL Studio: fused kernel off, training uses tfjs kernels: ${compiled.unavailable}.`,
      );
  }
  return compiled;
}

/** Forgets the compiled module, so the next {@link kernelModule} checks and loads the file again (tests). */
export function forgetKernelModule(): void {
  compiled = undefined;
}

/** Time spent in each kernel function: calls and milliseconds, by export name. */
export type KernelProfile = Map<string, { calls: number; ms: number }>;
let profileSink: KernelProfile | null = null;

/**
 * Makes kernels instantiated from now on time every call into `sink` (for the benchmark's
 * profile; adds ≈ 0.1 µs per call); null stops it.
 */
export function profileKernels(sink: KernelProfile | null): void {
  profileSink = sink;
}

function timed(exports: KernelExports, sink: KernelProfile): KernelExports {
  const wrapped: Record<string, unknown> = {};
  for (const [name, fn] of Object.entries(exports)) {
    if (typeof fn !== 'function') continue;
    if (!sink.has(name)) sink.set(name, { calls: 0, ms: 0 });
    const entry = sink.get(name)!;
    wrapped[name] = (...args: number[]) => {
      const t0 = performance.now();
      const r = (fn as (...a: number[]) => number)(...args);
      entry.ms += performance.now() - t0;
      entry.calls++;
      return r;
    };
  }
  return wrapped as unknown as KernelExports;
}

/**
 * A fresh instance of the module with its own memory of `bytes` (rounded up to pages; at
 * most the module's declared 1 GiB), its exports timed when profiling is on.
 * @throws RangeError (or a LinkError) when that memory cannot be had.
 */
export function instantiate(
  module: WasmModule,
  bytes: number,
): { ops: KernelExports; memory: WasmMemory } {
  const pages = Math.ceil(bytes / PAGE) + 1;
  const memory = new wasm.Memory({ initial: pages, maximum: pages, shared: false });
  const exports = new wasm.Instance(module, { env: { memory, abort } })
    .exports as unknown as KernelExports;
  return { ops: profileSink ? timed(exports, profileSink) : exports, memory };
}

function abort(): never {
  throw new Error('Fused kernel aborted');
}
