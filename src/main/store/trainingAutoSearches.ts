/**
 * Auto's search records of training runs (`auto_searches`): the settings an Auto run was
 * created with (budget, seed, brackets, held as `{ "pending": … }` until its search ends)
 * and, once its search finished, the search itself (its trials and choice). Reached through
 * `ProjectStore.training` (store/training.ts), whose `saveAutoSearch`, `autoSearch` and
 * `autoSettings` call these; the row is first written by `createRun`.
 */
import type { AutoSearch } from '../../shared/domain';
import { MtlError } from '../../shared/errors';
import type { Database } from './database';
import { fromJson, now, toJson } from './sqlCodec';

/** The settings an Auto search starts from (the `auto` of a training job, engine/job.ts). */
export interface AutoSettings {
  /** Search budget in seconds. */
  budgetSeconds: number;
  seed: number;
  /** Hyperband brackets per sweep (1 when absent). */
  brackets?: number;
}

/**
 * Stores what Auto's search did for a run (its trials and choice); replaces an earlier one.
 * @throws MtlError('STORE') for an unknown run (foreign key).
 */
export async function saveAutoSearch(
  db: Database,
  runId: number,
  search: AutoSearch,
): Promise<void> {
  await db.run(
    'INSERT OR REPLACE INTO auto_searches (run_id, search, created_at) VALUES (?, ?, ?)',
    [runId, toJson(search), now()],
  );
}

/**
 * What Auto's search did for a run.
 * @throws MtlError('NOT_FOUND') when the run is not an Auto run, or is one whose search
 *   never finished (cancelled, failed or interrupted while searching, or still running).
 */
export async function autoSearch(db: Database, runId: number): Promise<AutoSearch> {
  const row = await db.get<{ search: string }>(
    'SELECT search FROM auto_searches WHERE run_id = ?',
    [runId],
  );
  if (!row) throw new MtlError('NOT_FOUND', `Run ${runId} was not chosen by Auto`);
  const search = fromJson<AutoSearch | { pending: AutoSettings } | null>(row.search);
  if (search === null || 'pending' in search)
    throw new MtlError(
      'NOT_FOUND',
      `Run ${runId} is an Auto run whose search did not finish: no configuration was chosen`,
    );
  return search;
}

/**
 * The settings an Auto run's search was started with (budget, seed, brackets): those
 * stored at its creation while its search has not finished, else its finished search's.
 * @returns null for a run that is not Auto, or an Auto run created before its settings
 *   were stored (its placeholder is JSON null).
 */
export async function autoSettings(db: Database, runId: number): Promise<AutoSettings | null> {
  const row = await db.get<{ search: string }>(
    'SELECT search FROM auto_searches WHERE run_id = ?',
    [runId],
  );
  if (!row) return null;
  const search = fromJson<AutoSearch | { pending: AutoSettings } | null>(row.search);
  if (search === null) return null;
  if ('pending' in search) return search.pending;
  return {
    budgetSeconds: search.budgetSeconds,
    seed: search.seed,
    brackets: search.brackets ?? 1,
  };
}
