/**
 * The studio's shared state (Pinia): the open project, its datasets, tasks and runs, the
 * live epochs of training runs, and which view is shown. Views load what only they need.
 */
import { defineStore } from 'pinia';
import { computed, ref, shallowRef, triggerRef } from 'vue';
import type {
  AppInfo,
  EngineOptions,
  ProjectSummary,
  RecentProject,
  TaskOverview,
} from '@shared/contract';
import type { DatasetInfo, EpochRecord, RunInfo } from '@shared/domain';
import { api } from '../api';
import { createThrottle, EPOCH_FLUSH_MS, insertEpoch, mergeEpochs } from './epochBuffer';

/** The views of the left navigation, in order. */
export const VIEWS = [
  'projects',
  'data',
  'tasks',
  'labels',
  'train',
  'compare',
  'predict',
  'export',
] as const;
/** A view of the left navigation. */
export type ViewName = (typeof VIEWS)[number];

/** Message in the status bar (the latest error or success of an action). */
export interface Notice {
  kind: 'info' | 'error';
  text: string;
  /** For errors: what was thrown (an ApiError carries a code the UI translates). */
  error?: unknown;
}

/** The store of the studio. */
export const useStudio = defineStore('studio', () => {
  const view = ref<ViewName>('projects');
  const info = ref<AppInfo | null>(null);
  const connected = ref(true);
  const project = ref<ProjectSummary | null>(null);
  const recent = ref<RecentProject[]>([]);
  const datasets = ref<DatasetInfo[]>([]);
  const datasetId = ref<number | null>(null);
  const tasks = ref<TaskOverview[]>([]);
  const runs = ref<RunInfo[]>([]);
  /**
   * Epochs received live per run id (complemented by `training.epochs` on demand). A
   * shallowRef: records are pushed into the arrays in place, and the ref is triggered at
   * most every EPOCH_FLUSH_MS, so a fast run does not redraw the charts on every epoch.
   */
  const liveEpochs = shallowRef(new Map<number, EpochRecord[]>());
  /** Number of `training.epoch` events received, as of the latest flush. */
  const epochEvents = ref(0);
  let epochEventsReceived = 0;
  const epochFlush = createThrottle(() => {
    epochEvents.value = epochEventsReceived;
    triggerRef(liveEpochs);
  }, EPOCH_FLUSH_MS);
  const engine = ref<EngineOptions | null>(null);
  const notice = ref<Notice | null>(null);
  let noticeCount = 0;

  const dataset = computed(() => datasets.value.find((d) => d.id === datasetId.value) ?? null);
  const runningRuns = computed(() => runs.value.filter((r) => r.status === 'running'));
  /** Ids of running runs that are paused (a paused run stays 'running' in the store). */
  const pausedRuns = ref(new Set<number>());

  /**
   * Shows a message in the status bar.
   * @param text the message; for errors, what was thrown may come in `error`.
   */
  function notify(kind: Notice['kind'], text: string, error?: unknown): void {
    const id = ++noticeCount;
    notice.value = { kind, text, error };
    // Information fades after a few seconds; errors stay until dismissed.
    if (kind === 'info') {
      setTimeout(() => {
        if (noticeCount === id) notice.value = null;
      }, 5000);
    }
  }

  /** Shows an error in the status bar, translated by its code (see ErrorText.vue). */
  function notifyError(error: unknown): void {
    notify('error', error instanceof Error ? error.message : String(error), error);
  }

  /** The live epochs of a run (read through `liveEpochs`, so views follow its flushes). */
  function epochsOf(runId: number): readonly EpochRecord[] {
    return liveEpochs.value.get(runId) ?? [];
  }

  /** Completes a run's live epochs with those stored in the project, and redraws. */
  function mergeStoredEpochs(runId: number, stored: EpochRecord[]): void {
    liveEpochs.value.set(runId, mergeEpochs(stored, liveEpochs.value.get(runId) ?? []));
    epochFlush.flushNow();
  }

  /** Adds or replaces a run of the selected dataset. */
  function upsertRun(run: RunInfo): void {
    const at = runs.value.findIndex((r) => r.id === run.id);
    if (at >= 0) runs.value.splice(at, 1, run);
    else if (run.datasetId === datasetId.value) runs.value.push(run);
  }

  /** Connects the event listeners and loads what the first screen shows. */
  async function init(): Promise<void> {
    const client = api();
    client.onConnection((value) => (connected.value = value));
    client.on('training.epoch', ({ runId, record }) => {
      // Cheap: a push into a non-reactive array; the views hear of it at the next flush.
      let list = liveEpochs.value.get(runId);
      if (!list) liveEpochs.value.set(runId, (list = []));
      insertEpoch(list, record);
      epochEventsReceived++;
      epochFlush.schedule();
    });
    client.on('training.backend', ({ runId, backend }) => {
      const run = runs.value.find((r) => r.id === runId);
      if (run) upsertRun({ ...run, backend });
    });
    client.on('training.paused', ({ runId, paused }) => {
      const next = new Set(pausedRuns.value);
      if (paused) next.add(runId);
      else next.delete(runId);
      pausedRuns.value = next;
    });
    client.on('training.finished', ({ run }) => {
      epochFlush.flushNow();
      upsertRun(run);
    });
    client.on('training.failed', () => {
      epochFlush.flushNow();
      void refreshRuns();
    });
    const [appInfo, current] = await Promise.all([
      client.invoke('app.info', {}),
      client.invoke('projects.current', {}),
    ]);
    info.value = appInfo;
    if (current) await adopt(current);
    else recent.value = await client.invoke('projects.recent', {});
  }

  async function adopt(summary: ProjectSummary): Promise<void> {
    project.value = summary;
    datasetId.value = null;
    tasks.value = [];
    runs.value = [];
    liveEpochs.value = new Map();
    await refreshDatasets();
    recent.value = await api().invoke('projects.recent', {});
  }

  /** Opens a project file and loads its datasets. */
  async function openProject(path: string): Promise<void> {
    await adopt(await api().invoke('projects.open', { path }));
    view.value = 'data';
  }

  /** Creates a project file and opens it. */
  async function createProject(path: string, name?: string): Promise<void> {
    await adopt(await api().invoke('projects.create', { path, name: name || undefined }));
    view.value = 'data';
  }

  /** Closes the project (cancelling imports and runs in flight). */
  async function closeProject(): Promise<void> {
    await api().invoke('projects.close', {});
    project.value = null;
    datasets.value = [];
    datasetId.value = null;
    tasks.value = [];
    runs.value = [];
    recent.value = await api().invoke('projects.recent', {});
    view.value = 'projects';
  }

  /** Reloads the datasets; keeps the selection when it still exists, else picks the last. */
  async function refreshDatasets(): Promise<void> {
    datasets.value = await api().invoke('datasets.list', {});
    if (!datasets.value.some((d) => d.id === datasetId.value)) {
      await selectDataset(datasets.value.at(-1)?.id ?? null);
    }
  }

  /** Selects a dataset and loads its tasks and runs. */
  async function selectDataset(id: number | null): Promise<void> {
    datasetId.value = id;
    tasks.value = [];
    runs.value = [];
    if (id !== null) await Promise.all([refreshTasks(), refreshRuns()]);
  }

  /** Reloads the tasks of the selected dataset. */
  async function refreshTasks(): Promise<void> {
    const id = datasetId.value;
    tasks.value = id === null ? [] : await api().invoke('tasks.list', { datasetId: id });
  }

  /** Reloads the runs of the selected dataset. */
  async function refreshRuns(): Promise<void> {
    const id = datasetId.value;
    runs.value = id === null ? [] : await api().invoke('training.runs', { datasetId: id });
  }

  /** The engine's options (architectures, weightings, configuration schema), loaded once. */
  async function engineOptions(): Promise<EngineOptions> {
    engine.value ??= await api().invoke('training.options', {});
    return engine.value;
  }

  return {
    view,
    info,
    connected,
    project,
    recent,
    datasets,
    datasetId,
    dataset,
    tasks,
    runs,
    runningRuns,
    pausedRuns,
    liveEpochs,
    epochEvents,
    engine,
    notice,
    notify,
    notifyError,
    epochsOf,
    mergeStoredEpochs,
    init,
    openProject,
    createProject,
    closeProject,
    refreshDatasets,
    selectDataset,
    refreshTasks,
    refreshRuns,
    engineOptions,
    upsertRun,
  };
});
