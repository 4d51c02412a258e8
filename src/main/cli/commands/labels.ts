/**
 * `mtl-studio labels export | import | queue`: labels to and from a CSV file (by row id or
 * image path, conflicts reported), and the active-labelling queue of a run.
 */
import { type Command, Option } from 'commander';
import { MtlError } from '../../../shared/errors';
import { UNCERTAINTY_STRATEGIES } from '../../engine/activeLearning';
import type { ProjectStore } from '../../store/projectStore';
import { counted } from '../../../shared/counted';
import { printJson, STDOUT, table } from '../output';
import {
  int,
  isJson,
  outPath,
  outputAlias,
  resolveDataset,
  scopeWords,
  withStore,
  type OutOption,
} from '../program';

/** Conflicts listed one by one in the text output (all of them with --json). */
const CONFLICTS_SHOWN = 20;

/** The newest completed run of a dataset. @throws MtlError('NOT_FOUND') when there is none. */
async function latestCompletedRun(store: ProjectStore, datasetId: number): Promise<number> {
  const runs = (await store.training.listRuns(datasetId)).filter((r) => r.status === 'completed');
  const last = runs.at(-1);
  if (!last) {
    throw new MtlError(
      'NOT_FOUND',
      'No completed run yet: train one (mtl-studio train) before asking for the queue.',
    );
  }
  return last.id;
}

/**
 * The dataset `labels export` writes, refused when it has no task: its labels file would hold
 * the row ids alone (found by a new user: "Wrote 344 rows × 0 task(s) ()"). Refused as the
 * queue refuses a dataset without a completed run (exit 1), saying how to define a task.
 * @param project the project file, for the `tasks` commands suggested (quoted by shellWord).
 * @throws MtlError('NOT_FOUND') when the dataset has no task.
 */
async function datasetWithTasks(
  store: ProjectStore,
  given: number | undefined,
  project: string,
): Promise<number> {
  const datasetId = await resolveDataset(store, given);
  if ((await store.tasks.list(datasetId)).length > 0) return datasetId;
  const { name } = await store.datasets.get(datasetId);
  // With -d where the project has several datasets (or it was given): runnable as shown.
  const p = await scopeWords(store, project, datasetId, given);
  throw new MtlError(
    'NOT_FOUND',
    `Dataset "${name}" has no tasks, so there are no labels to export. Define one first: mtl-studio tasks ${p} --add COLUMN (a column holding its classes), or --new TASK=a,b,c (a task to label from scratch).`,
    { datasetId },
  );
}

/** Registers `labels` and its subcommands. */
export function registerLabelCommands(program: Command): void {
  const labels = program
    .command('labels')
    .description('Export, import and queue labels (the Label view from the command line).');

  labels
    .command('export')
    .description('Write the labels of a dataset as CSV: row_id, image path, one column per task.')
    .requiredOption('-p, --project <file>', 'project file')
    .option('-d, --dataset <id>', 'dataset id (default: the only one)', int('--dataset'))
    .option('--task <name>', 'only this task')
    .option('-o, --out <file>', "CSV file to write ('-' or none: standard output)")
    .addOption(outputAlias())
    .action(async (given: { project: string; dataset?: number; task?: string } & OutOption) => {
      const opts = { ...given, output: outPath(given) };
      // '-' is standard output, as for most command-line tools (never a file named '-').
      if (opts.output === STDOUT) opts.output = undefined;
      // Services load inside actions: `--help` must not load sqlite3 or tfjs.
      const { exportLabels, saveLabels } = await import('../../services/labelFiles');
      if (opts.output === undefined) {
        const result = await withStore(opts.project, false, async (store) =>
          exportLabels(store, await datasetWithTasks(store, opts.dataset, opts.project), {
            task: opts.task,
          }),
        );
        if (isJson()) {
          return printJson({ rows: result.rows, tasks: result.tasks, csv: result.csv });
        }
        return void process.stdout.write(result.csv);
      }
      // The studio's Export labels: never over the project, another SQLite file or a
      // read-only file; a folder or a missing one refused by name; written atomically. An
      // existing file is replaced, as every CLI output is.
      const output = opts.output;
      const written = await withStore(opts.project, false, async (store) =>
        saveLabels(store, await datasetWithTasks(store, opts.dataset, opts.project), output, {
          task: opts.task,
          overwrite: true,
        }),
      );
      if (isJson()) {
        return printJson({ file: written.path, rows: written.rows, tasks: written.tasks });
      }
      console.log(
        `Wrote ${written.rows} ${written.rows === 1 ? 'row' : 'rows'} × ${written.tasks.length} ${written.tasks.length === 1 ? 'task' : 'tasks'} (${written.tasks.join(', ')}) to ${written.path}.`,
      );
    });

  labels
    .command('import')
    .description(
      'Read labels from a CSV file (row_id or image path column, one column per task); an empty cell changes nothing. One batch; Undo in a studio tab does not take it back (tabs undo only their own edits).',
    )
    .argument('<file>', 'CSV file of labels')
    .requiredOption('-p, --project <file>', 'project file')
    .option('-d, --dataset <id>', 'dataset id (default: the only one)', int('--dataset'))
    .option('--overwrite', "replace labels that differ from the project's (default: keep them)")
    .option(
      '--add-classes',
      'add unknown classes to their task instead of refusing the file (in the same batch as the import; a warning for one differing from a class only by case or spaces)',
    )
    .action(
      async (
        file: string,
        opts: { project: string; dataset?: number; overwrite?: boolean; addClasses?: boolean },
      ) => {
        const { importLabels } = await import('../../services/labelFiles');
        const result = await withStore(opts.project, false, async (store) =>
          importLabels(store, await resolveDataset(store, opts.dataset), file, {
            overwrite: opts.overwrite,
            addClasses: opts.addClasses,
          }),
        );
        // On stderr with --json too; the JSON document has them as `warnings`.
        for (const w of result.warnings) process.stderr.write(`warning: ${w}\n`);
        if (isJson()) return printJson(result);
        console.log(
          `Imported ${counted(result.applied, 'label', 'labels')}; ${result.unchanged} already equal; ${counted(result.conflicts.length, 'conflict', 'conflicts')}${opts.overwrite ? ' overwritten' : ' kept as in the project (use --overwrite to replace them)'}.`,
        );
        for (const c of result.addedClasses) {
          console.log(`New class "${c.className}" added to task "${c.task}".`);
        }
        if (result.conflicts.length > 0) {
          console.log(
            table(
              ['line', 'row', 'task', 'project', 'file'],
              result.conflicts
                .slice(0, CONFLICTS_SHOWN)
                .map((c) => [c.line, c.path ?? c.rowId, c.task, c.current, c.imported]),
            ),
          );
          if (result.conflicts.length > CONFLICTS_SHOWN) {
            console.log(
              `… and ${result.conflicts.length - CONFLICTS_SHOWN} more (--json lists all).`,
            );
          }
        }
      },
    );

  labels
    .command('queue')
    .description(
      "What the Label view shows next in active labelling: items lacking labels, least confident first by a run's model, with its suggested class per task.",
    )
    .requiredOption('-p, --project <file>', 'project file')
    .option(
      '-d, --dataset <id>',
      'dataset id (default: the one the run trained on)',
      int('--dataset'),
    )
    .option(
      '--run <id>',
      'run whose model ranks the items (default: the newest completed)',
      int('--run'),
    )
    .addOption(
      new Option('--strategy <name>', 'uncertainty measure')
        .choices([...UNCERTAINTY_STRATEGIES])
        .default('least-confidence'),
    )
    .option(
      '--task <name>',
      'rank on this task only (default: summed over the tasks an item lacks)',
    )
    .option('--limit <n>', 'items to list', int('--limit', 1), 20)
    .action(
      async (opts: {
        project: string;
        dataset?: number;
        run?: number;
        strategy: (typeof UNCERTAINTY_STRATEGIES)[number];
        task?: string;
        limit: number;
      }) => {
        const { labelQueue } = await import('../../services/labelQueue');
        const items = await withStore(opts.project, false, async (store) => {
          const datasetId =
            opts.run !== undefined
              ? (await store.training.getRun(opts.run)).datasetId
              : await resolveDataset(store, opts.dataset);
          const runId = opts.run ?? (await latestCompletedRun(store, datasetId));
          return labelQueue(store, datasetId, runId, opts.strategy, {
            task: opts.task,
            limit: opts.limit,
          });
        });
        if (isJson()) return printJson(items);
        if (items.length === 0) return console.log('Nothing to label: every item has its labels.');
        const tasks = Object.keys(items[0].suggestions);
        console.log(
          table(
            ['#', items[0].path !== undefined ? 'image' : 'row', 'confidence', ...tasks],
            items.map((item, i) => [
              i + 1,
              item.path ?? item.rowId,
              item.confidence.toFixed(3),
              ...tasks.map((t) => {
                const s = item.suggestions[t];
                return s ? `${s.label} (${s.probability.toFixed(2)})` : '–';
              }),
            ]),
          ),
        );
      },
    );
}
