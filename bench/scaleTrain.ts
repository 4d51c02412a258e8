/**
 * Child process of the scale benchmark: trains by streaming from an existing project so
 * that its peak memory is measured apart from the import. Prints one JSON line.
 * argv: <project> <datasetId> <splitId> <epochs> <chunkRows>
 */
import { selectBackend } from '../src/main/engine/backend';
import { trainStreaming } from '../src/main/engine/streaming';
import { ProjectStore } from '../src/main/store/projectStore';
import { DEFAULT_TRAIN_CONFIG } from '../src/shared/domain';

const [project, datasetArg, splitArg, epochsArg, chunkArg] = process.argv.slice(2);
const datasetId = Number(datasetArg);
const epochs = Number(epochsArg);
const store = await ProjectStore.open(project);
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
    })}\n`,
  );
} finally {
  await store.close();
}
