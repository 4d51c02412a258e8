/**
 * What the task wizard shows: for candidate target columns, their classes, class balance,
 * label coverage and warnings before a task exists; for defined tasks, the same numbers
 * with warnings as codes the UI translates (en, zh-CN).
 */
import { similarClassPairs } from '../../shared/classList';
import type { TaskCandidate, TaskOverview, TaskWarning } from '../../shared/contract';
import { MtlError } from '../../shared/errors';
import { didYouMean } from '../../shared/similarName';
import type { ProjectStore } from '../store/projectStore';
import {
  balanceWarnings,
  countLabels,
  defaultClassOrder,
  listTaskSummaries,
  MAX_CLASSES,
} from './tasks';

/**
 * SIMILAR_CLASSES warnings: classes that differ from an earlier class only by letter case or
 * surrounding spaces ("RED" and "red" in one column), likely one class written two ways
 * (`mtl-studio tasks --add` warns of the same, shared/classList.ts similarClassPairs).
 */
function similarClassWarnings(classes: readonly string[]): TaskWarning[] {
  return similarClassPairs(classes).map((p) => ({
    code: 'SIMILAR_CLASSES',
    severity: 'warning',
    label: p.className,
    other: p.existing,
  }));
}

/**
 * Describes columns as they would be as task targets: classes in default order, rows per
 * class, rows without a label and warnings (severity 'error' means `tasks.define` would
 * refuse the column).
 * @throws MtlError('NOT_FOUND') for an unknown dataset or column.
 */
export async function taskCandidates(
  store: ProjectStore,
  datasetId: number,
  columns: string[],
): Promise<TaskCandidate[]> {
  const [dataset, tasks] = await Promise.all([
    store.datasets.get(datasetId),
    store.tasks.list(datasetId),
  ]);
  const infos = columns.map((name) => {
    const column = dataset.columns.find((c) => c.name === name);
    if (!column) {
      throw new MtlError(
        'NOT_FOUND',
        `Dataset "${dataset.name}" has no column "${name}".${didYouMean(
          name,
          dataset.columns.map((c) => c.name),
        )}`,
      );
    }
    return column;
  });
  const readable = infos.filter((c) => c.type !== 'text' && c.type !== 'image');
  const { values } =
    readable.length > 0
      ? await store.datasets.readColumns(
          datasetId,
          readable.map((c) => c.name),
        )
      : { values: {} as Record<string, never[]> };
  return infos.map((column): TaskCandidate => {
    const base = { column: column.name, type: column.type, role: column.role };
    const total = dataset.rowCount;
    if (column.type === 'text' || column.type === 'image') {
      return {
        ...base,
        classes: [],
        classCounts: [],
        missing: column.profile.missing,
        coverage: total > 0 ? 1 - column.profile.missing / total : 0,
        warnings: [{ code: 'NOT_CATEGORICAL', severity: 'error' }],
        valid: false,
      };
    }
    const { counts, missing } = countLabels(values[column.name], column);
    const warnings: TaskWarning[] = [];
    if (tasks.some((t) => t.targetColumn === column.name)) {
      warnings.push({ code: 'ALREADY_TASK', severity: 'error' });
    }
    if (counts.size > MAX_CLASSES) {
      warnings.push({ code: 'TOO_MANY_CLASSES', severity: 'error', count: counts.size });
    }
    const classes = counts.size > MAX_CLASSES ? [] : defaultClassOrder(counts.keys(), column);
    const classCounts = classes.map((c) => counts.get(c) ?? 0);
    warnings.push(...balanceWarnings(classes, classCounts, missing));
    warnings.push(...similarClassWarnings(classes));
    if (classes.length === 0 && counts.size === 0) {
      warnings.push({ code: 'ONE_CLASS', severity: 'error', count: 0 });
    }
    if (column.role === 'input') warnings.push({ code: 'TARGET_IS_INPUT', severity: 'info' });
    return {
      ...base,
      classes,
      classCounts,
      missing,
      coverage: total > 0 ? 1 - missing / total : 0,
      warnings,
      valid: !warnings.some((w) => w.severity === 'error'),
    };
  });
}

/**
 * The dataset's tasks with class balance, label coverage and translatable warnings.
 * A task whose target column is an input again (its labels would leak into the
 * features) gets TARGET_IS_INPUT.
 */
export async function taskOverviews(
  store: ProjectStore,
  datasetId: number,
): Promise<TaskOverview[]> {
  const [dataset, summaries] = await Promise.all([
    store.datasets.get(datasetId),
    listTaskSummaries(store, datasetId),
  ]);
  return summaries.map(({ warnings: _english, leakage, ...task }) => {
    const column = dataset.columns.find((c) => c.name === task.targetColumn);
    const warnings = [
      ...balanceWarnings(task.classes, task.classCounts, task.missing),
      ...similarClassWarnings(task.classes),
      ...(leakage ?? []),
    ];
    if (column?.role === 'input') warnings.push({ code: 'TARGET_IS_INPUT', severity: 'warning' });
    const total = dataset.rowCount;
    return { ...task, coverage: total > 0 ? 1 - task.missing / total : 0, warnings };
  });
}
