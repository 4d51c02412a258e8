/**
 * Pausing training between mini-batches (engine/pause.ts, trainer.ts).
 */
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../src/main/engine/backend';
import { PauseControl } from '../../src/main/engine/pause';
import { trainNetwork } from '../../src/main/engine/trainer';
import { synthetic, testConfig, TWO_TASKS } from './synthetic';

beforeAll(async () => {
  await selectBackend('wasm');
});

describe('PauseControl', () => {
  it('holds whilePaused until resume, reports the wait, and notifies listeners', async () => {
    const pause = new PauseControl();
    const seen: boolean[] = [];
    pause.onChange((p) => seen.push(p));
    expect(await pause.whilePaused()).toBe(0);
    pause.pause();
    pause.pause(); // no second notification
    setTimeout(() => pause.resume(), 60);
    const waited = await pause.whilePaused();
    expect(waited).toBeGreaterThanOrEqual(50);
    expect(seen).toEqual([true, false]);
  });

  it('lets an abort end the wait', async () => {
    const pause = new PauseControl();
    pause.pause();
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 20);
    await pause.whilePaused(controller.signal);
    expect(pause.isPaused).toBe(true);
  });
});

describe('trainNetwork with a pause', () => {
  for (const kernel of ['auto', 'off'] as const) {
    it(`stops between mini-batches and resumes to the same model (kernel ${kernel})`, async () => {
      const data = synthetic(400, 3);
      // Batch 8: ~30 steps an epoch, so the pause lands mid-epoch.
      const config = testConfig({ epochs: 4, batchSize: 8 });
      const plain = await trainNetwork(data, { tasks: TWO_TASKS, config, kernel });
      const pause = new PauseControl();
      pause.pause();
      let finished = false;
      const pending = trainNetwork(data, { tasks: TWO_TASKS, config, kernel, pause });
      void pending.then(() => (finished = true));
      const pausedMs = 1500;
      await new Promise((r) => setTimeout(r, pausedMs));
      // Paused before its first step, it cannot have finished, however fast the machine.
      expect(finished).toBe(false);
      pause.resume();
      const held = await pending;
      // The paused 1.5 s are left out of the epoch's seconds: counted, the epoch would last
      // at least 1.5 s; left out, it lasts one epoch's compute (milliseconds on an idle
      // machine, well under a second on a loaded one). No speed is asserted.
      expect(held.epochs[0].seconds).toBeLessThan(pausedMs / 1000);
      held.network.weights.forEach((w, i) =>
        expect(Array.from(w.variable.dataSync())).toEqual(
          Array.from(plain.network.weights[i].variable.dataSync()),
        ),
      );
      plain.network.dispose();
      held.network.dispose();
    });
  }

  it('cancels while paused and frees every tensor', async () => {
    const before = tf.memory().numTensors;
    const pause = new PauseControl();
    pause.pause();
    const controller = new AbortController();
    const pending = trainNetwork(synthetic(200, 4), {
      tasks: TWO_TASKS,
      config: testConfig({ epochs: 3 }),
      pause,
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(), 50);
    await expect(pending).rejects.toMatchObject({ code: 'TRAINING_CANCELLED' });
    expect(tf.memory().numTensors).toBe(before);
  });
});
