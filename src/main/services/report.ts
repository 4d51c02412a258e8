/**
 * The project report: what a project holds about its runs, cross-validations and task
 * affinity gathered for src/main/export/report.ts, and the report written as HTML or PDF.
 * Split from ./exports.ts (model bundles, predictions, project copies), which re-exports it.
 */
import { basename, resolve } from 'node:path';
import {
  isContinuable,
  type CrossValidationSummary,
  type FinalModelInfo,
  type RunInfo,
} from '../../shared/domain';
import { MtlError, reasonDetails } from '../../shared/errors';
import { classesBelowFolds } from '../../shared/foldClasses';
import { chromiumPrinter, type PdfPrinter } from '../export/pdf';
import {
  refuseMissingFolder,
  refuseUnsafeOutput,
  writeFileAtomically,
} from '../export/outputGuard';
import { renderReportHtml } from '../export/report';
import type {
  ReportCaveats,
  ReportCrossValidationCaveats,
  ReportData,
  ReportFinalModel,
} from '../export/reportData';
import type { ReportLanguage } from '../export/reportText';
import { studioVersion } from '../export/studioVersion';
import { ProjectStore } from '../store/projectStore';
import { autoCrossValidates, labelledRows } from './crossValidation';
import { compareCrossValidations, compareRuns } from './evaluation';
import { finalModelEstimate, labelledRowsPerTask } from './finalModelEstimate';
import { reportImages, reportRows } from './reportExamples';
import { describeSplit, foldSchemeLeakage } from './splits';
import { storedTaskAffinity } from './taskAffinity';
import { taskOverviews } from './taskWizard';

/**
 * What the report shows: every dataset with completed runs (or only those of `runIds`),
 * its tasks with class balance, its latest split and each run with Δm and epochs (and, on
 * an image dataset, test images classified correctly and wrongly; on a table, the test rows
 * classified wrongly with the most confidence), and its cross-validated
 * evaluations summarised over their folds (those holding a run of `runIds`, when given; else
 * also each stopped one with no fold finished, which the report lists with its state), and,
 * with 2 tasks or more, its newest stored task affinity (null: none measured).
 * @throws MtlError('NOT_FOUND') naming a run of `runIds` that is neither a completed run
 *   nor a fold run of a reported cross-validation.
 */
export async function reportData(store: ProjectStore, runIds?: number[]): Promise<ReportData> {
  const datasets = await store.datasets.list();
  const wanted = runIds ? new Set(runIds) : null;
  const found = new Set<number>();
  const parts: ReportData['datasets'] = [];
  for (const dataset of datasets) {
    const comparison = (await compareRuns(store, dataset.id)).filter(
      (c) => !wanted || wanted.has(c.run.id),
    );
    comparison.forEach((c) => found.add(c.run.id));
    // Fold runs are reported by their evaluation: all of it, or those holding a wanted run.
    // One stopped before a fold finished has no score, but is listed with its state (as in
    // Compare and `evaluate`) when the whole project is reported; one still running with no
    // fold finished is not.
    const summaries = await compareCrossValidations(store, dataset.id);
    const crossValidations = summaries.filter((s) =>
      wanted
        ? s.folds > 0 && s.evaluation.runs.some((f) => wanted.has(f.runId))
        : s.folds > 0 || isContinuable(s.evaluation),
    );
    crossValidations.forEach((s) => s.evaluation.runs.forEach((f) => found.add(f.runId)));
    if (wanted && comparison.length === 0 && crossValidations.length === 0) continue;
    const tasks = await taskOverviews(store, dataset.id);
    const pixels = await store.assets.pixelSettings(dataset.id);
    const imageColumn = pixels?.column ?? null;
    // A table's runs show their wrong rows with the inputs each model was given.
    const preprocessings = imageColumn
      ? new Map<number, unknown>()
      : await store.training.modelPreprocessings(dataset.id);
    // What the Train view and `train` warn of beside test scores: the same counts and rule.
    const labelled = await labelledRows(store, dataset.id);
    const smallTableRows = autoCrossValidates(labelled) ? labelled : null;
    const leakages = new Map<number, Promise<ReportCaveats['leakage']>>();
    const caveatsOf = async (run: RunInfo): Promise<ReportCaveats> => {
      if (!leakages.has(run.splitId)) {
        leakages.set(
          run.splitId,
          describeSplit(store, run.splitId).then((d) => d.leakage),
        );
      }
      return { leakage: await leakages.get(run.splitId)!, smallTableRows };
    };
    // What `train --evaluation cv` warns of beside cross-validated scores: the same rules,
    // for those with a score to qualify (a fold finished); evaluations of one scheme share
    // its leakage.
    const foldLeakages = new Map<number, ReturnType<typeof foldSchemeLeakage>>();
    const crossValidationCaveats = await Promise.all(
      crossValidations
        .filter((s) => s.folds > 0)
        .map(async (s): Promise<ReportCrossValidationCaveats> => {
          const { id, schemeId } = s.evaluation;
          if (!foldLeakages.has(schemeId))
            foldLeakages.set(schemeId, foldSchemeLeakage(store, schemeId));
          return {
            evaluationId: id,
            leakage: await foldLeakages.get(schemeId)!,
            classesBelowFolds: classesBelowFolds(
              tasks.filter((t) => s.evaluation.tasks.includes(t.name)),
              s.scheme.k,
            ),
          };
        }),
    );
    parts.push({
      dataset,
      pixels: pixels
        ? {
            width: pixels.width,
            height: pixels.height,
            channels: pixels.channels,
            colour: pixels.colour,
            fit: pixels.fit,
          }
        : null,
      tasks: tasks.map((t) => ({
        name: t.name,
        targetColumn: t.targetColumn,
        classes: t.classes,
        classCounts: t.classCounts,
        missing: t.missing,
      })),
      split: await store.splits.latest(dataset.id),
      crossValidations,
      crossValidationCaveats,
      // The Compare view's call ('compare.storedAffinity'): the newest over all its tasks.
      ...(tasks.length >= 2 ? { affinity: await storedTaskAffinity(store, dataset.id) } : {}),
      runs: await Promise.all(
        comparison.map(async (c) => ({
          run: c.run,
          deltaM: c.deltaM,
          baselineRunId: c.baselineRunId,
          epochs: await store.training.listEpochs(c.run.id),
          // Auto runs are reported with what their search tried and chose.
          ...(c.run.auto ? { search: await store.training.autoSearch(c.run.id) } : {}),
          // A final model has no test rows: its estimate is its cross-validation's.
          ...(c.run.finalOf
            ? { final: await reportFinalModel(store, c.run, c.run.finalOf, summaries) }
            : {
                caveats: await caveatsOf(c.run),
                ...(imageColumn
                  ? { images: await reportImages(store, c.run, imageColumn) }
                  : { rows: await reportRows(store, c.run, preprocessings.get(c.run.id)) }),
              }),
        })),
      ),
    });
  }
  const missing = (runIds ?? []).filter((id) => !found.has(id));
  if (missing.length > 0) {
    throw new MtlError(
      'NOT_FOUND',
      `No completed run ${missing.join(', ')} in this project; a report shows completed runs.`,
    );
  }
  return {
    project: { name: await store.projectName(), file: basename(store.path) },
    studioVersion: studioVersion(),
    generatedAt: new Date().toISOString(),
    datasets: parts,
  };
}

/**
 * A cross-validation's final model as the report shows it: what it trained on, its
 * cross-validation's estimate (finalModelEstimate, as `evaluate` and the bundle give it) and
 * summary (its Δm), and whether every completed fold ran to its maximum epochs (the epochs
 * are then not a median of early stops; as the Train view's finalEpochsKey decides).
 * @param run a completed run, a final model.
 * @param info its `finalOf`.
 * @param summaries its dataset's cross-validation summaries (compareCrossValidations).
 */
async function reportFinalModel(
  store: ProjectStore,
  run: RunInfo,
  info: FinalModelInfo,
  summaries: CrossValidationSummary[],
): Promise<ReportFinalModel> {
  const perTask = await labelledRowsPerTask(store, run);
  const summary = summaries.find((s) => s.evaluation.id === info.evaluationId) ?? null;
  const folds = (await store.training.listRuns(run.datasetId)).filter(
    (r) => r.fold?.evaluationId === info.evaluationId && r.status === 'completed',
  );
  return {
    info,
    perTask,
    estimate: finalModelEstimate(run, summaries, perTask) ?? null,
    summary,
    allFoldsAtMax:
      folds.length > 0 &&
      folds.every((r) => r.bestEpoch !== null && r.bestEpoch === r.config.epochs),
  };
}

/** Options of {@link writeReport}. */
export interface ReportOptions {
  /** Runs to show (default: every completed run). */
  runIds?: number[];
  lang?: ReportLanguage;
  /** Prints HTML to PDF; default: a headless Chromium found on the machine (export/pdf.ts). */
  printer?: PdfPrinter;
  /** false: an existing file is refused with reason OUTPUT_EXISTS (the studio asks first). */
  overwrite?: boolean;
}

/**
 * Writes the report as self-contained HTML, or as PDF when `out` ends in .pdf; written
 * to a temporary file beside `out` and renamed, so a failure leaves nothing half-written.
 * @returns the absolute path written and its format.
 * @throws MtlError('BAD_REQUEST') for another extension, or what refuseUnsafeOutput refuses
 *   (export/outputGuard.ts: the project, an SQLite database, a read-only file, and with
 *   `overwrite: false` any existing file); MtlError('EXPORT_FAILED') when no browser is
 *   found to print a PDF (see export/pdf.ts); what {@link reportData} throws.
 */
export async function writeReport(
  store: ProjectStore,
  out: string,
  options: ReportOptions = {},
): Promise<{ path: string; format: 'html' | 'pdf'; bytes: number }> {
  const target = resolve(out);
  const format = target.toLowerCase().endsWith('.pdf')
    ? 'pdf'
    : /\.html?$/i.test(target)
      ? 'html'
      : null;
  if (!format) {
    throw new MtlError(
      'BAD_REQUEST',
      `A report is written as .html or .pdf, not "${basename(target)}".`,
      reasonDetails('REPORT_FORMAT', { file: basename(target) }),
    );
  }
  refuseMissingFolder(target);
  refuseUnsafeOutput(target, {
    project: store.path,
    overwrite: options.overwrite,
    writer: 'a report',
  });
  // Find the printer before the work: a missing browser is said at once.
  const printer = format === 'pdf' ? (options.printer ?? chromiumPrinter()) : null;
  const html = renderReportHtml(await reportData(store, options.runIds), options.lang ?? 'en');
  const bytes = printer ? await printer(html) : new TextEncoder().encode(html);
  await writeFileAtomically(target, bytes);
  return { path: target, format, bytes: bytes.byteLength };
}
