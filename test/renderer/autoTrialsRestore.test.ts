/**
 * An Auto run's trials table after a page reload (found by a new user: before the reload the
 * run panel listed "Configurations tried so far (1)" with its table; after reloading mid-search
 * it said "2 configurations tried" and showed no table). The session now keeps every trial
 * reported so far with the run in flight (services/sessionTraining.ts, ActiveRun.autoTrials)
 * and the page's training store takes them on a reload or reconnect (stores/training.ts).
 * The search's events are written out below: trial ids 1, 2, 3 in that order, the second and
 * third Hyperband trials of rung 1; the rows expected are those ids, counted by hand.
 */
import { describe, expect, it, vi } from 'vitest';
import { ref } from 'vue';
import type { EventChannel, EventOf } from '../../src/shared/contract';
import {
  mergeHeardTrials,
  withTrialHeard,
  type AutoProgress,
  type AutoTrial,
  type RunInfo,
} from '../../src/shared/domain';
import type { StudioApi } from '../../src/renderer/src/api';
import { createTraining } from '../../src/renderer/src/stores/training';
import { SessionTrainings } from '../../src/main/services/sessionTraining';
import type { ProjectStore } from '../../src/main/store/projectStore';
import type { TrainHooks } from '../../src/main/services/training';

/** The fake Auto run's hooks, taken when the session starts it, and its end. */
const auto: { hooks: TrainHooks | null; finish: ((run: RunInfo) => void) | null } = {
  hooks: null,
  finish: null,
};

vi.mock('../../src/main/services/autoTraining', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src/main/services/autoTraining')>();
  return {
    ...original,
    trainAutoRun: (_store: unknown, _request: unknown, hooks: TrainHooks) =>
      new Promise<RunInfo>((resolve) => {
        auto.hooks = hooks;
        auto.finish = resolve;
        // Stored as running after the call returns, as the real one (it awaits the store).
        void Promise.resolve().then(() => hooks.onStarted?.(run));
      }),
  };
});

const run = { id: 9, datasetId: 4, status: 'running' } as RunInfo;
const trial = (id: number): AutoTrial =>
  ({ id, config: {}, epochs: 3, score: 0.5, bestEpoch: 2, perTask: {}, seconds: 1 }) as AutoTrial;
const progress = (
  phase: AutoProgress['phase'],
  trialsDone: number,
  extra: Partial<AutoProgress> = {},
): AutoProgress => ({
  phase,
  trialsDone,
  bestScore: trialsDone > 0 ? 0.5 : null,
  elapsedSeconds: 10,
  budgetSeconds: 60,
  ...extra,
});
/** The search's events, in order: the defaults' start, trials 1 to 3. */
const events: AutoProgress[] = [
  progress('defaults', 0),
  progress('defaults', 1, { trial: trial(1) }),
  progress('search', 1, { sweep: 1 }),
  progress('search', 2, { trial: trial(2), sweep: 1, rung: 1 }),
  progress('search', 3, { trial: trial(3), sweep: 1, rung: 1 }),
];

/** A client whose events the test sends (`emit`); invoke is not used here. */
function fakeClient() {
  const listeners = new Map<EventChannel, (payload: unknown) => void>();
  const client = {
    transport: 'websocket',
    invoke: () => Promise.reject(new Error('not used')),
    on: (channel: EventChannel, listener: (payload: unknown) => void) => {
      listeners.set(channel, listener);
      return () => listeners.delete(channel);
    },
    onConnection: () => () => undefined,
  } as unknown as StudioApi;
  return {
    client,
    emit: <E extends EventChannel>(channel: E, payload: EventOf<E>) =>
      listeners.get(channel)?.(payload),
  };
}

function newTraining() {
  return createTraining({
    datasetId: ref(4),
    splitsVersion: ref(0),
    readForSelected: () => Promise.resolve(),
    inBackground: () => undefined,
  });
}

describe('withTrialHeard and mergeHeardTrials', () => {
  it('adds a reported trial once, with its rung, and merges the session list first', () => {
    let heard = withTrialHeard([], events[0]);
    expect(heard).toEqual([]);
    heard = withTrialHeard(heard, events[1]);
    expect(heard).toEqual([{ trial: trial(1) }]);
    heard = withTrialHeard(heard, events[3]);
    // The same trial again (a repeated event) adds nothing: the same array.
    expect(withTrialHeard(heard, events[3])).toBe(heard);
    expect(heard.map((h) => [h.trial.id, h.rung])).toEqual([
      [1, undefined],
      [2, 1],
    ]);
    const merged = mergeHeardTrials([{ trial: trial(3) }, { trial: trial(1) }], heard);
    expect(merged.map((h) => h.trial.id)).toEqual([1, 2, 3]);
  });
});

describe('an Auto run reloaded mid-search', () => {
  it('the session keeps the trials so far and a new page lists the same rows', async () => {
    const emitted: AutoProgress[] = [];
    const session = new SessionTrainings(
      {
        emit: (channel, payload) => {
          if (channel === 'training.autoProgress')
            emitted.push((payload as EventOf<'training.autoProgress'>).progress);
        },
        requireStore: () => ({}) as ProjectStore,
        requireWritableStore: () => ({}) as ProjectStore,
      },
      { trainingMode: 'in-process', checkpoints: undefined },
    );
    await session.startAuto({ datasetId: 4 } as Parameters<typeof session.startAuto>[0]);
    expect(session.activeRuns()[0]?.autoTrials).toBeUndefined();

    // The page before the reload hears the first two trials live.
    const before = newTraining();
    const tab = fakeClient();
    before.followTrainingEvents(tab.client);
    for (const p of events.slice(0, 4)) {
      auto.hooks!.onAutoProgress!(run.id, p);
      tab.emit('training.autoProgress', { runId: run.id, progress: p });
    }
    expect(emitted).toHaveLength(4);
    const rowsBefore = before.forViews.autoOf(run.id)!.trials.map((h) => h.trial.id);
    expect(rowsBefore).toEqual([1, 2]);

    // Reloaded: a fresh store takes the session's snapshot only.
    const after = newTraining();
    after.adoptActiveRuns(session.activeRuns());
    const live = after.forViews.autoOf(run.id)!;
    expect(live.progress.trialsDone).toBe(2);
    expect(live.trials.map((h) => h.trial.id)).toEqual(rowsBefore);
    expect(live.trials[1]!.rung).toBe(1);

    // A trial after the reload adds its row; the session lists all three.
    after.followTrainingEvents(fakeClient().client);
    auto.hooks!.onAutoProgress!(run.id, events[4]!);
    expect(session.activeRuns()[0]!.autoTrials!.map((h) => h.trial.id)).toEqual([1, 2, 3]);

    auto.finish!({ ...run, status: 'completed' });
    await vi.waitFor(() => expect(session.activeRuns()).toEqual([]));
  });

  it('a page that reconnects after missing trials takes them, keeping its further progress', () => {
    const training = newTraining();
    const tab = fakeClient();
    training.followTrainingEvents(tab.client);
    // Heard the defaults' trial 1, missed trials 2 and 3 during a drop, then heard the same
    // latest event as the session's (not further along): its rows are completed all the same.
    tab.emit('training.autoProgress', { runId: run.id, progress: events[1]! });
    tab.emit('training.autoProgress', { runId: run.id, progress: events[4]! });
    expect(training.forViews.autoOf(run.id)!.trials.map((h) => h.trial.id)).toEqual([1, 3]);
    training.adoptActiveRuns([
      {
        runId: run.id,
        datasetId: 4,
        paused: false,
        autoProgress: events[4]!,
        autoTrials: [
          { trial: trial(1) },
          { trial: trial(2), rung: 1 },
          { trial: trial(3), rung: 1 },
        ],
      },
    ]);
    const live = training.forViews.autoOf(run.id)!;
    expect(live.trials.map((h) => h.trial.id)).toEqual([1, 2, 3]);
    expect(live.progress).toBe(events[4]);
  });
});
