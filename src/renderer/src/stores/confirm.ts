/**
 * Confirmation of destructive actions (cancel a run, delete a task, a run or a dataset,
 * close a project while training): a view awaits `ask(…)` and goes on only when the user
 * confirms in the dialog (ConfirmDialog.vue, shown once by App.vue).
 */
import { defineStore } from 'pinia';
import { shallowRef } from 'vue';

/** What the dialog shows. */
export interface ConfirmOptions {
  title: string;
  /**
   * The question; a function is read each time the dialog draws, so numbers in it follow
   * what they count while the dialog is open (read from reactive state, they redraw it).
   */
  message: string | (() => string);
  /**
   * Label of the confirming button, e.g. "Delete run"; null: none, the action cannot be done
   * now and `message` says why (the dialog then only answers "no").
   */
  confirmLabel: string | null;
  /** Label of the button that keeps things as they are (default: the i18n "Keep"). */
  cancelLabel?: string;
  /** The action destroys something (red button). Default true. */
  danger?: boolean;
  /**
   * Read each time the dialog draws, like a live `message`: once it gives a notice, what the
   * question asked about has ended meanwhile (found by a new user: "Cancel run 15?" stayed open
   * after run 15 finished): the dialog shows the notice in place of the question, with only an
   * OK, which answers "no". Absent or null: the question stands.
   */
  ended?: () => { title: string; message: string } | null;
}

/** A question waiting for the user's answer. */
export interface ConfirmRequest extends ConfirmOptions {
  answer: (confirmed: boolean) => void;
}

/** The store of the confirmation dialog. */
export const useConfirm = defineStore('confirm', () => {
  // Shallow: the request is compared by identity when answered (a deep ref would hand out
  // a proxy that never equals the object it wraps).
  const request = shallowRef<ConfirmRequest | null>(null);

  /**
   * Asks the user; a question still open is answered "no" first.
   * @returns true when the user confirmed.
   */
  function ask(options: ConfirmOptions): Promise<boolean> {
    request.value?.answer(false);
    return new Promise<boolean>((resolve) => {
      const pending: ConfirmRequest = {
        ...options,
        answer: (confirmed) => {
          if (request.value === pending) request.value = null;
          resolve(confirmed);
        },
      };
      request.value = pending;
    });
  }

  return { request, ask };
});
