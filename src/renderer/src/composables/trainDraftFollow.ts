/**
 * A Train form that follows its dataset's draft as another tab stores it (`session.changed`,
 * stores/studio.ts): a new user changed the architecture and epochs in one tab, pressed Start
 * in a second tab opened earlier, and trained the configuration the second tab still showed.
 * A field this tab is editing itself (changed here since the draft it last knew) is kept.
 */
import { watch } from 'vue';
import type { DraftValue, TrainDraft } from '@shared/contract';
import { useStudio } from '../stores/studio';
import { formToDraft, type TrainDraftForm } from './trainDraftSaving';

/** Whether two draft entries hold the same value (list texts and values are plain data). */
function same(a: DraftValue | string | undefined, b: DraftValue | string | undefined): boolean {
  return a === b;
}

/** The entries of `incoming` for the keys not edited here (`form[k]` still `base[k]`). */
function followRecord<V extends DraftValue | string>(
  form: Record<string, V>,
  base: Record<string, V> | null,
  incoming: Record<string, V>,
): Record<string, V> {
  const out: Record<string, V> = { ...form };
  for (const key of new Set([...Object.keys(form), ...Object.keys(incoming)])) {
    const edited = base !== null && !same(form[key], base[key]);
    if (edited) continue;
    if (key in incoming) out[key] = incoming[key]!;
    else delete out[key];
  }
  return out;
}

/**
 * The form after following a draft stored by another page: each field (value, list text,
 * the ticked tasks as one field) takes the stored value, except those this page changed since
 * the draft it last knew (`base`): the user is editing them here, and they stay.
 * @param form this page's form as a draft (trainDraftSaving.ts formToDraft).
 * @param base the stored draft this page knew before the change, or null for none (then no
 *   field counts as edited here).
 * @param incoming the draft now stored.
 * @returns the draft to show, or null when the form already shows it (nothing to do).
 */
export function followedDraft(
  form: TrainDraft,
  base: TrainDraft | null,
  incoming: TrainDraft,
): TrainDraft | null {
  const tasksEdited = base !== null && JSON.stringify(form.tasks) !== JSON.stringify(base.tasks);
  const next: TrainDraft = {
    values: followRecord(form.values, base?.values ?? null, incoming.values),
    lists: followRecord(form.lists, base?.lists ?? null, incoming.lists),
    tasks: tasksEdited ? [...form.tasks] : [...incoming.tasks],
  };
  // The tasks the ticks were chosen among go with them (trainTasks.ts restoredTicks).
  const known = tasksEdited ? form.knownTasks : incoming.knownTasks;
  if (known !== undefined) next.knownTasks = [...known];
  return JSON.stringify(next) === JSON.stringify(form) ? null : next;
}

/**
 * Follows the selected dataset's stored draft while the Train view is open: when it changes
 * (another tab's save, heard as `session.changed`; this tab's own save changes nothing) the
 * form takes {@link followedDraft}'s result through `apply`. Nothing happens while the
 * dataset changes (the view restores that dataset's form itself) or before the form's own
 * draft was read. Call in a component's setup.
 * @param form the Train form (as for useTrainDraftSaving).
 * @param apply shows a draft in the form (TrainView.vue applyDraft).
 */
export function useTrainDraftFollow(
  form: TrainDraftForm,
  apply: (draft: TrainDraft) => void,
): void {
  const studio = useStudio();
  watch(
    () => {
      const id = studio.datasetId;
      return { id, json: JSON.stringify(id === null ? null : studio.trainDraft(id)) };
    },
    (now, before) => {
      if (now.id === null || now.id !== before.id || now.json === before.json) return;
      if (!form.options.value) return;
      const state = form.evaluationState.value;
      if (state.of !== form.datasetKey.value || !state.draftRead) return;
      const incoming = JSON.parse(now.json) as TrainDraft | null;
      if (incoming === null) return;
      const base = JSON.parse(before.json) as TrainDraft | null;
      const next = followedDraft(
        formToDraft(
          form,
          studio.tasks.map((task) => task.name),
        ),
        base,
        incoming,
      );
      if (next) apply(next);
    },
  );
}
