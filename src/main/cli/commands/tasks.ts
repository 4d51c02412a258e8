/**
 * `mtl-studio tasks`: list, add and remove tasks.
 */
import { type Command, InvalidArgumentError } from 'commander';
import {
  ClassListError,
  similarClassPairs,
  similarClassWarning,
  similarColumnClassWarning,
  splitClassList,
} from '../../../shared/classList';
import { MtlError } from '../../../shared/errors';
import { didYouMean } from '../../../shared/similarName';
import { shellWord } from '../../../shared/shellWord';
import { printJson, table } from '../output';
import { int, isJson, resolveDataset, withStore } from '../program';
import { taskListOption } from './trainOptions';

/**
 * Reads the class list of `--classes COLUMN=a,b,c` or `--new TASK=a,b,c` as one CSV record
 * (the rule of {@link splitClassList} in src/shared/classList.ts, shared with the Tasks view:
 * spaces and tabs around an unquoted class and outside quotes are dropped, so
 * `Retired, Student` gives 'Retired' and 'Student'). The services trim and check the classes
 * again (defineTasks, createLabelTask).
 * @param text the part after '='.
 * @returns the classes, in order (['a', 'b', 'c'] for 'a,b,c').
 * @throws InvalidArgumentError for a quote that never closes, or text after a closing quote
 *   before the next comma, naming the 1-based character position; for an empty class
 *   (`a,,b`, `a,`, `""`), naming its 1-based number in the list; for no class at all with
 *   `owner`, naming the task or column.
 */
export function classListOption(
  text: string,
  /** What the list belongs to, for an empty one: `{ kind: 'task', name: 'x', flag: '--new' }`. */
  owner?: { kind: 'task' | 'column'; name: string; flag: string },
): string[] {
  // `--new x=`: no class at all, said of the task (found by a new user: `class 1 of "" is
  // empty`).
  if (owner && text.trim() === '')
    throw new InvalidArgumentError(
      `${owner.kind} "${owner.name}" has no class; write its classes after "=", e.g. ${owner.flag} ${owner.name}=a,b.`,
    );
  let classes: string[];
  try {
    classes = splitClassList(text);
  } catch (err) {
    if (err instanceof ClassListError) throw new InvalidArgumentError(err.message);
    throw err;
  }
  const empty = classes.indexOf('');
  if (empty >= 0) {
    throw new InvalidArgumentError(
      `class ${empty + 1} of "${text}" is empty; write each class between commas.`,
    );
  }
  return classes;
}

/**
 * Warnings for the classes typed in `--classes` and `--new` that differ from an earlier class
 * of the same list only by letter case or surrounding spaces (`--new colour=red,RED`): kept
 * as two classes, as typed, but likely a typo.
 * @param lists per task (or column) its classes, as typed.
 * @returns one line per such class (src/shared/classList.ts similarClassWarning).
 */
export function typedClassWarnings(
  lists: readonly { task: string; classes: readonly string[] }[],
): string[] {
  return lists.flatMap(({ task, classes }) =>
    similarClassPairs(classes).map((p) => similarClassWarning(task, p.className, p.existing)),
  );
}

/**
 * Warnings for the tasks that `--add` made from a column's values (without `--classes`, whose
 * typed list {@link typedClassWarnings} checks) when two of their classes differ only by
 * letter case or surrounding spaces (a column holding "RED" and "red"): kept as two classes.
 * @param tasks the dataset's tasks after the call, as listed.
 * @param added the columns given to `--add`; `typed` those given a `--classes` order.
 * @returns one line per such class (src/shared/classList.ts similarColumnClassWarning).
 */
export function addedClassWarnings(
  tasks: readonly { name: string; targetColumn: string; classes: readonly string[] }[],
  added: readonly string[],
  typed: readonly string[],
): string[] {
  return tasks
    .filter((t) => added.includes(t.targetColumn) && !typed.includes(t.targetColumn))
    .flatMap((t) =>
      similarClassPairs(t.classes).map((p) =>
        similarColumnClassWarning(t.name, p.className, p.existing),
      ),
    );
}

/** Commander's collector of a repeatable or variadic option's values, each kept whole. */
function collectValues(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/**
 * The names `--add` / `--remove` values mean: a value that is one of `known` whole (a column
 * "size, cm") is that name; any other is split at its commas as `train --tasks` splits
 * (taskListOption: `shape,colour`, pieces trimmed, empty ones dropped).
 * @param values the option's values as typed; @param known the dataset's columns or tasks.
 */
export function namesOf(values: readonly string[], known: readonly string[]): string[] {
  return values.flatMap((value) =>
    known.includes(value.trim()) ? [value.trim()] : taskListOption(value),
  );
}

/**
 * A refused `--add` of several columns says that none was added, as `--add` adds all or
 * none (found by a new user: `--add big small` named only "big", leaving "small" in doubt),
 * e.g. `… "small" was not added either: --add adds its columns all or none; add it
 * without "big"`. Other errors, and those of a single column, pass unchanged.
 * @param added the columns given to `--add`, in order.
 */
export function addedNoneError(error: unknown, added: readonly string[]): unknown {
  if (!(error instanceof MtlError) || error.code !== 'TASK_INVALID' || added.length < 2) {
    return error;
  }
  const failed = added.find((c) => error.message.includes(`"${c}"`));
  if (failed === undefined) return error;
  const others = added.filter((c) => c !== failed).map((c) => `"${c}"`);
  const list =
    others.length === 1 ? others[0] : `${others.slice(0, -1).join(', ')} and ${others.at(-1)}`;
  return new MtlError(
    error.code,
    `${error.message} So ${list} ${others.length === 1 ? 'was' : 'were'} not added either: --add adds its columns all or none; add ${others.length === 1 ? 'it' : 'them'} without "${failed}".`,
    error.details,
  );
}

/** Registers `tasks`. */
export function registerTaskCommands(program: Command): void {
  program
    .command('tasks')
    .description('List the tasks of a dataset, or add or remove tasks (one per target column).')
    .requiredOption('-p, --project <file>', 'project file')
    .option('-d, --dataset <id>', 'dataset id (default: the only one)', int('--dataset'))
    .option(
      '--add <columns...>',
      'target columns to add as tasks, space- or comma-separated (--add shape,colour; a value that names a column whole, commas included, is that column)',
      collectValues,
    )
    .option(
      '--remove <tasks...>',
      'tasks to remove, space- or comma-separated as --add (their column becomes an input again, or ignored when it holds no value: a --new task never labelled)',
      collectValues,
    )
    .option(
      '--classes <column=a,b,c>',
      'class order of a column being added (repeatable); quote a class with a comma: "a, b",c',
      (v: string, prev: Record<string, string[]> = {}) => {
        const at = v.indexOf('=');
        if (at <= 0) throw new InvalidArgumentError(`expected COLUMN=a,b,c, got "${v}".`);
        const column = v.slice(0, at);
        return {
          ...prev,
          [column]: classListOption(v.slice(at + 1), {
            kind: 'column',
            name: column,
            flag: '--classes',
          }),
        };
      },
    )
    .option(
      '--new <task=a,b,c>',
      'a task to label from scratch: a new, empty column of that name and its classes (e.g. a folder of images imported without labels); repeatable, all created or none',
      (v: string, prev: { name: string; classes: string[] }[] = []) => {
        const at = v.indexOf('=');
        if (at <= 0) throw new InvalidArgumentError(`expected TASK=a,b,c, got "${v}".`);
        const name = v.slice(0, at);
        const classes = classListOption(v.slice(at + 1), { kind: 'task', name, flag: '--new' });
        return [...prev, { name, classes }];
      },
    )
    .action(
      async (opts: {
        project: string;
        dataset?: number;
        add?: string[];
        remove?: string[];
        classes?: Record<string, string[]>;
        new?: { name: string; classes: string[] }[];
      }) => {
        const { createLabelTasks, defineTasks, listTaskSummaries, noTaskToRemove } =
          await import('../../services/tasks');
        const summaries = await withStore(opts.project, false, async (store) => {
          const datasetId = await resolveDataset(store, opts.dataset);
          // Split at commas only now, when the names a value may mean whole are known.
          if (opts.add) {
            const { columns } = await store.datasets.get(datasetId);
            opts.add = namesOf(
              opts.add,
              columns.map((c) => c.name),
            );
          }
          if (opts.remove) {
            const tasks = await store.tasks.list(datasetId);
            opts.remove = namesOf(
              opts.remove,
              tasks.map((t) => t.name),
            );
          }
          // The leakage warnings name the command for this project and dataset, runnable as shown.
          const at = { project: opts.project, datasetId };
          if (opts.new) {
            if (opts.add || opts.remove || opts.classes) {
              throw new MtlError(
                'BAD_REQUEST',
                '--new goes alone: it creates tasks on new columns; add or remove other tasks in another call.',
              );
            }
            await createLabelTasks(store, datasetId, opts.new);
            return listTaskSummaries(store, datasetId, at);
          }
          if (opts.classes && !opts.add) {
            // Without --add the class order would be silently ignored.
            const [column] = Object.keys(opts.classes);
            const isTask = (await store.tasks.list(datasetId)).some((t) => t.name === column);
            throw new MtlError(
              'BAD_REQUEST',
              isTask
                ? `--classes gives the class order of a column being added with --add; to reorder the classes of an existing task, remove it and add it again: --remove ${shellWord(column)} --add ${shellWord(column)} --classes ${shellWord(column)}=…`
                : `--classes gives the class order of a column being added with --add: --add ${shellWord(column)} --classes ${shellWord(column)}=…`,
            );
          }
          if (opts.classes && opts.add) {
            const stray = Object.keys(opts.classes).filter((c) => !opts.add!.includes(c));
            if (stray.length > 0) {
              throw new MtlError(
                'BAD_REQUEST',
                `--classes names ${stray.length === 1 ? 'a column' : 'columns'} not being added: ${stray.join(', ')}.${stray.map((c) => didYouMean(c, opts.add!).replace(/\?$/, ` for "${c}"?`)).join('')}`,
              );
            }
          }
          // A run left 'running' by a process that is gone must not block --remove
          // (a live one does: store/tasks.ts deleteTask, TASK_IN_TRAINING).
          if (opts.remove) await store.training.interruptOrphanedRuns();
          if (opts.add) {
            // Removed and added together, all or none: a refused --add keeps the removed.
            const added = opts.add;
            await defineTasks(
              store,
              datasetId,
              added.map((column) => ({ column, classes: opts.classes?.[column] })),
              opts.remove,
            ).catch((error: unknown) => {
              throw addedNoneError(error, added);
            });
          } else {
            // Every name checked before any is removed.
            const tasks = await store.tasks.list(datasetId);
            const ids = (opts.remove ?? []).map((name) => {
              const task = tasks.find((t) => t.name === name);
              if (!task) throw noTaskToRemove(name, tasks);
              return task.id;
            });
            // In one transaction: a task a run trains refuses the removal of all. Nothing to
            // remove writes nothing (a plain listing reads a read-only project).
            if (ids.length > 0) await store.tasks.createMany([], ids);
          }
          return listTaskSummaries(store, datasetId, at);
        });
        const warnings = typedClassWarnings([
          ...Object.entries(opts.classes ?? {}).map(([task, classes]) => ({ task, classes })),
          ...(opts.new ?? []).map((t) => ({ task: t.name, classes: t.classes })),
        ]).concat(addedClassWarnings(summaries, opts.add ?? [], Object.keys(opts.classes ?? {})));
        // On stderr with --json too, whose document lists them as `warnings`.
        for (const w of warnings) process.stderr.write(`warning: ${w}\n`);
        if (isJson())
          return printJson({ tasks: summaries, ...(warnings.length > 0 ? { warnings } : {}) });
        if (summaries.length === 0)
          return console.log(
            'No task yet. Add some with --add COLUMN [COLUMN …], or one to label from scratch with --new TASK=a,b.',
          );
        console.log(
          table(
            ['task', 'kind', 'classes (rows)', 'missing labels'],
            summaries.map((t) => [
              t.name,
              t.kind,
              t.classes.map((c, i) => `${c} (${t.classCounts[i]})`).join(', '),
              t.missing,
            ]),
          ),
        );
        for (const t of summaries) for (const w of t.warnings) console.log(`! ${t.name}: ${w}`);
      },
    );
}
