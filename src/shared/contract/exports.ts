/**
 * Exports: a run's verified model bundle (TensorFlow.js), predictions on new data, the
 * HTML/PDF report and a consistent copy of the open project.
 */
import { z } from 'zod';
import { id, invoke, path } from './channels';

/** A model bundle that was written and verified. */
export interface ModelExportView {
  /** Absolute path of the bundle folder or .zip on the machine running the studio. */
  path: string;
  kind: 'folder' | 'zip';
  files: { name: string; bytes: number }[];
  /** Test rows predicted from the written files and compared with the studio's model. */
  verifiedRows: number;
  /** Largest probability difference found (float32 rounding). */
  maxAbsDifference: number;
}

/** One predicted row of the Predict view. */
export interface PredictedRowView {
  /** 1-based data row of the file. */
  row: number;
  /** Value of the file's id column, when it has one. */
  id: string | null;
  /** Per task (in `PredictionPreview.tasks` order): predicted label and its probability. */
  predictions: { label: string; probability: number }[];
}

/** The first predictions of a file, for the Predict view. */
export interface PredictionPreview {
  tasks: { name: string; labels: string[] }[];
  /** Columns the model reads (matched by name in the file). */
  inputColumns: string[];
  rows: PredictedRowView[];
  /** True when the file has more rows than were predicted here. */
  truncated: boolean;
}

/** A file written by an export (predictions, report, project copy). */
export interface WrittenFile {
  path: string;
  bytes: number;
}

/** Most rows `exports.predict` answers. */
export const MAX_PREDICT_PREVIEW = 1000;

/** The exports invoke channels: name → request schema and response type. */
export const EXPORTS_INVOKE = {
  /** Writes and verifies the bundle of a completed run to a folder or a path ending in .zip. */
  'exports.model': invoke<ModelExportView>()(z.strictObject({ runId: id, path })),
  /** Predicts the first rows of a CSV file with a run's model (columns matched by name). */
  'exports.predict': invoke<PredictionPreview>()(
    z.strictObject({
      runId: id,
      path,
      limit: z.number().int().min(1).max(MAX_PREDICT_PREVIEW).optional(),
    }),
  ),
  /** Predicts every row of a CSV file with a run's model and writes them as CSV to `out`. */
  'exports.savePredictions': invoke<WrittenFile & { rows: number }>()(
    z.strictObject({ runId: id, path, out: path, allProbs: z.boolean().optional() }),
  ),
  /** Writes the project's report as .html or .pdf. */
  'exports.report': invoke<WrittenFile & { format: 'html' | 'pdf' }>()(
    z.strictObject({
      out: path,
      lang: z.enum(['en', 'zh-CN']),
      runIds: z.array(id).max(1000).optional(),
    }),
  ),
  /** Writes a verified copy of the open project to a new file. */
  'exports.backup': invoke<WrittenFile & { datasets: number; runs: number }>()(
    z.strictObject({ out: path }),
  ),
} as const;
