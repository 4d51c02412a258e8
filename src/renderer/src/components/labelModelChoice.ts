/**
 * The Label view's model (the run whose predictions order and filter the queue) as the
 * dataset's completed runs change, and what the queue says while it waits for one. Found by
 * a new user: after switching datasets "Least confident first" stayed selected, Model was
 * reset to none, and the queue said "No completed run yet? Train one first." while Model
 * listed 6 completed runs.
 * Nothing here imports the API: the renderer's unit tests run it in Node.
 */

/** What the queue waits for (useLabelFilter's filterWaitsFor). */
export type LabelWait = 'class' | 'model-filter' | 'model-order' | null;

/**
 * The model to keep when the completed runs listed change (another dataset selected, a run
 * completed or deleted): `runId` while it is still listed, else the newest completed run
 * (`completed` sorted newest first, as the view lists them), else null (none).
 */
export function keptModel(
  runId: number | null,
  completed: readonly { id: number }[],
): number | null {
  if (runId !== null && completed.some((r) => r.id === runId)) return runId;
  return completed[0]?.id ?? null;
}

/**
 * The message key of the queue's empty state: what it waits for, and for a model, whether
 * the dataset has a completed run to choose (only then "choose one under Model"; without
 * one, "train one first").
 */
export function labelWaitKey(waitsFor: LabelWait, hasCompletedRun: boolean): string {
  switch (waitsFor) {
    case null:
      return 'labels.nothing';
    case 'class':
      return 'labels.pickFilter';
    case 'model-filter':
      return hasCompletedRun ? 'labels.pickModelFilter' : 'labels.pickModelFilterNoRun';
    case 'model-order':
      return hasCompletedRun ? 'labels.pickModelOrder' : 'labels.pickModelOrderNoRun';
  }
}
