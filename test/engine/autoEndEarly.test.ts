/**
 * "End search now" (engine/autoEnd.ts, engine/autoSelect.ts SearchOptions.end): the search
 * goes on as if its budget had run out — no trial after the request, the choice the best
 * validation score among the runs trained like a normal run so far (recomputed here from the
 * returned trial table), the search marked `endedEarly` — and still reads no test row before
 * its search is over (the instrumented job of autoSelect.test.ts).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { AutoEndControl } from '../../src/main/engine/autoEnd';
import { runAutoJob } from '../../src/main/engine/autoJob';
import { selectBackend } from '../../src/main/engine/backend';
import { PauseControl } from '../../src/main/engine/pause';
import type { AutoProgress, AutoTrial } from '../../src/shared/domain';
import { job } from './autoJobFixture';

beforeAll(async () => {
  await selectBackend('auto');
});

/** The first of the best-scored runs trained like a normal run (step 4's rule, by hand). */
function bestFull(trials: AutoTrial[]): AutoTrial {
  let best: AutoTrial | null = null;
  for (const t of trials) if (t.full && (best === null || t.score > best.score)) best = t;
  return best!;
}

describe('Auto ended early', () => {
  it('after the second default: no more trials, the better default chosen, no test row read', async () => {
    const reads: { row: number; phase: string }[] = [];
    let phase = 'search';
    const input = job(reads, () => phase);
    // A budget the search would use for many more trials (the clock advances 5 ms a read).
    input.auto = { budgetSeconds: 3600, seed: 9 };
    const end = new AutoEndControl();
    const events: AutoProgress[] = [];
    let ticks = 0;
    const result = await runAutoJob(input, {
      endSearch: end,
      onAutoProgress: (p) => {
        events.push(p);
        if (p.trial?.id === 2) end.end();
      },
      onSearchDone: () => (phase = 'final'),
      now: () => 5 * ticks++,
    });
    const isTest = (row: number) => input.assignment[row] === 'test';
    const searchReads = reads.filter((x) => x.phase === 'search');
    expect(searchReads.length).toBeGreaterThan(0);
    expect(searchReads.filter((x) => isTest(x.row))).toEqual([]);
    // Scored on the test rows afterwards, as any Auto run.
    expect(reads.some((x) => x.phase === 'final' && isTest(x.row))).toBe(true);

    const search = result.search!;
    expect(search.endedEarly).toBe(true);
    // The two defaults, both like a normal run; nothing started after the request.
    expect(search.trials.map((t) => [t.id, t.full])).toEqual([
      [1, true],
      [2, true],
    ]);
    expect(search.chosenTrial).toBe(bestFull(search.trials).id);
    expect(search.chosen).toEqual(search.trials[search.chosenTrial - 1].config);
    // The progress said so at once (one event right after the request), and in 'final'.
    const asked = events.findIndex((e) => e.endedEarly);
    expect(events[asked - 1].trial?.id).toBe(2);
    expect(events.slice(asked).every((e) => e.endedEarly)).toBe(true);
    expect(events.at(-1)).toMatchObject({ phase: 'final', chosenTrial: search.chosenTrial });
    expect(events.map((e) => e.phase)).not.toContain('search');
    // The final model trained and was scored (inner folds: refit on the non-test rows).
    expect(Object.keys(result.results).sort()).toEqual(['a', 'b']);
  });

  it('asked before any configuration finished: waits for the first default, chooses it', async () => {
    const reads: { row: number; phase: string }[] = [];
    const input = job(reads, () => 'any');
    input.auto = { budgetSeconds: 3600, seed: 9 };
    const end = new AutoEndControl();
    let ticks = 0;
    const result = await runAutoJob(input, {
      endSearch: end,
      // The 'defaults' phase starts: nothing finished yet.
      onAutoProgress: (p) => p.trialsDone === 0 && end.end(),
      now: () => 5 * ticks++,
    });
    const search = result.search!;
    expect(search.endedEarly).toBe(true);
    // The first default ran to its end (not cut: it always does, as under a tiny budget).
    expect(search.trials).toHaveLength(1);
    expect(search.trials[0]).toMatchObject({ id: 1, full: true });
    expect(search.trials[0].stoppedForTime).toBeUndefined();
    expect(search.chosenTrial).toBe(1);
  });

  it('during a short search trial: the trial is stopped and left out; the defaults are chosen from', async () => {
    const input = job([], () => 'any');
    input.auto = { budgetSeconds: 3600, seed: 9 };
    const end = new AutoEndControl();
    const pause = new PauseControl();
    const events: AutoProgress[] = [];
    let ticks = 0;
    const result = await runAutoJob(input, {
      endSearch: end,
      pause,
      onAutoProgress: (p) => {
        events.push(p);
        // The search phase starts: its first trial starts paused, held at its first
        // mini-batch; the request comes while it waits there, then the pause is lifted.
        if (p.phase === 'search' && !p.trial) {
          pause.pause();
          setTimeout(() => {
            end.end();
            pause.resume();
          }, 50);
        }
      },
      now: () => 5 * ticks++,
    });
    const search = result.search!;
    expect(events.some((e) => e.phase === 'search')).toBe(true);
    expect(search.endedEarly).toBe(true);
    // Only the two defaults: the short trial in flight was dropped, none started after.
    expect(search.trials.map((t) => [t.id, t.full])).toEqual([
      [1, true],
      [2, true],
    ]);
    expect(search.chosenTrial).toBe(bestFull(search.trials).id);
    expect(events.filter((e) => e.trial && !e.trial.full)).toEqual([]);
  });

  it('during the second default: it stops at its next epoch end, best weights kept, and may be chosen', async () => {
    const input = job([], () => 'any');
    input.auto = { budgetSeconds: 3600, seed: 9 };
    const end = new AutoEndControl();
    let ticks = 0;
    let second = false;
    let readsInSecond = 0;
    const result = await runAutoJob(input, {
      endSearch: end,
      onAutoProgress: (p) => {
        if (p.trial?.id === 1) second = true;
      },
      // The trainer reads the budget's clock once an epoch in a timed run: the request comes
      // during the second default's second epoch.
      now: () => {
        if (second && ++readsInSecond === 3) end.end();
        return 5 * ticks++;
      },
    });
    const search = result.search!;
    expect(search.endedEarly).toBe(true);
    expect(search.trials.map((t) => t.id)).toEqual([1, 2]);
    expect(search.trials[1]).toMatchObject({ full: true, stoppedForTime: true });
    // Stopped within an epoch or two of the request on each inner fold (3 folds).
    expect(search.trials[1].epochs).toBeLessThanOrEqual(3);
    expect(search.chosenTrial).toBe(bestFull(search.trials).id);
  });
});
