/**
 * Continuing a stopped cross-validation from the studio, one way for every panel that offers
 * it (the Train view's folds panel, Compare's cross-validation table).
 */
import { api } from '../api';
import type { useStudio } from '../stores/studio';

/**
 * Asks the server to continue stopped cross-validation `id` (`training.continueCrossValidation`,
 * the service `mtl-studio train` uses again after a stop: finished folds kept, the others
 * trained; its stopped fold runs are deleted by the server), tells the user, and reads the
 * runs again. A refusal is shown as the studio shows errors (source `cv.continue:<id>`).
 * @param message the notice to show once the server took it (already translated)
 * @returns true when the server took it, false when it refused (the error is shown).
 */
export async function continueCrossValidation(
  studio: ReturnType<typeof useStudio>,
  id: number,
  message: string,
): Promise<boolean> {
  try {
    await api().invoke('training.continueCrossValidation', { evaluationId: id });
    studio.resolved(`cv.continue:${id}`);
    studio.notify('info', message);
    await studio.refreshRuns();
    return true;
  } catch (err) {
    studio.notifyError(err, { source: `cv.continue:${id}` });
    return false;
  }
}
