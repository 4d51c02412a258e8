/**
 * The fused kernel (engine/kernel), dense networks, against the tfjs path of the same trainer: with the
 * same initial weights, batches and hyper-parameters (dropout off), both must end with the
 * same weights and per-epoch losses up to float32 rounding. The tfjs path is the
 * independent reference here: its gradients come from tfjs autodiff (and are themselves
 * checked against hand computation in ops.test.ts and trainer.test.ts).
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../src/main/engine/backend';
import { getArchitecture } from '../../src/main/engine/architectures';
import { kernelModule, FusedKernel } from '../../src/main/engine/kernel/fusedKernel';
import { useKernelRoot } from '../../src/main/engine/kernel/wasmModule';
import { mulberry32 } from '../../src/main/engine/random';
import { trainNetwork } from '../../src/main/engine/trainer';
import { base, both, data, expectSame, TASKS } from './denseKernelCases';

beforeAll(async () => {
  // The kernel runs on the wasm and cpu backends only ('auto' could pick tfjs-node).
  await selectBackend('wasm');
});

interface WasmApi {
  Memory: new (d: { initial: number; maximum: number; shared: boolean }) => {
    buffer: ArrayBufferLike;
  };
  Instance: new (module: unknown, imports: object) => { exports: Record<string, unknown> };
}

describe('fused kernel, dense networks', () => {
  it('is built, loads and exports the functions this version calls (npm run build:kernel)', () => {
    const loaded = kernelModule();
    expect('unavailable' in loaded ? loaded.unavailable : 'ok').toBe('ok');
  });

  describe('in a copy of the checkout (the real kernel files stay whole for other processes)', () => {
    // Breaking resources/kernels/ in place raced the CLI runs of other test files, which
    // then loaded "not WebAssembly" (CI, Dec 2026).
    let root = '';
    beforeAll(() => {
      root = mkdtempSync(join(tmpdir(), 'mtl-kernel-'));
      const repo = fileURLToPath(new URL('../../', import.meta.url));
      for (const part of ['package.json', 'bin/build-kernel.mjs', 'resources/kernels'])
        cpSync(join(repo, part), join(root, part), { recursive: true });
      cpSync(join(repo, 'src/main/engine/kernel'), join(root, 'src/main/engine/kernel'), {
        recursive: true,
        filter: (from) => !from.endsWith('.ts') || from.endsWith('.as.ts'),
      });
      // The build script imports AssemblyScript from the checkout's node_modules.
      symlinkSync(join(repo, 'node_modules'), join(root, 'node_modules'), 'junction');
      useKernelRoot(root);
    });
    afterAll(() => {
      useKernelRoot(null);
      rmSync(root, { recursive: true, force: true });
    });

    it('rebuilds a kernel built from another version of its sources before using it', () => {
      // As after a `git pull` without `npm install`: the recorded source hash differs.
      const info = join(root, 'resources/kernels/fused.json');
      const good = readFileSync(info, 'utf8');
      writeFileSync(info, JSON.stringify({ sourceSha256: 'built-from-older-sources' }));
      useKernelRoot(root);
      const loaded = kernelModule();
      expect('unavailable' in loaded ? loaded.unavailable : 'ok').toBe('ok');
      expect(readFileSync(info, 'utf8')).toBe(good);
    });

    it('rebuilds a corrupt kernel file before using it', () => {
      const wasmFile = join(root, 'resources/kernels/fused.wasm');
      writeFileSync(wasmFile, 'not WebAssembly');
      useKernelRoot(root);
      const loaded = kernelModule();
      expect('unavailable' in loaded ? loaded.unavailable : 'ok').toBe('ok');
      expect(readFileSync(wasmFile).subarray(0, 4)).toEqual(Buffer.from([0, 0x61, 0x73, 0x6d]));
    });
  });

  it('dropout zeroes a share `rate` of the units and scales the rest by 1 / (1 − rate)', () => {
    const loaded = kernelModule();
    if ('unavailable' in loaded) throw new Error(loaded.unavailable);
    // The WebAssembly JS API (the node tsconfig has no DOM types for it).
    const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;
    const memory = new wasm.Memory({ initial: 4, maximum: 4, shared: false });
    const instance = new wasm.Instance(loaded.module, { env: { memory, abort: () => {} } });
    const dropout = instance.exports.dropout as (...a: number[]) => number;
    const n = 40_000;
    const at = 65536;
    const x = new Float32Array(memory.buffer, at, n).fill(1);
    const rate = 0.3;
    dropout(at, n, rate, 1 / (1 - rate), 12345);
    const zeros = x.filter((v) => v === 0).length;
    // Binomial(n, 0.3): σ = √(n · 0.3 · 0.7) ≈ 92; allow 5σ.
    expect(Math.abs(zeros - rate * n)).toBeLessThan(5 * 92);
    expect(x.every((v) => v === 0 || v === Math.fround(1 / (1 - rate)))).toBe(true);
  });

  for (const arch of ['hard-sharing', 'mmoe', 'ple'] as const) {
    it(`${arch}: gradients with dropout match finite differences of the loss (same masks)`, () => {
      // Independent check of the backward pass, dropout scale included: central differences
      // (ε = 1e-2) of Σ_t w_t · CE_t with the dropout stream rewound before each pass.
      const set = data(64);
      const config = base({
        arch,
        dropout: 0.5,
        headUnits: 5,
        numExperts: 2,
        expertUnits: [8],
        numLevels: 2,
      });
      const network = getArchitecture(arch).build({
        inputDim: set.numFeatures,
        tasks: TASKS.map((t) => ({ name: t.name, numClasses: t.classes.length })),
        config,
        seed: 3,
      });
      const adam = { learningRate: 0, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, l2: 0 };
      const kernel = FusedKernel.create(network.denseGraph!, 7, 32, adam, [null, null, null], 99)!;
      const rows = 32;
      const x = set.features.subarray(0, rows * 7);
      const weights = [1, 0.5, 2];
      const seed = kernel.dropoutSeed;
      const loss = () => {
        kernel.dropoutSeed = seed;
        const out = kernel.forwardBackward(x, rows, set.labels, weights, [true]);
        return out.reduce((s, l, t) => s + weights[t] * l.loss, 0);
      };
      loss();
      const graph = network.denseGraph!;
      const grads = graph.layers.map((_, i) => kernel.read(i, 'gradients').kernel);
      const random = mulberry32(7);
      let checked = 0;
      let agree = 0;
      graph.layers.forEach((layer, i) => {
        const [inDim, outDim] = layer.params.kernel.shape as [number, number];
        const w = kernel.read(i, 'weights').kernel;
        for (let s = 0; s < 6; s++) {
          const r = Math.floor(random() * inDim);
          const c = Math.floor(random() * outDim);
          const eps = 1e-2;
          kernel.setKernelEntry(i, r, c, w[r * outDim + c] + eps);
          const up = loss();
          kernel.setKernelEntry(i, r, c, w[r * outDim + c] - eps);
          const down = loss();
          kernel.setKernelEntry(i, r, c, w[r * outDim + c]);
          const fd = (up - down) / (2 * eps);
          const g = grads[i][r * outDim + c];
          checked++;
          if (Math.abs(fd - g) <= 1e-3 + 2e-2 * Math.abs(g)) agree++;
        }
      });
      // A ReLU crossing zero within ±ε breaks the difference for a few entries; a wrong
      // dropout scale (×2 at rate 0.5) or a wrong term breaks most of them.
      expect(agree / checked).toBeGreaterThan(0.9);
      network.dispose();
    });
  }

  for (const arch of ['single-task', 'hard-sharing', 'mmoe', 'ple'] as const) {
    it(`${arch}: predict (inference, dropout off) gives the tfjs network's softmax probabilities`, () => {
      // Reference: the same network's tfjs forward pass (mode null: no dropout) + tf.softmax.
      const set = data(200);
      const network = getArchitecture(arch).build({
        inputDim: set.numFeatures,
        tasks: TASKS.map((t) => ({ name: t.name, numClasses: t.classes.length })),
        config: base({
          arch,
          dropout: 0.5,
          headUnits: 5,
          numExperts: 3,
          expertUnits: [8, 4],
          numLevels: 2,
        }),
        seed: 4,
      });
      const kernel = FusedKernel.forInference(network.denseGraph!, 7, 128)!;
      for (const rows of [128, 37]) {
        const x = set.features.subarray(0, rows * 7);
        const expected = tf.tidy(() =>
          network
            .forward(tf.tensor2d(x, [rows, 7]), null)
            .map((logits) => tf.softmax(logits).dataSync() as Float32Array),
        );
        const probs = kernel.predict(x, rows);
        expect(probs.map((p) => p.length)).toEqual(TASKS.map((t) => rows * t.classes.length));
        probs.forEach((p, t) => {
          let worst = 0;
          p.forEach((v, i) => (worst = Math.max(worst, Math.abs(v - expected[t][i]))));
          expect(worst).toBeLessThan(2e-6);
        });
      }
      expect(() => kernel.predict(set.features, 129)).toThrow(/Batch of 129 rows > 128/);
      network.dispose();
    });
  }

  it('hard sharing, combined linear heads, class weights and L2 match the tfjs path', async () => {
    expectSame(await both(base({ classWeights: 'balanced', weightDecay: 1e-3 })));
  });

  it('hidden head layers (a trunk read by several heads) match the tfjs path', async () => {
    expectSame(await both(base({ headUnits: 6 })));
  });

  it('single-task networks with per-task early stopping match the tfjs path', async () => {
    const pair = await both(base({ arch: 'single-task', epochs: 25, patience: 2 }));
    const bests = Object.values(pair[0].bestEpochPerTask);
    // Groups really stopped, at different epochs.
    expect(new Set(bests).size).toBeGreaterThan(1);
    expect(Math.min(...bests)).toBeLessThan(pair[0].epochs.length - 2);
    expectSame(pair);
  });

  it('a task absent from most batches (uncertainty weighting) matches the tfjs path', async () => {
    expectSame(await both(base({ weighting: 'uncertainty' }), 203, true));
  });

  it('uncertainty weighting (learned s_i) matches the tfjs path', async () => {
    expectSame(await both(base({ weighting: 'uncertainty' })));
  });

  it('DWA and static weights match the tfjs path', async () => {
    expectSame(await both(base({ weighting: 'dwa' })));
    expectSame(
      await both(base({ weighting: 'static', taskWeights: { three: 2, two: 0.5, five: 1 } })),
    );
  });

  it('stays in lockstep with the tfjs path over 500 steps', async () => {
    // Small differences grow once a ReLU flips on one path only; over 500 steps this
    // stays within the tolerances (fuzzing both paths found one such drift: see the next test).
    expectSame(
      await both(
        base({ hiddenUnits: [33, 17], epochs: 20, learningRate: 0.003, weightDecay: 0 }),
        500,
      ),
    );
  });

  it('one Adam step of size 1 moves every weight as tfjs does, to 2e-6', async () => {
    // The first Adam step is ≈ ±lr per weight whatever the gradient's size, so with lr = 1
    // a relative bias in the update shows directly: 1 − β2 taken in float32 moved each
    // weight ≈ 6e-6 off; float32 rounding of the update itself is ≈ 1e-7.
    const config = base({ batchSize: 1000, epochs: 1, learningRate: 1, weightDecay: 0 });
    expectSame(await both(config), 2e-6);
  });

  it('a batch larger than the training split still runs in the kernel', async () => {
    expectSame(await both(base({ batchSize: 1000, epochs: 4 })));
  });

  it('no hidden layer (logistic heads on the features) matches the tfjs path', async () => {
    expectSame(await both(base({ hiddenUnits: [] })));
  });

  it('trains with dropout (its own mask stream) and learns', async () => {
    const set = data(400);
    const out = await trainNetwork(set, {
      tasks: TASKS,
      config: base({ dropout: 0.3, epochs: 15, hiddenUnits: [32] }),
    });
    expect(out.stepEngine).toBe('fused-kernel');
    const first = out.epochs[0].valLoss;
    const last = out.epochs[out.epochs.length - 1].valLoss;
    expect(last).toBeLessThan(0.8 * first);
    out.network.dispose();
  });

  it('MMoE (experts mixed by softmax gates) matches the tfjs path', async () => {
    expectSame(await both(base({ arch: 'mmoe', numExperts: 3, expertUnits: [12, 8] })));
  });

  it('MMoE with hidden head layers and uncertainty weighting matches the tfjs path', async () => {
    expectSame(
      await both(
        base({
          arch: 'mmoe',
          numExperts: 2,
          expertUnits: [6],
          headUnits: 5,
          weighting: 'uncertainty',
        }),
      ),
    );
  });

  it('MMoE records the same mean gates as the tfjs path', async () => {
    const [fused, reference] = await both(base({ arch: 'mmoe', numExperts: 3, expertUnits: [8] }));
    for (const task of TASKS) {
      fused.gates![task.name].forEach((g, e) =>
        expect(g).toBeCloseTo(reference.gates![task.name][e], 4),
      );
    }
    expectSame([fused, reference]);
  });

  it('CGC (one PLE level, two specific experts per task) matches the tfjs path', async () => {
    expectSame(
      await both(
        base({ arch: 'ple', numLevels: 1, numExperts: 2, specificExperts: 2, expertUnits: [8, 6] }),
      ),
    );
  });

  it('PLE with two levels (a shared gate between them) and hidden heads matches the tfjs path', async () => {
    const [fused, reference] = await both(
      base({
        arch: 'ple',
        numLevels: 2,
        numExperts: 2,
        specificExperts: 1,
        expertUnits: [8],
        headUnits: 4,
      }),
    );
    for (const task of TASKS) {
      fused.gates![task.name].forEach((g, e) =>
        expect(g).toBeCloseTo(reference.gates![task.name][e], 4),
      );
    }
    expectSame([fused, reference]);
  });

  it('PCGrad (per-task passes, projected shared gradients) matches the tfjs path', async () => {
    expectSame(await both(base({ weighting: 'pcgrad', classWeights: 'balanced' })));
    expectSame(await both(base({ weighting: 'pcgrad', headUnits: 4 }), 203, true));
  });

  it('PCGrad on PLE (experts shared below the last level) matches the tfjs path', async () => {
    expectSame(
      await both(
        base({
          arch: 'ple',
          weighting: 'pcgrad',
          numLevels: 2,
          numExperts: 1,
          specificExperts: 1,
          expertUnits: [6],
        }),
      ),
    );
  });

  it('GradNorm (weights from gradient norms on the last shared layer) matches the tfjs path', async () => {
    expectSame(await both(base({ weighting: 'gradnorm' })));
    expectSame(
      await both(base({ arch: 'mmoe', weighting: 'gradnorm', numExperts: 2, expertUnits: [8] })),
    );
  });

  it('leaves cross-stitch and expert-less mixtures to tfjs', async () => {
    const set = data(120);
    for (const over of [
      { arch: 'cross-stitch' as const },
      { arch: 'mmoe' as const, expertUnits: [] },
    ]) {
      const out = await trainNetwork(set, { tasks: TASKS, config: base({ epochs: 1, ...over }) });
      expect(out.stepEngine).toBe('tfjs');
      out.network.dispose();
    }
  });

  it('frees everything when a run is cancelled mid-way (best-epoch snapshot included)', async () => {
    const set = data(203);
    const before = tf.memory().numTensors;
    const controller = new AbortController();
    await expect(
      trainNetwork(set, {
        tasks: TASKS,
        config: base({ epochs: 10 }),
        signal: controller.signal,
        onEpoch: (record) => {
          if (record.epoch === 3) controller.abort();
        },
      }),
    ).rejects.toMatchObject({ code: 'TRAINING_CANCELLED' });
    expect(tf.memory().numTensors).toBe(before);
  });

  it('keeps no tfjs tensor per step', async () => {
    const set = data(203);
    const before = tf.memory().numTensors;
    const out = await trainNetwork(set, { tasks: TASKS, config: base({ epochs: 3 }) });
    const weights = out.network.weights.length;
    expect(tf.memory().numTensors).toBe(before + weights);
    out.network.dispose();
  });
});
