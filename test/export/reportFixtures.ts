/**
 * Hand-made report data for the report's rendering tests (no project, no training): a
 * dataset and a completed run with the fields the report reads, and the report around one
 * dataset's runs.
 */
import type { ReportData } from '../../src/main/export/reportData';
import { DEFAULT_TRAIN_CONFIG, type DatasetInfo, type RunInfo } from '../../src/shared/domain';

/** A dataset of `rowCount` rows with no columns listed; `fields` override any field. */
export function handDataset(fields: Partial<DatasetInfo> = {}): DatasetInfo {
  return {
    id: 1,
    name: 'data',
    sourceName: 'data',
    encoding: '',
    delimiter: '',
    rowCount: 80,
    columns: [],
    importedAt: '2026-12-05T04:00:00.000Z',
    pixelImage: null,
    contentVersion: 'x',
    ...fields,
  } as DatasetInfo;
}

/** A completed run of `tasks` (one minute, best epoch 4, no results); `config` merged in. */
export function handRun(
  id: number,
  tasks: string[],
  config: Partial<RunInfo['config']> = {},
): RunInfo {
  return {
    id,
    status: 'completed',
    tasks,
    config: { ...DEFAULT_TRAIN_CONFIG, ...config },
    backend: 'cpu',
    startedAt: '2026-12-05T04:01:00.000Z',
    finishedAt: '2026-12-05T04:02:00.000Z',
    bestEpoch: 4,
    results: {},
  } as unknown as RunInfo;
}

/** The report of one dataset (no tasks, split or cross-validation listed) with `part`'s runs. */
export function handReport(
  part: Pick<ReportData['datasets'][number], 'dataset' | 'runs'> &
    Partial<ReportData['datasets'][number]>,
): ReportData {
  return {
    project: { name: 'p', file: 'p.mtlproj' },
    studioVersion: '0.0.0',
    generatedAt: '2026-12-05T05:00:00.000Z',
    datasets: [{ tasks: [], split: null, crossValidations: [], ...part }],
  };
}
