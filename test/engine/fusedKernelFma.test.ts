/**
 * The dense fused kernel on its relaxed-SIMD build (resources/kernels/fused-fma.wasm, what
 * Electron and Node ≥ 22 load): since #14 its dense layers' matrix products do each
 * multiply-add as one fused multiply-add, which rounds once instead of twice. Against the
 * tfjs path (the independent reference, see denseKernelCases.ts), the outcomes must stay
 * within the tolerances the plain build meets (fusedKernel.test.ts), also over 500 steps.
 */
import { setFlagsFromString } from 'node:v8';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../src/main/engine/backend';
import { forgetKernelModule, kernelModule } from '../../src/main/engine/kernel/fusedKernel';
import { base, both, expectSame } from './denseKernelCases';

// Before any module is compiled: fused-fma.wasm needs relaxed SIMD (on by default from Node 22).
setFlagsFromString('--experimental-wasm-relaxed-simd');

beforeAll(async () => {
  await selectBackend('wasm');
  forgetKernelModule();
});

describe('fused kernel, dense networks, fused-fma.wasm', () => {
  it('is the build this runtime loads (relaxed SIMD turned on above)', () => {
    const loaded = kernelModule();
    expect('file' in loaded ? loaded.file : loaded.unavailable).toBe('fused-fma.wasm');
  });

  it('hard sharing, class weights and L2 match the tfjs path', async () => {
    expectSame(await both(base({ classWeights: 'balanced', weightDecay: 1e-3 })));
  });

  it('MMoE and PCGrad match the tfjs path', async () => {
    expectSame(await both(base({ arch: 'mmoe', numExperts: 3, expertUnits: [12, 8] })));
    expectSame(await both(base({ weighting: 'pcgrad', classWeights: 'balanced' })));
  });

  it('stays in lockstep with the tfjs path over 500 steps', async () => {
    expectSame(
      await both(
        base({ hiddenUnits: [33, 17], epochs: 20, learningRate: 0.003, weightDecay: 0 }),
        500,
      ),
    );
  });

  it('one Adam step of size 1 moves every weight as tfjs does, to 2e-6', async () => {
    const config = base({ batchSize: 1000, epochs: 1, learningRate: 1, weightDecay: 0 });
    expectSame(await both(config), 2e-6);
  });
});
