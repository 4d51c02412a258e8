/**
 * `mtl-studio export model` (a run's verified TensorFlow.js bundle), `predict` (new data
 * through a bundle alone, or through a run of a project), `report` (HTML or PDF) and
 * `backup` (a verified copy of a project, safe while it is open elsewhere).
 */
import { formulaCellsWarnings } from '../../../shared/formulaCells';
import { stat } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { type Command, Option } from 'commander';
import { MtlError, reasonDetails } from '../../../shared/errors';
import type { EncodingNote } from '../../data/encodingNotes';
import { skippedLinesText } from '../../data/badLines';
import type { Predictor } from '../../export/predict';
import type { PredictedRow, PredictSummary } from '../../export/predictPass';
import { renamedHeaderNote } from '../../export/predictHeader';
import type { SkippedImage } from '../../export/predictImages';
import { INPUTS_MISSING_COLUMN } from '../../export/predictionCsv';
import type { KnownRows } from '../../data/duplicateRows';

// Loaded when a command runs, not at start: `--help` must not load tfjs or sqlite3.
const predictModule = () => import('../../export/predict');
const exportsService = () => import('../../services/exports');
import { printJson, STDOUT, table } from '../output';
import {
  abortOnInterrupt,
  cancelledDetails,
  int,
  isJson,
  progress,
  resolveDataset,
  withStore,
} from '../program';
import type { ProjectStore } from '../../store/projectStore';
import { finalModelNote, runForModel, type FinalModelNote, type FoldRunNote } from './runModel';
import {
  farOutsideWarning,
  imputedColumnsWarning,
  mostInputsMissingWarning,
  refitSplitNote,
  scoresText,
  trainingRowsWarnings,
  unknownLabelsWarning,
  unseenWarning,
} from './predictWords';

/** Registers `export model`. */
export function registerExportCommands(program: Command): void {
  const exportCommand = program
    .command('export')
    .description('Write a trained run out of the project (see `export model --help`).');
  exportCommand
    .command('model')
    .description(
      'Write the verified TensorFlow.js bundle of a completed run: model.json + weights.bin (tf.loadLayersModel), metadata.json, preprocess.js, README.md.',
    )
    .requiredOption('-p, --project <file>', 'project file')
    .requiredOption('--run <id>', 'run to export', int('--run'))
    .requiredOption(
      '-o, --out <path>',
      'bundle folder, or a file ending in .zip (an earlier bundle there is replaced; any other folder or .zip is refused)',
    )
    .action(async (opts: { project: string; run: number; out: string }) => {
      const { done, fold, final } = await withStore(opts.project, false, async (store) => {
        // The run is checked first: an unknown or unfinished run is refused before any work.
        const { fold, final } = await runForModel(store, opts.run, opts.project);
        const note = fold ?? final;
        if (note) process.stderr.write(`note: ${note.note}\n`);
        // A final model has no test split: it is verified on its first (training) rows.
        progress(
          `Exporting run ${opts.run} and verifying it on its ${final ? 'first training' : 'test'} rows…`,
        );
        return {
          done: await (await exportsService()).exportModel(store, opts.run, opts.out),
          fold,
          final,
        };
      });
      const v = done.metadata.verification;
      if (isJson()) {
        return printJson({
          path: done.path,
          ...(fold ? { fold } : {}),
          ...(final ? { finalModel: final } : {}),
          kind: done.kind,
          replaced: done.replaced,
          files: done.files,
          verification: v,
          tasks: done.metadata.tasks.map((t) => ({
            name: t.name,
            labels: t.labels,
            output: t.output,
          })),
        });
      }
      // A bundle already there is replaced (as `cp` would), and said so.
      console.log(
        done.replaced ? `Replaced the earlier bundle at ${done.path}` : `Wrote ${done.path}`,
      );
      console.log(
        table(
          ['file', 'bytes'],
          done.files.map((f) => [f.name, f.bytes]),
        ),
      );
      console.log(
        `Verified: ${v.rows} ${final ? 'training' : 'test'} rows predicted from the files alone; largest probability difference ${v.maxAbsDifference.toExponential(1)} (tolerance ${v.tolerance}).`,
      );
    });

  registerPredictCommand(program);

  program
    .command('report')
    .description(
      'Write the report of a project: self-contained HTML, or PDF (printed by a Chromium, Chrome or Edge found on this machine, or MTL_CHROMIUM).',
    )
    .requiredOption('-p, --project <file>', 'project file')
    .requiredOption('-o, --out <file>', 'report.html or report.pdf')
    .option('--runs <ids...>', 'only these runs (default: every completed run)')
    .addOption(
      new Option('--lang <code>', 'language of the report').choices(['en', 'zh-CN']).default('en'),
    )
    .action(
      async (opts: { project: string; out: string; runs?: string[]; lang: 'en' | 'zh-CN' }) => {
        const runIds = opts.runs?.flatMap((r) => r.split(',')).map(int('--runs'));
        const done = await withStore(opts.project, false, async (store) =>
          (await exportsService()).writeReport(store, opts.out, { runIds, lang: opts.lang }),
        );
        if (isJson()) return printJson(done);
        console.log(`Wrote ${done.path} (${done.format.toUpperCase()}, ${done.bytes} bytes).`);
      },
    );

  program
    .command('backup')
    .description(
      'Write a consistent copy of a project (SQLite VACUUM INTO, safe while the studio has it open) and verify it by opening it.',
    )
    .requiredOption('-p, --project <file>', 'project file')
    .requiredOption('-o, --out <file>', 'the copy (a new .mtlproj file)')
    .action(async (opts: { project: string; out: string }) => {
      const done = await withStore(opts.project, false, async (store) =>
        (await exportsService()).backupProject(store, opts.out),
      );
      if (isJson()) return printJson(done);
      console.log(
        `Wrote ${done.path} (${done.bytes} bytes; datasets: ${done.datasets}, runs: ${done.runs}; verified).`,
      );
    });
}

/** Options of `predict`. */
interface PredictOptions {
  model?: string;
  project?: string;
  run?: number;
  dataset?: number;
  out?: string;
  allProbs?: boolean;
  id?: string;
  keepColumns?: string;
  encoding?: string;
  delimiter?: string;
  na?: string[];
  decimalComma?: boolean;
  onCorrupt?: 'skip' | 'refuse';
  missingColumns?: 'refuse' | 'impute';
  badLines?: 'error' | 'skip';
}

function registerPredictCommand(program: Command): void {
  program
    .command('predict')
    .argument(
      '[data]',
      'CSV file to predict (columns matched by name), or a folder of images for an image model',
    )
    .description(
      'Predict new rows: with a bundle alone (--model), or with a run of a project (-p, --run) on a CSV file or on a dataset of the project (--dataset).',
    )
    .option('--model <bundle>', 'model bundle folder or .zip (from `export model`)')
    .option('-p, --project <file>', 'project file (with --run)')
    .option('--run <id>', 'run whose model predicts', int('--run'))
    .option(
      '-d, --dataset <id>',
      "predict this dataset of the project (a table's rows, or an image dataset's stored images): columns row_id (the stored row id; a CSV file's is row, its data row) and, on the run's own dataset, split (train: a row its model trained on; validation: held out for early stopping or selection; test: held out; a fold run's are its fold's; an Auto run refitted on every non-test row writes its validation rows as train, a cross-validation's final model every labelled row; empty outside the split)",
      int('--dataset'),
    )
    .option(
      '-o, --out <file>',
      "predictions CSV, written as UTF-8 without a byte-order mark ('-' or none: standard output); never the project, the input, an SQLite file or a read-only file",
    )
    .option('--all-probs', "also write every class's probability")
    .option(
      '--id <column>',
      'column copied to the output as the row id (default: a column named "id")',
    )
    .option(
      '--keep-columns <a,b,…|all>',
      'copy these columns of the CSV file into the predictions as they are, after row and id and before the predictions, in the file\'s order (all: every column but the id); one named as a column the predictions write (a checking file\'s task column "species") is written as "species (input)"',
    )
    .option(
      '--encoding <name>',
      "encoding of the CSV file (default: the one the model's dataset was imported with, unless the file is certainly another, a byte-order mark or valid UTF-8; else detected; auto: detected)",
    )
    .option(
      '--delimiter <char>',
      'field delimiter, one character; tab or \\t for a tab (default: detected)',
    )
    .option('--na <tokens...>', 'texts read as missing values (default: "", NA, N/A, NaN, null, ?)')
    .option(
      '--decimal-comma',
      'read numbers written with a decimal comma (default: as the training file was imported)',
    )
    .option(
      '--no-decimal-comma',
      'read numbers with a decimal point only, even for a model trained on a --decimal-comma import',
    )
    .addOption(
      new Option(
        '--missing-columns <policy>',
        'input columns of the model the CSV file (or --dataset) lacks: refuse it (default) or impute them, each read as missing in every row as the model imputes a missing cell (warned; --json "missingColumns")',
      ).choices(['refuse', 'impute']),
    )
    .addOption(
      new Option(
        '--bad-lines <action>',
        'lines of the CSV file with a wrong number of fields: error (refuse the file, naming how many and where; default) or skip (predict the others; the skipped lines get no row in the predictions, each row keeps its number; noted, --json "skippedLines")',
      ).choices(['error', 'skip']),
    )
    .addOption(
      new Option(
        '--on-corrupt <policy>',
        'an image of the folder that is corrupt, unreadable or a link outside the folder: refuse the whole folder (default) or skip it (listed on stderr and in --json "skipped")',
      ).choices(['skip', 'refuse']),
    )
    .action(async (data: string | undefined, opts: PredictOptions) => {
      // '-' is standard output, as for most command-line tools (never a file named '-').
      if (opts.out === STDOUT) opts.out = undefined;
      if (Boolean(opts.model) === Boolean(opts.project)) {
        throw new MtlError('BAD_REQUEST', 'Give either --model BUNDLE, or -p PROJECT with --run.');
      }
      if (opts.project && opts.run === undefined) {
        throw new MtlError(
          'BAD_REQUEST',
          'With -p, choose the run whose model predicts: --run ID.',
        );
      }
      if (data && opts.dataset !== undefined) {
        throw new MtlError('BAD_REQUEST', 'Give a CSV file or --dataset, not both.');
      }
      if (!data && !(opts.project && opts.dataset !== undefined)) {
        throw new MtlError(
          'BAD_REQUEST',
          'Nothing to predict: give a CSV file (or, with -p and --run, --dataset ID).',
        );
      }
      const keepColumns = parseKeepColumns(opts.keepColumns);
      if (keepColumns !== undefined && !data) {
        throw new MtlError(
          'BAD_REQUEST',
          '--keep-columns copies columns of a CSV file: give one (it does not apply to --dataset).',
        );
      }
      // A dataset's rows were decoded at its import: options on reading a file are refused,
      // not ignored (found by a new user: --dataset 1 --encoding cp1252 said nothing).
      const fileOnly = (
        [
          ['--encoding', opts.encoding],
          ['--delimiter', opts.delimiter],
          // The default given explicitly changes nothing: accepted (found by a new user).
          ['--bad-lines', opts.badLines === 'error' ? undefined : opts.badLines],
        ] as const
      ).filter(([, value]) => value !== undefined);
      if (!data && fileOnly.length > 0) {
        const flags = fileOnly.map(([flag]) => flag).join(' and ');
        const one = fileOnly.length === 1;
        throw new MtlError(
          'BAD_REQUEST',
          `${flags} ${one ? 'applies' : 'apply'} only to reading a CSV file, and --dataset's rows were read at its import: leave ${one ? 'it' : 'them'} out, or give a CSV file instead of --dataset.`,
        );
      }
      // Ctrl-C stops the pass: its temporary predictions file is removed (never left behind).
      const signal = abortOnInterrupt();
      const collected: PredictedRow[] = [];
      // --json without -o prints the predictions themselves; otherwise CSV to -o or stdout.
      const inline = isJson() && !opts.out;
      const target = opts.out ?? (inline ? undefined : process.stdout);
      let skipped: SkippedImage[] = [];
      // The dataset predicted (--dataset): named by the warning of imputed columns.
      let datasetName = '';
      // CSV input: the remarks on its encoding (printed as it is opened; --json lists them).
      const csvRead: { encodingNotes: EncodingNote[] | null } = { encodingNotes: null };
      // A fold of a cross-validation (noted on stderr, and as `fold` in --json).
      // Or its final model (noted likewise, as `finalModel` in --json).
      // --dataset of the run's own dataset: row id → the part of the run's split it is in.
      const chosen: {
        fold: FoldRunNote | null;
        final: FinalModelNote | null;
        rowSplit?: Map<number, string>;
        refitSplit?: boolean;
        /** A project run's training rows, read when a CSV file's labels are scored. */
        training?: (predictor: Predictor) => Promise<KnownRows>;
        /** Then: the run's test rows (0: a final model) and its dataset, for the advice. */
        heldOut?: { testRows: number; datasetId: number };
      } = { fold: null, final: null };
      const run = async (
        predictor: Predictor,
        store: ProjectStore | null,
      ): Promise<PredictSummary> => {
        const starting = () => progress(`Predicting with ${predictor.source}…`);
        const onRows = inline ? (rows: PredictedRow[]) => collected.push(...rows) : undefined;
        // A folder, or one image file, goes to an image model's reader.
        const { IMAGE_EXTENSIONS } = await import('../../data/images/source');
        const isImage = (path: string) => IMAGE_EXTENSIONS.has(extname(path).toLowerCase());
        if (data && ((await stat(data).catch(() => null))?.isDirectory() || isImage(data))) {
          if (keepColumns !== undefined) {
            throw new MtlError(
              'BAD_REQUEST',
              `--keep-columns copies columns of a CSV file; ${data} is read as images, which have none.`,
            );
          }
          if (opts.badLines !== undefined) {
            throw new MtlError(
              'BAD_REQUEST',
              `--bad-lines says how to read the lines of a CSV file; ${data} is read as images (see --on-corrupt).`,
            );
          }
          starting();
          const { predictImages } = await import('../../export/predictImages');
          const summary = await predictImages(predictor, data, {
            output: target,
            onRows,
            allProbs: opts.allProbs,
            signal,
            onCorrupt: opts.onCorrupt,
          });
          skipped = summary.skipped;
          return summary;
        }
        if (data) {
          const { predictCsv } = await import('../../export/predictCsv');
          return predictCsv(predictor, data, {
            output: target,
            onRows,
            allProbs: opts.allProbs,
            idColumn: opts.id,
            keepColumns,
            encoding: opts.encoding,
            delimiter: opts.delimiter,
            missingTokens: opts.na,
            decimalComma: opts.decimalComma,
            missingColumns: opts.missingColumns,
            badLines: opts.badLines,
            // A bad line's error ends with the way out: "; use --bad-lines skip" (cliRemedy).
            badLinesSkippable: true,
            signal,
            ...(chosen.training ? { trainingRows: () => chosen.training!(predictor) } : {}),
            onEncoding: (notes) => {
              csvRead.encodingNotes = notes;
              for (const note of notes) process.stderr.write(`${note.message}\n`);
            },
            // Once the header is checked: a usage error (--keep-columns) comes before it.
            onStart: starting,
          });
        }
        starting();
        if (predictor.preprocessing.image) {
          // An image run on its dataset: the pixels the import stored, as training read them.
          const { predictDatasetImages } = await import('../../export/predictImages');
          return predictDatasetImages(predictor, store!, opts.dataset!, {
            output: target,
            onRows,
            allProbs: opts.allProbs,
            signal,
            rowSplit: chosen.rowSplit,
          });
        }
        datasetName = (await store!.datasets.get(opts.dataset!)).name;
        return (await predictModule()).predictDataset(predictor, store!, opts.dataset!, {
          output: target,
          onRows,
          allProbs: opts.allProbs,
          signal,
          rowSplit: chosen.rowSplit,
          missingColumns: opts.missingColumns,
        });
      };
      const withPredictor = async (make: () => Promise<Predictor>, store: ProjectStore | null) => {
        const predictor = await make();
        try {
          // A bundle of a final model: noted as `--run` notes it.
          if (predictor.finalModel) {
            const { runId, finalOf, labelledRowsPerTask } = predictor.finalModel;
            chosen.final = finalModelNote({ id: runId, finalOf }, labelledRowsPerTask);
            process.stderr.write(`note: ${chosen.final!.note}\n`);
          }
          // --json rows are `{ row, <id>, <task>…, inputsMissing }`: a task of that name
          // would overwrite the count (the CSV's names are checked by predictionColumns).
          if (inline && keepsInputsMissing(keepColumns)) {
            throw new MtlError(
              'BAD_REQUEST',
              'Two keys of the --json predictions would be named "inputsMissing" (a kept column and the count of missing inputs): write the predictions to a CSV (-o), or leave the column out of --keep-columns.',
            );
          }
          if (inline && predictor.tasks.some((t) => t.name === 'inputsMissing')) {
            throw new MtlError(
              'BAD_REQUEST',
              `Two keys of the --json predictions would be named "inputsMissing" (task "inputsMissing" and the count of missing inputs): write the predictions to a CSV (-o), or define the task under another name and train again.`,
              reasonDetails('PREDICT_OUTPUT_COLUMN_CLASH', { column: 'inputsMissing' }),
            );
          }
          return {
            summary: await run(predictor, store),
            tasks: predictor.tasks,
            forward: predictor.forward,
            notes: predictor.notes ?? [],
          };
        } finally {
          predictor.dispose();
        }
      };
      const predicted = opts.model
        ? withPredictor(async () => (await predictModule()).bundlePredictor(opts.model!), null)
        : withStore(opts.project!, false, async (store) => {
            const {
              run: modelRun,
              fold,
              final,
            } = await runForModel(store, opts.run!, opts.project!);
            Object.assign(chosen, { fold, final });
            // An unknown --dataset is refused as every command's -d is (naming the datasets).
            if (opts.dataset !== undefined) await resolveDataset(store, opts.dataset);
            // A file's scores count the rows the run trained on (found by a new user: a final
            // model's own rows were scored as if held out).
            chosen.training = async (predictor) => {
              const { runTrainingRows } = await exportsService();
              const training = await runTrainingRows(
                store,
                modelRun,
                predictor.columns.map((c) => c.name),
              );
              chosen.heldOut = { testRows: training.testRows, datasetId: training.datasetId };
              return training.rows;
            };
            if (opts.dataset === modelRun.datasetId) {
              const { modelRowSplit } = await exportsService();
              const { rowSplit, refit } = await modelRowSplit(store, modelRun);
              chosen.rowSplit = rowSplit;
              // An Auto refit trained on the validation rows: they are written as train.
              if (refit) chosen.refitSplit = true;
            }
            const note = fold ?? final;
            if (note) process.stderr.write(`note: ${note.note}\n`);
            if (chosen.refitSplit) process.stderr.write(`note: ${refitSplitNote(opts.run!)}\n`);
            return withPredictor(
              async () => (await predictModule()).runPredictor(store, opts.run!),
              store,
            );
          });
      const { summary, tasks, forward, notes } = await predicted.catch((err: unknown) => {
        const reason = err instanceof MtlError ? err.details?.reason : undefined;
        if (
          err instanceof MtlError &&
          (reason === 'PREDICT_MISSING_COLUMNS' ||
            reason === 'PREDICT_MISSING_COLUMNS_SIMILAR' ||
            reason === 'PREDICT_DATASET_MISSING_COLUMN')
        ) {
          // Found by a new user: a file (or a dataset) without one input column failed with no
          // way on.
          const where = reason === 'PREDICT_DATASET_MISSING_COLUMN' ? 'dataset' : 'file';
          throw new MtlError(
            err.code,
            opts.missingColumns === 'impute'
              ? `${err.message} --missing-columns impute needs one of the model's columns in the ${where} at least.`
              : // A header read as one column most likely has another delimiter: imputing
                // every other column would only hide that.
                err.details?.delimiterHinted === true
                ? err.message
                : `${err.message} To predict anyway, reading the absent ${missingColumnsWord(err)} as missing in every row (imputed as the model imputes a missing cell), add --missing-columns impute.`,
            err.details,
          );
        }
        if (err instanceof MtlError && err.code === 'IMPORT_CANCELLED') {
          throw new MtlError(
            'IMPORT_CANCELLED',
            `Prediction cancelled: ${opts.out ? `"${opts.out}" was not written` : 'the output is incomplete'}.`,
            cancelledDetails(err.details),
          );
        }
        throw err;
      });
      for (const note of notes) process.stderr.write(`note: ${note}\n`);
      const imputed = summary.missingColumns ?? [];
      const warnings = [
        ...(imputed.length > 0
          ? [imputedColumnsWarning(data ? basename(data) : `Dataset "${datasetName}"`, imputed)]
          : []),
        ...summary.unseenCategories.map(unseenWarning),
        ...(summary.farOutside ?? []).map(farOutsideWarning),
        ...(summary.formulaCells ? formulaCellsWarnings(summary.formulaCells) : []),
        ...(summary.scores ?? []).flatMap((s) =>
          s.unknownLabelRows > 0 ? [unknownLabelsWarning(s)] : [],
        ),
        ...(chosen.heldOut
          ? trainingRowsWarnings(summary.scores ?? [], {
              project: opts.project!,
              run: opts.run!,
              dataset: chosen.heldOut.datasetId,
              heldOut: chosen.heldOut.testRows > 0,
            })
          : []),
      ];
      for (const warning of warnings) process.stderr.write(`warning: ${warning}\n`);
      // Its row: the number the CSV's `row` column leaves out for it (the file's position).
      for (const s of skipped) {
        process.stderr.write(`skipped: ${s.path} (row ${s.row}): ${s.problem}\n`);
      }
      const allMissing = summary.rowsAllInputsMissing;
      const mostMissing = summary.rowsMostInputsMissing;
      if (mostMissing > 0) {
        process.stderr.write(
          `warning: ${mostInputsMissingWarning(mostMissing, summary.mostInputsMissingRows)}\n`,
        );
      }
      if (allMissing > 0) {
        process.stderr.write(`note: ${allInputsMissingNote(allMissing)}\n`);
      }
      // A header that repeats a name the model does not read: renamed as an import does.
      const renamed = summary.renamedColumns ?? [];
      const renamedNote = data ? renamedHeaderNote(basename(data), renamed) : null;
      if (renamedNote) process.stderr.write(`note: ${renamedNote}\n`);
      const skippedLines = summary.skippedLines;
      if (skippedLines) {
        process.stderr.write(
          `note: ${skippedLinesText(skippedLines, { one: 'it has no row in the predictions', many: 'they have no row in the predictions' })}\n`,
        );
      }
      const missingOut = {
        ...(skippedLines ? { skippedLines } : {}),
        ...(csvRead.encodingNotes ? { encodingNotes: csvRead.encodingNotes } : {}),
        ...(allMissing > 0 ? { rowsAllInputsMissing: allMissing } : {}),
        ...(mostMissing > 0
          ? {
              rowsMostInputsMissing: mostMissing,
              mostInputsMissingRows: summary.mostInputsMissingRows,
            }
          : {}),
        ...(renamed.length > 0 ? { renamedColumns: renamed } : {}),
        ...(chosen.fold ? { fold: chosen.fold } : {}),
        ...(chosen.final ? { finalModel: chosen.final } : {}),
        ...(chosen.refitSplit ? { splitRefit: true } : {}),
        ...(imputed.length > 0 ? { missingColumns: imputed } : {}),
        // The file's labels of a task's target column: the predictions scored against them.
        ...(summary.scores ? { scores: summary.scores } : {}),
      };
      const skippedOut =
        skipped.length > 0
          ? { skipped: skipped.map((s) => ({ path: s.path, row: s.row, problem: s.problem })) }
          : {};
      const warned =
        warnings.length > 0
          ? {
              warnings,
              unseenCategories: summary.unseenCategories,
              ...(summary.farOutside ? { farOutside: summary.farOutside } : {}),
            }
          : {};
      if (inline) {
        return printJson({
          tasks,
          rows: summary.rows,
          ...warned,
          ...missingOut,
          ...skippedOut,
          predictions: collected.map((r) => ({
            row: r.row,
            // Named as in the CSV: `path` for image files, the file's id column for a CSV.
            ...(r.id !== null ? { [summary.idColumn ?? 'id']: r.id } : {}),
            ...r.kept,
            ...Object.fromEntries(
              tasks.map((t, i) => [
                t.name,
                {
                  label: r.predictions[i].label,
                  probability: r.predictions[i].probability,
                  ...(r.probabilities
                    ? {
                        probabilities: Object.fromEntries(
                          t.labels.map((l, c) => [l, r.probabilities![i][c]]),
                        ),
                      }
                    : {}),
                },
              ]),
            ),
            ...(r.inputsMissing !== undefined ? { inputsMissing: r.inputsMissing } : {}),
          })),
        });
      }
      if (isJson()) {
        return printJson({
          output: opts.out,
          rows: summary.rows,
          seconds: summary.seconds,
          rowsPerSecond: summary.rowsPerSecond,
          forward,
          columns: summary.columns,
          ...warned,
          ...missingOut,
          ...skippedOut,
        });
      }
      const skippedNote =
        skipped.length > 0
          ? `; skipped ${skipped.length} unreadable (the "skipped:" lines)`
          : skippedLines
            ? `; skipped ${skippedLines.count} bad ${skippedLines.count === 1 ? 'line' : 'lines'} (the note above)`
            : '';
      const line = `Predicted ${summary.rows} ${summary.rows === 1 ? 'row' : 'rows'} in ${summary.seconds.toFixed(2)} s (${Math.round(summary.rowsPerSecond)} rows/s)${skippedNote}${opts.out ? ` → ${opts.out}` : ''}.`;
      const scored = summary.scores ? `${scoresText(summary.scores)}\n` : '';
      if (opts.out) console.log(`${line}${scored ? `\n${scored.trimEnd()}` : ''}`);
      else process.stderr.write(`${line}\n${scored}`);
    });
}

/**
 * `--keep-columns`' value: 'all', or the column names it lists (split at commas, each
 * trimmed; empty names dropped); undefined when not given.
 * @throws MtlError('BAD_REQUEST') when it names no column.
 */
export function parseKeepColumns(value: string | undefined): string[] | 'all' | undefined {
  if (value === undefined) return undefined;
  if (value.trim() === 'all') return 'all';
  const names = value
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  if (names.length === 0) {
    throw new MtlError(
      'BAD_REQUEST',
      `--keep-columns "${value}" names no column: give column names separated by commas, or all.`,
    );
  }
  return names;
}

/** Whether `--keep-columns` names a column `inputsMissing` (all: not known before reading). */
function keepsInputsMissing(keep: string[] | 'all' | undefined): boolean {
  return Array.isArray(keep) && keep.includes('inputsMissing');
}

/**
 * The note on stderr for rows whose every input is missing, e.g. `3 rows had every input
 * missing; their predictions rest on the training data's defaults (imputed means, no
 * category), not on the rows (column inputs_missing)`.
 * @param rows how many rows (≥ 1).
 */
export function allInputsMissingNote(rows: number): string {
  return `${rows} ${rows === 1 ? 'row' : 'rows'} had every input missing; ${rows === 1 ? 'its prediction rests' : 'their predictions rest'} on the training data's defaults (imputed means, no category), not on the ${rows === 1 ? 'row' : 'rows'} (column ${INPUTS_MISSING_COLUMN})`;
}

/** "column is" or "columns are", by the missing columns of a PREDICT_MISSING_COLUMNS error. */
function missingColumnsWord(error: MtlError): string {
  const missing = error.details?.missing;
  return Array.isArray(missing) && missing.length > 1 ? 'columns' : 'column';
}
