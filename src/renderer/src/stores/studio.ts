/**
 * The studio's shared state (Pinia): the open project, its datasets, tasks and runs, the
 * live epochs of training runs, and which view is shown. Views load what only they need.
 *
 * The main process is the truth: at start (and after a reconnect) the page asks it for the
 * session (`session.state`: project, UI state, runs in flight with their pause state), and
 * every event — from this page or another tab — updates the page. The view and dataset
 * live in the URL (`#/train?dataset=3`, see route.ts) and are recorded on the server, so a
 * reload, a second tab or a restarted server shows the same place.
 *
 * The store is composed of one module per domain, each given what it reads of the others:
 * training.ts (runs, live epochs and Auto progress, the `training.*` events), notices.ts
 * (the status bar), datasetList.ts and datasetRereads.ts (the datasets), route.ts (the URL).
 * The views see one store, `useStudio()`.
 */
import { defineStore } from 'pinia';
import { computed, ref, watch } from 'vue';
import type {
  AppInfo,
  ProjectRecovery,
  ProjectSummary,
  RecentProject,
  SessionSnapshot,
  TableState,
  TaskOverview,
  TrainDraft,
  UiState,
} from '@shared/contract';
import type { DatasetInfo } from '@shared/domain';
import { api, ApiError, type ConnectionState } from '../api';
import { i18n } from '../i18n';
import { createDatasetList } from './datasetList';
import { datasetRereads } from './datasetRereads';
import { createNotices, UPGRADE_NOTICE } from './notices';
import { formatRoute, isView, parseRoute, type ViewName } from './route';
import { createTraining } from './training';

/** Delay (ms) before the view and dataset shown are recorded on the server. */
const UI_SAVE_DELAY_MS = 300;

/** The store of the studio. */
export const useStudio = defineStore('studio', () => {
  const view = ref<ViewName>('projects');
  /** Views picked in the navigation: one picked while the page loads wins over the restored one. */
  let viewPicks = 0;
  const info = ref<AppInfo | null>(null);
  const connection = ref<ConnectionState>('connected');
  /** True once the first connection is up (the banner waits for it). */
  let connectedOnce = false;
  const connected = computed(() => connection.value === 'connected');
  const project = ref<ProjectSummary | null>(null);
  const recent = ref<RecentProject[]>([]);
  /**
   * The project the server could not reopen at its start, and why (SessionSnapshot
   * .reopenFailure): shown on the Projects view until a project is open.
   */
  const reopenFailure = ref<SessionSnapshot['reopenFailure']>(null);
  const datasets = ref<DatasetInfo[]>([]);
  /**
   * Every write of `datasets` goes through it: an unchanged dataset (same contentVersion)
   * keeps its object, and the newest read wins per dataset (datasetList.ts).
   */
  const datasetList = createDatasetList({
    get: () => datasets.value,
    set: (next) => (datasets.value = next),
  });
  const datasetId = ref<number | null>(null);
  const tasks = ref<TaskOverview[]>([]);
  /** The open project's UI state as the server keeps it (tables, Train form drafts). */
  const ui = ref<UiState | null>(null);
  /** Bumped when splits change (in any tab): views showing splits reload them. */
  const splitsVersion = ref(0);
  /**
   * Bumped on each `projects.changedElsewhere` (another program wrote the file): a run
   * another process trains (RunInfo.trainedElsewhere) rereads its stored epochs on it.
   */
  const elsewhereVersion = ref(0);

  const dataset = computed(() => datasets.value.find((d) => d.id === datasetId.value) ?? null);
  /** The selected dataset's runs and what is heard live of them (training.ts). */
  const training = createTraining({ datasetId, splitsVersion, readForSelected, inBackground });
  const { runs, pausedRuns, refreshRuns } = training.forViews;

  /** The status bar's notices and the open project's upgrade notice (notices.ts). */
  const notices = createNotices({ view, project });
  const { notice, notify, notifyError, dismissNotice } = notices.forViews;

  /**
   * Runs a reload an event asked for, showing its failure in the status bar: one that fails
   * must not become an uncaught error; one lost with the connection is not shown.
   */
  function inBackground(reload: () => Promise<void>): void {
    reload().catch((err: unknown) => {
      // Lost with the connection (the server stopping): the top bar says so, and the
      // reconnection reads everything again (resync).
      if (connection.value !== 'connected') return;
      notifyError(err, { warning: true });
    });
  }

  /** Connects the event listeners and loads what the first screen shows. */
  async function init(): Promise<void> {
    const client = api();
    client.onConnection((state) => {
      const was = connection.value;
      if (state === 'connected') {
        if (connectedOnce && was !== 'connected') void resync();
        connectedOnce = true;
      }
      // Before the first connection the page is loading, not "disconnected" (unless the
      // server never answers, or refuses the page).
      if (connectedOnce || state === 'refused' || state === 'unreachable') {
        connection.value = state;
      }
    });
    training.followTrainingEvents(client);
    client.on('splits.changed', () => splitsVersion.value++);
    // A project double-clicked in the file manager (desktop app): once opened it arrives as
    // projects.changed like any other; here only the reason it could not be opened.
    client.on('projects.opened', ({ error }) => {
      if (error) notifyError(new ApiError(error), { global: true });
    });
    client.on('tasks.changed', ({ datasetId: id }) => {
      if (id === datasetId.value) inBackground(refreshTasks);
    });
    // A label action in any tab added or removed classes of the selected dataset's tasks (a
    // class added while labelling, its undo, an import adding classes): every view offering
    // the classes takes them again. From another program, projects.changedElsewhere (sent
    // with it) rereads the tasks already.
    client.on('labels.changed', ({ datasetId: id, origin, classChanges }) => {
      if (id === datasetId.value && origin === 'studio' && (classChanges?.length ?? 0) > 0) {
        inBackground(refreshTasks);
      }
    });
    client.on('datasets.changed', (change) => inBackground(() => followDatasetChange(change)));
    client.on('projects.changed', ({ project: next }) => void followProject(next));
    // A Train form stored by another tab (or this one): the views read the drafts from `ui`,
    // and an open Train view follows it (composables/trainDraftFollow.ts).
    client.on('session.changed', ({ project: path, ui: state }) => {
      if (path === project.value?.path) ui.value = state;
    });
    // Another program wrote the file (the CLI in a terminal): what is shown is read again,
    // once per event — the datasets (only a changed one becomes a new object, so the views
    // showing it reread their rows: a CLI training writes an epoch a second and changes no
    // dataset), then the tasks and runs of the one selected.
    client.on('projects.changedElsewhere', ({ project: summary }) => {
      if (summary.path !== project.value?.path) return;
      project.value = summary;
      splitsVersion.value++;
      elsewhereVersion.value++;
      // A selected dataset that program deleted: refreshDatasets selects another; a read
      // meanwhile answers NOT_FOUND, dropped by readForSelected.
      inBackground(async () => {
        await refreshDatasets();
        await Promise.all([refreshTasks(), refreshRuns()]);
      });
    });
    window.addEventListener('hashchange', followUrl);
    const picks = viewPicks;
    const [appInfo, snapshot] = await Promise.all([
      client.invoke('app.info', {}),
      client.invoke('session.state', {}),
    ]);
    info.value = appInfo;
    await applySnapshot(snapshot, parseRoute(window.location.hash), picks);
    window.history.replaceState(
      null,
      '',
      formatRoute({ view: view.value, datasetId: datasetId.value }),
    );
    watch([view, datasetId], saveWhere);
  }

  /**
   * Takes the session from the server: the project, the runs in flight and their pause
   * state, and where to be — the URL's view and dataset when it names them, else the ones
   * last recorded for the project.
   * @param picks the count of views picked in the navigation when the snapshot was asked
   *   for: a view picked since then is kept.
   */
  async function applySnapshot(
    snapshot: SessionSnapshot,
    route: { view: string | null; datasetId: number | null },
    picks = viewPicks,
  ): Promise<void> {
    pausedRuns.value = new Set(snapshot.activeRuns.filter((r) => r.paused).map((r) => r.runId));
    ui.value = snapshot.project ? snapshot.ui : null;
    reopenFailure.value = snapshot.reopenFailure ?? null;
    if (!snapshot.project) {
      clearProject();
      recent.value = await api().invoke('projects.recent', {});
      view.value = 'projects';
      return;
    }
    const wanted = route.datasetId ?? snapshot.ui.datasetId;
    // A view the user picked while the project loaded wins over the restored one (Projects
    // too, the only view the navigation offers before a project is open, though it is the
    // view shown before the session arrives).
    const before = view.value;
    await adopt(snapshot.project, wanted);
    training.adoptActiveRuns(snapshot.activeRuns);
    if (view.value !== before || viewPicks !== picks) return;
    const target = route.view ?? snapshot.ui.view;
    view.value = isView(target) ? target : 'data';
  }

  /** After a reconnect: the server may have restarted, or moved on meanwhile. */
  async function resync(): Promise<void> {
    try {
      const snapshot = await api().invoke('session.state', {});
      const keep = { view: view.value, datasetId: datasetId.value };
      if (snapshot.project?.path === project.value?.path && snapshot.project) {
        ui.value = snapshot.ui;
        training.adoptActiveRuns(snapshot.activeRuns);
        project.value = snapshot.project;
        await refreshDatasets();
        await Promise.all([refreshTasks(), refreshRuns()]);
      } else {
        await applySnapshot(snapshot, keep);
      }
    } catch (err) {
      notifyError(err, { warning: true });
    }
  }

  /** Copies what can be read of the open, damaged project into a new file and opens it. */
  async function recoverProject(): Promise<ProjectRecovery> {
    if (!project.value) throw new Error('No project is open.');
    const path = project.value.path;
    const recovered = await ownSwitch(() => api().invoke('projects.recover', { path }));
    await adopt(recovered.project);
    const rows = recovered.tables.reduce((n, t) => n + t.rows, 0);
    notify(
      'info',
      i18n.global.t(
        'projects.recovered',
        {
          rows,
          path: recovered.project.path,
          damaged: recovered.tables.filter((t) => t.skipped.length > 0).length,
        },
        rows,
      ),
      { global: true },
    );
    return recovered;
  }

  /**
   * Project switches this tab asked for and not yet answered: the `projects.changed` they
   * raise (which may come before the answer) is this tab's own, not told as another tab's.
   */
  let ownSwitches = 0;
  /** Runs a request that opens, creates or closes a project, counted in {@link ownSwitches}. */
  async function ownSwitch<T>(request: () => Promise<T>): Promise<T> {
    ownSwitches++;
    try {
      return await request();
    } finally {
      // After the events already sent with the answer have been heard.
      setTimeout(() => ownSwitches--, 0);
    }
  }

  /** Another tab opened, created or closed a project: follow it, and say so. */
  async function followProject(next: ProjectSummary | null): Promise<void> {
    if (next?.path === project.value?.path) {
      if (next) project.value = next;
      return;
    }
    // Where this tab was, for the notice and its way back: the server holds one project for
    // every tab (DESIGN.md), so a switch made elsewhere cannot be refused here, but it must
    // not pass silently (a new user labelling in one tab found it on another project's Data
    // view after creating a project in a second tab). This tab's own switch is not told.
    const was = ownSwitches === 0 && project.value ? { ...project.value } : null;
    const wasView = view.value;
    const wasDataset = datasetId.value;
    try {
      await applySnapshot(await api().invoke('session.state', {}), {
        view: next ? 'data' : 'projects',
        datasetId: null,
      });
    } catch (err) {
      notifyError(err, { warning: true });
      return;
    }
    if (was) tellSwitchedElsewhere(was, next, wasView, wasDataset);
  }

  /**
   * Says in the status bar (on every view, until dismissed) that another tab or window
   * opened `next` (null: closed the project) in place of `was`, and offers to open `was`
   * again on the view and dataset this tab showed.
   */
  function tellSwitchedElsewhere(
    was: ProjectSummary,
    next: ProjectSummary | null,
    wasView: ViewName,
    wasDataset: number | null,
  ): void {
    const where = { key: `nav.${wasView}` };
    notify(
      'warning',
      [
        next
          ? { key: 'projects.switchedElsewhere', params: { name: next.name, previous: was.name } }
          : { key: 'projects.closedElsewhere', params: { previous: was.name } },
        { key: 'projects.youWereOn', params: { view: where } },
      ],
      {
        global: true,
        seconds: null,
        action: {
          label: { key: 'projects.switchBack', params: { previous: was.name } },
          run: async () => {
            await openProject(was.path);
            if (wasDataset !== null && datasets.value.some((d) => d.id === wasDataset)) {
              await selectDataset(wasDataset);
            }
            if (wasView !== 'projects') pickView(wasView);
          },
        },
      },
    );
  }

  /**
   * Shows a view the user picked in the navigation (a view that needs a project only with
   * one open); picked while the page loads, it stays once the session arrives.
   */
  function pickView(next: ViewName): void {
    if (next !== 'projects' && !project.value) return;
    viewPicks++;
    view.value = next;
  }

  /** Back / forward, or a link: show the view and dataset of the URL. */
  function followUrl(): void {
    const route = parseRoute(window.location.hash);
    if (isView(route.view) && (route.view === 'projects' || project.value)) view.value = route.view;
    if (route.datasetId !== null && route.datasetId !== datasetId.value) {
      const id = route.datasetId;
      if (datasets.value.some((d) => d.id === id)) inBackground(() => selectDataset(id));
    }
  }

  let saveTimer: ReturnType<typeof setTimeout> | undefined;
  /** Puts the view and dataset into the URL at once, and on the server a moment later. */
  function saveWhere(): void {
    const hash = formatRoute({ view: view.value, datasetId: datasetId.value });
    if (window.location.hash !== hash) window.history.pushState(null, '', hash);
    if (!project.value) return;
    clearTimeout(saveTimer);
    saveTimer = setTimeout(() => {
      if (!project.value) return;
      const where =
        view.value === 'projects'
          ? { datasetId: datasetId.value }
          : { view: view.value, datasetId: datasetId.value };
      api()
        .invoke('session.update', where)
        .then((state) => (ui.value = state))
        .catch(() => undefined);
    }, UI_SAVE_DELAY_MS);
  }

  function clearProject(): void {
    project.value = null;
    datasetList.clear();
    datasetId.value = null;
    tasks.value = [];
    training.clearRuns();
    ui.value = null;
  }

  async function adopt(
    summary: ProjectSummary,
    wantedDataset: number | null = null,
  ): Promise<void> {
    const same = project.value?.path === summary.path;
    project.value = summary;
    if (!same) {
      // A notice about the project itself (upgraded, damaged) was about the one closed.
      if (notice.value?.view === null) dismissNotice();
      datasetId.value = null;
      tasks.value = [];
      training.clearRuns();
      // A damaged file (open read-only) says so, and what the check found, until dismissed.
      if (summary.damage) notifyError(new ApiError(summary.damage), { global: true });
      else if (summary.migration && !notices.upgradeDismissed(summary)) {
        const { fromVersion: from, toVersion: to, backup } = summary.migration;
        notify('info', i18n.global.t('projects.migrated', { from, to, backup }), {
          global: true,
          source: UPGRADE_NOTICE,
        });
      }
    }
    // A damaged file may not even list its datasets; it still opens, to be recovered.
    await datasetList.reload(
      () =>
        api()
          .invoke('datasets.list', {})
          .catch((err: unknown) => {
            if (summary.damage) return [];
            throw err;
          }),
      { reset: !same },
    );
    const chosen =
      datasets.value.find((d) => d.id === wantedDataset)?.id ??
      (datasets.value.some((d) => d.id === datasetId.value)
        ? datasetId.value
        : (datasets.value.at(-1)?.id ?? null));
    await selectDataset(chosen);
    recent.value = await api().invoke('projects.recent', {});
  }

  /** Opens a project file and loads its datasets. */
  async function openProject(path: string): Promise<void> {
    const summary = await ownSwitch(() => api().invoke('projects.open', { path }));
    const snapshot = await api().invoke('session.state', {});
    ui.value = snapshot.ui;
    await adopt(summary, snapshot.ui.datasetId);
    view.value = 'data';
  }

  /** Creates a project file and opens it. */
  async function createProject(path: string, name?: string): Promise<void> {
    const summary = await ownSwitch(() =>
      api().invoke('projects.create', { path, name: name || undefined }),
    );
    ui.value = (await api().invoke('session.state', {})).ui;
    await adopt(summary);
    view.value = 'data';
  }

  /** Closes the project (runs in flight are stored as interrupted). */
  async function closeProject(): Promise<void> {
    await ownSwitch(() => api().invoke('projects.close', {}));
    clearProject();
    recent.value = await api().invoke('projects.recent', {});
    view.value = 'projects';
  }

  /**
   * Reloads the datasets (an unchanged one keeps its object, see datasetList.ts); keeps the
   * selection when it still exists, else picks the last.
   */
  async function refreshDatasets(): Promise<void> {
    if (!project.value) return;
    await datasetList.reload(() => api().invoke('datasets.list', {}));
    if (!datasets.value.some((d) => d.id === datasetId.value)) {
      await selectDataset(datasets.value.at(-1)?.id ?? null);
    }
  }

  /**
   * Follows a `datasets.changed` event: the dataset read again alone and replaced in the
   * list (a new object, so the views showing it reread their rows), or the list reloaded
   * for a new or deleted one; one read at a time per project and dataset (datasetRereads),
   * and neither a late list answer nor a late single read puts back an older dataset
   * (datasetList.ts).
   */
  const followDatasetChange = datasetRereads({
    projectPath: () => project.value?.path,
    listed: (id) => datasets.value.some((d) => d.id === id),
    read: (id) => datasetList.read(() => api().invoke('datasets.get', { datasetId: id })),
    replace: (dataset) => datasetList.replace(dataset),
    reloadList: () => refreshDatasets(),
    isNotFound: (err) => err instanceof ApiError && err.code === 'NOT_FOUND',
  });

  /** Selects a dataset and loads its tasks and runs. */
  async function selectDataset(id: number | null): Promise<void> {
    datasetId.value = id;
    tasks.value = [];
    runs.value = [];
    if (id !== null) await Promise.all([refreshTasks(), refreshRuns()]);
  }

  /**
   * Reads a list of the selected dataset and keeps it only while that dataset stays selected.
   * A failure is dropped silently when the dataset is no longer the selected one or is gone
   * (NOT_FOUND: deleted by another page or program; its datasets.changed event reloads the
   * list); any other failure is thrown.
   */
  async function readForSelected<T>(
    read: (id: number) => Promise<T[]>,
    keep: (list: T[]) => void,
  ): Promise<void> {
    const id = datasetId.value;
    let list: T[];
    try {
      list = id === null ? [] : await read(id);
    } catch (err) {
      if (id !== datasetId.value || (err instanceof ApiError && err.code === 'NOT_FOUND')) return;
      throw err;
    }
    if (id === datasetId.value) keep(list);
  }

  /** Reloads the tasks of the selected dataset (see readForSelected for failures). */
  async function refreshTasks(): Promise<void> {
    await readForSelected(
      (id) => api().invoke('tasks.list', { datasetId: id }),
      (list) => (tasks.value = list),
    );
  }

  /** The table state of a dataset as last left (null: never set up). */
  function tableState(id: number): TableState | null {
    return ui.value?.tables[String(id)] ?? null;
  }

  /** Records a dataset's table state on the server (null: back to the defaults). */
  async function saveTableState(id: number, state: TableState | null): Promise<void> {
    if (!project.value) return;
    ui.value = await api().invoke('session.update', { table: { datasetId: id, state } });
  }

  /** The Train form as last left for a dataset, or null. */
  function trainDraft(id: number): TrainDraft | null {
    return ui.value?.drafts[String(id)] ?? null;
  }

  /** Records the Train form of a dataset on the server. */
  async function saveTrainDraft(id: number, draft: TrainDraft | null): Promise<void> {
    if (!project.value) return;
    ui.value = await api().invoke('session.update', { draft: { datasetId: id, draft } });
  }

  return {
    ...training.forViews,
    ...notices.forViews,
    pickView,
    view,
    info,
    connection,
    connected,
    project,
    recent,
    reopenFailure,
    datasets,
    datasetId,
    dataset,
    tasks,
    splitsVersion,
    elsewhereVersion,
    ui,
    init,
    openProject,
    createProject,
    recoverProject,
    closeProject,
    refreshDatasets,
    selectDataset,
    refreshTasks,
    tableState,
    saveTableState,
    trainDraft,
    saveTrainDraft,
  };
});
