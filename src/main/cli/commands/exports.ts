/**
 * `mtl-studio export model`: a run's verified TensorFlow.js bundle.
 */
import type { Command } from 'commander';
import { exportModel } from '../../services/exports';
import { printJson, table } from '../output';
import { int, isJson, progress, withStore } from '../program';

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
    .requiredOption('-o, --out <path>', 'bundle folder, or a file ending in .zip')
    .action(async (opts: { project: string; run: number; out: string }) => {
      progress(`Exporting run ${opts.run} and verifying it on its test rows…`);
      const done = await withStore(opts.project, false, (store) =>
        exportModel(store, opts.run, opts.out),
      );
      const v = done.metadata.verification;
      if (isJson()) {
        return printJson({
          path: done.path,
          kind: done.kind,
          files: done.files,
          verification: v,
          tasks: done.metadata.tasks.map((t) => ({
            name: t.name,
            labels: t.labels,
            output: t.output,
          })),
        });
      }
      console.log(`Wrote ${done.path}`);
      console.log(
        table(
          ['file', 'bytes'],
          done.files.map((f) => [f.name, f.bytes]),
        ),
      );
      console.log(
        `Verified: ${v.rows} test rows predicted from the files alone; largest probability difference ${v.maxAbsDifference.toExponential(1)} (tolerance ${v.tolerance}).`,
      );
    });
}
