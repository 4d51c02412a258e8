/**
 * Tasks: the task wizard (candidates with warnings), definitions, class balance.
 */
import { z } from 'zod';
import type { ColumnInfo, ColumnType, TaskInfo } from '../domain';
import { MAX_NAME_LENGTH } from '../datasets';
import { className, columnName, event, id, invoke, taskName } from './channels';

/** Why a task (or a candidate target column) deserves attention; the UI translates it. */
export interface TaskWarning {
  code:
    | 'FEW_ROWS'
    | 'MANY_SMALL_CLASSES'
    | 'ONE_CLASS'
    | 'TOO_MANY_CLASSES'
    | 'NOT_CATEGORICAL'
    | 'TARGET_IS_INPUT'
    | 'MISSING_LABELS'
    | 'NO_LABELS'
    | 'ALREADY_TASK'
    | 'INPUT_DETERMINES_TARGET'
    | 'SIMILAR_CLASSES';
  /** 'error': the column cannot be a task; 'warning': it can, but check; 'info': for the record. */
  severity: 'error' | 'warning' | 'info';
  /** The class concerned (FEW_ROWS; SIMILAR_CLASSES: the later of the two). */
  label?: string;
  /** SIMILAR_CLASSES: the earlier class that `label` differs from only by case or spaces. */
  other?: string;
  /** A count: rows of the class, classes, or rows without a label. */
  count?: number;
  /** The input column concerned (INPUT_DETERMINES_TARGET). */
  column?: string;
}

/** A defined task with its class balance and label coverage. */
export interface TaskOverview extends TaskInfo {
  /** Rows per class, in class order. */
  classCounts: number[];
  /** Rows without a label for this task. */
  missing: number;
  /** Share of rows that carry a label, 0–1. */
  coverage: number;
  warnings: TaskWarning[];
}

/** What the task wizard shows about a column before it becomes a task. */
export interface TaskCandidate {
  column: string;
  type: ColumnType;
  role: ColumnInfo['role'];
  /** Classes in their default order (empty when the column cannot be a task). */
  classes: string[];
  classCounts: number[];
  missing: number;
  coverage: number;
  warnings: TaskWarning[];
  /** False when a warning of severity 'error' forbids defining the task. */
  valid: boolean;
}

/** The tasks invoke channels: name → request schema and response type. */
export const TASKS_INVOKE = {
  'tasks.list': invoke<TaskOverview[]>()(z.strictObject({ datasetId: id })),
  'tasks.candidates': invoke<TaskCandidate[]>()(
    z.strictObject({ datasetId: id, columns: z.array(columnName).max(2000) }),
  ),
  'tasks.define': invoke<TaskOverview[]>()(
    z.strictObject({
      datasetId: id,
      tasks: z
        .array(
          z.strictObject({
            column: columnName,
            name: taskName.optional(),
            classes: z.array(z.string().max(MAX_NAME_LENGTH)).max(1000).optional(),
            weight: z.number().min(0).finite().nullable().optional(),
          }),
        )
        .min(1)
        .max(100),
    }),
  ),
  /**
   * A task to label from scratch: a new, empty categorical column of that name and a task
   * on it with these classes (a dataset without labels, e.g. a flat folder of images).
   */
  'tasks.create': invoke<TaskOverview[]>()(
    z.strictObject({
      datasetId: id,
      name: taskName,
      classes: z.array(className).min(2).max(1000),
    }),
  ),
  'tasks.delete': invoke<null>()(z.strictObject({ taskId: id })),
} as const;

/** The tasks of a dataset were defined or deleted — in any tab. */
export interface TasksChangedEvent {
  datasetId: number;
}

/** The tasks event channels: name → payload type. */
export const TASKS_EVENTS = {
  'tasks.changed': event<TasksChangedEvent>(),
} as const;
