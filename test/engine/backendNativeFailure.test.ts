/**
 * A native backend whose binary failed to download (tfjs-node's optional install, the normal
 * case on many machines): its JavaScript registers every kernel of the 'tensorflow' backend,
 * then loading the binary throws. With both tfjs-node-gpu and tfjs-node installed that way,
 * the second registered the same kernels again and tfjs-core warned once per kernel ("The
 * kernel 'X' for backend 'tensorflow' is already registered", ~155 lines before every
 * `train`). The two packages are mocked here as they behave: register kernels, then throw
 * the error node-bindings throws (its real wording, from bindings/bindings.js; vitest wraps a
 * mock factory's error in its own, so the reason is not asserted here).
 */
import * as tf from '@tensorflow/tfjs-core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

const loads = vi.hoisted(() => ({ gpu: 0, cpu: 0 }));

/** Registers three 'tensorflow' kernels as tfjs-node's register_all_kernels does, then fails. */
function halfLoadedNative(): never {
  for (const kernelName of ['Add', 'MatMul', 'Relu']) {
    tf.registerKernel({ kernelName, backendName: 'tensorflow', kernelFunc: () => ({}) as never });
  }
  throw new Error(
    'Could not locate the bindings file. Tried:\n → /x/node_modules/@tensorflow/tfjs-node/lib/napi-v8/tfjs_binding.node',
  );
}

vi.mock('@tensorflow/tfjs-node-gpu', () => {
  loads.gpu++;
  return halfLoadedNative();
});
vi.mock('@tensorflow/tfjs-node', () => {
  loads.cpu++;
  return halfLoadedNative();
});

describe('a native backend that fails to load', () => {
  const warned: string[] = [];
  beforeEach(() => {
    vi.spyOn(console, 'warn').mockImplementation((...args: unknown[]) => {
      warned.push(args.map(String).join(' '));
    });
  });
  afterEach(() => vi.restoreAllMocks());

  it('is tried once per process and leaves no "already registered" line, twice over', async () => {
    const { selectBackend } = await import('../../src/main/engine/backend');
    const first = await selectBackend('auto');
    expect(first.name).toBe('wasm');
    expect(first.unavailable.map((u) => u.name)).toEqual(['tensorflow-gpu', 'tensorflow']);
    // A forced native backend after auto (the `--backend tensorflow` of a later run in the
    // same server process) is refused without loading the package again.
    await expect(selectBackend('tensorflow')).rejects.toThrow(/Backend tensorflow could not/);
    await expect(selectBackend('tensorflow-gpu')).rejects.toThrow(/tensorflow-gpu could not/);
    const again = await selectBackend('auto');
    expect(again.name).toBe('wasm');
    expect(warned.filter((w) => /already registered/.test(w))).toEqual([]);
    expect(loads).toEqual({ gpu: 1, cpu: 1 });
  });
});
