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

/** The exports invoke channels: name → request schema and response type. */
export const EXPORTS_INVOKE = {
  /** Writes and verifies the bundle of a completed run to a folder or a path ending in .zip. */
  'exports.model': invoke<ModelExportView>()(z.strictObject({ runId: id, path })),
} as const;
