/**
 * The watch on the open project's file for writes by other connections
 * (`mtl-studio labels import` in a terminal, another studio on the same file): SQLite's
 * `PRAGMA data_version` changes exactly then, never for this connection's own writes (nor
 * for the sort indexes the store builds on its second connection: ProjectStore.outsideVersion).
 * The same tick looks for runs whose training process is gone (another studio, or
 * `mtl-studio train` killed in a terminal): store/trainingOwners.ts's check on open, run
 * again while the project stays open, so such a run turns interrupted without a re-open.
 * When such a write added label batches (`mtl-studio labels import`, another studio's edits),
 * they are told as `labels.changed` (origin 'elsewhere') too — one event per dataset and
 * check, carrying every batch and change of the burst (a CLI writing a hundred batches in a
 * second sends one event, not a hundred) — so the Label view and its "labels changed since
 * run" notice follow them as they follow an edit in another tab, from the event alone.
 * One reason to change: how other programs' work on the file is noticed and told to the pages.
 */
import type {
  EventChannel,
  EventOf,
  LabelBatchTold,
  LabelsChangedEvent,
  ProjectSummary,
} from '../../shared/contract';
import type { StoredLabelBatch } from '../store/labels';
import type { ProjectStore } from '../store/projectStore';
import { labelsChangedElsewhere } from './labelEdits';

/**
 * How often the open project's file is checked for writes by other programs (ms): one
 * `PRAGMA data_version` per check (≈ 0.1 ms of CPU: 0.01 % of a core at 1 s).
 */
export const EXTERNAL_CHANGE_POLL_MS = 1000;

/** What a watch needs of its session. */
export interface ExternalChangeHost {
  /** Tells every page (`projects.changedElsewhere`; `training.changed` per run interrupted). */
  emit<E extends EventChannel>(channel: E, payload: EventOf<E>): void;
  /** The open project's summary, or null when none is open. */
  currentProject(): Promise<ProjectSummary | null>;
}

/**
 * Checks one open store's file for commits by other connections: on a timer every
 * `pollMs` (unref'd: it keeps no process alive; null: no timer, checks only through
 * {@link ExternalChangeWatch.check}) until {@link ExternalChangeWatch.stop}.
 */
export class ExternalChangeWatch {
  private readonly timer: NodeJS.Timeout | null;
  /** The data_version last seen; null: no baseline yet (the next check takes it). */
  private version: number | null = null;
  /**
   * The newest label batch of each dataset as last seen (absent: none); null: not read yet
   * (the next check that reads it takes it as its baseline).
   */
  private labelBatches: Map<number, number> | null = null;
  /**
   * Every task's classes (dataset id → task name → classes) as read just before
   * {@link labelBatches}; null: not read (the classes a burst changed are then not told).
   */
  private classes: Map<number, Map<string, string[]>> | null = null;
  /**
   * The check running, if any: one at a time (one queued behind a long transaction skips
   * the ticks meanwhile; a direct call meanwhile gets the running one).
   */
  private running: Promise<void> | null = null;
  private stopped = false;

  constructor(
    readonly store: ProjectStore,
    private readonly host: ExternalChangeHost,
    pollMs: number | null,
  ) {
    this.timer = pollMs === null ? null : setInterval(() => void this.check(), pollMs);
    this.timer?.unref();
    // The baseline: the file as it is when opened.
    void this.check();
  }

  /** Stops the watch (the store closed or another opened): no check emits any more. */
  stop(): void {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
  }

  /**
   * One check of the file. Without a baseline (the first check, or every earlier read
   * failed) it takes the version and emits nothing. Otherwise, when another program
   * committed since the last check, tells every page with one `projects.changedElsewhere`
   * (a page reads its lists again: datasets, tasks, runs, splits); several commits between
   * two checks make one event. It is followed by one `labels.changed` (origin 'elsewhere') per
   * dataset those commits added label batches to, carrying them all (oldest first), their
   * changes, the classes they changed and the tasks, Recent edits and stacks after them
   * (labelEdits.ts labelsChangedElsewhere). A check failing (locked,
   * damaged, closed) is dropped and the next one retries; a check still running when the
   * watch is stopped emits nothing; one called while another runs returns that one's promise.
   *
   * Each check also marks interrupted the queued or running runs (and cross-validations)
   * whose owner process on this machine is gone (TrainingStore.interruptOrphanedRuns; the
   * session's own runs are never touched: their owner is this process), and sends one
   * `training.changed` per run so marked. A read-only project is not written.
   */
  check(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    this.running ??= this.checkOnce().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async checkOnce(): Promise<void> {
    await this.interruptOrphans();
    try {
      const version = await this.store.outsideVersion();
      if (version === this.version || this.stopped) return;
      if (this.version === null) {
        this.version = version;
        this.classes = await this.readClasses();
        this.labelBatches = await this.readLabelBatches();
        return;
      }
      // Read before the batches: a class a batch counted here created is in `classes` only
      // if that batch committed before this read (then its diff is empty, not told twice).
      const classes = await this.readClasses();
      const labels = await this.labelBatchesElsewhere();
      const told: LabelsChangedEvent[] = [];
      for (const [datasetId, batches] of groupByDataset(labels.found)) {
        const before = this.classes === null ? null : (this.classes.get(datasetId) ?? new Map());
        told.push({
          datasetId,
          origin: 'elsewhere',
          batches: batches.map((b) => ({
            batch: b.batch,
            kind: kindOfBatch(b),
            reverts: b.reverts,
            cells: b.cells,
          })),
          ...(await labelsChangedElsewhere(this.store, datasetId, batches, before)),
        });
      }
      const project = await this.host.currentProject();
      if (this.stopped || !project) return;
      this.version = version;
      this.labelBatches = labels.newest ?? this.labelBatches;
      if (labels.newest !== null) this.classes = classes;
      this.host.emit('projects.changedElsewhere', { project });
      for (const event of told) this.host.emit('labels.changed', event);
    } catch {
      // Locked, damaged or closed meanwhile: the next check tries again (or the watch ended).
    }
  }

  /** Every task's classes, or null when they cannot be read (damaged, locked). */
  private async readClasses(): Promise<Map<number, Map<string, string[]>> | null> {
    try {
      return await this.store.tasks.classesOfAll();
    } catch {
      return null;
    }
  }

  /** The newest label batch of each dataset, or null when it cannot be read (damaged, locked). */
  private async readLabelBatches(): Promise<Map<number, number> | null> {
    try {
      return await this.store.labels.lastBatches();
    } catch {
      return null;
    }
  }

  /**
   * The label batches other programs committed since the last look (`found`, oldest first
   * per dataset; the session's own, which `store.labels.wrote` knows, left out: their pages
   * heard them when written), and the newest batch of each dataset now (`newest`, to take as
   * seen). Nothing found when the batches cannot be read (`newest` null) or had no baseline
   * yet (this read becomes it).
   */
  private async labelBatchesElsewhere(): Promise<{
    found: StoredLabelBatch[];
    newest: Map<number, number> | null;
  }> {
    const seen = this.labelBatches;
    const newest = await this.readLabelBatches();
    const found: StoredLabelBatch[] = [];
    if (seen !== null && newest !== null) {
      for (const [datasetId, last] of newest) {
        const before = seen.get(datasetId) ?? 0;
        if (last <= before) continue;
        const batches = await this.store.labels.batchesAfter(datasetId, before);
        found.push(...batches.filter((b) => !this.store.labels.wrote(b.batch)));
      }
    }
    return { found, newest };
  }

  /** Marks the runs of dead owners interrupted and tells the pages of each one. */
  private async interruptOrphans(): Promise<void> {
    if (this.stopped || this.store.readOnly !== null) return;
    try {
      const ids = await this.store.training.interruptOrphanedRuns();
      for (const runId of ids) {
        const run = await this.store.training.getRun(runId);
        if (this.stopped) return;
        this.host.emit('training.changed', { datasetId: run.datasetId, runId });
      }
    } catch {
      // Locked (the owner or another studio is writing), damaged or closed: the next check retries.
    }
  }
}

/** Batches by dataset, each dataset's in the order given (oldest first). */
function groupByDataset(batches: readonly StoredLabelBatch[]): Map<number, StoredLabelBatch[]> {
  const out = new Map<number, StoredLabelBatch[]>();
  for (const b of batches) {
    const list = out.get(b.datasetId);
    if (list) list.push(b);
    else out.set(b.datasetId, [b]);
  }
  return out;
}

/** What kind of label action a stored batch was, as `labels.changed` names it. */
function kindOfBatch(b: StoredLabelBatch): LabelBatchTold['kind'] {
  if (b.action !== 'edit') return b.action;
  if (b.cells === 0) return 'addClass';
  return b.source === 'import' ? 'import' : 'set';
}
