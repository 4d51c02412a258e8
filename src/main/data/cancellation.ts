/** Cancellation of a long-running import through an AbortSignal. */
import { MtlError } from '../../shared/errors';

/**
 * Throw when the import was cancelled.
 * @throws MtlError('IMPORT_CANCELLED') when `signal` is aborted.
 */
export function throwIfCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new MtlError('IMPORT_CANCELLED', 'The import was cancelled');
}
