/**
 * The tables of the training domain as other store modules read them: the lookups that
 * throw NOT_FOUND, as store/datasetTables.ts has for datasets. Kept apart from
 * store/training.ts, which imports the modules that use them (epochs, results), so there is
 * no import circle.
 */
import { MtlError, reasonDetails } from '../../shared/errors';
import type { SqlExecutor } from './database';

/**
 * Checks that run `id` exists in `runs` (a softly deleted run counts: it is still stored), as
 * the first statement of a transaction that writes rows of that run.
 * @throws MtlError('NOT_FOUND') "Run <id> not found" for an unknown id, with details reason
 *   RUN_MISSING and the `id`.
 */
export async function requireRun(tx: SqlExecutor, id: number): Promise<void> {
  const run = await tx.get('SELECT 1 FROM runs WHERE id = ?', [id]);
  if (!run)
    throw new MtlError('NOT_FOUND', `Run ${id} not found`, reasonDetails('RUN_MISSING', { id }));
}
