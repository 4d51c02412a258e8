/**
 * The folder an output path needs but that does not exist, read from a failed export's
 * error (reason FOLDER_MISSING, src/shared/errors.ts), so the page can offer to create it
 * (MissingFolderOffer.vue).
 */
import { ApiError } from '../api';

/**
 * The missing folder named by `err`, or null when `err` is not a FOLDER_MISSING error.
 * @param err what an invoke threw (an ApiError carries `details.reason` and `details.params`).
 * @returns the folder's path as the server spelled it (absolute).
 */
export function missingFolder(err: unknown): string | null {
  if (!(err instanceof ApiError) || err.details?.reason !== 'FOLDER_MISSING') return null;
  const params = err.details.params as { path?: unknown } | undefined;
  const path = params?.path ?? err.details.path;
  return typeof path === 'string' && path.length > 0 ? path : null;
}
