/**
 * The studio's Auto takes the PLE levels and task-specific experts of its trials (`base` of
 * training.auto and of training.crossValidate's auto), as the CLI's `train --arch auto
 * --levels 2 --specific-experts 3 --epochs 7` does. Found by a helper: the handler dropped them, and the
 * Train view had no field for them with Auto. Expected by hand: every configuration Auto
 * trains spreads its base (services/autoTraining.ts), so the run stored as it starts holds
 * levels 2 and specific experts 3 (the defaults are 1 and 1); the cross-validation stores
 * the base with its Auto method.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_TRAIN_CONFIG } from '../../src/shared/domain';
import { dispatchSession, type DispatchSession } from './dispatchFixture';

let dir: string;
let studio: DispatchSession;
let datasetId: number;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mtl-auto-base-'));
  studio = dispatchSession(join(dir, 'state'));
  // 24 rows, two tasks: small enough for a search stopped at once.
  const lines = ['x,y,a,b'];
  for (let i = 0; i < 24; i++)
    lines.push(`${i},${(i * 7) % 5},${i % 2 ? 'p' : 'q'},${i % 3 ? 'r' : 's'}`);
  await writeFile(join(dir, 'small.csv'), `${lines.join('\n')}\n`);
  await studio.call('projects.create', { path: join(dir, 'p.mtlproj') });
  datasetId = (
    await studio.call('datasets.import', { importId: 'i', path: join(dir, 'small.csv') })
  ).id;
  await studio.call('tasks.define', { datasetId, tasks: [{ column: 'a' }, { column: 'b' }] });
});
afterAll(async () => {
  await studio.session.dispose();
  await rm(dir, { recursive: true, force: true });
});

describe("Auto's base from the studio", () => {
  it('reaches the Auto run (training.auto)', async () => {
    // The defaults differ, so the check can fail.
    expect([DEFAULT_TRAIN_CONFIG.numLevels, DEFAULT_TRAIN_CONFIG.specificExperts]).toEqual([1, 1]);
    expect(DEFAULT_TRAIN_CONFIG.epochs).not.toBe(7);
    // The form's Max epochs too: it caps every trial and the final model (a new user's
    // trials trained 107–113 epochs under Max epochs 60, the studio sent none).
    const run = await studio.call('training.auto', {
      datasetId,
      budgetSeconds: 0.2,
      base: { numLevels: 2, specificExperts: 3, epochs: 7 },
    });
    expect(run.auto).toBe(true);
    expect([run.config.numLevels, run.config.specificExperts, run.config.epochs]).toEqual([
      2, 3, 7,
    ]);
    await studio.call('training.cancel', { runId: run.id });
    await expect
      .poll(async () => (await studio.call('training.runs', { datasetId }))[0]?.status, {
        timeout: 60_000,
      })
      .not.toBe('running');
  });

  it('is stored with the Auto method of a cross-validation', async () => {
    const evaluation = await studio.call('training.crossValidate', {
      datasetId,
      config: {},
      auto: { budgetSeconds: 0.2, base: { numLevels: 2 } },
      folds: 2,
    });
    expect(evaluation.method).toEqual({
      kind: 'auto',
      budgetSeconds: 0.2,
      seed: 42,
      base: { numLevels: 2 },
    });
    await studio.session.dispose();
  });

  it('refuses a base field Auto does not take, or out of range', async () => {
    const bad = await studio.fail('training.auto', {
      datasetId,
      base: { numExperts: 4 } as never,
    });
    expect(bad.code).toBe('BAD_REQUEST');
    // The schema's bound: at most 8 levels.
    expect((await studio.fail('training.auto', { datasetId, base: { numLevels: 9 } })).code).toBe(
      'BAD_REQUEST',
    );
  });
});
