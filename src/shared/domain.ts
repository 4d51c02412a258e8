/**
 * Domain types shared by the main process, the CLI and the renderer, one module per domain:
 * datasets.ts (columns, tasks, splits, labels), trainConfig.ts (architectures, weightings,
 * backends, TrainConfig and its defaults), runs.ts (runs, epochs, checkpoints),
 * autoSearch.ts (Auto's search and budget) and evaluation.ts (metrics, cross-validation,
 * task affinity). Import from here; every name is re-exported.
 * Nothing here imports Node or Electron: the renderer compiles these files too.
 */
export * from './datasets';
export * from './trainConfig';
export * from './runs';
export * from './autoSearch';
export * from './evaluation';
