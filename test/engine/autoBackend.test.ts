/**
 * Auto's search trains on the backend the run asks for. Before, runAutoJob searched before
 * anything selected a backend, so in a fresh process (the CLI, the training child) every
 * trial ran on tfjs's default, the plain-JavaScript cpu backend (its "Hi, looks like you are
 * running TensorFlow.js in Node.js" banner in the CLI's output was the tell), and only the
 * final training on the chosen one. This file selects no backend itself.
 */
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { runAutoJob } from '../../src/main/engine/autoJob';
import type { TrainingJobInput } from '../../src/main/engine/job';
import { DEFAULT_TRAIN_CONFIG, type SplitName } from '../../src/shared/domain';

/** 60 rows, one numeric input, task t = x > 0; rows 0–39 train, 40–49 validation, 50–59 test. */
function job(): TrainingJobInput {
  const n = 60;
  const x = Array.from({ length: n }, (_, i) => ((i * 37) % 61) / 30 - 1);
  const assignment: SplitName[] = x.map((_, i) =>
    i < 40 ? 'train' : i < 50 ? 'validation' : 'test',
  );
  return {
    rowIds: x.map((_, i) => i + 1),
    assignment,
    inputs: [{ name: 'x', type: 'numeric', values: x }],
    targets: [
      {
        task: { name: 't', classes: ['neg', 'pos'] },
        type: 'categorical',
        values: x.map((v) => (v > 0 ? 'pos' : 'neg')),
      },
    ],
    config: { ...DEFAULT_TRAIN_CONFIG, backend: 'wasm', batchSize: 16, epochs: 9 },
    auto: { budgetSeconds: 1, seed: 3 },
  };
}

describe('Auto on the asked-for backend', () => {
  it('runs every search trial on the run’s backend (wasm here), not tfjs’s default cpu', async () => {
    const during: string[] = [];
    await runAutoJob(job(), {
      onAutoProgress: (p) => p.trial && during.push(tf.getBackend()),
    });
    expect(during.length).toBeGreaterThan(0);
    expect(new Set(during)).toEqual(new Set(['wasm']));
  }, 120_000);

  it('names its backend before the search, so a run cancelled during it shows one', async () => {
    // Found by a new-user pass: an Auto cross-validation fold cancelled during the search
    // was listed with "Backend: starting…" (the backend was reported only once the chosen
    // configuration trained).
    const stop = new AbortController();
    const reported: string[] = [];
    const trialsWhenReported: number[] = [];
    let trials = 0;
    const done = runAutoJob(job(), {
      signal: stop.signal,
      onBackend: (description) => {
        reported.push(description);
        trialsWhenReported.push(trials);
      },
      onAutoProgress: (p) => {
        if (!p.trial) return;
        trials++;
        stop.abort();
      },
    });
    await expect(done).rejects.toMatchObject({ code: 'TRAINING_CANCELLED' });
    expect(trialsWhenReported).toEqual([0]);
    // The backend's own text (backend.ts's description of wasm).
    expect(reported[0]).toMatch(/^wasm/);
  }, 120_000);
});
