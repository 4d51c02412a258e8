/**
 * `mtl-studio demo [penguins|cards]`: the main job on bundled data (Palmer penguins), or the
 * card example (synthetic card images, a shared CNN vs single-task CNNs).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { Argument, type Command } from 'commander';
import { CARD_EXAMPLE_COUNT, CARD_INPUT_SIZE } from '../../../shared/assets';
import type { CardExampleReport } from '../../services/cardExample';
import type { DemoReport } from '../demo';
import { MtlError } from '../../../shared/errors';
import { shellWord } from '../../../shared/shellWord';
import { signed } from '../../../shared/signedText';
import { printJson, score, table } from '../output';
import { configNumber } from '../configFlags';
import { int, isJson, progress } from '../program';
import type { ProjectStore } from '../../store/projectStore';
import { abortOnStopSignals, type StopSignal } from '../stopSignals';
import { demoStoppedMessage } from './trainingStop';

/** Options of `demo`. */
interface DemoOptions {
  project?: string;
  epochs?: number;
  seed?: number;
  dir?: string;
  count?: number;
  size?: number;
  mmoe?: boolean;
  crossStitch?: boolean;
  inProcess?: boolean;
}

/** Registers `demo`. */
export function registerDemoCommands(program: Command): void {
  program
    .command('demo')
    .description(
      'penguins (default): single-task baselines and a hard-sharing model on the bundled Palmer penguins data. cards: generate synthetic card images (colour, points, pattern, texture), import them, train single-task CNNs and one shared CNN, and print the per-task scores and Δm.',
    )
    .addArgument(
      new Argument('[example]', 'which example').choices(['penguins', 'cards']).default('penguins'),
    )
    .option(
      '-p, --project <file>',
      'project file to create (default: a new file in the temp folder)',
    )
    .option('--epochs <n>', 'maximum epochs', configNumber('--epochs', 'epochs'))
    .option('--seed <n>', 'seed', configNumber('--seed', 'seed'))
    .option('--dir <folder>', 'cards: folder to write the card images and manifest.csv into')
    .option(
      '--count <n>',
      `cards: number of cards (default ${CARD_EXAMPLE_COUNT})`,
      int('--count', 1),
    )
    .option(
      '--size <px>',
      `cards: input size of the CNN in pixels (default ${CARD_INPUT_SIZE})`,
      // MIN_IMAGE_SIZE of data/images/decode.ts (not imported here: it loads sharp).
      int('--size', 8),
    )
    .option('--mmoe', 'cards: also train MMoE on the CNN features')
    .option('--cross-stitch', 'cards: also train a cross-stitch network (one CNN column per task)')
    .option('--in-process', 'cards: train the runs one by one in this process')
    .action(async (example: 'penguins' | 'cards', opts: DemoOptions) => {
      if (example === 'cards') return cardsDemo(opts);
      const { runDemo } = await import('../demo');
      const controller = new AbortController();
      const stopSignal = abortOnStopSignals(controller);
      const report = await runDemo({
        project: opts.project,
        epochs: opts.epochs,
        seed: opts.seed,
        log: progress,
        signal: controller.signal,
        stopped: (store, project) =>
          demoStopError(
            store,
            project,
            stopSignal() ?? 'SIGINT',
            'TRAINING_CANCELLED',
            !opts.project,
          ),
      });
      if (isJson()) return printJson(report);
      printPenguins(report);
      if (!opts.project) console.log(temporaryProjectNote(report.project));
    });
}

/**
 * What the demo says after its results when it made its project in the temp folder (no
 * --project), which nothing deletes (found by a new user: every `npm run demo` left a
 * folder behind unsaid): where the project is, how to open it, and which folder to delete,
 * e.g. `The project is kept in the temp folder: /tmp/mtl-studio-demo-Ab12/penguins.mtlproj.
 * Open it in the studio (Projects → Open) or with the CLI (npx mtl-studio evaluate -p …); delete
 * the folder /tmp/mtl-studio-demo-Ab12 when done, or give --project to choose where it goes.`
 * @param project the project file's path (in its own folder made by mkdtemp).
 */
export function temporaryProjectNote(project: string): string {
  return `The project is kept in the temp folder: ${project}. Open it in the studio (Projects → Open) or with the CLI (npx mtl-studio evaluate -p ${shellWord(project)}); delete the folder ${dirname(project)} when done, or give --project to choose where it goes.`;
}

function printPenguins(report: DemoReport): void {
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
      : `Δm of hard-sharing vs single-task (test macro-F1): ${signed(d, 2)} %`,
  );
}

/**
 * The error a demo ends with when a stop signal stopped it: the same code (exit 130; 143 for
 * SIGTERM), the message of demoStoppedMessage, and details `project`, `runs` (id, arch,
 * status), `signal`.
 * @param temporary whether the demo made the project in the temp folder (no --project)
 * @throws errors of the store when the runs cannot be read.
 */
async function demoStopError(
  store: ProjectStore,
  project: string,
  signal: StopSignal,
  code: 'TRAINING_CANCELLED' | 'IMPORT_CANCELLED',
  temporary: boolean,
): Promise<MtlError> {
  const runs = (await store.training.listRuns()).map((r) => ({
    id: r.id,
    arch: r.config.arch,
    status: r.status,
  }));
  return new MtlError(code, demoStoppedMessage(signal, project, runs, temporary), {
    project,
    runs,
    signal,
  });
}

/**
 * The demo's wording of a run that could not be scored for want of test rows: the service
 * says "cross-validate instead, or label more rows", which the demo has no option for (found
 * by a new user with `demo cards --count 5`); here the way out is more cards.
 * @returns a SPLIT_INVALID error saying so (same details), or `error` itself when it is
 *   another error.
 */
function tooFewCards(error: unknown, count: number): unknown {
  const reason = error instanceof MtlError ? error.details?.reason : undefined;
  if (reason !== 'NO_TASK_TEST_LABELS' && reason !== 'TASK_NO_TEST_LABELS') return error;
  const { code, message, details } = error as MtlError;
  // "No task has a labelled row in the test split (5 rows in all)", without the service's advice.
  const what = message.replace(/, so the run could not be scored.*$/s, '');
  return new MtlError(
    code,
    `${what}: ${count} cards are too few for the demo's test split; run it with more cards (--count, default ${CARD_EXAMPLE_COUNT}).`,
    details,
  );
}

async function cardsDemo(opts: DemoOptions): Promise<void> {
  if (opts.dir) {
    // As generate-cards: a folder holding files is refused before the project is created.
    const { checkCardsFolder } = await import('../../data/images/cards');
    await checkCardsFolder(resolve(opts.dir), opts.count ?? CARD_EXAMPLE_COUNT);
  }
  const project =
    opts.project ?? join(mkdtempSync(join(tmpdir(), 'mtl-studio-demo-')), 'cards.mtlproj');
  const controller = new AbortController();
  // Ctrl-C or a plain kill: stop training; runs so far stay stored (as cancelled), and the
  // error names them and the project (demoStoppedMessage).
  const stopSignal = abortOnStopSignals(controller);
  const { ProjectStore } = await import('../../store/projectStore');
  const { runCardExample } = await import('../../services/cardExample');
  const store = await ProjectStore.open(project, { create: true, name: 'Card example' });
  let report: CardExampleReport;
  try {
    report = await runCardExample(store, {
      dir: opts.dir ? resolve(opts.dir) : undefined,
      count: opts.count,
      seed: opts.seed,
      size: opts.size,
      config: opts.epochs ? { epochs: opts.epochs } : undefined,
      mmoe: opts.mmoe,
      crossStitch: opts.crossStitch,
      mode: opts.inProcess ? 'in-process' : 'process',
      signal: controller.signal,
      log: progress,
    });
  } catch (error) {
    const signal = stopSignal();
    if (
      signal !== null &&
      error instanceof MtlError &&
      (error.code === 'TRAINING_CANCELLED' || error.code === 'IMPORT_CANCELLED')
    ) {
      throw await demoStopError(store, project, signal, error.code, opts.project === undefined);
    }
    throw tooFewCards(error, opts.count ?? CARD_EXAMPLE_COUNT);
  } finally {
    await store.close();
  }
  if (isJson()) return printJson({ project, ...report });
  console.log(`Project: ${project}`);
  console.log(
    `Cards: ${report.cards} synthetic images in ${report.dir}, trained at ${report.imageSize}×${report.imageSize} RGB`,
  );
  console.log(`Backend: ${report.backend}`);
  const tasks = Object.keys(report.runs[0].tasks);
  console.log(
    table(
      ['task', ...report.runs.flatMap((r) => [`${r.arch} acc.`, `${r.arch} macro-F1`])],
      tasks.map((t) => [
        t,
        ...report.runs.flatMap((r) => [score(r.tasks[t]?.accuracy), score(r.tasks[t]?.macroF1)]),
      ]),
    ),
  );
  for (const run of report.runs.slice(1)) {
    console.log(
      run.deltaM === null
        ? `Δm of ${run.arch} vs single-task: undefined (the baseline scores 0 on a task).`
        : `Δm of ${run.arch} vs single-task (test macro-F1): ${signed(run.deltaM, 2)} %`,
    );
  }
  const t = report.timings;
  console.log(
    `Time: ${t.total} s (generate ${t.generate} s, import ${t.import} s, train ${t.train} s: ${report.runs.map((r) => `${r.arch} ${r.seconds.toFixed(1)} s`).join(', ')})`,
  );
  if (!opts.project) console.log(temporaryProjectNote(project));
  // The cards generated in the temp folder (no --dir) are left there too: said as well.
  if (!opts.dir)
    console.log(
      `The card images are kept in the temp folder as well: ${report.dir}; delete it when done, or give --dir to choose where they go.`,
    );
}
