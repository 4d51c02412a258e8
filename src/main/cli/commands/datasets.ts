/**
 * `mtl-studio import` and `mtl-studio columns`: datasets and their columns.
 */
import { Option, type Command } from 'commander';
import { skippedLinesText, type BadLinesSeen } from '../../data/badLines';
import { columnNoteHolds, type ColumnNoteReason } from '../../../shared/columnNotes';
import type { DuplicateRows } from '../../../shared/contract';
import type { EncodingNote } from '../../../shared/encodings';
import {
  profileValueText,
  type ColumnRole,
  type ColumnType,
  type DatasetInfo,
} from '../../../shared/domain';
import { MtlError } from '../../../shared/errors';
import { columnNoteText } from '../../data/inference';
import { printJson, table } from '../output';
import { shellWord } from '../../../shared/shellWord';
import { summaryNumber } from '../../../shared/summaryNumber';
import {
  abortOnInterrupt,
  cancelledImport,
  int,
  isJson,
  pairs,
  progress,
  resolveDataset,
  withStore,
} from '../program';

/**
 * Prints a dataset's columns (type, role, missing, distinct, a short profile) and the
 * remarks on inferred types (e.g. a numeric column read as text because of one cell).
 * @param project the project file, named in the commands the notes suggest
 */
function printColumns(dataset: DatasetInfo, project: string): void {
  console.log(
    table(
      ['column', 'type', 'role', 'missing', 'distinct', 'summary'],
      dataset.columns.map((c) => [
        c.name,
        c.type,
        c.role,
        c.profile.missing,
        // A HyperLogLog estimate past 10 000 distinct values (found by a new user: 11706
        // looked exact for 11602).
        c.profile.distinctEstimated ? `≈${c.profile.distinct}` : c.profile.distinct,
        c.profile.numeric
          ? `${summaryNumber(c.profile.numeric.min)} … ${summaryNumber(c.profile.numeric.max)}, mean ${summaryNumber(c.profile.numeric.mean)}`
          : (c.profile.topCategories ?? [])
              .slice(0, 3)
              .map((t) => `${profileValueText(c, t.value)} (${t.count})`)
              .join(', '),
      ]),
    ),
  );
  for (const line of columnNoteLines(dataset, project)) console.log(line);
}

/**
 * The `note: column '<name>': <note>` lines of a dataset's columns whose note still holds
 * under their role (columnNoteHolds: a row-index note only while the column is ignored).
 * A row-index note is worded again from its reason, with the command that takes the column
 * back, runnable as shown: `mtl-studio columns -p <project> -d <id> --role <its name>=input`.
 * @param project the project file, as given to the command (quoted for a POSIX shell)
 */
export function columnNoteLines(
  dataset: Pick<DatasetInfo, 'id' | 'columns'>,
  project: string,
): string[] {
  return importNotes(dataset, project).map((n) => `note: column '${n.column}': ${n.note}`);
}

/**
 * The import's note on columns given the role 'target' (`--role y=target`): a role defines no
 * task, so it names the command that adds theirs, e.g. `note: y is marked as a target; add
 * its task to train on it: mtl-studio tasks -p p.mtlproj -d 1 --add y` (found by a new user:
 * train then said only "no task yet"). The studio's Tasks view ticks such columns instead.
 * @returns the line, or null when no column is marked as a target.
 */
export function targetRoleNote(
  dataset: Pick<DatasetInfo, 'id' | 'columns'>,
  project: string,
): string | null {
  const marked = dataset.columns.filter((c) => c.role === 'target').map((c) => c.name);
  if (marked.length === 0) return null;
  const one = marked.length === 1;
  return `note: ${marked.join(', ')} ${one ? 'is' : 'are'} marked as ${one ? 'a target' : 'targets'}; add ${one ? 'its task' : 'their tasks'} to train on ${one ? 'it' : 'them'}: mtl-studio tasks -p ${shellWord(project)} -d ${dataset.id} --add ${marked.map(shellWord).join(' ')}`;
}

/**
 * The store's refusal to change the role of a task's target column, worded with the CLI's
 * verb (found by a new user: it said "delete the task", which no command does), e.g.
 * `Column "island" is the target of task "island"; remove the task first (mtl-studio tasks
 * -p p.mtlproj -d 1 --remove island), then set the column's role`; any other error as it is.
 * @param project the project file, as given to the command (quoted for a POSIX shell)
 * @param datasetId the dataset whose column it is
 */
function taskTargetRoleError(err: unknown, project: string, datasetId: number): unknown {
  if (!(err instanceof MtlError) || err.details?.reason !== 'COLUMN_IS_TASK_TARGET') return err;
  const { column, task } = err.details.params as { column: string; task: string };
  return new MtlError(
    err.code,
    `Column "${column}" is the target of task "${task}"; remove the task first (mtl-studio tasks -p ${shellWord(project)} -d ${datasetId} --remove ${shellWord(task)}), then set the column's role`,
    err.details,
  );
}

/**
 * One column's import note as `import --json` lists it under `notes`: the column, the
 * note's `kind` (ColumnNoteReason's kind: 'rowIndex' for a column that starts ignored as
 * a row index, 'decimalComma', 'thousandsComma', 'mostlyNumeric', 'thousandsDot', 'dotThousands' (older imports), 'constant' for one value in
 * every row, 'onePerRow' for a categorical input of a value of its own in every row; absent for a note without a
 * reason) and its text as the table's `note:` line says it.
 */
export interface ImportNote {
  column: string;
  kind?: ColumnNoteReason['kind'];
  note: string;
}

/**
 * The notes of a dataset's columns that still hold under their role (columnNoteHolds: a
 * row-index note only while the column is ignored), in column order; a row-index note
 * worded with the command for `project` and the dataset (see columnNoteLines).
 * @param project the project file, as given to the command
 */
export function importNotes(
  dataset: Pick<DatasetInfo, 'id' | 'columns'>,
  project: string,
): ImportNote[] {
  return dataset.columns
    .filter((c) => columnNoteHolds(c))
    .map((c) => {
      const reason = c.profile.noteReason;
      const note =
        (reason?.kind === 'rowIndex' || reason?.kind === 'onePerRow'
          ? columnNoteText(reason, c.name, { project, datasetId: dataset.id })
          : undefined) ??
        c.profile.note ??
        '';
      return { column: c.name, ...(reason ? { kind: reason.kind } : {}), note };
    });
}

/**
 * The import's note on header cells that were empty and got pandas' names, e.g.
 * `note: 2 columns had no name in the header and were named as pandas names them: 'Unnamed: 0' (column 1), 'Unnamed: 3' (column 4)`.
 * @param unnamed the columns (0-based index, given name), in header order
 */
export function unnamedColumnsNote(unnamed: { index: number; name: string }[]): string {
  const count = unnamed.length === 1 ? '1 column had' : `${unnamed.length} columns had`;
  const list = unnamed.map((c) => `'${c.name}' (column ${c.index + 1})`).join(', ');
  return `note: ${count} no name in the header and ${unnamed.length === 1 ? 'was' : 'were'} named as pandas names them: ${list}`;
}

/**
 * The import's note on header names written twice and the names their later columns got, e.g.
 * `note: a column name was written again in the header and renamed as pandas renames it:
 * 'a' (column 3, as column 1) → 'a.1'`.
 * @param renamed the renamed columns (0-based index and first position), in header order
 */
export function renamedColumnsNote(
  renamed: { index: number; original: string; first: number; name: string }[],
): string {
  const list = renamed
    .map((c) => `'${c.original}' (column ${c.index + 1}, as column ${c.first + 1}) → '${c.name}'`)
    .join(', ');
  return `note: ${renamed.length === 1 ? 'a column name was' : `${renamed.length} column names were`} written again in the header and renamed as pandas renames them: ${list}`;
}

/**
 * The import's note on exact duplicate rows (equal in every column), e.g. `note: 3 rows
 * repeat an earlier row exactly (2 distinct rows occur more than once): a split can put
 * copies of one row in both training and test, which inflates test scores (mtl-studio
 * splits --preview counts them)`; null without duplicates.
 */
export function duplicateRowsNote({ duplicates, repeatedRows }: DuplicateRows): string | null {
  if (duplicates === 0) return null;
  const rows = duplicates === 1 ? '1 row repeats' : `${duplicates} rows repeat`;
  const distinct =
    repeatedRows === 1 ? '1 distinct row occurs' : `${repeatedRows} distinct rows occur`;
  return `note: ${rows} an earlier row exactly (${distinct} more than once): a split can put copies of one row in both training and test, which inflates test scores (mtl-studio splits --preview counts them)`;
}

/**
 * The note of an import with `--bad-lines skip` that left lines out, e.g. `note: skipped 2
 * lines with a wrong number of fields (lines 3, 7); they are not in the dataset`.
 */
export function skippedLinesNote(skipped: BadLinesSeen): string {
  return `note: ${skippedLinesText(skipped, { one: 'it is not in the dataset', many: 'they are not in the dataset' })}`;
}

/** What `import --help` says of the --json document. */
const IMPORT_JSON_HELP = `
With --json: one document { project, dataset, unnamedColumns, renamedColumns,
duplicateRows, notes, encodingNotes, skippedLines }.
  skippedLines    with --bad-lines skip, the lines left out: { count, lines
                  (the first 5 line numbers) }
  unnamedColumns  header cells that were empty: [{ index (0-based), name }]
  renamedColumns  header names written again, renamed as pandas does (a.1):
                  [{ index, original, first (0-based, the first of
                  that name), name }]
  duplicateRows   rows equal to an earlier row in every column:
                  { duplicates (rows minus distinct rows), repeatedRows
                  (distinct rows that occur more than once) }
  notes           the columns' import notes, as the note: lines say them:
                  [{ column, kind, note }], kind one of
                  rowIndex       looks like a row index, so it starts ignored
                                 (mtl-studio columns -p <project> --role
                                 <column>=input takes it back)
                  decimalComma   numbers with a decimal comma, read as text
                  thousandsComma numbers with commas grouping thousands
                                 (1,234), read as text
                  mostlyNumeric  a few cells do not parse, read as text
                  thousandsDot   with --decimal-comma, a dot before three
                                 digits (1.000), read as grouping thousands
                                 (1000) though it may be a decimal point
                  dotThousands   (imports before 1.000 read as 1000) such a
                                 dot, read as a decimal point
                  pointDecimal   with --decimal-comma, decimal points (1.5)
                                 and no decimal comma: the option was
                                 probably not meant
                  constant       one value in every row: it carries no
                                 information for any task
  encodingNotes   remarks on the encoding, as the warning:/note: lines on
                  stderr say them: [{ kind, encoding, line, message }],
                  kind one of
                  contradicted      --encoding reads the file otherwise than
                                    it certainly is (encoding: what it is)
                  mixed             UTF-8 mixed with another encoding
                                    (line: the first that is not UTF-8)
                  mayBeWindows1254  read as windows-1252, but it looks like
                                    Turkish windows-1254 (encoding: that;
                                    line: the first that tells)`;

/** Registers `import` and `columns`. */
export function registerDatasetCommands(program: Command): void {
  program
    .command('import')
    .description('Import a CSV file into a project (created if missing) as a new dataset.')
    .argument('<csv>', 'CSV file to import')
    .requiredOption('-p, --project <file>', 'project file (*.mtlproj)')
    .option('--name <name>', 'dataset name (default: file name)')
    .option(
      '--encoding <name>',
      'text encoding, e.g. utf-8, gb18030, utf-16le, latin1, windows-1254 (default: detected; aliases such as cp1252 or UTF16LE work)',
    )
    .option(
      '--delimiter <char>',
      'field delimiter, one character; tab or \\t for a tab (default: detected)',
    )
    .option('--no-header', 'the first line is data, not column names')
    .option(
      '--na <tokens...>',
      'texts read as missing values, replacing the defaults "" NA N/A NaN null ? ' +
        '(case-insensitive; include "" to keep empty cells missing; put it after <csv>), ' +
        'e.g. --na "" NA none',
    )
    .option(
      '--decimal-comma',
      'read numbers written with a decimal comma ("0,5"; "1.234,5" = 1234.5; "1.000" = 1000, noted)',
    )
    .addOption(
      new Option(
        '--bad-lines <action>',
        'lines with a wrong number of fields: error (refuse the file, naming how many and where) or skip (import the others, noted)',
      )
        .choices(['error', 'skip'])
        .default('error'),
    )
    .option(
      '--type <column=type...>',
      'override column types, space- or comma-separated, e.g. --type a=categorical b=numeric (put it after <csv>)',
      pairs(['numeric', 'categorical', 'boolean', 'text'] as const, '--type', '<csv>'),
    )
    // Variadic as --type and `columns --role` (found by a new user: `--role species=target
    // island=target` took the second pair as a second CSV, "too many arguments").
    .option(
      '--role <column=role...>',
      'set column roles: input, target or ignore, space- or comma-separated, e.g. --role a=target b=ignore (put it after <csv>)',
      pairs(['input', 'target', 'ignore'] as const, '--role', '<csv>'),
    )
    .addHelpText('after', IMPORT_JSON_HELP)
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
          badLines: 'error' | 'skip';
          type?: Record<string, ColumnType>;
          role?: Record<string, ColumnRole>;
        },
      ) => {
        const { importCsv } = await import('../../data/importCsv');
        const { describeReread } = await import('../../data/onePassImport');
        // Told by the import once the file's reading is settled: the sample is read once.
        let encodingRemarks: EncodingNote[] = [];
        const signal = abortOnInterrupt();
        let unnamed: { index: number; name: string }[] = [];
        let renamed: { index: number; original: string; first: number; name: string }[] = [];
        let skippedLines: BadLinesSeen | null = null;
        const { datasetDuplicateRows } = await import('../../data/duplicateRows');
        const { dataset, duplicates } = await withStore(opts.project, true, (store) =>
          importCsv(store, csv, {
            signal,
            name: opts.name,
            encoding: opts.encoding,
            delimiter: opts.delimiter,
            hasHeader: opts.header,
            missingTokens: opts.na,
            decimalComma: opts.decimalComma,
            badLines: opts.badLines,
            onSkippedLines: (skipped) => {
              skippedLines = skipped;
            },
            columnTypes: opts.type,
            columnRoles: opts.role,
            onUnnamedColumns: (columns) => {
              unnamed = columns;
            },
            onRenamedColumns: (columns) => {
              renamed = columns;
            },
            onEncoding: (notes) => {
              encodingRemarks = notes;
              for (const note of notes) progress(note.message);
            },
            onProgress: (p) => {
              // Once, when a one-pass import goes back to the start of the file.
              if (p.reread && p.rows === 0 && p.bytes === 0)
                progress(`Re-reading the file: ${describeReread(p.reread)}`);
              if (p.rows > 0 && p.rows % 50_000 === 0) progress(`${p.phase}: ${p.rows} rows`);
            },
          })
            .catch((err: unknown) => {
              // On the command line, the way to choose another name is --name.
              if (err instanceof MtlError && err.details?.reason === 'DATASET_NAME_TAKEN') {
                throw new MtlError(
                  err.code,
                  err.message.replace('choose another name', 'choose another with --name'),
                  err.details,
                );
              }
              throw cancelledImport(err, csv);
            })
            // Counted from the stored rows, as the studio's import does (services/handlers.ts).
            .then(async (dataset) => ({
              dataset,
              duplicates: await datasetDuplicateRows(store, dataset.id),
            })),
        );
        if (isJson()) {
          return printJson({
            project: opts.project,
            dataset,
            unnamedColumns: unnamed,
            renamedColumns: renamed,
            duplicateRows: duplicates,
            notes: importNotes(dataset, opts.project),
            encodingNotes: encodingRemarks,
            skippedLines: skippedLines ?? { count: 0, lines: [] },
          });
        }
        console.log(
          `Imported ${dataset.rowCount} ${dataset.rowCount === 1 ? 'row' : 'rows'} into dataset ${dataset.id} "${dataset.name}" (${dataset.encoding}, delimiter ${JSON.stringify(dataset.delimiter)}).`,
        );
        printColumns(dataset, opts.project);
        if (unnamed.length > 0) console.log(unnamedColumnsNote(unnamed));
        if (renamed.length > 0) console.log(renamedColumnsNote(renamed));
        if (skippedLines !== null) console.log(skippedLinesNote(skippedLines));
        const targets = targetRoleNote(dataset, opts.project);
        if (targets) console.log(targets);
        const duplicatesNote = duplicateRowsNote(duplicates);
        if (duplicatesNote) console.log(duplicatesNote);
      },
    );

  program
    .command('columns')
    .description('List the columns of a dataset with type, role and profile, or change roles.')
    .requiredOption('-p, --project <file>', 'project file')
    .option('-d, --dataset <id>', 'dataset id (default: the only one)', int('--dataset'))
    .option(
      '--role <column=role...>',
      'set column roles: input or ignore, space- or comma-separated, e.g. --role a=ignore b=ignore (targets are set by tasks --add)',
      pairs(['input', 'ignore'] as const, '--role'),
    )
    .action(
      async (opts: { project: string; dataset?: number; role?: Record<string, ColumnRole> }) => {
        const dataset = await withStore(opts.project, false, async (store) => {
          const datasetId = await resolveDataset(store, opts.dataset);
          for (const [column, role] of Object.entries(opts.role ?? {})) {
            await store.datasets.setColumnRole(datasetId, column, role).catch((err: unknown) => {
              throw taskTargetRoleError(err, opts.project, datasetId);
            });
          }
          return store.datasets.get(datasetId);
        });
        if (isJson()) return printJson({ dataset });
        printColumns(dataset, opts.project);
      },
    );
}
