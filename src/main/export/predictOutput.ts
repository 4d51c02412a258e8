/**
 * The output of a prediction pass (part of the predict domain, see predict.ts): the
 * predictions CSV's columns (refusing names that clash) and the file it goes to (written
 * beside the path and renamed into place only when the pass succeeds). The CSV itself —
 * its header held back until the first batch's rows are computed, the rows formatted into
 * bytes — is written by predictionCsv.ts.
 */
import {
  accessSync,
  constants as fsConstants,
  createWriteStream,
  existsSync,
  realpathSync,
  statSync,
} from 'node:fs';
import { randomBytes } from 'node:crypto';
import { rename, rm } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import type { Writable } from 'node:stream';
import { MtlError, reasonDetails } from '../../shared/errors';
import { refuseUnsafeOutput, type OutputGuard } from './outputGuard';
import { INPUTS_MISSING_COLUMN } from './predictionCsv';

/** How predictions are written. */
export interface PredictionFormat {
  /** Also write every class's probability (`<task>_p_<label>`). */
  allProbs?: boolean;
}

/**
 * What the header of a predictions CSV is made of ({@link predictionLayout},
 * {@link predictionColumns}), besides the model's tasks.
 */
export interface PredictionLayoutOptions extends PredictionFormat {
  /**
   * The id column, written after the row number (a file's id column, images' `path`); null
   * for none.
   */
  idColumn: string | null;
  /**
   * Name of the row number's column: 'row' (a file's 1-based data row; the default) or
   * 'row_id' (a dataset's row ids).
   */
  rowColumn?: string;
  /** Table input: write {@link INPUTS_MISSING_COLUMN} last (default false). */
  inputsMissing?: boolean;
  /**
   * Input columns kept as they are (`predict --keep-columns`), in the file's order (default
   * none).
   */
  kept?: readonly string[];
}

/**
 * The name a kept input column is written under when the predictions write a column of its
 * own name (`species` in a checking file, beside task "species"): `species (input)`.
 */
export function keptInputName(column: string): string {
  return `${column} (input)`;
}

/**
 * The header of a predictions CSV: the row number, the id column (if any), the input columns
 * kept as they are (`kept`, `predict --keep-columns`), then per task
 * its predicted class, its probability and (with `allProbs`) every class's probability,
 * then (table input, `inputsMissing`) {@link INPUTS_MISSING_COLUMN}.
 * The same as {@link predictionLayout}'s `columns`.
 * @throws MtlError('BAD_REQUEST', …, { reason: 'PREDICT_ID_COLUMN_CLASH' }) when the id
 *   column has the name of another output column (`row`, a task, `<task>_probability`, …):
 *   the CSV would have two columns of that name and `--json`'s predictions would overwrite
 *   one key with the other, so it is refused rather than renamed;
 *   MtlError('BAD_REQUEST', …, { reason: 'PREDICT_OUTPUT_COLUMN_CLASH' }) when two output
 *   columns share a name without the id column (a task named `inputs_missing`, tasks `a`
 *   and `a_probability`, …);
 *   MtlError('BAD_REQUEST') naming a kept column that is the id column, or whose name is one
 *   the predictions write and whose `(input)` name ({@link keptInputName}) is taken too (a
 *   kept column of the row number's or a prediction's name is written under that name).
 */
export function predictionColumns(
  predictor: { tasks: { name: string; labels: string[] }[] },
  layout: PredictionLayoutOptions,
): string[] {
  return predictionLayout(predictor, layout).columns;
}

/**
 * The header of a predictions CSV ({@link predictionColumns}) and the names its kept input
 * columns are written under, in `kept`'s order: a kept column with the name of the row
 * number or a prediction column (a checking file's `species` beside task "species", which
 * `--keep-columns all` keeps) is written as {@link keptInputName} (`species (input)`), so
 * the file's answer and the prediction sit side by side; any other keeps its name.
 * @throws what {@link predictionColumns} throws: for a kept column, MtlError('BAD_REQUEST')
 *   naming one that is the id column (written already), or one whose `(input)` name is
 *   taken too (by another kept column or a prediction column).
 */
export function predictionLayout(
  predictor: { tasks: { name: string; labels: string[] }[] },
  layout: PredictionLayoutOptions,
): { columns: string[]; kept: string[] } {
  const { idColumn, allProbs, rowColumn = 'row', inputsMissing = false, kept = [] } = layout;
  // Every output column with what writes it, to name both sides of a clash.
  const written: [column: string, source: string][] = [
    [rowColumn, 'the row number'],
    ...predictor.tasks.flatMap((t): [string, string][] => [
      [t.name, `task "${t.name}"`],
      [`${t.name}_probability`, `task "${t.name}"`],
      ...(allProbs
        ? t.labels.map((l): [string, string] => [`${t.name}_p_${l}`, `task "${t.name}"`])
        : []),
    ]),
    ...(inputsMissing
      ? [[INPUTS_MISSING_COLUMN, 'the count of missing inputs'] as [string, string]]
      : []),
  ];
  const rest = written.map(([column]) => column);
  if (idColumn !== null && rest.includes(idColumn)) {
    throw new MtlError(
      'BAD_REQUEST',
      `The id column "${idColumn}" has the name of a column the predictions write (${rest.join(', ')}): choose another id column (--id) or rename it in the file.`,
      reasonDetails('PREDICT_ID_COLUMN_CLASH', { column: idColumn }),
    );
  }
  const seen = new Map<string, string>();
  for (const [column, source] of written) {
    const first = seen.get(column);
    if (first !== undefined) {
      throw new MtlError(
        'BAD_REQUEST',
        `Two columns of the predictions would be named "${column}" (${first} and ${source === first ? 'another of its columns' : source}): a task of this model has the name of a column the predictions write; define the task under another name and train again.`,
        reasonDetails('PREDICT_OUTPUT_COLUMN_CLASH', { column }),
      );
    }
    seen.set(column, source);
  }
  const before = [rest[0], ...(idColumn !== null ? [idColumn] : [])];
  const keptNames = kept.map((column) => {
    if (column === idColumn) {
      throw new MtlError(
        'BAD_REQUEST',
        `The kept column "${column}" has the name of a column the predictions write (the id column, written already): leave it out of --keep-columns or rename it in the file.`,
        reasonDetails('KEEP_COLUMN_IS_ID', { column }, { column }),
      );
    }
    return rest.includes(column) ? keptInputName(column) : column;
  });
  keptNames.forEach((name, i) => {
    if (name === kept[i]) return;
    const taken =
      rest.includes(name) || name === idColumn || keptNames.some((n, j) => j !== i && n === name);
    if (!taken) return;
    const what = written.find(([c]) => c === kept[i])?.[1] ?? 'a prediction';
    throw new MtlError(
      'BAD_REQUEST',
      `The kept column "${kept[i]}" has the name of a column the predictions write (${what}), and "${name}", the name it would be kept under, is taken too: leave it out of --keep-columns (with all, list the columns to keep instead) or rename it in the file.`,
      reasonDetails('KEEP_COLUMN_NAME_TAKEN', { column: kept[i], name }, { column: kept[i] }),
    );
  });
  return { columns: [...before, ...keptNames, ...rest.slice(1)], kept: keptNames };
}

/**
 * What a prediction's output must not replace: the file its model was read from (the
 * project, a bundle's .zip) and the CSV or image file it reads (`input`; a folder of
 * images cannot be a file's path); `project` too when the rows come from a project.
 */
export function outputGuard(
  predictor: { project?: string; bundle?: string },
  input: string | null,
  project?: string,
): OutputGuard {
  const inputs = [input, predictor.bundle].filter((p): p is string => Boolean(p));
  return { project: project ?? predictor.project, inputs, writer: 'a prediction' };
}

/**
 * Opens the output of a prediction pass. A path is written to a hidden temporary file
 * beside it (`.<name>.<pid>-<random>.partial`) and renamed onto the path only when the pass
 * succeeds, so a pass that fails (a value that does not parse on line 9 002, a corrupt
 * image, a cancel) leaves no half-written predictions file, and an existing file at the
 * path is kept as it was. A symbolic link is followed: the file it points to is replaced,
 * the link stays. A path that is a device or a pipe (`/dev/stdout`, a FIFO) is written
 * directly, never replaced. A write that fails (a full disk, `/dev/full`) fails the pass.
 * @returns the stream to write (null without output); `close()` after a successful pass
 *   (renames the file into place), `discard()` after a failed one (deletes the temporary
 *   file; `close()` then does nothing).
 * @param guard what the path must not replace (see outputGuard.ts: the project, the input,
 *   any SQLite database, a read-only file).
 * @throws MtlError('BAD_REQUEST') before anything is written when the path is a folder,
 *   or its folder does not exist or is not writable, or what {@link refuseUnsafeOutput}
 *   refuses; MtlError('EXPORT_FAILED') from `close()` when a write failed.
 */
export function openOutput(
  output: string | Writable | undefined,
  guard: OutputGuard = {},
): {
  stream: Writable | null;
  close(): Promise<void>;
  discard(): Promise<void>;
} {
  const noop = async () => undefined;
  if (output === undefined) return { stream: null, close: noop, discard: noop };
  if (typeof output !== 'string') return { stream: output, close: noop, discard: noop };
  refuseUnsafeOutput(output, guard);
  const target = outputTarget(output);
  const direct = target.kind === 'device';
  const path = direct
    ? output
    : join(
        dirname(target.path),
        `.${basename(target.path)}.${process.pid}-${randomBytes(4).toString('hex')}.partial`,
      );
  const stream = createWriteStream(path);
  // Kept from the start: an error before close() (a full disk) must not go unhandled.
  let failed: Error | null = null;
  stream.on('error', (error) => (failed ??= error));
  let done = false;
  const failure = (error: Error) =>
    new MtlError(
      'EXPORT_FAILED',
      `Writing the predictions to "${output}" failed: ${error.message}`,
      { path: output },
    );
  const end = () =>
    new Promise<void>((resolve) => {
      if (stream.closed || stream.destroyed) resolve();
      else
        stream.end((error?: Error | null) => {
          if (error) failed ??= error;
          resolve();
        });
    });
  return {
    stream,
    close: async () => {
      if (done) return;
      done = true;
      await end();
      if (failed) {
        if (!direct) await rm(path, { force: true });
        throw failure(failed);
      }
      if (!direct) await rename(path, target.path);
    },
    discard: async () => {
      if (done) return;
      done = true;
      await new Promise<void>((resolve) => {
        if (stream.closed) resolve();
        else stream.destroy().once('close', () => resolve());
      });
      if (!direct) await rm(path, { force: true });
    },
  };
}

/**
 * Runs one prediction pass into `output` (see {@link openOutput}, called first, so a bad path
 * — or one `guard` refuses: the project, the input, any SQLite file, a read-only file — is
 * refused before `pass` starts): `pass` writes to the stream (null without output); when
 * it resolves the output is closed (a file renamed into place), when it throws the output is
 * discarded (a temporary file deleted) and its error rethrown.
 * @returns what `pass` returns.
 * @throws what openOutput throws; `pass`'s error; MtlError('EXPORT_FAILED') from closing the
 *   output when a write failed.
 */
export async function withPredictionOutput<T>(
  output: string | Writable | undefined,
  guard: OutputGuard,
  pass: (stream: Writable | null) => Promise<T>,
): Promise<T> {
  const opened = openOutput(output, guard);
  try {
    return await pass(opened.stream);
  } catch (error) {
    await opened.discard();
    throw error;
  } finally {
    await opened.close();
  }
}

/**
 * Where a predictions path is written: a device or pipe as it is, else the file (a
 * symbolic link followed to the file it names) to replace by a rename.
 * @throws MtlError('BAD_REQUEST') for a folder, a missing folder or one not writable.
 */
function outputTarget(output: string): { kind: 'device' | 'file'; path: string } {
  const found = statSync(output, { throwIfNoEntry: false });
  if (found?.isDirectory()) {
    throw new MtlError(
      'BAD_REQUEST',
      `"${output}" is a folder: give the predictions a file name, e.g. ${join(output, 'predictions.csv')}`,
      { path: output },
    );
  }
  if (found && !found.isFile()) return { kind: 'device', path: output };
  const path = found ? realpathSync(output) : resolve(output);
  const folder = dirname(path);
  if (!existsSync(folder)) {
    throw new MtlError('BAD_REQUEST', `The folder "${folder}" of "${output}" does not exist`, {
      path: output,
    });
  }
  try {
    accessSync(folder, fsConstants.W_OK);
  } catch {
    throw new MtlError(
      'BAD_REQUEST',
      `The folder "${folder}" is not writable (check its permissions), so "${output}" cannot be written`,
      { path: output },
    );
  }
  return { kind: 'file', path };
}
