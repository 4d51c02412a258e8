/**
 * "End search now" answers `ended: true` exactly when the stored search says `endedEarly`
 * (engine/autoEnd.ts): a request that comes once the search has chosen — its final model
 * training, while the studio's latest progress may not yet say 'final' — ends nothing and
 * answers false; in a child process the child's own control answers (relayTo, and the
 * worker's 'end-search-answer'). Deterministic: the request is made from the job's own
 * `onSearchDone` hook (the search chosen, the 'final' progress not yet sent), and the relay
 * is a fake.
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { AutoEndControl } from '../../src/main/engine/autoEnd';
import { runAutoJob } from '../../src/main/engine/autoJob';
import { selectBackend } from '../../src/main/engine/backend';
import type { AutoProgress } from '../../src/shared/domain';
import { job } from './autoJobFixture';

beforeAll(async () => {
  await selectBackend('auto');
});

describe('AutoEndControl', () => {
  it('answers true while searching (again too), false once closed, and never ends after', () => {
    const end = new AutoEndControl();
    let heard = 0;
    end.onEnd(() => heard++);
    expect(end.end()).toBe(true);
    expect(end.end()).toBe(true);
    expect(heard).toBe(1);
    end.close();
    expect(end.end()).toBe(false);

    const late = new AutoEndControl();
    late.onEnd(() => heard++);
    late.close();
    expect(late.end()).toBe(false);
    expect(late.requested).toBe(false);
    expect(late.signal.aborted).toBe(false);
    expect(heard).toBe(1);
  });

  it("asks through a relay: the other side's answer, and no relay once it said the search is over", async () => {
    const asked: boolean[] = [];
    const answers = [true, false];
    const running = new AutoEndControl();
    running.relayTo(async () => {
      asked.push(true);
      return answers.shift()!;
    });
    expect(await running.ask()).toBe(true);
    expect(running.requested).toBe(true);

    const over = new AutoEndControl();
    over.relayTo(async () => {
      asked.push(true);
      return answers.shift()!;
    });
    expect(await over.ask()).toBe(false);
    expect(over.closed).toBe(true);
    expect(over.requested).toBe(false);
    // Known over now: answered here, the other side not asked again.
    expect(await over.ask()).toBe(false);
    expect(asked).toHaveLength(2);
  });
});

describe('a request after the search chose (in-process)', () => {
  it('answers false, and the search is not marked endedEarly', async () => {
    const input = job([], () => 'any');
    // A tiny budget: the first default alone (it always runs to its end), then the choice.
    input.auto = { budgetSeconds: 0.001, seed: 9 };
    const end = new AutoEndControl();
    const phases: string[] = [];
    let answer: Promise<boolean> | null = null;
    let phaseAtRequest: string | undefined;
    let ticks = 0;
    const result = await runAutoJob(input, {
      endSearch: end,
      onAutoProgress: (p: AutoProgress) => void phases.push(p.phase),
      // The race's window: the search has chosen, the 'final' progress is not yet out.
      onSearchDone: () => {
        phaseAtRequest = phases.at(-1);
        answer = end.ask();
      },
      now: () => 5 * ticks++,
    });
    expect(phaseAtRequest).not.toBe('final');
    expect(await answer!).toBe(false);
    expect(result.search!.endedEarly).toBeUndefined();
    expect(phases.at(-1)).toBe('final');
  });
});

describe('the training child', () => {
  it("answers 'end-search' with the same requestId and its control's answer", async () => {
    const worker = fileURLToPath(
      new URL('../../src/main/engine/worker/trainingWorker.ts', import.meta.url),
    );
    const child = fork(worker, [], {
      execArgv: ['--import', import.meta.resolve('tsx')],
      serialization: 'advanced',
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    try {
      const reply = new Promise<unknown>((resolve) => child.once('message', resolve));
      // No job started: its search is not over, so the request counts.
      child.send({ type: 'end-search', requestId: 7 });
      expect(await reply).toEqual({ type: 'end-search-answer', requestId: 7, ended: true });
    } finally {
      child.kill();
    }
  }, 60_000);
});
