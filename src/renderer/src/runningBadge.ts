/**
 * The header badge of the runs in flight: how many train and how many are paused. Found by a
 * new user: it said "1 training" while the only run was paused.
 */

/** A vue-i18n translate function with named parameters, as `useI18n().t` is. */
type Translate = (key: string, params: Record<string, unknown>) => string;

/**
 * The badge's text for the runs in flight (status 'running', paused ones included), e.g.
 * "2 training", "1 paused", "1 training, 1 paused".
 * @param runIds the ids of the runs in flight; paused the ids of those paused.
 * @returns '' when no run is in flight.
 */
export function runningBadgeText(
  runIds: readonly number[],
  paused: ReadonlySet<number>,
  t: Translate,
): string {
  const pausedCount = runIds.filter((id) => paused.has(id)).length;
  const training = runIds.length - pausedCount;
  if (runIds.length === 0) return '';
  if (pausedCount === 0) return t('train.runningCount', { n: training });
  if (training === 0) return t('app.runsPaused', { n: pausedCount });
  return t('app.runsTrainingPaused', { training, paused: pausedCount });
}
