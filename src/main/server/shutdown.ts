/**
 * How `npm run serve` stops (Ctrl-C, SIGTERM): in an order in which no page is told
 * something false while the server goes away.
 */
import type { StudioSession } from '../services/session';
import type { StudioServer } from './server';

/**
 * Stops the studio server and its session, in this order:
 * 1. the runs in flight are stored as interrupted, the project still open: the pages hear
 *    `training.failed` (interrupted) and what they ask about it is answered;
 * 2. the connections are closed (after what is queued to them) and the server stops
 *    listening: the pages show "Disconnected — reconnecting…";
 * 3. only then the project is closed and the UI state written. Closing the project before
 *    the connections answered the pages' requests in between with NO_PROJECT ("No project
 *    is open"), though the project stays the one to reopen.
 * @param session the session behind the server's handlers.
 * @param server the running server.
 * @returns how many runs were stored as interrupted (heard as `training.failed` with
 *   `interrupted`): a run that finished or failed on its own while the studio stopped is not
 *   counted, so the console says what happened rather than what was about to.
 */
export async function stopStudio(session: StudioSession, server: StudioServer): Promise<number> {
  let interrupted = 0;
  const unsubscribe = session.onEvent((channel, payload) => {
    if (channel === 'training.failed' && (payload as { interrupted?: boolean }).interrupted)
      interrupted += 1;
  });
  try {
    await session.interruptRuns();
  } finally {
    unsubscribe();
  }
  await server.close();
  await session.dispose();
  return interrupted;
}
