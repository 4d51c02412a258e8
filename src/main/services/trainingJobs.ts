/**
 * What a training run trains on, read before any run is stored: the shared trunk a dataset
 * takes (trunkFor), the split it trains on (ensureSplit, creating the dataset's first), and
 * the job's data (prepareJob: input columns, the tasks' targets and the split, aligned by
 * row; for images, the pixels' shape and, held in memory, the pixels), with the checks that
 * refuse a job that could not be trained or scored (static weights of tasks not trained, a
 * task without a labelled test row). Used by services/training.ts (re-exported there), Auto,
 * cross-validation, resume and the task-affinity pass.
 */
import type { DatasetInfo, SplitInfo, SplitName, TrainConfig } from '../../shared/domain';
import { quotedNames } from '../../shared/classList';
import { shellWord } from '../../shared/shellWord';
import { didYouMean } from '../../shared/similarName';
import { MtlError, reasonDetails } from '../../shared/errors';
import type { ImageJobInput, TrainingJobInput } from '../engine/job';
import type { RawColumn } from '../engine/preprocessing';
import { withScaledSchedule } from '../engine/schedule';
import { DEFAULT_FRACTIONS, type SplitFractions } from '../engine/split';
import type { ProjectStore } from '../store/projectStore';
import { imageInputOf, storePixelReader } from './assets';
import { createSplit } from './splits';

/**
 * Where the pixels of an image run live while it trains: 'memory' (read once, sent to the
 * training process), 'stream' (read from the project file in chunks, every epoch; bounded
 * memory whatever the data set's size), or 'auto' (default): memory up to
 * {@link IMAGE_MEMORY_BYTES} of pixels, else stream. Both give the same result.
 */
export type ImageFeed = 'auto' | 'memory' | 'stream';

/** Pixel bytes of a run's images up to which 'auto' holds them in memory (32 MiB). */
export const IMAGE_MEMORY_BYTES = 32 * 2 ** 20;
/**
 * The shared trunk of a run on this dataset: the requested one, by default 'cnn' for an
 * image dataset and 'mlp' for a table.
 * @throws MtlError('BAD_REQUEST') for 'cnn' on a table (reason TRUNK_CNN_ON_TABLE) or 'mlp'
 *   on images (reason TRUNK_MLP_ON_IMAGES).
 */
export function trunkFor(
  dataset: DatasetInfo,
  requested?: TrainConfig['trunk'],
): TrainConfig['trunk'] {
  const image = imageInputOf(dataset);
  const trunk = requested ?? (image ? 'cnn' : 'mlp');
  if (image && trunk === 'mlp') {
    throw new MtlError(
      'BAD_REQUEST',
      `Dataset "${dataset.name}" holds images (column "${image.name}"); train it with trunk 'cnn' (an MLP trunk reads table columns, not pixels).`,
      reasonDetails('TRUNK_MLP_ON_IMAGES', { dataset: dataset.name, column: image.name }),
    );
  }
  if (!image && trunk === 'cnn') {
    throw new MtlError(
      'BAD_REQUEST',
      `Trunk 'cnn' needs images, and dataset "${dataset.name}" is a table (no image input column); use trunk 'mlp'.`,
      reasonDetails('TRUNK_CNN_ON_TABLE', { dataset: dataset.name }),
    );
  }
  return trunk;
}

/**
 * Returns the dataset's latest split, or creates one: seeded, stratified on the first
 * task's target column (rows missing that label form their own stratum), over the rows
 * that carry at least one task label — rows labelled later join it without moving any row
 * (see assignNewlyLabelledRows in services/labels.ts). Made by services/splits.ts; with
 * `fresh`, a stored split with the same seed, fractions, stratification and rows is
 * returned instead of a copy.
 * @throws MtlError('SPLIT_INVALID') on bad fractions.
 */
export async function ensureSplit(
  store: ProjectStore,
  datasetId: number,
  options: { seed?: number; fractions?: SplitFractions; fresh?: boolean } = {},
): Promise<SplitInfo> {
  if (!options.fresh) {
    const latest = await store.splits.latest(datasetId);
    if (latest) return latest;
  }
  const [first] = await store.tasks.list(datasetId);
  return createSplit(
    store,
    datasetId,
    {
      seed: options.seed ?? 42,
      fractions: options.fractions ?? DEFAULT_FRACTIONS,
      stratifyTask: first?.name ?? null,
    },
    // Without `fresh`: another run may have made the dataset's first split meanwhile.
    options.fresh ? 'identical' : 'any',
  );
}

/** A task without a labelled row in the test split (a run could not score it). */
export interface UnlabelledTask {
  task: string;
  /** Its labelled rows in the split (none of them in the test split). */
  labelled: number;
  /** The split's rows in all. */
  rows: number;
}

/**
 * The details of {@link prepareJob}'s SPLIT_INVALID error for tasks without a labelled row
 * in the test split: `task`, `labelled`, `rows` of the first such task, and `unlabelled`,
 * every such task among those asked for, in their order; `everyTask` when that is all of
 * them (leaving some out would leave no task: the table has too few labelled rows).
 */
export interface UnscoredTasksDetails extends UnlabelledTask {
  unlabelled: UnlabelledTask[];
  everyTask: boolean;
}

/**
 * The TASK_INVALID error for a dataset without a task, naming the columns a task could
 * predict (categorical or boolean; never an image or text column, which cannot be a target)
 * and the commands that define one: "Dataset "shades" has no task yet; define at least one:
 * a task predicts a categorical column, here label (mtl-studio tasks -p <project> --add
 * label, or the Tasks view) …". Found by a new user: `train --arch auto` on an imported image
 * folder said only "define at least one". Columns marked as targets (role 'target') with no
 * task are named first, with `--add` for them (`details.marked`).
 * @param dataset its name and columns.
 */
export function noTaskError(dataset: Pick<DatasetInfo, 'name' | 'columns'>): MtlError {
  const candidates = dataset.columns
    .filter((c) => c.type === 'categorical' || c.type === 'boolean')
    .map((c) => c.name);
  // Columns marked as targets (`import --role y=target`, the import wizard's role) with no
  // task: a role defines no task, so the message names them and the command that adds them
  // (found by a new user: the role was accepted and train said only "no task yet").
  const marked = dataset.columns
    .filter((c) => c.role === 'target' && candidates.includes(c.name))
    .map((c) => c.name);
  const shown = candidates.slice(0, 5);
  const which =
    marked.length > 0
      ? `${marked.join(', ')} ${marked.length === 1 ? 'is' : 'are'} marked as a target, and a role defines no task: add ${marked.length === 1 ? 'its task' : 'their tasks'} (mtl-studio tasks -p <project> --add ${marked.map(shellWord).join(' ')}, or the Tasks view)`
      : candidates.length === 0
        ? 'it has no categorical column: label a new one (mtl-studio tasks -p <project> --new NAME=class1,class2, or the Tasks view)'
        : `a task predicts a categorical column, here ${shown.join(', ')}${candidates.length > shown.length ? ` (and ${candidates.length - shown.length} more)` : ''} (mtl-studio tasks -p <project> --add ${shellWord(shown[0])}, or the Tasks view), or labels a new one (--new NAME=class1,class2)`;
  return new MtlError(
    'TASK_INVALID',
    `Dataset "${dataset.name}" has no task yet; define at least one: ${which}.`,
    { candidates, marked },
  );
}

/**
 * Refuses dataset `datasetId` when it has no task ({@link noTaskError}), before a run, an
 * Auto search or a cross-validation says or stores anything.
 * @throws MtlError('TASK_INVALID') as {@link noTaskError}; MtlError('NOT_FOUND') for an
 *   unknown dataset.
 */
export async function checkHasTasks(store: ProjectStore, datasetId: number): Promise<void> {
  const [dataset, tasks] = await Promise.all([
    store.datasets.get(datasetId),
    store.tasks.list(datasetId),
  ]);
  if (tasks.length === 0) throw noTaskError(dataset);
}

/**
 * The SPLIT_INVALID error (reason TASK_NEVER_LABELLED) for tasks with no labelled row at all
 * (a `tasks --new` task never labelled), naming the first: "Task "style" has no labelled row
 * at all (12 rows in all), so the run could not be trained or scored; label some of its rows
 * first …". Thrown by {@link prepareJob} and, before a cross-validation is stored, by
 * {@link checkTasksLabelled}. Details: {@link UnscoredTasksDetails}.
 * @param neverLabelled the tasks with `labelled` 0, in task order (at least one).
 * @param trainedTasks how many tasks the run trains (`everyTask` when all are unlabelled).
 */
export function neverLabelledError(
  neverLabelled: readonly UnlabelledTask[],
  trainedTasks: number,
): MtlError {
  const [first] = neverLabelled;
  const details: UnscoredTasksDetails = {
    ...first,
    unlabelled: [...neverLabelled],
    everyTask: neverLabelled.length === trainedTasks,
  };
  return new MtlError(
    'SPLIT_INVALID',
    `Task "${first.task}" has no labelled row at all (${first.rows} rows in all), so the run could not be trained or scored; label some of its rows first (a CSV of row_id and its column with mtl-studio labels import, or the Label view in the studio).`,
    reasonDetails(
      'TASK_NEVER_LABELLED',
      { task: first.task, rows: first.rows },
      details as unknown as Record<string, unknown>,
    ),
  );
}

/**
 * The tasks named `names`, in that order, among `allTasks` of dataset `dataset`. Used by
 * {@link prepareJob} and, before a cross-validation stores anything, by
 * services/crossValidation.ts (found by a new user: `train --tasks typ` stored a "failed"
 * cross-validation that advised continuing it).
 * @throws MtlError('TASK_INVALID') for the first unknown name: "No task "typ" on dataset
 *   "zoo"; tasks: "type". Did you mean "type"?" (shared/similarName.ts)."
 */
export function tasksByName<T extends { name: string }>(
  dataset: Pick<DatasetInfo, 'name'>,
  allTasks: readonly T[],
  names: readonly string[],
): T[] {
  return names.map((name) => {
    const t = allTasks.find((x) => x.name === name);
    if (!t) {
      throw new MtlError(
        'TASK_INVALID',
        `No task "${name}" on dataset "${dataset.name}"; tasks: ${quotedNames(
          allTasks.map((x) => x.name),
          'none',
        )}.${didYouMean(
          name,
          allTasks.map((x) => x.name),
        )}`,
      );
    }
    return t;
  });
}

/**
 * Refuses `tasks` of dataset `datasetId` when one has no labelled row at all, before a
 * cross-validation (or an Auto search) stores anything: its folds would each fail on it
 * (found by a new user: a "failed" cross-validation that advised continuing it, which
 * failed the same way). Reads the tasks' target columns only.
 * @param tasks task names (unknown names are left to the training's own check).
 * @throws {@link neverLabelledError} when a task has no labelled row; {@link
 *   oneLabelledClassError} when a task's labelled rows carry one class.
 */
export async function checkTasksLabelled(
  store: ProjectStore,
  datasetId: number,
  tasks: readonly string[],
): Promise<void> {
  const all = await store.tasks.list(datasetId);
  const known = tasks.flatMap((name) => all.filter((t) => t.name === name));
  if (known.length === 0) return;
  const { rowIds, values } = await store.datasets.readColumns(datasetId, [
    ...new Set(known.map((t) => t.targetColumn)),
  ]);
  const never = known
    .filter((t) => values[t.targetColumn].every((v) => v === null))
    .map((t) => ({ task: t.name, labelled: 0, rows: rowIds.length }));
  if (never.length > 0) throw neverLabelledError(never, tasks.length);
  for (const t of known) {
    const oneClass = oneLabelledClassError(t, values[t.targetColumn]);
    if (oneClass) throw oneClass;
  }
}

/**
 * The TASK_INVALID error (reason TASK_ONE_LABELLED_CLASS) for a task whose labelled rows all
 * carry one class (classes declared with `--classes const=A,B`, only A labelled). Found by a
 * new user: such a task trained and scored 1.000, as a model that always answers "A" does.
 * Thrown by {@link prepareJob} and, before a cross-validation is stored, by
 * {@link checkTasksLabelled}.
 * @param labels the task's labels over the rows (null: unlabelled), at least one labelled.
 * @returns the error, or null when the labelled rows carry two classes or more.
 */
export function oneLabelledClassError(
  task: { name: string; datasetId: number },
  labels: readonly unknown[],
): MtlError | null {
  const labelled = labels.filter((v) => v !== null);
  const classes = new Set(labelled.map(String));
  if (classes.size !== 1) return null;
  const [className] = classes;
  const rows = labelled.length;
  return new MtlError(
    'TASK_INVALID',
    `Task "${task.name}" has labelled rows of one class only ("${className}", ${rows} ${rows === 1 ? 'row' : 'rows'}): a model learns nothing from them and would score 1.000 by always answering "${className}"; label rows of its other classes first (mtl-studio labels import, or the Label view in the studio), or leave the task out of the run (--tasks, or remove it: mtl-studio tasks -p <project> -d ${task.datasetId} --remove ${shellWord(task.name)}).`,
    reasonDetails('TASK_ONE_LABELLED_CLASS', { task: task.name, className, rows }),
  );
}

/**
 * The tasks that have no labelled row in the test split, in the order given.
 * @param tasks each task's labels over the split's rows ([n], null: unlabelled).
 * @param assignment [n] the split of each of those rows.
 */
function unscoredTasks(
  tasks: { task: string; labels: readonly unknown[] }[],
  assignment: readonly SplitName[],
): UnlabelledTask[] {
  return tasks.flatMap(({ task, labels }) =>
    assignment.some((s, i) => s === 'test' && labels[i] !== null)
      ? []
      : [{ task, labelled: labels.filter((v) => v !== null).length, rows: assignment.length }],
  );
}

/**
 * Reads what a training job needs from the store: input columns (role 'input'), the tasks'
 * target columns and the split, all aligned by row; for an image dataset, the shape of its
 * decoded pixels and, unless they are to be streamed (`images`, see {@link ImageFeed}), the
 * pixels themselves ([rows, height, width, channels] in row order).
 * @throws MtlError('TASK_INVALID') for an unknown task name, a static weight for a task not
 *   trained ({@link checkTaskWeights}) or a dataset without tasks;
 *   MtlError('TASK_INVALID') when a task's labelled rows carry one class ({@link
 *   oneLabelledClassError}); MtlError('SPLIT_INVALID') when a task has no labelled row at all (reason
 *   TASK_NEVER_LABELLED) or none in the test split (details: {@link UnscoredTasksDetails};
 *   not with `options.unscored`);
 *   MtlError('NOT_FOUND') for an image dataset without decoded pixels.
 */
export async function prepareJob(
  store: ProjectStore,
  datasetId: number,
  taskNames: string[] | undefined,
  splitId: number,
  config: TrainConfig,
  images: ImageFeed = 'auto',
  /** A final model on every labelled row (services/finalModel.ts): no test rows to score. */
  options: { unscored?: boolean } = {},
): Promise<TrainingJobInput> {
  const [dataset, allTasks, split] = await Promise.all([
    store.datasets.get(datasetId),
    store.tasks.list(datasetId),
    store.splits.assignment(splitId),
  ]);
  if (allTasks.length === 0) throw noTaskError(dataset);
  const tasks = taskNames ? tasksByName(dataset, allTasks, taskNames) : allTasks;
  checkTaskWeights(
    config,
    tasks.map((t) => t.name),
  );
  // Every task's target is excluded from the inputs, even when not trained in this run.
  const targetColumns = new Set(allTasks.map((t) => t.targetColumn));
  const imageColumn = imageInputOf(dataset);
  // Images: other input columns are listed as skipped (the network reads the pixels).
  const inputColumns = dataset.columns.filter(
    (c) => c.role === 'input' && !targetColumns.has(c.name) && c !== imageColumn,
  );
  const names = [
    ...new Set([...inputColumns.map((c) => c.name), ...tasks.map((t) => t.targetColumn)]),
  ];
  const { rowIds, values } = await store.datasets.readColumns(datasetId, names);
  const splitOf = new Map(split.rowIds.map((id, i) => [id, split.assignment[i]]));
  // Rows outside the split carry no label (labelled rows join it before training): skip them.
  const kept: number[] = [];
  const assignment: SplitName[] = [];
  rowIds.forEach((id, i) => {
    const s = splitOf.get(id);
    if (s) {
      kept.push(i);
      assignment.push(s);
    } else if (tasks.some((t) => values[t.targetColumn][i] !== null)) {
      throw new MtlError('SPLIT_INVALID', `Row ${id} has no split; create a new split.`);
    }
  });
  const keep = <T>(column: T[]): T[] =>
    kept.length === column.length ? column : kept.map((i) => column[i]);
  const inputs: RawColumn[] = inputColumns.map((c) => ({
    name: c.name,
    type: c.type,
    values: keep(values[c.name]),
  }));
  // A run is scored on the test split: refuse one that could not be (tiny datasets).
  const unscored = unscoredTasks(
    tasks.map((t) => ({ task: t.name, labels: keep(values[t.targetColumn]) })),
    assignment,
  );
  // A task with no labelled row at all (a --new task never labelled) is worded as such: "in
  // the test split" sent the user looking at the split (found by a new user).
  const neverLabelled = unscored.filter((u) => u.labelled === 0);
  if (neverLabelled.length > 0 && !options.unscored)
    throw neverLabelledError(neverLabelled, tasks.length);
  for (const t of tasks) {
    const oneClass = oneLabelledClassError(t, keep(values[t.targetColumn]));
    if (oneClass) throw oneClass;
  }
  if (unscored.length > 0 && !options.unscored) {
    const [first] = unscored;
    const everyTask = unscored.length === tasks.length;
    const details: UnscoredTasksDetails = { ...first, unlabelled: unscored, everyTask };
    throw new MtlError(
      'SPLIT_INVALID',
      everyTask
        ? `No task has a labelled row in the test split (${first.rows} rows in all), so the run could not be scored: too few labelled rows for a test split; cross-validate instead, or label more rows.`
        : `Task "${first.task}" has no labelled row in the test split (${first.rows} rows in all), so the run could not be scored; add rows or label more of them.`,
      everyTask
        ? reasonDetails(
            'NO_TASK_TEST_LABELS',
            { rows: first.rows },
            details as unknown as Record<string, unknown>,
          )
        : reasonDetails(
            'TASK_NO_TEST_LABELS',
            { task: first.task, rows: first.rows },
            details as unknown as Record<string, unknown>,
          ),
    );
  }
  const keptRowIds = keep(rowIds);
  return {
    rowIds: keptRowIds,
    assignment,
    inputs,
    ...(imageColumn
      ? { image: await imageInput(store, dataset, imageColumn.name, keptRowIds, images) }
      : {}),
    targets: tasks.map((t) => ({
      task: { name: t.name, classes: t.classes },
      type: dataset.columns.find((c) => c.name === t.targetColumn)!.type,
      values: keep(values[t.targetColumn]),
    })),
    // Stored as run: the patience as scaled to this training split's size.
    config: withScaledSchedule(
      withTaskWeights(config, tasks),
      assignment.filter((s) => s === 'train').length,
    ),
  };
}

/**
 * The image input of a job: the decoded pixels' shape and, held in memory, their bytes.
 * @throws MtlError('NOT_FOUND') when the dataset has no decoded pixels.
 */
async function imageInput(
  store: ProjectStore,
  dataset: DatasetInfo,
  column: string,
  rowIds: number[],
  feed: ImageFeed,
): Promise<ImageJobInput> {
  const settings = await store.assets.pixelSettings(dataset.id, column);
  if (!settings) {
    throw new MtlError(
      'NOT_FOUND',
      `Dataset "${dataset.name}" has no decoded pixels for its image column "${column}"; import the images again.`,
    );
  }
  const shape = { height: settings.height, width: settings.width, channels: settings.channels };
  const bytes = rowIds.length * shape.height * shape.width * shape.channels;
  if (feed === 'stream' || (feed === 'auto' && bytes > IMAGE_MEMORY_BYTES)) return { shape };
  const pixels = await storePixelReader(store, dataset.id, column).read(rowIds);
  return { shape, pixels };
}

/**
 * Refuses a static weight (`config.taskWeights`, `--task-weight TASK=W`) for a task that is
 * not trained, before any run is stored: the weighting's own check (engine/weighting/
 * static.ts) runs only once the run trains, so a new user's `--task-weight nosuch=1` left a
 * failed run behind. Only with 'static' weighting, the one that reads the weights.
 * @param tasks the names of the tasks trained.
 * @throws MtlError('TASK_INVALID') naming the task and the tasks trained.
 */
export function checkTaskWeights(
  config: Pick<Partial<TrainConfig>, 'weighting' | 'taskWeights'>,
  tasks: readonly string[],
): void {
  if (config.weighting !== 'static' || !config.taskWeights) return;
  const unknown = Object.keys(config.taskWeights).find((name) => !tasks.includes(name));
  if (unknown !== undefined)
    throw new MtlError(
      'TASK_INVALID',
      `Static weight for unknown task "${unknown}"; tasks: ${quotedNames(tasks, 'none')}.${didYouMean(unknown, tasks)}`,
    );
}

/**
 * For 'static' weighting, fills `taskWeights` from each task's stored weight (TaskInfo.weight)
 * where the request gave none; the request's weights win. Other weightings: unchanged.
 */
function withTaskWeights(
  config: TrainConfig,
  tasks: { name: string; weight: number | null }[],
): TrainConfig {
  if (config.weighting !== 'static') return config;
  const stored = Object.fromEntries(
    tasks.flatMap((t) => (t.weight === null ? [] : [[t.name, t.weight] as const])),
  );
  return { ...config, taskWeights: { ...stored, ...config.taskWeights } };
}
