/**
 * Child process of the predict benchmark: predicts a CSV with a bundle alone, streaming.
 * Prints one JSON line. argv: <bundle> <csv> <output>
 */
import { statSync } from 'node:fs';
import { selectBackend } from '../src/main/engine/backend';
import { bundlePredictor, predictCsv } from '../src/main/export/predict';

const [bundle, csv, output] = process.argv.slice(2);
const backend = await selectBackend('auto');
const predictor = await bundlePredictor(bundle);
const batchRows = 8192;
try {
  const summary = await predictCsv(predictor, csv, { output, batchRows });
  process.stdout.write(
    `${JSON.stringify({
      rows: summary.rows,
      backend: backend.description,
      batchRows,
      seconds: summary.seconds,
      rowsPerSecond: summary.rowsPerSecond,
      peakRssMiB: process.resourceUsage().maxRSS / 1024,
      outputMiB: statSync(output).size / 2 ** 20,
    })}\n`,
  );
} finally {
  predictor.dispose();
}
