/**
 * Child process of the import benchmark: imports one CSV into a new project and prints
 * `{ rows, seconds, cpuSeconds, maxRssMiB, rssBeforeMiB }` as the last line of stdout
 * (cpuSeconds: user + system time of the import, every thread of the process).
 * Usage: importChild.ts <csv> <project>
 */
import { importCsv } from '../src/main/data/importCsv';
import { ProjectStore } from '../src/main/store/projectStore';

const [csv, project] = process.argv.slice(2);
const store = await ProjectStore.open(project, { create: true });
const rssBeforeMiB = process.memoryUsage().rss / 2 ** 20;
const started = performance.now();
const cpuBefore = process.cpuUsage();
const dataset = await importCsv(store, csv, { name: 'bench' });
const seconds = (performance.now() - started) / 1000;
const cpu = process.cpuUsage(cpuBefore);
await store.close();
process.stdout.write(
  `${JSON.stringify({
    rows: dataset.rowCount,
    seconds,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    maxRssMiB: process.resourceUsage().maxRSS / 1024,
    rssBeforeMiB,
  })}\n`,
);
