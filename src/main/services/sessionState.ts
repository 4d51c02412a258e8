/**
 * The session's UI state, kept in the studio's state folder (`session.json`, next to the
 * recent-projects list): which project was open when the studio stopped, and per project
 * the view and dataset last shown and each dataset's table state.
 *
 * Why a state folder and not the project file: this is one user's view of a project on
 * one machine (like an editor's workspace state), it changes on every click (a sort, a
 * filter), and writing it into the `.mtlproj` file would touch the user's data file — and
 * its backups and modification time — merely by looking at it.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  tableStateSchema,
  trainDraftSchema,
  viewName,
  type TableState,
  type TrainDraft,
  type UiState,
} from '../../shared/contract';

/** Projects whose UI state is remembered (the least recently used are forgotten). */
export const MAX_REMEMBERED_PROJECTS = 30;
/** Writes are gathered for this long (ms), so a burst of clicks writes the file once. */
export const STATE_WRITE_DELAY_MS = 200;

/** The view shown for a project never opened before. */
export const DEFAULT_VIEW = 'data';

interface StoredProject extends UiState {
  /** ISO-8601 time of the last change (to forget the oldest). */
  touchedAt: string;
}

interface StoredState {
  /** Project open when the studio last stopped (reopened on start), or null. */
  lastOpen: string | null;
  projects: Record<string, StoredProject>;
}

/** A fresh UI state: the Data view, no dataset, no table state. */
export function defaultUiState(): UiState {
  return { view: DEFAULT_VIEW, datasetId: null, tables: {}, drafts: {} };
}

/** The entries of a stored map keyed by dataset id that pass `schema`. */
function readPerDataset<T>(
  value: unknown,
  schema: { safeParse(v: unknown): { success: true; data: T } | { success: false } },
): Record<string, T> {
  const out: Record<string, T> = {};
  if (typeof value !== 'object' || value === null) return out;
  for (const [key, entry] of Object.entries(value)) {
    const parsed = schema.safeParse(entry);
    if (/^\d+$/.test(key) && parsed.success) out[key] = parsed.data;
  }
  return out;
}

/** Reads a stored project entry, dropping whatever does not validate (a damaged file). */
function readProject(value: unknown): StoredProject | null {
  if (typeof value !== 'object' || value === null) return null;
  const v = value as Record<string, unknown>;
  return {
    view: viewName.safeParse(v.view).success ? (v.view as string) : DEFAULT_VIEW,
    datasetId:
      typeof v.datasetId === 'number' && Number.isSafeInteger(v.datasetId) && v.datasetId > 0
        ? v.datasetId
        : null,
    tables: readPerDataset<TableState>(v.tables, tableStateSchema),
    drafts: readPerDataset<TrainDraft>(v.drafts, trainDraftSchema),
    touchedAt: typeof v.touchedAt === 'string' ? v.touchedAt : new Date(0).toISOString(),
  };
}

/**
 * `session.json` of a state folder. Reads once, then keeps the state in memory; changes are
 * written after {@link STATE_WRITE_DELAY_MS} (atomically: a temporary file renamed over the
 * old one), and at once by {@link flush}. A missing or damaged file is an empty state,
 * never an error for the user.
 */
export class SessionStateFile {
  private readonly file: string;
  private state: StoredState | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private writing: Promise<void> = Promise.resolve();

  /** @param stateDir folder of the file (created on first write). */
  constructor(private readonly stateDir: string) {
    this.file = join(stateDir, 'session.json');
  }

  /** The project that was open when the studio stopped, or null. */
  async lastOpen(): Promise<string | null> {
    return (await this.load()).lastOpen;
  }

  /** Records the open project (null: none), to reopen it on the next start. */
  async setLastOpen(path: string | null): Promise<void> {
    (await this.load()).lastOpen = path;
    this.schedule();
  }

  /** The UI state of a project (defaults for a project never seen). */
  async forProject(path: string): Promise<UiState> {
    const entry = (await this.load()).projects[path];
    if (!entry) return defaultUiState();
    const { touchedAt: _touchedAt, ...ui } = entry;
    return structuredClone(ui);
  }

  /**
   * Changes the UI state of a project: the view, the dataset, one dataset's table or Train
   * form (null forgets it).
   * @returns the project's UI state after the change.
   */
  async update(
    path: string,
    patch: {
      view?: string;
      datasetId?: number | null;
      table?: { datasetId: number; state: TableState | null };
      draft?: { datasetId: number; draft: TrainDraft | null };
    },
  ): Promise<UiState> {
    const state = await this.load();
    const entry = state.projects[path] ?? { ...defaultUiState(), touchedAt: '' };
    if (patch.view !== undefined) entry.view = patch.view;
    if (patch.datasetId !== undefined) entry.datasetId = patch.datasetId;
    if (patch.table) {
      const key = String(patch.table.datasetId);
      if (patch.table.state === null) delete entry.tables[key];
      else entry.tables[key] = structuredClone(patch.table.state);
    }
    if (patch.draft) {
      const key = String(patch.draft.datasetId);
      if (patch.draft.draft === null) delete entry.drafts[key];
      else entry.drafts[key] = structuredClone(patch.draft.draft);
    }
    entry.touchedAt = new Date().toISOString();
    state.projects[path] = entry;
    this.forgetOldest(state);
    this.schedule();
    return this.forProject(path);
  }

  /** Forgets what is remembered about one dataset (it was deleted). */
  async forgetDataset(path: string, datasetId: number): Promise<void> {
    const entry = (await this.load()).projects[path];
    if (!entry) return;
    delete entry.tables[String(datasetId)];
    delete entry.drafts[String(datasetId)];
    if (entry.datasetId === datasetId) entry.datasetId = null;
    this.schedule();
  }

  /** Writes pending changes now. */
  async flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
      this.writing = this.writing.then(() => this.write());
    }
    await this.writing;
  }

  private forgetOldest(state: StoredState): void {
    const paths = Object.keys(state.projects);
    if (paths.length <= MAX_REMEMBERED_PROJECTS) return;
    paths
      .sort((a, b) => state.projects[a].touchedAt.localeCompare(state.projects[b].touchedAt))
      .slice(0, paths.length - MAX_REMEMBERED_PROJECTS)
      .forEach((p) => delete state.projects[p]);
  }

  private schedule(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.writing = this.writing.then(() => this.write());
    }, STATE_WRITE_DELAY_MS);
  }

  private async write(): Promise<void> {
    if (!this.state) return;
    try {
      await mkdir(this.stateDir, { recursive: true });
      const tmp = `${this.file}.tmp-${process.pid}`;
      await writeFile(tmp, JSON.stringify(this.state));
      await rename(tmp, this.file);
    } catch (err) {
      // The UI state is a convenience: losing it must never break the studio.
      console.error(`Could not save the studio's UI state to ${this.file}:`, err);
    }
  }

  private async load(): Promise<StoredState> {
    if (this.state) return this.state;
    let loaded: StoredState = { lastOpen: null, projects: {} };
    try {
      const parsed = JSON.parse(await readFile(this.file, 'utf8')) as Record<string, unknown>;
      const projects: Record<string, StoredProject> = {};
      if (typeof parsed.projects === 'object' && parsed.projects !== null) {
        for (const [path, value] of Object.entries(parsed.projects)) {
          const entry = readProject(value);
          if (entry) projects[path] = entry;
        }
      }
      loaded = {
        lastOpen: typeof parsed.lastOpen === 'string' ? parsed.lastOpen : null,
        projects,
      };
    } catch {
      // Missing or damaged: start empty.
    }
    // Another call may have loaded meanwhile: keep the first state.
    this.state ??= loaded;
    return this.state;
  }
}
