/**
 * The main process's implementation of the contract (src/shared/contract.ts): one handler
 * per invoke channel, written once and bound by both transports (Electron IPC in
 * src/main/index.ts, WebSocket in src/main/server). Requests arrive validated (see
 * dispatch.ts); handlers call the services and the project store.
 */
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import {
  MAX_EVENT_LABEL_CHANGES,
  type AppInfo,
  type DialogKind,
  type Handlers,
  type LabelBatchTold,
  type ProjectSummary,
} from '../../shared/contract';
import { MtlError, reasonDetails } from '../../shared/errors';
import { previewCsv } from '../data';
import { datasetDuplicateRows } from '../data/duplicateRows';
import { imageOfRow, importImagesInSession, previewImagesInSession, thumbnailUrls } from './assets';
import { cardExampleInSession } from './cardExample';
import { confusionCellRows, crossValidationCellRows } from './confusionRows';
import { engineOptions } from './engineOptions';
import { autoCrossValidates, continueRequest, labelledRows } from './crossValidation';
import { compareCrossValidations, compareRuns } from './evaluation';
import { finalModelAvailability } from './finalModel';
import type { PdfPrinter } from '../export/pdf';
import {
  backupProject,
  exportModel,
  modelExportView,
  fileThumbnails,
  predictPreview,
  savePredictions,
  withDefaultExtension,
  writeReport,
} from './exports';
import { importLabels, saveLabels } from './labelFiles';
import { labelQueue } from './labelQueue';
import { addClass, redoLabels, setLabels, undoLabels, type LabelsWrite } from './labelEdits';
import { labelHistory, labelItems, labelOrdering, labelOverview, labelRounds } from './labels';
import { estimateTaskAffinity, storedTaskAffinity } from './taskAffinity';
import { createFolder, hostPath, listFolder } from './fileBrowser';
import type { StudioSession } from './session';
import type { ProjectStore } from '../store/projectStore';
import { createSplit, describeSplit, foldSchemeLeakage, listSplits, previewSplit } from './splits';
import { createLabelTask, defineTasks } from './tasks';
import { taskCandidates, taskOverviews } from './taskWizard';

/** What differs between the desktop window and the browser mode. */
export interface Platform {
  /** Static facts about the process (mode, version, …); `nativeDialogs` is derived. */
  info: Omit<AppInfo, 'nativeDialogs'>;
  /**
   * Shows a native file dialog and answers the chosen path, or null when cancelled.
   * Absent in browser mode (the UI then asks for a server-side path).
   */
  showDialog?: (kind: DialogKind) => Promise<string | null>;
  /**
   * Prints a report's HTML to PDF with the window's own Chromium (Electron); absent in
   * browser mode, where a Chromium found on the machine prints it (export/pdf.ts).
   */
  printToPdf?: PdfPrinter;
  /** The user's home folder, where `~` and relative paths start (default: the OS's). */
  home?: string;
}

/** Request fields that name a file or folder on the machine running the studio. */
const PATH_FIELDS = ['path', 'out'] as const;

/**
 * Every handler with its request's path fields made absolute first: `~` is the user's home
 * and a relative path starts there, not in the server's working folder (services/fileBrowser.ts).
 */
function withHostPaths(home: string | undefined, handlers: Handlers): Handlers {
  const wrapped: Record<string, (request: never) => Promise<unknown>> = {};
  for (const [channel, handler] of Object.entries(handlers) as [
    string,
    (request: Record<string, unknown>) => Promise<unknown>,
  ][]) {
    wrapped[channel] = (request: never) => {
      const fields = request as Record<string, unknown>;
      const next = { ...fields };
      for (const key of PATH_FIELDS) {
        const value = fields[key];
        if (typeof value === 'string' && value !== '') next[key] = hostPath(value, home);
      }
      return handler(next);
    };
  }
  return wrapped as unknown as Handlers;
}

/**
 * Builds the handlers of every channel over one session.
 * @param session the open project and work in flight.
 * @param platform the transport's dialogs and facts.
 */
export function createHandlers(session: StudioSession, platform: Platform): Handlers {
  const store = () => session.requireStore();
  /**
   * Says that a label write, undo, redo, import or class added committed a batch, once its
   * answer is read (or that read failed): every tab's label views follow it
   * (`labels.changed`, with its changes, the classes it added or removed, the touched tasks,
   * Recent edits: the answer's — null where not read, or more changes than an event carries;
   * no stacks, each tab's are its own), and when it changed cells the Data view takes the dataset as read for the
   * answer (`datasets.changed`; without one, it reads it again).
   */
  const labelsChanged =
    (datasetId: number, kind: LabelBatchTold['kind']) =>
    ({ batch, reverts, cells, classChanges, result, dataset }: LabelsWrite): void => {
      session.emit('labels.changed', {
        datasetId,
        batches: [{ batch, kind, reverts, cells }],
        origin: 'studio',
        changes:
          result && result.changes.length <= MAX_EVENT_LABEL_CHANGES
            ? result.changes.map((c) => ({ ...c, batch }))
            : null,
        classChanges,
        tasks: result?.tasks ?? null,
        recent: result?.recent ?? null,
      });
      if (cells > 0) {
        session.emit('datasets.changed', {
          datasetId,
          deleted: false,
          ...(dataset ? { dataset } : {}),
        });
      }
    };
  return withHostPaths(platform.home, {
    'app.info': async () => ({ ...platform.info, nativeDialogs: Boolean(platform.showDialog) }),
    'dialogs.open': async ({ kind }) => {
      if (!platform.showDialog) {
        throw new MtlError(
          'BAD_REQUEST',
          'Native file dialogs are not available in browser mode; type a path on the server instead.',
        );
      }
      return { path: await platform.showDialog(kind) };
    },
    'dialogs.list': ({ kind, path }) => listFolder(kind, path, platform.home),
    'dialogs.createFolder': async ({ path }) => ({
      path: await createFolder(path, platform.home),
    }),

    'session.state': () => session.snapshot(),
    'session.update': (patch) => session.updateUi(patch),

    'projects.create': ({ path, name }) => createProject(session, path, name),
    'projects.open': ({ path }) => session.openProject(path),
    'projects.current': () => session.currentProject(),
    'projects.recent': () => session.recentProjects(),
    'projects.recover': ({ path, target }) => session.recoverProject(path, target),
    'projects.close': async () => {
      await session.closeProject();
      return null;
    },

    // Format and cell grammar (missingTokens, decimalComma) pass through as validated.
    'datasets.preview': async ({ path, ...options }) => {
      session.requireStore();
      return previewCsv(path, options);
    },
    'datasets.import': async ({ importId, path, ...options }) => {
      const dataset = await session.importDataset(importId, path, options);
      session.emit('datasets.changed', { datasetId: dataset.id, deleted: false });
      return { ...dataset, duplicateRows: await datasetDuplicateRows(store(), dataset.id) };
    },
    'datasets.cancelImport': async ({ importId }) => ({
      cancelled: session.cancelImport(importId),
    }),
    'datasets.list': () => store().datasets.list(),
    'datasets.get': ({ datasetId }) => store().datasets.get(datasetId),
    'datasets.columns': async ({ datasetId }) => (await store().datasets.get(datasetId)).columns,
    'datasets.setRole': async ({ datasetId, column, role }) => {
      await store().datasets.setColumnRole(datasetId, column, role);
      session.emit('datasets.changed', { datasetId, deleted: false });
      return (await store().datasets.get(datasetId)).columns;
    },
    'datasets.setRoles': async ({ datasetId, columns, role }) => {
      await store().datasets.setColumnRoles(datasetId, columns, role);
      session.emit('datasets.changed', { datasetId, deleted: false });
      return (await store().datasets.get(datasetId)).columns;
    },
    'datasets.setImage': async ({ datasetId, image }) => {
      await store().datasets.setPixelImage(datasetId, image);
      session.emit('datasets.changed', { datasetId, deleted: false });
      return store().datasets.get(datasetId);
    },
    'datasets.rename': async ({ datasetId, name }) => {
      await store().datasets.rename(datasetId, name);
      session.emit('datasets.changed', { datasetId, deleted: false });
      return store().datasets.get(datasetId);
    },
    'datasets.delete': async ({ datasetId }) => {
      await session.deleteDataset(datasetId);
      return null;
    },
    'datasets.rows': ({ datasetId, ...query }) => store().datasets.readRows(datasetId, query),
    'datasets.cell': ({ datasetId, rowId, column }) =>
      store().datasets.readCell(datasetId, rowId, column),

    'assets.preview': ({ importId, path, ...options }) =>
      previewImagesInSession(session, importId, path, options),
    'assets.import': ({ importId, path, ...options }) =>
      importImagesInSession(session, importId, path, options),
    'assets.cancel': async ({ importId }) => ({ cancelled: session.cancelImport(importId) }),
    'assets.thumbnails': ({ datasetId, rowIds, column }) =>
      thumbnailUrls(store(), datasetId, rowIds, column),
    'assets.image': ({ datasetId, rowId, column }) => imageOfRow(store(), datasetId, rowId, column),
    'assets.cardExample': ({ importId, count }) => cardExampleInSession(session, importId, count),
    'assets.pixelSettings': ({ datasetId, column }) =>
      store().assets.pixelSettings(datasetId, column),

    'tasks.list': ({ datasetId }) => taskOverviews(store(), datasetId),
    'tasks.candidates': ({ datasetId, columns }) => taskCandidates(store(), datasetId, columns),
    'tasks.define': async ({ datasetId, tasks }) => {
      await defineTasks(store(), datasetId, tasks);
      // Defining a task makes its column a target.
      session.emit('tasks.changed', { datasetId });
      session.emit('datasets.changed', { datasetId, deleted: false });
      return taskOverviews(store(), datasetId);
    },
    'tasks.create': async ({ datasetId, name, classes }) => {
      await createLabelTask(store(), datasetId, name, classes);
      // The dataset gained a column.
      session.emit('tasks.changed', { datasetId });
      session.emit('datasets.changed', { datasetId, deleted: false });
      return taskOverviews(store(), datasetId);
    },
    'tasks.delete': async ({ taskId }) => {
      // A run left 'running' by a process that is gone must not block the removal.
      await store().training.interruptOrphanedRuns();
      const datasetId = await store().tasks.delete(taskId);
      session.emit('tasks.changed', { datasetId });
      session.emit('datasets.changed', { datasetId, deleted: false });
      return null;
    },

    'training.options': async () => engineOptions(),
    'splits.list': ({ datasetId }) => listSplits(store(), datasetId),
    'splits.preview': ({ datasetId, ...settings }) => previewSplit(store(), datasetId, settings),
    'splits.create': async ({ datasetId, ...settings }) => {
      const split = await createSplit(store(), datasetId, settings, 'identical', {
        refuseUnscorable: true,
      });
      session.emit('splits.changed', { datasetId });
      const runs = (await store().training.listRuns(datasetId)).filter(
        (r) => r.splitId === split.id,
      );
      return { ...split, runs: runs.length };
    },
    'splits.describe': ({ splitId, task }) => describeSplit(store(), splitId, task),
    'splits.foldLeakage': ({ schemeId }) => foldSchemeLeakage(store(), schemeId),

    'training.start': ({ datasetId, tasks, config, splitId }) =>
      session.startTraining({ datasetId, tasks, config, splitId }),
    'training.cancel': async ({ runId }) => {
      const cancelled = session.cancelTraining(runId);
      if (!cancelled) await refuseElsewhere(store(), runId, 'cancel');
      return { cancelled };
    },
    'training.pause': async ({ runId, paused }) => {
      const ok = session.pauseTraining(runId, paused);
      if (!ok) await refuseElsewhere(store(), runId, paused ? 'pause' : 'resume');
      return { ok };
    },
    'training.endAutoSearch': async ({ runId }) => ({ ended: await session.endAutoSearch(runId) }),
    'training.auto': ({ datasetId, tasks, budgetSeconds, seed, brackets, base }) =>
      session.startAuto({ datasetId, tasks, budgetSeconds, seed, brackets, base }),
    'training.crossValidate': ({ datasetId, tasks, config, auto, folds, repeats }) =>
      session.startCrossValidation({
        datasetId,
        tasks,
        method: auto
          ? {
              kind: 'auto',
              budgetSeconds: auto.budgetSeconds,
              seed: config.seed ?? 42,
              ...(auto.brackets !== undefined ? { brackets: auto.brackets } : {}),
              ...(auto.base !== undefined && Object.keys(auto.base).length > 0
                ? { base: auto.base }
                : {}),
            }
          : { kind: 'fixed', config },
        plan: { ...(folds ? { k: folds } : {}), ...(repeats ? { repeats } : {}) },
      }),
    'training.continueCrossValidation': async ({ evaluationId }) =>
      session.startCrossValidation(await continueRequest(store(), evaluationId)),
    'training.finalFromCrossValidation': ({ crossValidationId }) =>
      session.startFinalModel(crossValidationId),
    'training.finalModelAvailability': ({ crossValidationId }) =>
      finalModelAvailability(store(), crossValidationId),
    'training.evaluationMode': async ({ datasetId }) => {
      const rows = await labelledRows(store(), datasetId);
      return { crossValidate: autoCrossValidates(rows), labelledRows: rows };
    },
    'training.autoSearch': ({ runId }) => store().training.autoSearch(runId),
    'training.restart': ({ runId }) => session.restartTraining(runId),
    'training.resume': ({ runId }) => session.resumeTraining(runId),
    'training.annotate': async ({ runId, name, notes }) => {
      await store().training.annotateRun(runId, { name, notes });
      const run = await store().training.getRun(runId);
      session.emit('training.changed', { datasetId: run.datasetId, runId });
      return run;
    },
    'training.delete': async ({ runId }) => {
      const run = await store().training.getRun(runId);
      if (run.fold) {
        // Its cross-validation needs every fold: the evaluation is compared as a whole.
        throw new MtlError(
          'BAD_REQUEST',
          `Run ${runId} is fold ${run.fold.fold + 1} of cross-validation ${run.fold.evaluationId}; it is kept with its evaluation.`,
        );
      }
      await store().training.deleteRun(runId);
      session.emit('training.changed', { datasetId: run.datasetId, runId });
      return { runId };
    },
    'training.restore': async ({ runId }) => {
      await store().training.restoreRun(runId);
      const run = await store().training.getRun(runId);
      session.emit('training.changed', { datasetId: run.datasetId, runId });
      return run;
    },
    'training.runs': ({ datasetId }) => store().training.listRuns(datasetId),
    'training.epochs': ({ runId, afterEpoch }) => store().training.listEpochs(runId, afterEpoch),

    'compare.runs': ({ datasetId }) => compareRuns(store(), datasetId),
    'compare.crossValidations': ({ datasetId }) => compareCrossValidations(store(), datasetId),
    'compare.affinity': ({ datasetId, tasks }) =>
      estimateTaskAffinity(store(), { datasetId, tasks }),
    'compare.storedAffinity': ({ datasetId, tasks }) =>
      storedTaskAffinity(store(), datasetId, tasks),
    'compare.confusionRows': (query) => confusionCellRows(store(), query),
    'compare.crossValidationCellRows': (query) => crossValidationCellRows(store(), query),

    // The UI asks before replacing a file: without `overwrite` an existing one is refused.
    'exports.model': async ({ runId, path, overwrite }) =>
      modelExportView(await exportModel(store(), runId, path, { overwrite: overwrite ?? false })),
    'labels.overview': ({ datasetId, origin }) => labelOverview(store(), datasetId, origin),
    'labels.order': ({ datasetId, ...query }) => labelOrdering(store(), datasetId, query),
    'labels.items': ({ datasetId, rowIds, runId }) => labelItems(store(), datasetId, rowIds, runId),
    // A label change moves its column's profile (missing, class counts): the Data view rereads it.
    // `origin`: the tab asking; its Undo and Redo take back only its own batches.
    'labels.set': ({ datasetId, changes, source, newClasses, origin }) =>
      setLabels(
        store(),
        datasetId,
        changes,
        source,
        labelsChanged(datasetId, 'set'),
        newClasses,
        origin,
      ),
    'labels.undo': ({ datasetId, origin }) =>
      undoLabels(store(), datasetId, labelsChanged(datasetId, 'undo'), origin),
    'labels.redo': ({ datasetId, origin }) =>
      redoLabels(store(), datasetId, labelsChanged(datasetId, 'redo'), origin),
    'labels.addClass': ({ datasetId, task, className, origin }) =>
      addClass(store(), datasetId, task, className, labelsChanged(datasetId, 'addClass'), origin),
    'labels.history': ({ datasetId, rowId, limit }) =>
      labelHistory(store(), datasetId, { rowId, limit }),
    'labels.queue': ({ datasetId, runId, strategy, task, limit }) =>
      labelQueue(store(), datasetId, runId, strategy, { task, limit }),
    'labels.rounds': ({ datasetId }) => labelRounds(store(), datasetId),
    'labels.export': ({ datasetId, out, task, overwrite }) =>
      saveLabels(store(), datasetId, out, { task, overwrite }),
    // An import moves its columns' profiles as an edit does: the Data view rereads them.
    'labels.import': async ({ datasetId, path, overwrite, addClasses, dryRun, origin }) => {
      const done = await importLabels(store(), datasetId, path, {
        overwrite,
        addClasses,
        dryRun,
        origin,
      });
      if (done.batch !== null) {
        labelsChanged(
          datasetId,
          'import',
        )({
          batch: done.batch,
          reverts: null,
          cells: done.applied,
          classChanges: done.addedClasses.map((c) => ({ ...c, change: 'added' as const })),
          // Not read for the import's answer: the pages read the labels and dataset again.
          result: null,
          dataset: null,
        });
      }
      return done;
    },
    'exports.predict': ({
      runId,
      path,
      limit,
      decimalComma,
      encoding,
      keepColumns,
      missingColumns,
      badLines,
      idColumn,
      onCorrupt,
    }) =>
      predictPreview(
        store(),
        runId,
        path,
        limit,
        { decimalComma, encoding, keepColumns, missingColumns, badLines, idColumn },
        onCorrupt,
      ),
    'exports.predictThumbnails': ({ path, files }) => fileThumbnails(path, files),
    'exports.savePredictions': ({
      runId,
      path,
      out,
      allProbs,
      decimalComma,
      encoding,
      keepColumns,
      missingColumns,
      badLines,
      idColumn,
      onCorrupt,
      overwrite,
    }) =>
      savePredictions(
        store(),
        runId,
        path,
        out,
        allProbs,
        { decimalComma, encoding, keepColumns, missingColumns, badLines, idColumn },
        onCorrupt,
        overwrite ?? false,
      ),
    'exports.report': async ({ out, lang, runIds, overwrite }) => {
      // As Save as CSV: a name typed without extension is an HTML report ("report" → report.html).
      const done = await writeReport(store(), withDefaultExtension(out, '.html'), {
        lang,
        runIds,
        printer: platform.printToPdf,
        overwrite: overwrite ?? false,
      });
      return { path: done.path, bytes: done.bytes, format: done.format };
    },
    'exports.backup': async ({ out }) => {
      const done = await backupProject(store(), out);
      return { path: done.path, bytes: done.bytes, datasets: done.datasets, runs: done.runs };
    },
  });
}

/**
 * Creates a project; a folder that does not exist is reported as NOT_FOUND with a clear
 * message (SQLite alone answers "SQLITE_CANTOPEN: unable to open database file").
 * @throws MtlError('NOT_FOUND', …, { path, reason: 'FOLDER_MISSING' }) for a missing folder.
 */
/**
 * Refuses pause / resume / cancel of a run another process trains (RunInfo.trainedElsewhere)
 * with a reason the page words; a run that is not training anywhere passes (the answer says
 * `false`, as before).
 * @throws MtlError('BAD_REQUEST', reason RUN_TRAINED_ELSEWHERE); NOT_FOUND for an unknown run.
 */
async function refuseElsewhere(
  store: ProjectStore,
  runId: number,
  action: 'pause' | 'resume' | 'cancel',
): Promise<void> {
  const run = await store.training.getRun(runId);
  if (!run.trainedElsewhere) return;
  throw new MtlError(
    'BAD_REQUEST',
    `Cannot ${action} run ${runId}: it is trained by another process (another studio, or mtl-studio in a terminal); ${action} it there.`,
    reasonDetails('RUN_TRAINED_ELSEWHERE', { id: runId }),
  );
}

async function createProject(
  session: StudioSession,
  path: string,
  name?: string,
): Promise<ProjectSummary> {
  const folder = dirname(resolve(path));
  if (!existsSync(folder)) {
    throw new MtlError(
      'NOT_FOUND',
      `The folder "${folder}" does not exist; create it first or choose another folder.`,
      reasonDetails('FOLDER_MISSING', { path: folder }, { path: folder }),
    );
  }
  return session.createProject(path, name);
}
