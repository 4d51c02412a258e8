/**
 * `mtl-studio` command line: the same services as the desktop app, scriptable.
 * Human-readable tables by default; `--json` prints one JSON document on stdout.
 */
import { existsSync } from 'node:fs';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import {
  DEFAULT_TRAIN_CONFIG as D,
  type ColumnRole,
  type ColumnType,
  type DatasetInfo,
  type EpochRecord,
  type TrainConfig,
} from '../../shared/domain';
import { MtlError, toErrorPayload } from '../../shared/errors';
import { importCsv } from '../data/importCsv';
import { ARCHITECTURES } from '../engine/architectures';
import { WEIGHTINGS } from '../engine/weighting';
import { compareRuns } from '../services/evaluation';
import { defineTasks, listTaskSummaries } from '../services/tasks';
import { ensureSplit, trainRun } from '../services/training';
import { ProjectStore } from '../store/projectStore';
import { runDemo } from './demo';
import { headlineScores, method, num5, printJson, score, seconds, table } from './output';

interface GlobalOptions {
  json?: boolean;
}

// A reader that stops early (`mtl-studio … --json | head`) is not an error.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});

const program = new Command();
program
  .name('mtl-studio')
  .description(
    'Multi-task classification studio: import a table, define tasks, train one shared model, compare.',
  )
  .option('--json', 'print one JSON document on stdout instead of tables')
  // Parse errors are thrown to main(), which prints them as text or as {"error": …}.
  .exitOverride()
  .configureOutput({ writeErr: (text) => !jsonRequested() && process.stderr.write(text) })
  .showHelpAfterError();

/** --json anywhere on the command line, even when parsing failed before options were read. */
const jsonRequested = (): boolean => process.argv.includes('--json');
const isJson = (): boolean => Boolean(program.opts<GlobalOptions>().json) || jsonRequested();
const progress = (line: string): void => {
  if (!isJson() || process.env.MTL_PROGRESS) process.stderr.write(`${line}\n`);
};

function int(name: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n))
      throw new InvalidArgumentError(`${name} must be an integer, got "${value}".`);
    return n;
  };
}
function num(name: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isFinite(n))
      throw new InvalidArgumentError(`${name} must be a number, got "${value}".`);
    return n;
  };
}
function pairs<T extends string>(allowed: readonly T[], what: string) {
  return (value: string, previous: Record<string, T> = {}): Record<string, T> => {
    const at = value.lastIndexOf('=');
    const key = value.slice(0, at);
    const v = value.slice(at + 1) as T;
    if (at <= 0 || !allowed.includes(v)) {
      throw new InvalidArgumentError(
        `expected COLUMN=${allowed.join('|')} for ${what}, got "${value}".`,
      );
    }
    return { ...previous, [key]: v };
  };
}

async function withStore<T>(
  path: string,
  create: boolean,
  fn: (store: ProjectStore) => Promise<T>,
): Promise<T> {
  if (!create && !existsSync(path))
    throw new MtlError('NOT_FOUND', `Project file not found: ${path}`);
  const store = await ProjectStore.open(path, { create });
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

async function resolveDataset(store: ProjectStore, id: number | undefined): Promise<number> {
  if (id !== undefined) return (await store.getDataset(id)).id;
  const datasets = await store.listDatasets();
  if (datasets.length === 1) return datasets[0].id;
  if (datasets.length === 0)
    throw new MtlError(
      'NOT_FOUND',
      'The project has no dataset yet; run `mtl-studio import` first.',
    );
  throw new MtlError(
    'BAD_REQUEST',
    `The project has ${datasets.length} datasets; choose one with --dataset: ${datasets.map((d) => `${d.id} (${d.name})`).join(', ')}.`,
  );
}

/**
 * Prints a dataset's columns (type, role, missing, distinct, a short profile) and the
 * remarks on inferred types (e.g. a numeric column read as text because of one cell).
 */
function printColumns(dataset: DatasetInfo): void {
  console.log(
    table(
      ['column', 'type', 'role', 'missing', 'distinct', 'summary'],
      dataset.columns.map((c) => [
        c.name,
        c.type,
        c.role,
        c.profile.missing,
        c.profile.distinct,
        c.profile.numeric
          ? `${num5(c.profile.numeric.min)} … ${num5(c.profile.numeric.max)}, mean ${num5(c.profile.numeric.mean)}`
          : (c.profile.topCategories ?? [])
              .slice(0, 3)
              .map((t) => `${t.value} (${t.count})`)
              .join(', '),
      ]),
    ),
  );
  for (const c of dataset.columns) {
    if (c.profile.note) console.log(`note: column '${c.name}': ${c.profile.note}`);
  }
}

program
  .command('import')
  .description('Import a CSV file into a project (created if missing) as a new dataset.')
  .argument('<csv>', 'CSV file to import')
  .requiredOption('-p, --project <file>', 'project file (*.mtlproj)')
  .option('--name <name>', 'dataset name (default: file name)')
  .option(
    '--encoding <name>',
    'text encoding, e.g. utf-8, gb18030, utf-16le, latin1 (default: detected)',
  )
  .option('--delimiter <char>', 'field delimiter (default: detected)')
  .option('--no-header', 'the first line is data, not column names')
  .option(
    '--na <tokens...>',
    'texts read as missing values, replacing the defaults "" NA N/A NaN null ? ' +
      '(case-insensitive; include "" to keep empty cells missing; put it after <csv>), ' +
      'e.g. --na "" NA none',
  )
  .option('--decimal-comma', 'read numbers written with a decimal comma ("0,5")')
  .option(
    '--type <column=type>',
    'override a column type (repeatable)',
    pairs(['numeric', 'categorical', 'boolean', 'text'] as const, '--type'),
  )
  .option(
    '--role <column=role>',
    'set a column role (repeatable)',
    pairs(['input', 'target', 'ignore'] as const, '--role'),
  )
  .action(
    async (
      csv: string,
      opts: {
        project: string;
        name?: string;
        encoding?: string;
        delimiter?: string;
        header: boolean;
        na?: string[];
        decimalComma?: boolean;
        type?: Record<string, ColumnType>;
        role?: Record<string, ColumnRole>;
      },
    ) => {
      const dataset = await withStore(opts.project, true, (store) =>
        importCsv(store, csv, {
          name: opts.name,
          encoding: opts.encoding,
          delimiter: opts.delimiter,
          hasHeader: opts.header,
          missingTokens: opts.na,
          decimalComma: opts.decimalComma,
          columnTypes: opts.type,
          columnRoles: opts.role,
          onProgress: (p) => {
            if (p.rows > 0 && p.rows % 50_000 === 0) progress(`${p.phase}: ${p.rows} rows`);
          },
        }),
      );
      if (isJson()) return printJson({ project: opts.project, dataset });
      console.log(
        `Imported ${dataset.rowCount} rows into dataset ${dataset.id} "${dataset.name}" (${dataset.encoding}, delimiter ${JSON.stringify(dataset.delimiter)}).`,
      );
      printColumns(dataset);
    },
  );

program
  .command('columns')
  .description('List the columns of a dataset with type, role and profile, or change roles.')
  .requiredOption('-p, --project <file>', 'project file')
  .option('-d, --dataset <id>', 'dataset id (default: the only one)', int('--dataset'))
  .option(
    '--role <column=role...>',
    'set column roles: input or ignore, e.g. --role a=ignore b=ignore (targets are set by tasks --add)',
    pairs(['input', 'ignore'] as const, '--role'),
  )
  .action(
    async (opts: { project: string; dataset?: number; role?: Record<string, ColumnRole> }) => {
      const dataset = await withStore(opts.project, false, async (store) => {
        const datasetId = await resolveDataset(store, opts.dataset);
        for (const [column, role] of Object.entries(opts.role ?? {})) {
          await store.setColumnRole(datasetId, column, role);
        }
        return store.getDataset(datasetId);
      });
      if (isJson()) return printJson({ dataset });
      printColumns(dataset);
    },
  );

program
  .command('tasks')
  .description('List the tasks of a dataset, or add or remove tasks (one per target column).')
  .requiredOption('-p, --project <file>', 'project file')
  .option('-d, --dataset <id>', 'dataset id (default: the only one)', int('--dataset'))
  .option('--add <columns...>', 'target columns to add as tasks')
  .option('--remove <tasks...>', 'tasks to remove (their column becomes an input again)')
  .option(
    '--classes <column=a,b,c>',
    'class order of a column being added (repeatable)',
    (v: string, prev: Record<string, string[]> = {}) => {
      const at = v.indexOf('=');
      if (at <= 0) throw new InvalidArgumentError(`expected COLUMN=a,b,c, got "${v}".`);
      return { ...prev, [v.slice(0, at)]: v.slice(at + 1).split(',') };
    },
  )
  .action(
    async (opts: {
      project: string;
      dataset?: number;
      add?: string[];
      remove?: string[];
      classes?: Record<string, string[]>;
    }) => {
      const summaries = await withStore(opts.project, false, async (store) => {
        const datasetId = await resolveDataset(store, opts.dataset);
        if (opts.classes && opts.add) {
          const stray = Object.keys(opts.classes).filter((c) => !opts.add!.includes(c));
          if (stray.length > 0) {
            throw new MtlError(
              'BAD_REQUEST',
              `--classes names column(s) not being added: ${stray.join(', ')}.`,
            );
          }
        }
        for (const name of opts.remove ?? []) {
          const task = (await store.listTasks(datasetId)).find((t) => t.name === name);
          if (!task) throw new MtlError('TASK_INVALID', `No task "${name}" to remove.`);
          await store.deleteTask(task.id);
        }
        if (opts.add) {
          await defineTasks(
            store,
            datasetId,
            opts.add.map((column) => ({ column, classes: opts.classes?.[column] })),
          );
        }
        return listTaskSummaries(store, datasetId);
      });
      if (isJson()) return printJson({ tasks: summaries });
      if (summaries.length === 0)
        return console.log('No task yet. Add some with --add COLUMN [COLUMN …].');
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

program
  .command('train')
  .description("Train one run on a dataset's tasks and score it on the test split.")
  .requiredOption('-p, --project <file>', 'project file')
  .option('-d, --dataset <id>', 'dataset id (default: the only one)', int('--dataset'))
  .option('--tasks <names...>', 'tasks to train together (default: all)')
  .addOption(
    new Option('--arch <name>', 'architecture (see below)')
      .choices(Object.keys(ARCHITECTURES))
      .default('hard-sharing'),
  )
  .addOption(
    new Option(
      '--weighting <name>',
      'loss weighting / gradient method (see below; default: equal, or static with --task-weight)',
    ).choices(Object.keys(WEIGHTINGS)),
  )
  .option(
    '--task-weight <task=w>',
    'static loss weight of a task (repeatable; implies --weighting static if none given)',
    (v: string, prev: Record<string, number> = {}) => {
      const at = v.lastIndexOf('=');
      const w = Number(v.slice(at + 1));
      if (at <= 0 || !(Number.isFinite(w) && w > 0))
        throw new InvalidArgumentError(`expected TASK=W with W > 0, got "${v}".`);
      return { ...prev, [v.slice(0, at)]: w };
    },
  )
  .addOption(
    new Option(
      '--class-weights <mode>',
      "per-class loss weights ('balanced' = n / (k · count))",
    ).choices(['none', 'balanced']),
  )
  .option(
    '--experts <n>',
    `experts of MMoE / shared experts per level of PLE (default ${D.numExperts})`,
    int('--experts'),
  )
  .option(
    '--expert-units <units>',
    `layer widths of each expert (default ${D.expertUnits.join(',')})`,
    (v: string) => v.split(',').map(int('--expert-units')),
  )
  .option(
    '--levels <n>',
    `extraction levels of PLE, 1 = CGC (default ${D.numLevels})`,
    int('--levels'),
  )
  .option(
    '--specific-experts <n>',
    `task-specific experts per task and level of PLE (default ${D.specificExperts})`,
    int('--specific-experts'),
  )
  .option('--epochs <n>', `maximum epochs (default ${D.epochs})`, int('--epochs'))
  .option('--batch-size <n>', `rows per mini-batch (default ${D.batchSize})`, int('--batch-size'))
  .option('--lr <x>', `Adam learning rate (default ${D.learningRate})`, num('--lr'))
  .option('--seed <n>', `seed of initialisation and shuffling (default ${D.seed})`, int('--seed'))
  .option(
    '--patience <n>',
    `early-stopping patience in epochs, 0 = off (default ${D.patience})`,
    int('--patience'),
  )
  .option(
    '--hidden <units>',
    `hidden layer widths of the trunk (default ${D.hiddenUnits.join(',')})`,
    (v: string) => v.split(',').map(int('--hidden')),
  )
  .option('--dropout <x>', `dropout rate (default ${D.dropout})`, num('--dropout'))
  .addOption(
    new Option('--backend <name>', 'force a backend').choices([
      'auto',
      'tensorflow-gpu',
      'tensorflow',
      'wasm',
      'cpu',
    ]),
  )
  .option(
    '--split-seed <n>',
    'create a new split with this seed before training',
    int('--split-seed'),
  )
  .option('--in-process', 'train in this process instead of a child process')
  .addHelpText(
    'after',
    [
      '',
      'Architectures (--arch):',
      ...Object.values(ARCHITECTURES).map(
        (a) => `  ${a.name.padEnd(13)} ${a.description} [${a.reference}]`,
      ),
      '',
      'Loss weighting (--weighting; ignored by single-task, whose tasks share nothing):',
      ...Object.values(WEIGHTINGS).map(
        (w) => `  ${w.name.padEnd(13)} ${w.description} [${w.reference}]`,
      ),
    ].join('\n'),
  )
  .action(
    async (opts: {
      project: string;
      dataset?: number;
      tasks?: string[];
      arch: TrainConfig['arch'];
      weighting?: TrainConfig['weighting'];
      taskWeight?: Record<string, number>;
      classWeights?: TrainConfig['classWeights'];
      experts?: number;
      expertUnits?: number[];
      levels?: number;
      specificExperts?: number;
      epochs?: number;
      batchSize?: number;
      lr?: number;
      seed?: number;
      patience?: number;
      hidden?: number[];
      dropout?: number;
      backend?: TrainConfig['backend'];
      splitSeed?: number;
      inProcess?: boolean;
    }) => {
      const config: Partial<TrainConfig> = { arch: opts.arch };
      // Weights without a method only make sense as static weights.
      const weighting = opts.weighting ?? (opts.taskWeight ? 'static' : undefined);
      if (weighting !== undefined) config.weighting = weighting;
      if (opts.taskWeight !== undefined) config.taskWeights = opts.taskWeight;
      if (opts.classWeights !== undefined) config.classWeights = opts.classWeights;
      if (opts.experts !== undefined) config.numExperts = opts.experts;
      if (opts.expertUnits !== undefined) config.expertUnits = opts.expertUnits;
      if (opts.levels !== undefined) config.numLevels = opts.levels;
      if (opts.specificExperts !== undefined) config.specificExperts = opts.specificExperts;
      if (opts.epochs !== undefined) config.epochs = opts.epochs;
      if (opts.batchSize !== undefined) config.batchSize = opts.batchSize;
      if (opts.lr !== undefined) config.learningRate = opts.lr;
      if (opts.seed !== undefined) config.seed = opts.seed;
      if (opts.patience !== undefined) config.patience = opts.patience;
      if (opts.hidden !== undefined) config.hiddenUnits = opts.hidden;
      if (opts.dropout !== undefined) config.dropout = opts.dropout;
      if (opts.backend !== undefined) config.backend = opts.backend;
      const { run, last } = await withStore(opts.project, false, async (store) => {
        const datasetId = await resolveDataset(store, opts.dataset);
        const split =
          opts.splitSeed !== undefined
            ? await ensureSplit(store, datasetId, { seed: opts.splitSeed, fresh: true })
            : undefined;
        const controller = new AbortController();
        // Ctrl-C or a plain kill: stop training and store the run as cancelled.
        process.once('SIGINT', () => controller.abort());
        process.once('SIGTERM', () => controller.abort());
        const trained = await trainRun(
          store,
          { datasetId, tasks: opts.tasks, config, splitId: split?.id },
          {
            mode: opts.inProcess ? 'in-process' : 'process',
            signal: controller.signal,
            onBackend: (b) => progress(`backend: ${b}`),
            onEpoch: (_id, r: EpochRecord) => {
              if (r.epoch % 10 === 0 || r.epoch === 1) {
                progress(
                  `epoch ${r.epoch}: train loss ${r.trainLoss.toFixed(4)}, validation loss ${r.valLoss.toFixed(4)}`,
                );
              }
            },
          },
        );
        return { run: trained, last: (await store.listEpochs(trained.id)).at(-1) };
      });
      if (isJson()) return printJson({ run });
      console.log(
        `Run ${run.id} (${method(run)}) completed in ${seconds(run)} on ${run.backend}; best epoch ${run.bestEpoch}.`,
      );
      if (run.config.arch === 'single-task' && run.config.weighting !== 'equal')
        console.log(
          `Note: single-task shares no parameter; --weighting ${run.config.weighting} was ignored.`,
        );
      if (last?.taskWeights) {
        const w = Object.entries(last.taskWeights).map(([t, v]) => `${t} ${score(v)}`);
        console.log(`Task weights (last epoch): ${w.join(', ')}`);
      }
      if (last?.gates) {
        console.log('Mean gate weight per expert (validation split, last epoch):');
        console.log(
          table(
            ['task', ...last.gates[Object.keys(last.gates)[0]].map((_, e) => `expert ${e + 1}`)],
            Object.entries(last.gates).map(([t, g]) => [t, ...g.map((v) => score(v))]),
          ),
        );
      }
      console.log(
        table(
          ['task', 'n', 'accuracy', 'balanced acc.', 'macro-F1', 'ROC-AUC', 'log-loss'],
          Object.entries(run.results ?? {}).map(([task, m]) => [
            task,
            m.n,
            score(m.accuracy),
            score(m.balancedAccuracy),
            score(m.macroF1),
            score(m.rocAuc),
            score(m.logLoss),
          ]),
        ),
      );
    },
  );

program
  .command('runs')
  .description('List the runs of a project.')
  .requiredOption('-p, --project <file>', 'project file')
  .option('-d, --dataset <id>', 'only runs of this dataset', int('--dataset'))
  .action(async (opts: { project: string; dataset?: number }) => {
    const runs = await withStore(opts.project, false, (store) => store.listRuns(opts.dataset));
    if (isJson()) return printJson({ runs });
    console.log(
      table(
        ['run', 'dataset', 'method', 'status', 'tasks', 'backend', 'time', 'finished'],
        runs.map((r) => [
          r.id,
          r.datasetId,
          method(r),
          r.status,
          r.tasks.join(', '),
          r.backend ?? '–',
          seconds(r),
          r.finishedAt ?? '–',
        ]),
      ),
    );
  });

program
  .command('evaluate')
  .description(
    'Per-task test scores of the completed runs, with Δm against the single-task baseline.',
  )
  .requiredOption('-p, --project <file>', 'project file')
  .option('-d, --dataset <id>', 'dataset id (default: the only one)', int('--dataset'))
  .option('--run <id>', 'only this run', int('--run'))
  .action(async (opts: { project: string; dataset?: number; run?: number }) => {
    const rows = await withStore(opts.project, false, async (store) => {
      const datasetId = opts.run
        ? (await store.getRun(opts.run)).datasetId
        : await resolveDataset(store, opts.dataset);
      const all = await compareRuns(store, datasetId);
      return opts.run ? all.filter((r) => r.run.id === opts.run) : all;
    });
    if (isJson()) {
      return printJson({
        runs: rows.map((r) => ({
          runId: r.run.id,
          arch: r.run.config.arch,
          weighting: r.run.config.arch === 'single-task' ? null : r.run.config.weighting,
          tasks: Object.fromEntries(
            Object.entries(r.run.results ?? {}).map(([t, m]) => [t, headlineScores(m)]),
          ),
          /** Percent (Maninis et al. 2019) on test macro-F1. */
          deltaM: r.deltaM,
          baselineRunId: r.baselineRunId,
        })),
      });
    }
    console.log(
      table(
        ['run', 'method', 'task', 'accuracy', 'balanced acc.', 'macro-F1', 'ROC-AUC', 'Δm (%)'],
        rows.flatMap((r) =>
          Object.entries(r.run.results ?? {}).map(([task, m], i) => [
            i === 0 ? r.run.id : '',
            i === 0 ? method(r.run) : '',
            task,
            score(m.accuracy),
            score(m.balancedAccuracy),
            score(m.macroF1),
            score(m.rocAuc),
            i === 0 ? (r.deltaM === null ? '–' : r.deltaM.toFixed(2)) : '',
          ]),
        ),
      ),
    );
    const baselines = [...new Set(rows.flatMap((r) => (r.baselineRunId ? [r.baselineRunId] : [])))];
    if (baselines.length > 0)
      console.log(`Δm against single-task run ${baselines.join(', ')} (same tasks and split).`);
    else if (rows.some((r) => r.run.config.arch !== 'single-task'))
      console.log(
        'Δm needs a completed single-task run on the same tasks and split: train --arch single-task.',
      );
  });

program
  .command('demo')
  .description(
    'Train single-task baselines and a hard-sharing model on the bundled Palmer penguins data.',
  )
  .option('-p, --project <file>', 'project file to create (default: a new file in the temp folder)')
  .option('--epochs <n>', 'maximum epochs', int('--epochs'))
  .option('--seed <n>', 'seed', int('--seed'))
  .action(async (opts: { project?: string; epochs?: number; seed?: number }) => {
    const report = await runDemo({
      project: opts.project,
      epochs: opts.epochs,
      seed: opts.seed,
      log: progress,
    });
    if (isJson()) return printJson(report);
    console.log(`Project: ${report.project}`);
    console.log(`Backend: ${report.backend}`);
    const tasks = Object.keys(report.runs[0].tasks);
    console.log(
      table(
        [
          'task',
          ...report.runs.flatMap((r) => [`${r.arch} acc.`, `${r.arch} macro-F1`, `${r.arch} AUC`]),
        ],
        tasks.map((t) => [
          t,
          ...report.runs.flatMap((r) => [
            score(r.tasks[t]?.accuracy),
            score(r.tasks[t]?.macroF1),
            score(r.tasks[t]?.rocAuc),
          ]),
        ]),
      ),
    );
    const d = report.deltaM;
    console.log(
      d === null
        ? 'Δm of hard-sharing vs single-task: undefined (the baseline scores 0 on a task).'
        : `Δm of hard-sharing vs single-task (test macro-F1): ${d >= 0 ? '+' : ''}${d.toFixed(2)} %`,
    );
  });

/**
 * Runs the CLI with the given argv (as process.argv).
 * @returns the process exit code: 0 on success, 1 on a user-facing error, 2 on a bug.
 */
export async function main(argv: string[]): Promise<number> {
  try {
    await program.parseAsync(argv);
    return 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      // Help and version end here with exit code 0; usage errors were already printed as text.
      if (err.exitCode === 0) return 0;
      if (isJson())
        printJson({ error: { code: 'BAD_REQUEST', message: err.message.replace(/^error: /, '') } });
      return 1;
    }
    if (err instanceof MtlError && err.code === 'TRAINING_CANCELLED') {
      if (isJson()) printJson({ error: err.toPayload() });
      else process.stderr.write(`${err.message}\n`);
      return 130;
    }
    const payload = toErrorPayload(err);
    if (isJson()) printJson({ error: payload });
    else process.stderr.write(`error: ${payload.message}\n`);
    return payload.code === 'INTERNAL' ? 2 : 1;
  }
}
