/**
 * The studio's training state: the selected dataset's runs, the pause state of the runs in
 * flight and what is heard live of them (their epochs, an Auto run's search), all following
 * the `training.*` events, and the engine's options. Kept apart from the studio store
 * (stores/studio.ts), which gives it the selected dataset and the reads it shares with the
 * other lists, and hands its state and functions to the views unchanged.
 */
import type { ActiveRun, EngineOptions } from '@shared/contract';
import type { AutoProgress, EpochRecord, HeardTrial, RunInfo } from '@shared/domain';
import { mergeHeardTrials, withTrialHeard } from '../../../shared/autoSearch';
import { startWithoutPause } from '../../../shared/trainedTime';
import { computed, ref, shallowRef, triggerRef, type Ref } from 'vue';
import { api, type StudioApi } from '../api';
import {
  appendEpochs,
  createThrottle,
  dropEpochsAfter,
  EPOCH_FLUSH_MS,
  mergeEpochs,
} from './epochBuffer';

/**
 * An Auto run's search as the page heard it: the latest `training.autoProgress`, when it
 * arrived (ms since the epoch, for the clock between events), and every trial heard so far
 * with its place in the search (a page opened mid-search starts from the session's list of
 * those reported so far, ActiveRun.autoTrials).
 */
export interface AutoLive {
  progress: AutoProgress;
  receivedAt: number;
  trials: readonly HeardTrial[];
}

/**
 * An Auto run's live clock as its pause state changes at `now` (ms since the epoch): the
 * budget's clock stops during a pause, so on pausing the time since the latest event is added
 * to its `elapsedSeconds` (the clock stands there), and on resuming it counts from `now`
 * (the paused time is not added). The search's 'final' event keeps its own time.
 */
export function pauseAutoClock(live: AutoLive, paused: boolean, now: number): AutoLive {
  if (live.progress.phase === 'final') return live;
  const since = Math.max(0, now - live.receivedAt) / 1000;
  return {
    ...live,
    progress: paused
      ? { ...live.progress, elapsedSeconds: live.progress.elapsedSeconds + since }
      : live.progress,
    receivedAt: now,
  };
}

/** What {@link createTraining} reads and writes of the studio store. */
export interface TrainingHost {
  /** The selected dataset, whose runs are listed (null: none). */
  datasetId: Readonly<Ref<number | null>>;
  /** Bumped when a run starts: the first run of a dataset makes its split. */
  splitsVersion: Ref<number>;
  /**
   * Reads a list of the selected dataset and keeps it only while that dataset stays
   * selected (studio.ts readForSelected, which says which failures it drops).
   */
  readForSelected<T>(read: (id: number) => Promise<T[]>, keep: (list: T[]) => void): Promise<void>;
  /** Runs a reload an event asked for, its failure shown in the status bar as a warning. */
  inBackground(reload: () => Promise<void>): void;
}

/**
 * The training state of the dataset `host` selects, for the studio store.
 * @returns `forViews`: the runs (refs: the list, those running, those paused), the live
 *   epochs and Auto progress with their readers, the functions that change the list and the
 *   engine's options; and for the studio store alone, what it calls on the session's runs in
 *   flight, on another project and on connecting to the events.
 */
export function createTraining(host: TrainingHost) {
  const { datasetId, splitsVersion, readForSelected, inBackground } = host;
  const runs = ref<RunInfo[]>([]);
  /**
   * Epochs received live per run id (complemented by `training.epochs` on demand). A
   * shallowRef: records are pushed into the arrays in place, and the ref is triggered at
   * most every EPOCH_FLUSH_MS, so a fast run does not redraw the charts on every epoch.
   */
  const liveEpochs = shallowRef(new Map<number, EpochRecord[]>());
  /** Number of epoch records received in `training.epoch` events, as of the latest flush. */
  const epochEvents = ref(0);
  let epochEventsReceived = 0;
  const epochFlush = createThrottle(() => {
    epochEvents.value = epochEventsReceived;
    triggerRef(liveEpochs);
  }, EPOCH_FLUSH_MS);
  /**
   * Auto runs' search progress per run id; a new entry object per event, told to the views
   * at most every EPOCH_FLUSH_MS (a small table's short trials come by the dozen a second).
   */
  const autoLive = shallowRef(new Map<number, AutoLive>());
  const autoFlush = createThrottle(() => triggerRef(autoLive), EPOCH_FLUSH_MS);
  const engine = ref<EngineOptions | null>(null);
  const runningRuns = computed(() => runs.value.filter((r) => r.status === 'running'));
  /** Ids of running runs that are paused (a paused run stays 'running' in the store). */
  const pausedRuns = ref(new Set<number>());
  /**
   * When each paused run's pause began (ms since the epoch): its Time stands there
   * (shared/trainedTime.ts); on the resume its start moves later by the pause, as the
   * project's does.
   */
  const pauseStarts = ref(new Map<number, number>());

  /** The live epochs of a run (read through `liveEpochs`, so views follow its flushes). */
  function epochsOf(runId: number): readonly EpochRecord[] {
    return liveEpochs.value.get(runId) ?? [];
  }

  /** An Auto run's search progress as heard so far, or null (none yet, or not an Auto run). */
  function autoOf(runId: number): AutoLive | null {
    return autoLive.value.get(runId) ?? null;
  }

  /** Takes an Auto run's progress event. */
  function takeAutoProgress(runId: number, progress: AutoProgress): void {
    const heard = autoLive.value.get(runId)?.trials ?? [];
    const trials = withTrialHeard(heard, progress);
    autoLive.value.set(runId, { progress, receivedAt: Date.now(), trials });
    autoFlush.schedule();
  }

  /**
   * Takes the session's latest Auto progress of a run in flight and its trials so far (a
   * page loaded, reloaded or reconnected mid-search; before, a reloaded page showed "2
   * configurations tried" without their table).
   */
  function restoreAutoProgress(
    runId: number,
    progress: AutoProgress,
    restored: HeardTrial[],
  ): void {
    const before = autoLive.value.get(runId);
    const trials = mergeHeardTrials(before?.trials ?? [], restored);
    // The session's latest replaces what this page heard only when it is further along (a
    // page reconnected after a drop missed events, maybe the search's 'final' one); its
    // trials are taken either way (those missed during the drop).
    if (before && !furtherAlong(progress, before.progress)) {
      autoLive.value.set(runId, { ...before, trials });
    } else {
      autoLive.value.set(runId, { progress, receivedAt: Date.now(), trials });
    }
    autoFlush.schedule();
  }

  /** The pause state and Auto progress of the runs in flight, from the session. */
  function adoptActiveRuns(active: ActiveRun[]): void {
    pausedRuns.value = new Set(active.filter((r) => r.paused).map((r) => r.runId));
    pauseStarts.value = new Map(
      active.filter((r) => r.paused).map((r) => [r.runId, r.pausedSince ?? Date.now()]),
    );
    for (const r of active) {
      if (r.autoProgress) restoreAutoProgress(r.runId, r.autoProgress, r.autoTrials ?? []);
    }
    autoFlush.flushNow();
  }

  /** Completes a run's live epochs with those stored in the project, and redraws. */
  function mergeStoredEpochs(runId: number, stored: EpochRecord[]): void {
    liveEpochs.value.set(runId, mergeEpochs(stored, liveEpochs.value.get(runId) ?? []));
    epochFlush.flushNow();
  }

  /**
   * Runs resumed from a checkpoint while this page listed them, by id: the epoch of the
   * checkpoint, until an epoch after it arrives (the Train view says it resumes from there,
   * not the previous attempt's last epoch).
   */
  const resumedFrom = ref(new Map<number, number>());

  /**
   * Runs whose stop this page heard only from `training.failed` (interrupted: the server
   * stopping), by id, until a reread of the runs lists them: their checkpoint as this page
   * holds it may be stale (one saved since the run was listed, found by a new user: the tab
   * said "no checkpoint" while Resume worked after the restart), so the view must not say it.
   */
  const stopsUnread = ref(new Set<number>());

  /** Whether run `runId`'s stop was heard but its stored state (its checkpoint) not reread. */
  function stopUnread(runId: number): boolean {
    return stopsUnread.value.has(runId);
  }

  /** The checkpoint epoch a resumed run goes on from, until its first new epoch; else null. */
  function resumedFromOf(runId: number): number | null {
    return resumedFrom.value.get(runId) ?? null;
  }

  /**
   * A run that was stopped (cancelled, interrupted, failed) and runs again under the same id
   * (Resume): the previous attempt's epochs after its checkpoint are dropped from the live
   * ones (the project dropped them as it resumed; the new attempt trains them again), and the
   * run is marked as resuming from that checkpoint until its first new epoch.
   */
  function followResume(before: RunInfo, after: RunInfo): void {
    const stopped = ['cancelled', 'interrupted', 'failed'].includes(before.status);
    if (!stopped || !['queued', 'running'].includes(after.status)) return;
    const checkpoint = after.checkpointEpoch ?? before.checkpointEpoch ?? 0;
    const list = liveEpochs.value.get(after.id);
    if (list) dropEpochsAfter(list, checkpoint);
    const next = new Map(resumedFrom.value);
    next.set(after.id, checkpoint);
    resumedFrom.value = next;
    epochFlush.flushNow();
  }

  /** Adds or replaces a run of the selected dataset. */
  function upsertRun(run: RunInfo): void {
    const at = runs.value.findIndex((r) => r.id === run.id);
    if (at >= 0) followResume(runs.value[at], run);
    if (at >= 0) runs.value.splice(at, 1, run);
    else if (run.datasetId === datasetId.value) runs.value.push(run);
  }

  /** Drops a run from the list (it was deleted). */
  function removeRun(runId: number): void {
    runs.value = runs.value.filter((r) => r.id !== runId);
  }

  /** Records a run's pause state; an Auto run's clock stops or goes on (pauseAutoClock). */
  function setPaused(runId: number, paused: boolean): void {
    const live = autoLive.value.get(runId);
    if (live && paused !== pausedRuns.value.has(runId)) {
      autoLive.value.set(runId, pauseAutoClock(live, paused, Date.now()));
      autoFlush.flushNow();
    }
    const next = new Set(pausedRuns.value);
    if (paused) next.add(runId);
    else next.delete(runId);
    pausedRuns.value = next;
    const since = pauseStarts.value.get(runId);
    const starts = new Map(pauseStarts.value);
    if (paused) {
      if (since === undefined) starts.set(runId, Date.now());
    } else if (since !== undefined) {
      starts.delete(runId);
      // The project moves the run's start later by the pause (services/training.ts): so
      // does the run as listed here, until the list is read again.
      const pausedMs = Date.now() - since;
      runs.value = runs.value.map((r) =>
        r.id === runId && r.startedAt && !r.finishedAt
          ? { ...r, startedAt: startWithoutPause(r.startedAt, pausedMs) }
          : r,
      );
    }
    pauseStarts.value = starts;
  }

  /** Reloads the runs of the selected dataset (see readForSelected for failures). */
  async function refreshRuns(): Promise<void> {
    await readForSelected(
      (id) => api().invoke('training.runs', { datasetId: id }),
      (list) => {
        // A run resumed by another page or program is heard of here (training.changed).
        for (const run of list) {
          const before = runs.value.find((r) => r.id === run.id);
          if (before) followResume(before, run);
        }
        runs.value = list;
        if (stopsUnread.value.size > 0) {
          const next = new Set(stopsUnread.value);
          for (const run of list) next.delete(run.id);
          stopsUnread.value = next;
        }
      },
    );
  }

  /** The engine's options (architectures, weightings, configuration schema), loaded once. */
  async function engineOptions(): Promise<EngineOptions> {
    engine.value ??= await api().invoke('training.options', {});
    return engine.value;
  }

  /** Forgets the runs and what was heard live of them: another project is open, or none. */
  function clearRuns(): void {
    runs.value = [];
    liveEpochs.value = new Map();
    autoLive.value = new Map();
    stopsUnread.value = new Set();
  }

  /**
   * Follows the `training.*` events of `client`: live epochs and Auto progress, runs
   * started, paused, finished or failed, and runs changed by another page or program.
   */
  function followTrainingEvents(client: StudioApi): void {
    client.on('training.epoch', ({ runId, records }) => {
      // Cheap: one bulk push of the batch into a non-reactive array; the views hear of it at
      // the next flush.
      let list = liveEpochs.value.get(runId);
      if (!list) liveEpochs.value.set(runId, (list = []));
      appendEpochs(list, records);
      const from = resumedFrom.value.get(runId);
      if (from !== undefined && records.some((r) => r.epoch > from)) {
        const next = new Map(resumedFrom.value);
        next.delete(runId);
        resumedFrom.value = next;
      }
      epochEventsReceived += records.length;
      epochFlush.schedule();
    });
    client.on('training.autoProgress', ({ runId, progress }) => takeAutoProgress(runId, progress));
    client.on('training.started', ({ run }) => {
      upsertRun(run);
      // The first run of a dataset makes its split.
      splitsVersion.value++;
    });
    client.on('training.backend', ({ runId, backend, details }) => {
      const run = runs.value.find((r) => r.id === runId);
      if (run) upsertRun({ ...run, backend, backendDetails: details });
    });
    client.on('training.paused', ({ runId, paused }) => setPaused(runId, paused));
    client.on('training.finished', ({ run }) => {
      epochFlush.flushNow();
      setPaused(run.id, false);
      upsertRun(run);
    });
    client.on('training.failed', ({ runId, cancelled, interrupted, error }) => {
      epochFlush.flushNow();
      setPaused(runId, false);
      // How it ended, shown at once from the event: the reread below is lost when the server
      // is stopping (its runs interrupted just before it closes the connection).
      const run = runs.value.find((r) => r.id === runId);
      if (run?.status === 'running' || run?.status === 'queued') {
        const status = cancelled ? 'cancelled' : interrupted ? 'interrupted' : 'failed';
        upsertRun({ ...run, status, error: error.message, errorCode: error.code });
        if (interrupted) stopsUnread.value = new Set(stopsUnread.value).add(runId);
      }
      inBackground(refreshRuns);
    });
    client.on('training.changed', ({ datasetId: id }) => {
      if (id === datasetId.value) inBackground(refreshRuns);
    });
  }

  return {
    /** What the studio store hands to the views as it is. */
    forViews: {
      runs,
      runningRuns,
      pausedRuns,
      pauseStarts,
      liveEpochs,
      epochEvents,
      engine,
      epochsOf,
      autoOf,
      resumedFromOf,
      stopUnread,
      mergeStoredEpochs,
      upsertRun,
      removeRun,
      refreshRuns,
      engineOptions,
    },
    adoptActiveRuns,
    clearRuns,
    followTrainingEvents,
  };
}

/** An Auto run's phases in the order they come (engine/autoSelect.ts). */
const AUTO_PHASES: readonly AutoProgress['phase'][] = ['defaults', 'search', 'finalist', 'final'];

/**
 * Whether Auto progress `a` comes after `b`: a later phase, or more trials done in the same.
 */
export function furtherAlong(a: AutoProgress, b: AutoProgress): boolean {
  const pa = AUTO_PHASES.indexOf(a.phase);
  const pb = AUTO_PHASES.indexOf(b.phase);
  return pa !== pb ? pa > pb : a.trialsDone > b.trialsDone;
}
