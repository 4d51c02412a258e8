/**
 * `mtl-studio demo`: the main job on bundled data.
 */
import type { Command } from 'commander';
import { printJson, score, table } from '../output';
import { int, isJson, progress } from '../program';

/** Registers `demo`. */
export function registerDemoCommands(program: Command): void {
  program
    .command('demo')
    .description(
      'Train single-task baselines and a hard-sharing model on the bundled Palmer penguins data.',
    )
    .option(
      '-p, --project <file>',
      'project file to create (default: a new file in the temp folder)',
    )
    .option('--epochs <n>', 'maximum epochs', int('--epochs'))
    .option('--seed <n>', 'seed', int('--seed'))
    .action(async (opts: { project?: string; epochs?: number; seed?: number }) => {
      const { runDemo } = await import('../demo');
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
            ...report.runs.flatMap((r) => [
              `${r.arch} acc.`,
              `${r.arch} macro-F1`,
              `${r.arch} AUC`,
            ]),
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
}
