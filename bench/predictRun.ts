/**
 * Child process of the predict benchmark: predicts a CSV with a bundle alone, streaming.
 * Prints one JSON line. argv: <bundle> <csv> <output> <forward: auto|tfjs>
 */
import { statSync } from 'node:fs';
import { selectBackend } from '../src/main/engine/backend';
import { bundlePredictor } from '../src/main/export/predict';
import { predictCsv } from '../src/main/export/predictCsv';

const [bundle, csv, output, forward] = process.argv.slice(2);
const backend = await selectBackend('auto');
const predictor = await bundlePredictor(bundle, { forward: forward === 'tfjs' ? 'tfjs' : 'auto' });
const batchRows = 8192;
try {
  const cpu = process.cpuUsage();
  const summary = await predictCsv(predictor, csv, { output, batchRows });
  const used = process.cpuUsage(cpu);
  process.stdout.write(
    `${JSON.stringify({
      rows: summary.rows,
      backend: backend.description,
      forward: predictor.forward,
      batchRows,
      seconds: summary.seconds,
      rowsPerSecond: summary.rowsPerSecond,
      cpuSeconds: (used.user + used.system) / 1e6,
      peakRssMiB: process.resourceUsage().maxRSS / 1024,
      outputMiB: statSync(output).size / 2 ** 20,
    })}\n`,
  );
} finally {
  predictor.dispose();
}
