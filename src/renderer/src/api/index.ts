/** The studio API of this page, connected once at startup. */
import { connectStudioApi, type StudioApi } from './client';

export { ApiError, type ConnectionState, type StudioApi } from './client';

let instance: StudioApi | null = null;

/** The page's API (connects on first use). */
export function api(): StudioApi {
  if (!instance) instance = connectStudioApi();
  return instance;
}
