/**
 * Splits: the train / validation / test assignment of a dataset's rows — its fractions,
 * stratification task and seed — with a preview of the counts per split and class before
 * it is made. Every run records the split it used.
 */
import { z } from 'zod';
import type { SplitInfo } from '../domain';
import { event, id, invoke, taskName } from './channels';

/** Rows of each split, for one task: per class (in class order), and without a label. */
export interface SplitClassCounts {
  task: string;
  labels: string[];
  train: number[];
  validation: number[];
  test: number[];
  /** Rows without a label for the task, per split. */
  missing: { train: number; validation: number; test: number };
}

/** What a split gives (or would give): rows per split, and per class of one task. */
export interface SplitPreview {
  counts: { train: number; validation: number; test: number };
  /** For the stratification task, else the dataset's first task; null without tasks. */
  classes: SplitClassCounts | null;
  /**
   * Test rows whose input columns equal those of a training row (the test score partly
   * measures memory), out of `test` test rows; `leaked` 0 when none. `exact` of them equal
   * a training row in every column of the file (exact duplicate rows); the other
   * `leaked − exact` repeat only the inputs (an ignored column or a label differs)
   * (src/main/data/duplicateRows.ts, testRowsInTraining).
   */
  leakage: { leaked: number; test: number; exact: number };
}

/**
 * Leakage of a cross-validation's fold scheme: over all its folds (every repetition), the
 * test rows whose input columns equal those of one of their fold's training rows, summed,
 * out of `test` test rows summed alike (`exact`: those that are exact duplicate rows, summed
 * alike); `folds` the scheme's folds (k × repeats).
 */
export type FoldLeakage = SplitPreview['leakage'] & { folds: number };

/** A stored split with how many (not deleted) runs used it. */
export interface SplitSummary extends SplitInfo {
  runs: number;
}

/** How a new split is made. */
const splitSettings = {
  datasetId: id,
  fractions: z
    .strictObject({
      train: z.number().min(0).max(1),
      validation: z.number().min(0).max(1),
      test: z.number().min(0).max(1),
    })
    .refine((f) => Math.abs(f.train + f.validation + f.test - 1) <= 1e-6, {
      message: 'fractions must sum to 1',
    }),
  seed: z
    .number()
    .int()
    .min(0)
    .max(2 ** 31 - 1),
  /** Task whose classes each split gets in proportion; null for a plain random split. */
  stratifyTask: taskName.nullable(),
};

/** The splits invoke channels: name → request schema and response type. */
export const SPLITS_INVOKE = {
  /** The dataset's splits, oldest first; the newest is used by the next run. */
  'splits.list': invoke<SplitSummary[]>()(z.strictObject({ datasetId: id })),
  /** What a split made with these settings would give (nothing is stored). */
  'splits.preview': invoke<SplitPreview>()(z.strictObject(splitSettings)),
  /** Makes and stores a split; the next runs use it. */
  'splits.create': invoke<SplitSummary>()(z.strictObject(splitSettings)),
  /** Counts of a stored split, per class of `task` (default: its stratification task). */
  'splits.describe': invoke<SplitPreview>()(
    z.strictObject({ splitId: id, task: taskName.optional() }),
  ),
  /** Test rows of a cross-validation's folds that repeat a training row of their fold. */
  'splits.foldLeakage': invoke<FoldLeakage>()(z.strictObject({ schemeId: id })),
} as const;

/** A split was made (in any tab). */
export interface SplitsChangedEvent {
  datasetId: number;
}

/** The splits event channels: name → payload type. */
export const SPLITS_EVENTS = {
  'splits.changed': event<SplitsChangedEvent>(),
} as const;
