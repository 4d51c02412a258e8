/**
 * The root command of `mtl-studio` and what every command shares: the --json switch,
 * progress lines, option parsers, and opening a project for the length of a command.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { MtlError } from '../../shared/errors';
import { shellWord } from '../../shared/shellWord';
import type { ProjectStore } from '../store/projectStore';
import { printJson } from './output';
import { rerunCommand } from './rerun';
import { abortOnStopSignals, receivedStopSignal } from './stopSignals';

/** Options every command accepts. */
interface GlobalOptions {
  json?: boolean;
}

/** The version in the nearest package.json above this file (src/main/cli or out/cli). */
function packageVersion(): string {
  for (let up = '../'; up.length <= 15; up += '../') {
    try {
      const file = new URL(`${up}package.json`, import.meta.url);
      const manifest = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version: string };
      if (manifest.name === 'mtl-studio') return manifest.version;
    } catch {
      // Not there: one folder up.
    }
  }
  return 'unknown';
}

/** The root `mtl-studio` command; each file of cli/commands/ registers its commands on it. */
export const program = new Command();
program
  .name('mtl-studio')
  .description(
    'Multi-task classification studio: import a table, define tasks, train one shared model, compare.',
  )
  // Not commander's .version(): it prints the bare version even with --json (found by a new
  // user: `--version --json` printed 0.1.0, not a JSON document).
  .option('-V, --version', 'print the version of mtl-studio (with --json: {"version": "…"})')
  .on('option:version', () => {
    const version = packageVersion();
    // --json may come after --version: read from the command line, not the parsed options.
    if (jsonRequested()) printJson({ version });
    else process.stdout.write(`${version}\n`);
    // As commander's own version option: main() ends with exit code 0.
    throw new CommanderError(0, 'commander.version', version);
  })
  .option('--json', 'print one JSON document on stdout instead of tables')
  // Parse errors are thrown to main(), which prints them as text or as {"error": …}.
  .exitOverride()
  .configureOutput({
    // With --json a help text is kept and printed by main() as one document ({@link helpAsJson}).
    writeOut: (text) => (jsonRequested() ? void (helpText += text) : process.stdout.write(text)),
    writeErr: (text) => !jsonRequested() && process.stderr.write(text),
  })
  // A usage error names what was wrong and where help is, without the whole help text.
  .showHelpAfterError('(add --help to the command to see its usage)')
  .hook('preAction', (_root, action) => refuseOptionAsValue(action))
  .on('command:*', (operands: string[]) => unknownCommand(operands[0]))
  // Emitted on every ancestor of the command whose help is shown: the root hears them all.
  .on('beforeAllHelp', (context: { command: Command }) => {
    helpOf = context.command;
  });

/** The help text written so far under --json (commander writes it in parts: addHelpText). */
let helpText = '';
/** The command whose help commander showed last (asked for, or for a missing subcommand). */
let helpOf: Command | null = null;

/**
 * The one JSON document a help ending (CommanderError 'commander.help' or
 * 'commander.helpDisplayed', `err`) prints under --json, instead of commander's placeholder
 * message "(outputHelp)" (found by a new user: `mtl-studio --json` printed {"error":
 * {"message": "(outputHelp)"}}, and `help --json` plain text):
 * - help asked for (`--help`, `help`, `help train`; exit code 0): `{ help: "<the text>" }`;
 * - a command with subcommands given none (`mtl-studio`, `export`; exit code 1): the error
 *   naming them, e.g. "a command is needed: import, columns, … (mtl-studio --help)".
 * @returns the document, or null when `err` is no help ending.
 */
export function helpAsJson(err: CommanderError): Record<string, unknown> | null {
  if (err.code !== 'commander.help' && err.code !== 'commander.helpDisplayed') return null;
  if (err.exitCode === 0) return { help: helpText };
  const command = helpOf ?? program;
  return { error: { code: 'BAD_REQUEST', message: commandNeeded(command) } };
}

/**
 * The message for `command`, one with subcommands, run without any: "a command is needed:
 * import, columns, … (mtl-studio --help)" for the root, "export needs a command: model,
 * report, … (mtl-studio export --help)" for another; its hidden subcommands and `help` are
 * not listed.
 */
export function commandNeeded(command: Command): string {
  const names = command.commands
    .filter((c) => !(c as unknown as { _hidden?: boolean })._hidden)
    .map((c) => c.name());
  const path: string[] = [];
  for (let c: Command | null = command; c !== null; c = c.parent) path.unshift(c.name());
  const help = `(${path.join(' ')} --help)`;
  return command === program
    ? `a command is needed: ${names.join(', ')} ${help}`
    : `${path.slice(1).join(' ')} needs a command: ${names.join(', ')} ${help}`;
}

/**
 * The studio's views whose name is not the CLI command that does what they do (one domain,
 * one name: the command keeps its domain's name), by the lower-case word a user types:
 * `compare` (the Compare view) is `evaluate`, `data` (the Data view) is `columns`. Other
 * views share their command's name (Tasks → tasks, Train → train, …).
 */
const STUDIO_VIEW_COMMANDS: Readonly<Record<string, { view: string; command: string }>> = {
  compare: { view: 'Compare', command: 'evaluate' },
  data: { view: 'Data', command: 'columns' },
};

/**
 * Answers an unknown command: a studio view's name (`mtl-studio compare`, found by a new
 * user) gets a hint naming the command that does the same, e.g. "error: unknown command
 * 'compare'\n(Did you mean evaluate? The studio's Compare view is `mtl-studio evaluate` on
 * the command line.)"; any other word, commander's own message with its suggestion of a
 * similar command name ("(Did you mean labels?)").
 * @throws CommanderError 'commander.unknownCommand' (exit code 1), always, after the message
 *   is written on stderr (not with --json, where main() prints it as the error document).
 */
function unknownCommand(name: string): void {
  const key = name.toLowerCase();
  if (!Object.hasOwn(STUDIO_VIEW_COMMANDS, key)) {
    // Commander's unknown-command error (with its suggestion), not in its typings.
    (program as unknown as { unknownCommand(): void }).unknownCommand();
    return;
  }
  const { view, command } = STUDIO_VIEW_COMMANDS[key];
  program.error(
    `error: unknown command '${name}'\n(Did you mean ${command}? The studio's ${view} view is \`mtl-studio ${command}\` on the command line.)`,
    { code: 'commander.unknownCommand' },
  );
}

/**
 * The long option that `value`, a word commander took as an option's value, is: one of
 * `command`'s or `mtl-studio`'s own (`--json`), `--epochs=3` as `--epochs`, or `-h`/`--help`;
 * undefined for any other word (a missing-value token "--" is kept as a value).
 */
function optionTakenAsValue(command: Command, value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  if (value === '-h' || value === '--help') return value;
  const flag = value.split('=')[0];
  return [...command.options, ...program.options].some((o) => o.long === flag) ? value : undefined;
}

/**
 * Answers an option of `command` that took another option as its value (`taken`): `-h` or
 * `--help` shows the command's help (exit code 0); another option is a usage error naming
 * both, e.g. "error: option '--add <columns...>' took the option --remove as its value: give
 * --add its value before other options.".
 * @throws CommanderError: code 0 after the help is shown; exit code 1
 *   ('commander.optionMissingArgument') naming the option and the value.
 */
function answerOptionAsValue(command: Command, option: Option, taken: string): never {
  if (taken === '-h' || taken === '--help') {
    command.outputHelp();
    throw new CommanderError(0, 'commander.helpDisplayed', '(outputHelp)');
  }
  command.error(
    `error: option '${option.flags}' took the option ${taken} as its value: give ${option.long ?? option.flags} its value before other options.`,
    { code: 'commander.optionMissingArgument' },
  );
}

/**
 * Commander takes the word after an option that needs a value as that value, even another
 * option: `tasks --add --help` created a task named "--help", and an option with a parser
 * (`predict --run --dataset 1`) said "argument '--dataset' is invalid" (both found by a new
 * user). Every option of `command` and its subcommands that has a parser (a number, a
 * choice, pairs) checks its value for an option first, as {@link answerOptionAsValue} says;
 * the options without one are checked before the action runs ({@link refuseOptionAsValue}),
 * so every command answers both the same way. Call it once all commands are registered.
 */
export function guardOptionValues(command: Command): void {
  for (const option of command.options) {
    const parse = option.parseArg;
    if (parse === undefined) continue;
    option.parseArg = <T>(value: string, previous: T): T => {
      const taken = optionTakenAsValue(command, value);
      if (taken !== undefined) answerOptionAsValue(command, option, taken);
      return parse(value, previous);
    };
  }
  for (const sub of command.commands) guardOptionValues(sub);
}

/**
 * The check of {@link guardOptionValues} for the options of `action` without a parser,
 * whose values commander stores as typed: run before the action. A value that is `-h`/
 * `--help` shows the command's help instead (exit code 0), and one that is a long option of
 * the command or of `mtl-studio` (`--json`) is refused as a usage error naming both.
 * @throws CommanderError as {@link answerOptionAsValue}.
 */
export function refuseOptionAsValue(action: Command): void {
  for (const option of action.options) {
    const value: unknown = action.getOptionValue(option.attributeName());
    const values: unknown[] = Array.isArray(value) ? value : [value];
    for (const v of values) {
      const taken = optionTakenAsValue(action, v);
      if (taken !== undefined) answerOptionAsValue(action, option, taken);
    }
  }
}

/** --json anywhere on the command line, even when parsing failed before options were read. */
export const jsonRequested = (): boolean => process.argv.includes('--json');
/** True when the output must be one JSON document on stdout. */
export const isJson = (): boolean => Boolean(program.opts<GlobalOptions>().json) || jsonRequested();
/** A progress line on stderr (kept off a --json stdout unless MTL_PROGRESS is set). */
export const progress = (line: string): void => {
  if (!isJson() || process.env.MTL_PROGRESS) process.stderr.write(`${line}\n`);
};

/**
 * A signal aborted by the first Ctrl-C (SIGINT) or plain `kill` (SIGTERM), for a command
 * that stops cleanly when asked (an import rolls back and leaves no new project file
 * behind). Heard as by {@link abortOnStopSignals}: the same stop delivered twice at once
 * (`timeout -s INT` signals the process and then its group) is one stop; a second Ctrl-C
 * later ends the process at once, as Node does by default.
 */
export function abortOnInterrupt(): AbortSignal {
  const controller = new AbortController();
  abortOnStopSignals(controller);
  return controller.signal;
}

/**
 * The details every command's stop by Ctrl-C (SIGINT) or a plain `kill` (SIGTERM) adds to
 * its error, the shape of a training stopped before its run was stored (trainingStop.ts
 * stoppedBeforeRunError): `status` ('cancelled'), `signal` (the stop signal heard, SIGINT or
 * SIGTERM; absent when none was heard) and `next` (the command typed, quoted for a POSIX
 * shell, to run it again), after `details`, the error's own. A new user's script found
 * `signal` in a cancelled training's --json and not in an import's.
 */
export function cancelledDetails(details?: Record<string, unknown>): Record<string, unknown> {
  const signal = receivedStopSignal();
  return {
    ...details,
    status: 'cancelled',
    ...(signal !== null ? { signal } : {}),
    next: rerunCommand(process.argv.slice(2)),
  };
}

/**
 * An import stopped by {@link abortOnInterrupt}, worded for the command line (what was
 * given, and that nothing was imported: the import's transaction rolled back, and a project
 * file the command created is removed by {@link withStore}); any other error unchanged.
 * Its details are {@link cancelledDetails}: `status`, `signal`, `next`.
 */
export function cancelledImport(err: unknown, source: string): unknown {
  if (err instanceof MtlError && err.code === 'IMPORT_CANCELLED') {
    return new MtlError(
      'IMPORT_CANCELLED',
      `Import of ${source} cancelled: nothing was imported.`,
      cancelledDetails(err.details),
    );
  }
  return err;
}

/** A plain decimal number: a sign, digits with a decimal point, an exponent ("-1.5e-3"). */
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/**
 * `value` as a number, NaN for text that is none: Number('') and Number(' ') would be 0, so
 * `--seed ''` would be seed 0, and Number reads hex, binary and octal ("0x10" is 16) and
 * "Infinity", which a new user's `--epochs 0x10` showed no flag should take. Only a plain
 * decimal number (with surrounding blanks) is read: "42", "-1.5", ".5", "1e-3". Every
 * numeric flag's parser reads its value with it ({@link int}, {@link num}, and
 * configFlags.ts's training flags).
 */
export const numberOf = (value: string): number =>
  DECIMAL.test(value.trim()) ? Number(value) : NaN;

/**
 * The values from `min` to `max` in words, "a whole number" or "a number" (`kind`) then
 * the bounds: "a whole number from 1 to 100", "a whole number ≥ 2", "a number > 0 and < 10".
 * A bound at or past ±(2^53 − 1) (a whole number's own: only safe integers are taken) is
 * said only when `value`, the number refused, is past it: "a whole number from 0 to
 * 9007199254740991" for `--checkpoint-every 1e20`, where "a whole number ≥ 0" would hide why.
 * @param bounds min/max inclusive, gt/lt exclusive; absent ones are not said.
 * @param value the number refused (NaN for text that is none).
 */
export function rangeWords(
  kind: 'a whole number' | 'a number',
  bounds: { min?: number; max?: number; gt?: number; lt?: number },
  value = NaN,
): string {
  const said = (x: number | undefined): number | undefined =>
    x !== undefined && (Math.abs(x) < Number.MAX_SAFE_INTEGER || Math.abs(value) > Math.abs(x))
      ? x
      : undefined;
  const [min, max, gt, lt] = [bounds.min, bounds.max, bounds.gt, bounds.lt].map(said);
  if (min !== undefined && max !== undefined) return `${kind} from ${min} to ${max}`;
  const words = [
    gt !== undefined ? `> ${gt}` : min !== undefined ? `≥ ${min}` : null,
    lt !== undefined ? `< ${lt}` : max !== undefined ? `≤ ${max}` : null,
  ].filter((b) => b !== null);
  return words.length === 0 ? kind : `${kind} ${words.join(' and ')}`;
}

/**
 * Commander parser of a whole-number option, a safe integer (|n| ≤ 2^53 − 1, so it is
 * stored as an INTEGER, never a REAL) from `min` to `max`; the error names the option and
 * the range, as configFlags.ts's do: "--folds must be a whole number from 2 to 20, got "1".",
 * "--repeats must be a whole number from 1 to 100, got "101".", "--cv-seed must be a
 * whole number from -9007199254740991 to 9007199254740991, got "1e20".", "--seed must be a
 * whole number, got "x".".
 * @param min least value (default −(2^53 − 1)); @param max greatest (default 2^53 − 1).
 * @throws InvalidArgumentError (a usage error) for a value that is no whole number (an
 *   empty value too) or outside the range.
 */
export function int(name: string, min = -Number.MAX_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER) {
  const least = Math.max(min, -Number.MAX_SAFE_INTEGER);
  const most = Math.min(max, Number.MAX_SAFE_INTEGER);
  return (value: string): number => {
    const n = numberOf(value);
    if (!(Number.isInteger(n) && n >= least && n <= most))
      throw new InvalidArgumentError(
        `${name} must be ${rangeWords('a whole number', { min: least, max: most }, n)}, got "${value}".`,
      );
    return n;
  };
}
/**
 * Commander parser of a finite number option; the error names the option and, with `min`
 * or `max` (inclusive), the range: "--checkpoint-seconds must be a number from 0 to 86400,
 * got "-1".", "--x must be a number ≥ 0, got "-1".".
 * @throws InvalidArgumentError (a usage error) for a value that is no finite plain decimal
 *   number (an empty value too, hex, "Infinity"), or below `min`, or above `max`.
 */
export function num(name: string, min?: number, max?: number) {
  return (value: string): number => {
    const n = numberOf(value);
    if (!(Number.isFinite(n) && (min === undefined || n >= min) && (max === undefined || n <= max)))
      throw new InvalidArgumentError(
        `${name} must be ${rangeWords('a number', { min, max }, n)}, got "${value}".`,
      );
    return n;
  };
}
/**
 * Commander parser of repeatable (or variadic) `KEY=value` options with `value` in `allowed`.
 * A value whose comma-separated parts are each such a pair (`legs=categorical,aquatic=categorical`)
 * is those pairs, as `tasks --add` splits at commas (found by a new user, who was told "no
 * column named 'legs=categorical,aquatic'"); any other value is one pair, split at its last
 * '=' (a column "size, cm" keeps its comma). A column named twice (`legs=categorical
 * legs=numeric`, which kept the last silently) is refused.
 * @param argument a variadic option's command argument (`<csv>`): a value without '=' then
 *   says to write that argument before the option.
 * @throws InvalidArgumentError (a usage error) for a value not `KEY=value`, and for a column
 *   given twice, naming both values.
 */
export function pairs<T extends string>(allowed: readonly T[], what: string, argument?: string) {
  /** `text` as [key, value] when it is KEY=value with value allowed; null otherwise. */
  const pairOf = (text: string): [string, T] | null => {
    const at = text.lastIndexOf('=');
    const v = text.slice(at + 1) as T;
    return at > 0 && allowed.includes(v) ? [text.slice(0, at), v] : null;
  };
  return (value: string, previous: Record<string, T> = {}): Record<string, T> => {
    const whole = pairOf(value);
    if (whole === null) {
      // A variadic option takes the words after it up to the next option: a value with no
      // '=' is most likely the command's argument, written after it.
      const hint =
        argument !== undefined && !value.includes('=')
          ? ` ${what} takes every word after it up to the next option: put ${argument} before ${what}, or end its pairs with --.`
          : '';
      throw new InvalidArgumentError(
        `expected COLUMN=${allowed.join('|')} for ${what}, got "${value}".${hint}`,
      );
    }
    const parts = value.includes(',') ? value.split(',').map((p) => pairOf(p.trim())) : [];
    const given =
      parts.length > 0 && parts.every((p) => p !== null) ? (parts as [string, T][]) : [whole];
    const result = { ...previous };
    for (const [key, v] of given) {
      if (Object.hasOwn(result, key)) {
        throw new InvalidArgumentError(
          `${what} names the column "${key}" twice (${key}=${result[key]} and ${key}=${v}): give it once.`,
        );
      }
      result[key] = v;
    }
    return result;
  };
}

/**
 * An unknown run (MtlError NOT_FOUND with reason RUN_MISSING, from the store's one lookup
 * of a run) worded for the CLI: where the runs are listed. Found by a new user: `export
 * --run 99`, `evaluate --run 99` and `predict --run 99` said only "Run 99 not found". The
 * studio words the same error from its reason (errors.reasons.RUN_MISSING), so the command
 * is said here, by the CLI only.
 * @param error any error a command threw.
 * @param project the project file as given on the command line (`-p`), quoted by shellWord.
 * @returns e.g. MtlError "Run 99 not found in this project; list its runs with mtl-studio
 *   runs -p 'my p.mtlproj'" (same code and details); any other error unchanged.
 */
export function withRunsHint(error: unknown, project: string): unknown {
  if (!(error instanceof MtlError) || error.code !== 'NOT_FOUND') return error;
  if (error.details?.reason !== 'RUN_MISSING') return error;
  const id = (error.details.params as { id?: unknown } | undefined)?.id;
  return new MtlError(
    error.code,
    `Run ${String(id)} not found in this project; list its runs with mtl-studio runs -p ${shellWord(project)}`,
    error.details,
  );
}

/**
 * Opens the project at `path` (created when `create`), runs `fn` on it and closes it. A
 * project file that this call created is removed again (with its -wal and -shm files)
 * when `fn` fails, so a failed first import leaves no empty project behind; a file that
 * existed before is never removed. Says on stderr (one line each, also with --json, whose
 * stdout stays one document) when the file was upgraded and where the backup of the old
 * file is, and when it is damaged and open read-only (reads work as far as the file
 * allows; writes fail with PROJECT_CORRUPT).
 * @param options.readOnly a command that only reads: an existing file is opened read-only
 *   (never upgraded nor cleaned up; a file needing an upgrade is refused with MtlError('STORE')).
 * @throws MtlError('NOT_FOUND') for a missing file when `create` is false; errors of `fn`.
 */
export async function withStore<T>(
  path: string,
  create: boolean,
  fn: (store: ProjectStore) => Promise<T>,
  options: { readOnly?: boolean } = {},
): Promise<T> {
  const existed = existsSync(path);
  if (!create && !existed) throw new MtlError('NOT_FOUND', `Project file not found: ${path}`);
  // A process that ends while the new file is open (an error that escaped every handler
  // exits at once, skipping the `catch` below) removes it on the way out.
  if (!existed) unfinishedProjects.add(path);
  // Loaded here, not at start: `--help` must not load sqlite3.
  const { ProjectStore } = await import('../store/projectStore');
  const store = await ProjectStore.open(path, {
    create,
    ...(options.readOnly && existed ? { readOnly: 'opened only to read' } : {}),
  });
  if (store.migration?.backup) {
    const { fromVersion, toVersion, backup } = store.migration;
    process.stderr.write(
      `note: ${path} was upgraded from schema version ${fromVersion} to ${toVersion}; the file as it was is kept at ${backup}\n`,
    );
  }
  try {
    // `create` means a write that reads a whole file first (import): refuse it at once.
    if (create) store.assertWritable();
    if (store.damage) process.stderr.write(`warning: ${store.damage.error.message}\n`);
    return await fn(store);
  } catch (error) {
    if (!existed) {
      await store.close();
      for (const file of [path, `${path}-wal`, `${path}-shm`]) rmSync(file, { force: true });
    }
    throw withRunsHint(withProjectScope(error, path), path);
  } finally {
    await store.close();
    unfinishedProjects.delete(path);
  }
}

/**
 * The reasons of errors whose suggested command (worded by a service with the placeholder
 * `-p <project>`) is for the project the command opened, whichever command met them
 * (`train`, `affinity`, `restart`, …): trainingJobs.ts oneLabelledClassError. Others keep
 * the placeholder unless their command words it ({@link withScope}): e.g. `import <csv> -p
 * <project>` may mean another project.
 */
const PROJECT_SCOPED_REASONS: ReadonlySet<unknown> = new Set(['TASK_ONE_LABELLED_CLASS']);

/** `error` with `-p <project>` as `-p FILE` (`path`) when its reason is {@link PROJECT_SCOPED_REASONS}. */
function withProjectScope(error: unknown, path: string): unknown {
  if (!(error instanceof MtlError) || !PROJECT_SCOPED_REASONS.has(error.details?.reason))
    return error;
  return withScope(error, `-p ${shellWord(path)}`);
}

/**
 * Project files that {@link withStore} created and whose command has not finished. The
 * README promises that a failed import into a new path leaves no file: at exit, these are
 * removed with their -wal and -shm (an open SQLite file can be unlinked on POSIX; where it
 * cannot, it stays).
 */
const unfinishedProjects = new Set<string>();
process.on('exit', () => {
  for (const path of unfinishedProjects) {
    for (const file of [path, `${path}-wal`, `${path}-shm`]) {
      try {
        rmSync(file, { force: true });
      } catch {
        // Locked (Windows): nothing more can be done while exiting.
      }
    }
  }
});

/** The output options of a command with `-o, --out` and the hidden `--output` (see {@link outputAlias}). */
export interface OutOption {
  out?: string;
  output?: string;
}

/**
 * `--output <file>`, hidden from the help: the old name of `-o, --out` on `labels export`
 * and `recover` (every other command said --out), still read so scripts keep working.
 * Read both with {@link outPath}.
 */
export function outputAlias(): Option {
  return new Option('--output <file>', 'the same as --out').hideHelp();
}

/** The output path given as `-o/--out` or its old name `--output` (--out wins). */
export function outPath(opts: OutOption): string | undefined {
  return opts.out ?? opts.output;
}

/**
 * The `-p FILE` or `-p FILE -d N` a suggested command for dataset `datasetId` needs to run as
 * shown: `-d N` whenever the project has more than one dataset, where a command without it
 * is refused ("The project has 2 datasets; choose one with --dataset", {@link
 * resolveDataset}), or the dataset was chosen explicitly (`given`). Found by a new user:
 * `train -d 2` suggested `mtl-studio tasks -p p.mtlproj --add hair`, which was refused.
 * @param project the project file as given, quoted for a POSIX shell by shellWord.
 * @param given the `--dataset` given to the command, if any.
 * @returns e.g. `-p 'my runs/p.mtlproj' -d 2`.
 */
export async function scopeWords(
  store: ProjectStore,
  project: string,
  datasetId: number,
  given: number | undefined,
): Promise<string> {
  const p = `-p ${shellWord(project)}`;
  if (given !== undefined || (await store.datasets.list()).length > 1)
    return `${p} -d ${datasetId}`;
  return p;
}

/**
 * An error whose message names the placeholder `-p <project>` (services word their
 * suggested commands so: trainingJobs.ts noTaskError, taskAffinity.ts) with it replaced by
 * `scope`, the real `-p FILE [-d N]` ({@link scopeWords}); other errors unchanged.
 */
export function withScope(err: unknown, scope: string): unknown {
  if (err instanceof MtlError && err.message.includes('-p <project>'))
    return new MtlError(err.code, err.message.replaceAll('-p <project>', scope), err.details);
  return err;
}

/**
 * The dataset a command works on: `id` when given, else the project's only dataset.
 * @throws MtlError('NOT_FOUND') for an unknown id (listing the project's datasets, id and
 *   name; found by a new user: "Dataset 3 not found" named none) or no dataset;
 *   MtlError('BAD_REQUEST') listing the datasets when there are several and no id.
 */
export async function resolveDataset(store: ProjectStore, id: number | undefined): Promise<number> {
  if (id !== undefined) {
    try {
      return (await store.datasets.get(id)).id;
    } catch (err) {
      if (!(err instanceof MtlError) || err.code !== 'NOT_FOUND') throw err;
      const known = await store.datasets.list();
      throw new MtlError(
        'NOT_FOUND',
        known.length === 0
          ? `Dataset ${id} not found: the project has no dataset yet; run \`mtl-studio import\` first.`
          : `Dataset ${id} not found; the project's ${known.length === 1 ? 'dataset is' : 'datasets are'} ${known.map((d) => `${d.id} (${d.name})`).join(', ')}.`,
        err.details,
      );
    }
  }
  const datasets = await store.datasets.list();
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
