/**
 * The shape of what the report shows: a project's datasets with their tasks, split, completed
 * runs (with example test images, or for tables the most confidently wrong test rows), cross-validated evaluations and task
 * affinity, as services/exports.ts assembles them and report.ts renders them.
 */
import type {
  AutoSearch,
  CrossValidationSummary,
  DatasetInfo,
  EpochRecord,
  FinalModelInfo,
  RunInfo,
  SplitInfo,
} from '../../shared/domain';
import type { PixelSettings } from '../../shared/assets';
import type { FoldLeakage } from '../../shared/contract/splits';
import type { ClassBelowFolds } from '../../shared/foldClasses';
import type { TaskAffinityView } from '../../shared/contract/evaluation';
import type { SplitPreview } from '../../shared/contract/splits';
import type { BundleCrossValidationEstimate } from './metadata';

/** A task as the report shows it. */
export interface ReportTask {
  name: string;
  targetColumn: string;
  classes: string[];
  /** Rows per class, in class order. */
  classCounts: number[];
  missing: number;
}

/** One test image of an image run, with what the run predicted for one task. */
export interface ReportImage {
  rowId: number;
  /** The image's path as imported (relative to the imported folder or manifest). */
  path: string;
  trueLabel: string;
  predictedLabel: string;
  /** Probability of the predicted class, in [0, 1]. */
  confidence: number;
  /** The stored thumbnail (WebP, ≤ 96 px) as a data URL: the HTML stays self-contained. */
  dataUrl: string;
}

/** Some correctly and some wrongly classified test images of one task. */
export interface ReportTaskImages {
  task: string;
  correct: ReportImage[];
  wrong: ReportImage[];
  /** All labelled test images of the task that were classified correctly / wrongly. */
  correctTotal: number;
  wrongTotal: number;
}

/** One wrongly classified test row of a table run, with the model's input values. */
export interface ReportRow {
  rowId: number;
  trueLabel: string;
  predictedLabel: string;
  /** Probability of the predicted class, in [0, 1]. */
  confidence: number;
  /** The model's input columns (dataset order, the first few) and their values; null: missing. */
  inputs: { column: string; value: string | null }[];
  /** Input columns not shown. */
  moreInputs: number;
}

/** The most confidently wrong test rows of one task of a table run. */
export interface ReportTaskRows {
  task: string;
  wrong: ReportRow[];
  /** All labelled test rows of the task classified wrongly, and all labelled test rows. */
  wrongTotal: number;
  testTotal: number;
}

/**
 * A cross-validation's final model (RunInfo.finalOf) as the report shows it: what it trained
 * on and its expected score, the cross-validation's, as `evaluate` and the bundle give it
 * (services/finalModelEstimate.ts).
 */
export interface ReportFinalModel {
  info: FinalModelInfo;
  /** Each task's labelled rows it trained on (labelledRowsPerTask), or null when unknown. */
  perTask: Record<string, number> | null;
  /** Its cross-validation's mean ± std per task (finalModelEstimate); null when no longer summarised. */
  estimate: BundleCrossValidationEstimate | null;
  /** Its cross-validation's summary (for its Δm), or null when no longer summarised. */
  summary: CrossValidationSummary | null;
  /**
   * Whether every completed fold kept its last epoch (none stopped early): its epochs are
   * then "every fold ran to the maximum", else "the median of the folds' best epochs".
   */
  allFoldsAtMax: boolean;
}

/**
 * What qualifies a run's test scores, as the Train view and `train` warn of them beside the
 * scores (reportCaveats.ts words them; a test split under 5 labelled rows of a task is read
 * from the run's results there).
 */
export interface ReportCaveats {
  /**
   * Its split's test rows whose input columns equal a training row's
   * (services/splits.ts describeSplit, as `train` and the split panel count them).
   */
  leakage: SplitPreview['leakage'];
  /**
   * The dataset's labelled rows when they are so few that the studio would cross-validate
   * (services/crossValidation.ts autoCrossValidates: one test split this small cannot tell
   * methods apart), else null.
   */
  smallTableRows: number | null;
}

/**
 * What qualifies a cross-validation's scores, as `train --evaluation cv` and the studio warn
 * of them (reportCaveats.ts words them; its tasks scored on fewer than 5 labelled test rows in
 * some fold are read from the summary's `smallTestFolds` there).
 */
export interface ReportCrossValidationCaveats {
  /** The evaluation (CrossValidationInfo.id) these hold for. */
  evaluationId: number;
  /**
   * Over all its folds, the test rows whose input columns equal one of their fold's training
   * rows (services/splits.ts foldSchemeLeakage, as `train --evaluation cv` counts them).
   */
  leakage: FoldLeakage;
  /**
   * Its tasks whose smallest class has fewer labelled rows than its k folds
   * (shared/foldClasses.ts classesBelowFolds, as `train` and the Train view warn of them).
   */
  classesBelowFolds: ClassBelowFolds[];
}

/** A completed run as the report shows it. */
export interface ReportRun {
  run: RunInfo;
  /** Δm in percent against `baselineRunId`, or null. */
  deltaM: number | null;
  baselineRunId: number | null;
  epochs: EpochRecord[];
  /** An Auto run: what its search tried and chose (the run's configuration is the chosen one). */
  search?: AutoSearch;
  /** Image datasets: per task, test images classified correctly and wrongly. */
  images?: ReportTaskImages[];
  /** Tables: per task, the test rows classified wrongly with the most confidence. */
  rows?: ReportTaskRows[];
  /** A cross-validation's final model: no test scores; its estimate is the cross-validation's. */
  final?: ReportFinalModel;
  /** A run scored on a test split (not a final model): what qualifies those scores. */
  caveats?: ReportCaveats;
}

/** Everything the report shows (assembled by services/exports.ts). */
export interface ReportData {
  project: { name: string; file: string };
  studioVersion: string;
  generatedAt: string;
  datasets: {
    dataset: DatasetInfo;
    tasks: ReportTask[];
    split: SplitInfo | null;
    runs: ReportRun[];
    /**
     * Cross-validated evaluations (their fold runs are not in `runs`): those with a finished
     * fold, and the stopped ones (cancelled, interrupted, failed) even with none, shown with
     * their state.
     */
    crossValidations: CrossValidationSummary[];
    /**
     * The caveats of those with a finished fold, one per evaluation; absent (hand-made data)
     * or without an entry: none.
     */
    crossValidationCaveats?: ReportCrossValidationCaveats[];
    /** An image dataset: how its training pixels were decoded (size, colour, fit); else absent or null. */
    pixels?: PixelSettings | null;
    /**
     * The newest stored task affinity of the dataset, as the Compare view shows it
     * (services/taskAffinity.ts storedTaskAffinity, over all its tasks); null when none was
     * measured; absent when the dataset has fewer than 2 tasks (no section).
     */
    affinity?: TaskAffinityView | null;
  }[];
}
