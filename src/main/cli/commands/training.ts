/**
 * `mtl-studio train` and `mtl-studio runs`: train a run, list runs.
 */
import { type Command, InvalidArgumentError, Option } from 'commander';
import {
  DEFAULT_TRAIN_CONFIG as D,
  type ArchitectureName,
  type EpochRecord,
  type TrainConfig,
  type WeightingName,
} from '../../../shared/domain';
import { method, printJson, score, seconds, table } from '../output';
import { int, isJson, num, progress, resolveDataset, withStore } from '../program';

// The names only: the registries themselves load tfjs, which `--help` must not wait for.
// `satisfies` keeps these lists equal to the domain's unions.
const ARCHITECTURE_NAMES = Object.keys({
  'single-task': 1,
  'hard-sharing': 1,
  mmoe: 1,
  ple: 1,
  'cross-stitch': 1,
} satisfies Record<ArchitectureName, 1>);
const WEIGHTING_NAMES = Object.keys({
  equal: 1,
  static: 1,
  uncertainty: 1,
  dwa: 1,
  gradnorm: 1,
  pcgrad: 1,
} satisfies Record<WeightingName, 1>);

/** The architectures and weightings explained under `train --help` (see {@link loadTrainingHelp}). */
let methodsHelp = '';

/**
 * Loads the engine's registries for the text under `train --help` (one line per
 * architecture and weighting with its paper). Called by main() only when `train` is on
 * the command line, so other commands start without loading tfjs.
 */
export async function loadTrainingHelp(): Promise<void> {
  const [{ ARCHITECTURES }, { WEIGHTINGS }] = await Promise.all([
    import('../../engine/architectures'),
    import('../../engine/weighting'),
  ]);
  methodsHelp = [
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
  ].join('\n');
}

/** Registers `train` and `runs`. */
export function registerTrainingCommands(program: Command): void {
  program
    .command('train')
    .description("Train one run on a dataset's tasks and score it on the test split.")
    .requiredOption('-p, --project <file>', 'project file')
    .option('-d, --dataset <id>', 'dataset id (default: the only one)', int('--dataset'))
    .option('--tasks <names...>', 'tasks to train together (default: all)')
    .addOption(
      new Option('--arch <name>', 'architecture (see below)')
        .choices(ARCHITECTURE_NAMES)
        .default('hard-sharing'),
    )
    .addOption(
      new Option(
        '--weighting <name>',
        'loss weighting / gradient method (see below; default: equal, or static with --task-weight)',
      ).choices(WEIGHTING_NAMES),
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
    .addHelpText('after', () => methodsHelp)
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
        const { ensureSplit, trainRun } = await import('../../services/training');
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
          return { run: trained, last: (await store.training.listEpochs(trained.id)).at(-1) };
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
      const runs = await withStore(opts.project, false, (store) =>
        store.training.listRuns(opts.dataset),
      );
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
}
