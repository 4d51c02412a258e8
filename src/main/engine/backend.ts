/**
 * Chooses the TensorFlow.js backend: the first that loads of
 * tfjs-node-gpu (CUDA) → tfjs-node (libtensorflow, CPU) → wasm → cpu (plain JS).
 * The native packages are optional dependencies: where their binary could not be
 * installed, importing them fails and the next backend is tried.
 *
 * A native package whose binary is missing fails half-way: its JavaScript has registered
 * every kernel of the 'tensorflow' backend (~155) before loading the binary throws. The next
 * one (tfjs-node after tfjs-node-gpu: both register under 'tensorflow'), or a second attempt
 * at the same package, registered them again and tfjs-core warned once per kernel ("The
 * kernel 'X' for backend 'tensorflow' is already registered"), ~155 lines before every
 * `train`. So each package is loaded at most once per process, and those warnings are
 * dropped while one loads: the choice's own line (which backend, why not the faster ones)
 * says what happened.
 */
import * as tf from '@tensorflow/tfjs-core';
// The union package's Node bundle registers every op's gradient (tfjs-core alone does not).
import '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-cpu';
import { formatBackend, type BackendDetails } from '../../shared/backendText';
import type { BackendName } from '../../shared/domain';
import { MtlError } from '../../shared/errors';

/** Which backend runs and why the faster ones did not. */
export interface BackendChoice {
  name: BackendName;
  /** e.g. "wasm (WebAssembly SIMD, 1 thread) · tfjs-core 4.22.0" (shared/backendText.ts). */
  description: string;
  /** Its parts (fusedKernel false: whether the kernel runs is known per job). */
  details: BackendDetails;
  /** Backends tried before this one, with the reason each failed. */
  unavailable: { name: BackendName; reason: string }[];
}

/** Order in which 'auto' tries backends. */
export const BACKEND_ORDER: BackendName[] = ['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu'];

let current: BackendChoice | null = null;

/** Each package's one load in this process (a failed one keeps its error). */
const loads = new Map<string, Promise<void>>();

/** tfjs-core's warnings when a half-loaded native package registers its kernels again. */
const REREGISTERED =
  /^(The kernel '[^']*' for backend 'tensorflow' is already registered|tensorflow backend was already registered\. Reusing existing backend factory\.)$/;

/**
 * Imports a backend package once per process: a later call gets the first one's outcome
 * (its error again, for a native package whose binary is missing) without re-running it.
 * While it loads, console.warn drops tfjs-core's re-registration warnings
 * ({@link REREGISTERED}); every other warning passes.
 */
function loadModule(name: string): Promise<void> {
  let load = loads.get(name);
  if (!load) {
    load = quietReregistration(async () => {
      // A variable specifier keeps bundlers and the type-checker from resolving optional packages.
      const specifier = name;
      await import(specifier);
    });
    loads.set(name, load);
  }
  return load;
}

/** Runs `work` with tfjs-core's re-registration warnings dropped from console.warn. */
async function quietReregistration(work: () => Promise<void>): Promise<void> {
  const warn = console.warn;
  console.warn = (...args: unknown[]) => {
    if (args.length === 1 && typeof args[0] === 'string' && REREGISTERED.test(args[0])) return;
    warn.apply(console, args);
  };
  try {
    await work();
  } finally {
    console.warn = warn;
  }
}

/** The process events Emscripten's Node shell takes over. */
const PROCESS_FAILURE_EVENTS = ['uncaughtException', 'unhandledRejection'] as const;

/**
 * Runs `load` (tfjs-backend-wasm's load and initialisation), then removes the process
 * handlers its Emscripten module added in Node: `uncaughtException` rethrowing every error
 * and `unhandledRejection` throwing its reason (tf-backend-wasm.node.js). A throw from inside
 * those handlers ends the process with exit code 7 at once, before any handler of ours can
 * report: the training child's error report to the studio (trainingWorker.ts `fatal`) was
 * lost, and a test process died as "Worker exited unexpectedly" (found in a full test run:
 * code 7, the stack ending in tf-backend-wasm.node.js `throw ex`). Only listeners added
 * during `load` whose source is Emscripten's (`ExitStatus`, `throw reason`) are removed.
 * @returns what `load` returns.
 */
export async function withoutEmscriptenHandlers<T>(load: () => Promise<T>): Promise<T> {
  // As a plain emitter: process.listeners' overloads take one event name at a time.
  const emitter = process as NodeJS.EventEmitter;
  const before = PROCESS_FAILURE_EVENTS.map((event) => new Set(emitter.listeners(event)));
  try {
    return await load();
  } finally {
    PROCESS_FAILURE_EVENTS.forEach((event, i) => {
      for (const listener of emitter.listeners(event)) {
        const source = String(listener);
        if (!before[i].has(listener) && /ExitStatus|throw reason/.test(source)) {
          emitter.removeListener(event, listener as (...args: unknown[]) => void);
        }
      }
    });
  }
}

/** Loads a backend; for wasm, also whether it has SIMD and threads. */
async function tryBackend(name: BackendName): Promise<Pick<BackendDetails, 'simd' | 'threads'>> {
  switch (name) {
    case 'tensorflow-gpu':
      await loadModule('@tensorflow/tfjs-node-gpu');
      if (!(await tf.setBackend('tensorflow')))
        throw new Error('tensorflow backend did not initialise');
      return {};
    case 'tensorflow':
      await loadModule('@tensorflow/tfjs-node');
      if (!(await tf.setBackend('tensorflow')))
        throw new Error('tensorflow backend did not initialise');
      return {};
    case 'wasm': {
      const ready = await withoutEmscriptenHandlers(async () => {
        await loadModule('@tensorflow/tfjs-backend-wasm');
        return tf.setBackend('wasm');
      });
      if (!ready) throw new Error('wasm backend did not initialise');
      const simd = Boolean(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'));
      const threads = Boolean(await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT'));
      return { simd, threads };
    }
    case 'cpu':
      if (!(await tf.setBackend('cpu'))) throw new Error('cpu backend did not initialise');
      return {};
  }
}

/**
 * Selects and initialises a backend once per process; later calls return the same choice
 * unless another backend is forced.
 *
 * @param preferred a backend to force, or 'auto' (default; `MTL_BACKEND` env var overrides 'auto').
 * @returns the backend that runs, with the reasons faster ones were skipped.
 * @throws MtlError('BACKEND_UNAVAILABLE') when a forced backend cannot load (says why).
 */
export async function selectBackend(
  preferred: BackendName | 'auto' = 'auto',
): Promise<BackendChoice> {
  const env = process.env.MTL_BACKEND as BackendName | undefined;
  const wanted = preferred === 'auto' && env && BACKEND_ORDER.includes(env) ? env : preferred;
  if (current && (wanted === 'auto' || wanted === current.name)) return current;
  const candidates = wanted === 'auto' ? BACKEND_ORDER : [wanted];
  const unavailable: BackendChoice['unavailable'] = [];
  for (const name of candidates) {
    try {
      const detail = await tryBackend(name);
      await tf.ready();
      const details: BackendDetails = {
        name,
        ...detail,
        tfjsCore: tf.version_core,
        fusedKernel: false,
      };
      current = { name, description: formatBackend(details), details, unavailable };
      return current;
    } catch (err) {
      unavailable.push({ name, reason: firstLine(err) });
    }
  }
  throw new MtlError(
    'BACKEND_UNAVAILABLE',
    `Backend ${wanted} could not be loaded: ${unavailable.map((u) => `${u.name}: ${u.reason}`).join('; ')}`,
  );
}

function firstLine(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return text.split('\n')[0].slice(0, 200);
}
