/**
 * Child process of the scale benchmark: trains by streaming from an existing project so
 * that its peak memory is measured apart from the import. Prints one JSON line.
 * argv: <project> <datasetId> <splitId> <epochs> <chunkRows>
 */
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { selectBackend } from '../src/main/engine/backend';
import { trainStreaming } from '../src/main/engine/streaming';
import { ProjectStore } from '../src/main/store/projectStore';
import { DEFAULT_TRAIN_CONFIG } from '../src/shared/domain';

const [project, datasetArg, splitArg, epochsArg, chunkArg] = process.argv.slice(2);
const datasetId = Number(datasetArg);
const epochs = Number(epochsArg);
const store = await ProjectStore.open(project);

/**
 * CPU seconds of this process's main thread (Linux: /proc/self/task/<pid>/stat, fields 14
 * and 15 in clock ticks, taken as 100 per second), or null elsewhere. The main thread runs
 * the kernel, the parsing and the batch assembly; SQLite reads in a thread of its own.
 */
function mainThreadCpuSeconds(): number | null {
  try {
    const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

/** Process and main-thread CPU at the start of the first epoch and at the end of each. */
const cpu: { process: number; main: number | null }[] = [];
const markCpu = () => {
  const u = process.cpuUsage();
  cpu.push({ process: (u.user + u.system) / 1e6, main: mainThreadCpuSeconds() });
};
const loadBefore = loadavg();
try {
  const backend = await selectBackend('auto');
  const info = await store.datasets.get(datasetId);
  const tasks = await store.tasks.list(datasetId);
  const rssBefore = process.memoryUsage().rss;
  const out = await trainStreaming(
    {
      store,
      datasetId,
      splitId: Number(splitArg),
      inputs: info.columns
        .filter((c) => c.role === 'input')
        .map((c) => ({ name: c.name, type: c.type })),
      targets: tasks.map((t) => ({
        task: { name: t.name, classes: t.classes },
        column: t.targetColumn,
        type: info.columns.find((c) => c.name === t.targetColumn)!.type,
      })),
      chunkRows: Number(chunkArg),
    },
    {
      tasks: tasks.map((t) => ({ name: t.name, classes: t.classes })),
      config: {
        ...DEFAULT_TRAIN_CONFIG,
        arch: 'hard-sharing',
        hiddenUnits: [128, 64],
        batchSize: 128,
        learningRate: 1e-3,
        dropout: 0,
        weightDecay: 0,
        patience: 0,
        epochs,
      },
      // Called once the preprocessing is fitted and the kernel built, right before epoch 1.
      onStepEngine: markCpu,
      onEpoch: markCpu,
    },
  );
  const seconds = out.epochs.reduce((s, e) => s + e.seconds, 0);
  out.network.dispose();
  process.stdout.write(
    `${JSON.stringify({
      backend: backend.description,
      trainRows: out.trainRows,
      samplesPerSecond: (out.trainRows * epochs) / seconds,
      maxRssMiB: process.resourceUsage().maxRSS / 1024,
      rssBeforeMiB: rssBefore / 1024 / 1024,
      epochSeconds: seconds,
      epochCpuSeconds: cpu.at(-1)!.process - cpu[0].process,
      epochMainThreadCpuSeconds:
        cpu[0].main === null || cpu.at(-1)!.main === null ? null : cpu.at(-1)!.main! - cpu[0].main,
      load: { before: loadBefore, after: loadavg() },
    })}\n`,
  );
} finally {
  await store.close();
}
