/**
 * "End search now" through the studio's handlers (`training.endAutoSearch`, in-process
 * training): an Auto run on penguins with a budget it would never use up is ended once its
 * search has tried three configurations; it then completes as if its budget had run out.
 * Checked against the stored trial table (`training.autoSearch`), recomputed here by hand:
 * the chosen trial is the first of the best validation scores among the runs trained like a
 * normal run (the short trials only rank configurations, as when the budget runs out); no
 * short trial started after the request is stored; the search says `endedEarly`. That no
 * test row is read by an ended search is checked on the instrumented job
 * (test/engine/autoEndEarly.test.ts), as for a full search (test/engine/autoSelect.test.ts).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TrainingAutoProgressEvent, TrainingFinishedEvent } from '../../src/shared/contract';
import { dispatchSession } from './dispatchFixture';

const PENGUINS = fileURLToPath(new URL('../fixtures/penguins.csv', import.meta.url));

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mtl-auto-end-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('training.endAutoSearch', () => {
  it('ends a search early: the best normal run by validation is chosen, trained, stored and scored', async () => {
    const { session, call } = dispatchSession(join(dir, 'state'));
    try {
      await call('projects.create', { path: join(dir, 'p.mtlproj') });
      const { id: datasetId } = await call('datasets.import', { importId: 'i', path: PENGUINS });
      await call('tasks.define', { datasetId, tasks: [{ column: 'species' }, { column: 'sex' }] });
      // Not an Auto run searching here: refused with false.
      expect(await call('training.endAutoSearch', { runId: 999 })).toEqual({ ended: false });

      let asked: { trialsDone: number; answer: Promise<{ ended: boolean }> } | null = null;
      const finished = new Promise<TrainingFinishedEvent>((resolve, reject) =>
        session.onEvent((channel, payload) => {
          if (channel === 'training.failed') reject(new Error(JSON.stringify(payload)));
          if (channel === 'training.finished') resolve(payload as TrainingFinishedEvent);
          if (channel !== 'training.autoProgress' || asked) return;
          const { runId, progress } = payload as TrainingAutoProgressEvent;
          if (progress.trialsDone >= 3)
            asked = {
              trialsDone: progress.trialsDone,
              answer: call('training.endAutoSearch', { runId }),
            };
        }),
      );
      // An hour's budget: only the request ends this search within the test's time.
      const run = await call('training.auto', { datasetId, budgetSeconds: 3600, seed: 4 });
      const { run: done } = await finished;
      expect(done.id).toBe(run.id);
      expect(await asked!.answer).toEqual({ ended: true });
      expect(done.status).toBe('completed');
      expect(Object.keys(done.results ?? {}).sort()).toEqual(['sex', 'species']);
      // Over now: asking again is refused.
      expect(await call('training.endAutoSearch', { runId: run.id })).toEqual({ ended: false });

      const search = await call('training.autoSearch', { runId: run.id });
      expect(search.endedEarly).toBe(true);
      // Trials after the request: at most the normal run in flight (stopped at its next epoch
      // end and kept); a short trial in flight is dropped, and none starts.
      const after = search.trials.filter((t) => t.id > asked!.trialsDone);
      expect(after.length).toBeLessThanOrEqual(1);
      for (const t of after) expect(t.full).toBe(true);
      // By hand: the first of the highest scores among the runs trained like a normal run.
      let best = -Infinity;
      let bestId = 0;
      for (const t of search.trials)
        if (t.full && t.score > best) {
          best = t.score;
          bestId = t.id;
        }
      expect(search.chosenTrial).toBe(bestId);
      expect(search.chosen).toEqual(search.trials[bestId - 1].config);
      // The run's own configuration is the chosen one.
      expect(done.config.arch).toBe(search.chosen.arch);
      expect(search.seconds).toBeLessThan(3600);
    } finally {
      await session.dispose();
    }
  }, 300_000);
});
