/**
 * `mtl-studio` command line: the same services as the desktop app, scriptable.
 * Human-readable tables by default; `--json` prints one JSON document on stdout.
 * Each domain's commands live in cli/commands/<domain>.ts.
 */
// First: a stop while the modules below load is answered (cli/earlyStop.ts).
import './earlyStop';
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CommanderError } from 'commander';
import { MtlError, toErrorPayload } from '../../shared/errors';
import { shellWord } from '../../shared/shellWord';
import { registerAssetCommands } from './commands/assets';
import { registerDatasetCommands } from './commands/datasets';
import { registerDemoCommands } from './commands/demo';
import { registerEvaluationCommands } from './commands/evaluation';
import { registerExportCommands } from './commands/exports';
import { registerLabelCommands } from './commands/labels';
import { registerProjectCommands } from './commands/projects';
import { registerSplitCommands } from './commands/splits';
import { registerTaskCommands } from './commands/tasks';
import { registerRunsCommand } from './commands/runs';
import { loadTrainingHelp, registerTrainingCommands } from './commands/training';
import { registerTrainingRestartCommand } from './commands/trainingRestart';
import { handleClosedPipes } from './closedPipes';
import { loadTrainConfigSchema } from './configFlags';
import { printJson } from './output';
import { keepExitCode, receivedStopSignal, stopExitCode } from './stopSignals';
import { guardOptionValues, helpAsJson, isJson, program } from './program';

// A reader that stops early (`mtl-studio … --json | head`, `train … 2>&1 | head -1`) is not
// an error, and never stops a training or an import halfway (cli/closedPipes.ts).
handleClosedPipes();

registerProjectCommands(program);
registerDatasetCommands(program);
registerAssetCommands(program);
registerTaskCommands(program);
registerSplitCommands(program);
registerTrainingCommands(program);
registerRunsCommand(program);
registerTrainingRestartCommand(program);
registerEvaluationCommands(program);
registerExportCommands(program);
registerLabelCommands(program);
registerDemoCommands(program);
// Every option's value is checked for another option before its parser reads it.
guardOptionValues(program);

/**
 * The CLI's wording of an error's way out: `details.remedy` names request options and the
 * values that would avoid the error (e.g. `{ onCorrupt: 'skip' }`); the CLI spells them as
 * its flags (`--on-corrupt skip`, values quoted for a POSIX shell: `--delimiter ';'`), the
 * studio as its own controls.
 * @returns e.g. "; use --on-corrupt skip", or '' when the error names none.
 */
export function cliRemedy(details: Record<string, unknown> | undefined): string {
  const remedy = details?.remedy;
  if (typeof remedy !== 'object' || remedy === null) return '';
  // A value as a shell takes it: `--delimiter ';'` (a bare ; would end the command), a tab as $'\t'.
  const word = (value: unknown): string => (value === '\t' ? "$'\\t'" : shellWord(String(value)));
  const flags = Object.entries(remedy).map(
    ([option, value]) =>
      `--${option.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}${value === true ? '' : ` ${word(value)}`}`,
  );
  if (flags.length === 0) return '';
  return `; use ${flags.join(' ')}`;
}

/** Prints an error as the command's output: `{"error": …}` with --json, else one line. */
function report(payload: ReturnType<typeof toErrorPayload>): void {
  if (isJson()) printJson({ error: payload });
  else process.stderr.write(`error: ${payload.message}${cliRemedy(payload.details)}\n`);
}

/**
 * Whether one of `words` is a word of the command line (`argv` as process.argv: node and
 * the script first, left out), e.g. `train` in `mtl-studio train -p p.mtlproj`: what main()
 * loads ahead (tfjs's registries for the help, the training schema) is for those commands
 * only. A word that is an option's value (`-p train`) counts too: loading early is harmless.
 */
function onCommandLine(argv: readonly string[], ...words: string[]): boolean {
  return argv.slice(2).some((word) => words.includes(word));
}

/**
 * Whether the command line may ask for a help text (`argv` as process.argv): `--help`, `-h`
 * (alone or among other short flags, e.g. `-hp`) or the `help` command. Only then is the
 * text under `train --help` built (tfjs, ≈ 0.2 s CPU): `train` with other flags — a typo
 * refused, a training that runs in its own process — starts without it. Broad on purpose:
 * a word that is an option's value (`--name help`) counts too, and loading early is harmless.
 */
function asksForHelp(argv: readonly string[]): boolean {
  return argv
    .slice(2)
    .some((word) => word === '--help' || word === 'help' || /^-[A-Za-z]*h[A-Za-z]*$/.test(word));
}

/**
 * Runs the CLI with the given argv (as process.argv).
 * @returns the process exit code: 0 on success, 1 on a user-facing error, 2 on a bug, 130
 *   (SIGINT, Ctrl-C) or 143 (SIGTERM) when a stop signal cancelled the command.
 */
export async function main(argv: string[]): Promise<number> {
  // Last resort: an error that escaped every handler still ends as the command's error
  // document (never Node's stack trace): exit code 1 for a known error, 2 for a bug.
  const escaped = (err: unknown): void => {
    const payload = toErrorPayload(err);
    report(payload);
    process.exit(payload.code === 'INTERNAL' ? 2 : 1);
  };
  process.on('uncaughtException', escaped);
  process.on('unhandledRejection', escaped);
  try {
    // Only `train --help` shows the registries' text; other commands (and `train` asked
    // for no help) never load tfjs for it.
    if (onCommandLine(argv, 'train') && asksForHelp(argv)) await loadTrainingHelp();
    // The training flags are checked against the training schema (cli/configFlags.ts),
    // loaded only for the commands that have them.
    if (onCommandLine(argv, 'train', 'demo')) await loadTrainConfigSchema();
    await program.parseAsync(argv);
    return 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      // A help text (or a command missing its subcommand) as one JSON document.
      const help = isJson() ? helpAsJson(err) : null;
      if (help !== null) {
        keepExitCode(err.exitCode === 0 ? 0 : 1);
        printJson(help);
        return err.exitCode === 0 ? 0 : 1;
      }
      // Help and version end here with exit code 0; usage errors were already printed as text.
      // Either way the outcome is decided: a Ctrl-C landing now does not turn it into 130.
      const code = err.exitCode === 0 ? 0 : 1;
      keepExitCode(code);
      if (code === 1 && isJson())
        printJson({ error: { code: 'BAD_REQUEST', message: err.message.replace(/^error: /, '') } });
      return code;
    }
    // Ctrl-C of a training or an import: stored as cancelled / rolled back, exit code 130
    // (143 when a plain `kill`, SIGTERM, stopped it: 128 + the signal's number).
    // A training's message names the run, its stored status and how to go on
    // (commands/trainingStop.ts); with --json its details carry them.
    if (
      err instanceof MtlError &&
      (err.code === 'TRAINING_CANCELLED' || err.code === 'IMPORT_CANCELLED')
    ) {
      if (isJson()) printJson({ error: err.toPayload() });
      else process.stderr.write(`${err.message}\n`);
      return stopExitCode(receivedStopSignal() ?? 'SIGINT');
    }
    const payload = toErrorPayload(err);
    report(payload);
    return payload.code === 'INTERNAL' ? 2 : 1;
  }
}

/**
 * Whether this module is the program Node was started with (`node out/cli/main.js …`, or
 * `tsx src/main/cli/main.ts …`) rather than a module imported by bin/mtl-studio.mjs or a
 * test. Both sides through realpath, so a symbolic link to the file counts as the file.
 */
function isProgramEntry(): boolean {
  const started = process.argv[1];
  if (started === undefined) return false;
  try {
    return realpathSync(started) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

// Found by a new user: `node out/cli/main.js --help` printed nothing, as the module only
// exported main() for bin/mtl-studio.mjs. Started directly, it runs now. (The bin stays the
// way in: it rebuilds a stale CLI and a stale kernel first, which this entry does not.)
if (isProgramEntry()) void main(process.argv).then((code) => (process.exitCode = code));
