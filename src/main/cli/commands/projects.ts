/**
 * `mtl-studio recover`: copy what can be read of a damaged project into a new file.
 */
import type { Command } from 'commander';
import { printJson, table } from '../output';
import { isJson, outPath, outputAlias, type OutOption } from '../program';

/** Registers `recover`. */
export function registerProjectCommands(program: Command): void {
  program
    .command('recover')
    .description(
      'Copy what can be read of a damaged project into a new file, table by table (the damaged file is not changed).',
    )
    .requiredOption('-p, --project <file>', 'the damaged project file')
    .option('-o, --out <file>', 'the new project file (must not exist)')
    .addOption(outputAlias())
    .action(async (given: { project: string } & OutOption, command: Command) => {
      const output = outPath(given);
      if (output === undefined)
        command.error("error: required option '-o, --out <file>' not specified");
      const opts = { ...given, output };
      // An output under a file or in a missing folder: named, not Node's ENOTDIR / ENOENT
      // on the temporary file recoverProject writes first.
      const { refuseMissingFolder } = await import('../../export/outputGuard');
      refuseMissingFolder(output);
      // Loaded here, not at start: `--help` must not load sqlite3.
      const { recoverProject } = await import('../../store/integrity');
      const report = await recoverProject(opts.project, opts.output);
      if (isJson()) return printJson({ recovery: report });
      console.log(`Recovered ${opts.project} into ${opts.output}.`);
      console.log(
        table(
          ['table', 'rows copied', 'unreadable (skipped)'],
          report.tables.map((t) => [t.table, t.rows, t.skipped.join('; ') || '–']),
        ),
      );
      if (report.orphansRemoved > 0) {
        console.log(
          report.orphansRemoved === 1
            ? '1 row was dropped because the row it belonged to was lost.'
            : `${report.orphansRemoved} rows were dropped because the row they belonged to was lost.`,
        );
      }
    });
}
