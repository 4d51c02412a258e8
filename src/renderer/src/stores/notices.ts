/**
 * The studio's status bar: the notice shown (see {@link Notice}) and how it comes and goes,
 * and the open project's upgrade notice (also shown in the Projects view), dismissed for
 * good per project file and version (upgradeNotice.ts). Kept apart from the studio store
 * (stores/studio.ts), which gives it the view shown and the open project and hands its
 * state and functions to the views unchanged.
 */
import type { ProjectSummary } from '@shared/contract';
import { computed, ref, watch, type Ref } from 'vue';
import { i18n } from '../i18n';
import type { ViewName } from './route';
import { dismissUpgradeNotice, upgradeNoticeDismissed } from './upgradeNotice';

/**
 * Message in the status bar: the latest information, warning or error of an action.
 *
 * How long it stays: an information fades after a few seconds, a warning (a non-fatal
 * error, e.g. a background reload that failed) after a while longer; an error stays until
 * dismissed. Every notice belongs to the view shown when it came and goes when another view
 * is shown, except a global one (about the open project itself, e.g. a damaged file). An
 * error raised by an action (its `source`) also goes once that action succeeds.
 */
export interface Notice {
  kind: 'info' | 'warning' | 'error';
  /** The message in the language of the moment it came (what {@link noticeText} falls back on). */
  text: string;
  /**
   * The message as i18n keys and parameters (joined by spaces), when it was given so: the
   * status bar translates it when shown ({@link noticeText}), so it follows a change of language.
   */
  message?: NoticeMessage[];
  /** For errors: what was thrown (an ApiError carries a code the UI translates). */
  error?: unknown;
  /**
   * A button next to the message (e.g. Undo) and what it does; its label as written, or as a
   * message translated when shown.
   */
  action?: { label: string | NoticeMessage; run: () => void | Promise<void> };
  /** The view it belongs to; null: shown on every view until dismissed or replaced. */
  view: ViewName | null;
  /** The action that raised it (e.g. `runs.rename:3`): its later success clears it. */
  source?: string;
}

/**
 * One message of a notice, translated when shown: a vue-i18n key of src/renderer/src/i18n, its
 * named parameters and, for a plural message, the count that picks the form.
 */
export interface NoticeMessage {
  key: string;
  params?: Record<string, unknown>;
  plural?: number;
}

/** A vue-i18n translate function, as `useI18n().t` or `i18n.global.t` is. */
type Translate = (key: string, params: Record<string, unknown>, plural: number) => string;

/**
 * One message in the current language of `t`; a parameter given as a message itself (an
 * object with a `key`, e.g. a view's name) is translated too.
 */
function translated(message: NoticeMessage, t: Translate): string {
  const params = Object.fromEntries(
    Object.entries(message.params ?? {}).map(([name, value]) => [
      name,
      isMessage(value) ? translated(value, t) : value,
    ]),
  );
  return t(message.key, params, message.plural ?? 1);
}

function isMessage(value: unknown): value is NoticeMessage {
  return (
    typeof value === 'object' && value !== null && typeof (value as NoticeMessage).key === 'string'
  );
}

/**
 * What the status bar shows of `notice`: its messages translated by `t` (the current
 * language) and joined by spaces — none after a sentence that ends in a full-width mark
 * (Chinese: "…切换。你之前在…", found by a new user as "切换。 你之前"), or its text as written.
 */
export function noticeText(notice: Pick<Notice, 'text' | 'message'>, t: Translate): string {
  if (!notice.message) return notice.text;
  return notice.message
    .map((m) => translated(m, t))
    .reduce(
      (text, part, i) =>
        i === 0 || /[。！？；：）]$/.test(text) ? text + part : `${text} ${part}`,
      '',
    );
}

/** The label of a notice's button, translated by `t` when given as a message. */
export function noticeLabel(label: string | NoticeMessage, t: Translate): string {
  return typeof label === 'string' ? label : translated(label, t);
}

/** How a notice is shown (see {@link Notice}). */
export interface NoticeOptions {
  error?: unknown;
  action?: Notice['action'];
  /** Seconds before it fades (infos: 5, warnings: 15; errors never fade); null: it stays. */
  seconds?: number | null;
  /** The action that raised it; `resolved(source)` clears it. */
  source?: string;
  /** Shown on every view (about the open project itself), not only the current one. */
  global?: boolean;
}

/** The `source` of the status bar's notice that the open project was upgraded. */
export const UPGRADE_NOTICE = 'projects.migrated';

/** Seconds an information stays in the status bar. */
export const INFO_SECONDS = 5;
/** Seconds a warning (a non-fatal error) stays in the status bar. */
export const WARNING_SECONDS = 15;

/** What {@link createNotices} reads: the studio store's view shown and open project. */
export interface NoticeHost {
  /** The view shown: a notice belongs to it, and goes when another view is shown. */
  view: Readonly<Ref<ViewName>>;
  /** The open project, whose upgrade the upgrade notice tells. */
  project: Readonly<Ref<ProjectSummary | null>>;
}

/**
 * The status bar's notices of the view and project of `host`, for the studio store.
 * @returns the notice shown (a ref, null when none), the functions that show and clear it,
 *   and the open project's upgrade notice (a computed) with its dismissal.
 */
export function createNotices(host: NoticeHost) {
  const { view, project } = host;
  const notice = ref<Notice | null>(null);
  let noticeCount = 0;

  /**
   * Shows a message in the status bar, replacing the one shown (see {@link Notice} for how
   * long it stays).
   * @param text the message, as written or as i18n messages translated when shown (joined by
   *   spaces: see {@link noticeText}); for errors, what was thrown may come in `options.error`.
   */
  function notify(
    kind: Notice['kind'],
    text: string | NoticeMessage[],
    options: NoticeOptions = {},
  ): void {
    const id = ++noticeCount;
    const message = typeof text === 'string' ? undefined : text;
    notice.value = {
      kind,
      text:
        typeof text === 'string'
          ? text
          : noticeText({ text: '', message: text }, i18n.global.t as Translate),
      ...(message ? { message } : {}),
      error: options.error,
      action: options.action,
      view: options.global ? null : view.value,
      source: options.source,
    };
    const seconds =
      options.seconds !== undefined
        ? options.seconds
        : kind === 'info'
          ? INFO_SECONDS
          : kind === 'warning'
            ? WARNING_SECONDS
            : null;
    if (seconds !== null && kind !== 'error') {
      setTimeout(() => {
        if (noticeCount === id) notice.value = null;
      }, seconds * 1000);
    }
  }

  /**
   * Shows an error in the status bar, translated by its code (see ErrorText.vue).
   * @param options.source the action that failed: its later success clears the error.
   * @param options.warning a non-fatal error (nothing the user did failed): it fades.
   */
  function notifyError(
    error: unknown,
    options: { source?: string; warning?: boolean; global?: boolean } = {},
  ): void {
    notify(
      options.warning ? 'warning' : 'error',
      error instanceof Error ? error.message : String(error),
      {
        error,
        source: options.source,
        global: options.global,
      },
    );
  }

  /** Clears the error an action raised (`notifyError(…, { source })`), once it succeeds. */
  function resolved(source: string): void {
    if (notice.value?.source === source && notice.value.kind !== 'info') dismissNotice();
  }

  /** Removes the notice shown. */
  function dismissNotice(): void {
    noticeCount++;
    notice.value = null;
  }

  /**
   * Dismissals of upgrade notices (upgradeNotice.ts), counted so that {@link upgradeNotice}
   * follows them (localStorage itself is not reactive).
   */
  const upgradeDismissals = ref(0);
  /** Whether the notice of `summary`'s upgrade was dismissed (false: not upgraded). */
  const upgradeDismissed = (summary: ProjectSummary): boolean =>
    !!summary.migration && upgradeNoticeDismissed(summary.path, summary.migration.toVersion);
  /**
   * The open project's upgrade (shown in the Projects view), or null: none, or its notice
   * was dismissed. Found by a new user: it came back on every reload of the page.
   */
  const upgradeNotice = computed(() => {
    void upgradeDismissals.value;
    const summary = project.value;
    return summary?.migration && !upgradeDismissed(summary) ? summary.migration : null;
  });

  /**
   * Dismisses the open project's upgrade notice, in the Projects view and in the status bar,
   * for good: it stays dismissed for this project file and this version (upgradeNotice.ts).
   */
  function dismissUpgrade(): void {
    const summary = project.value;
    if (summary?.migration) {
      dismissUpgradeNotice(summary.path, summary.migration.toVersion);
      upgradeDismissals.value++;
    }
    if (notice.value?.source === UPGRADE_NOTICE) dismissNotice();
  }

  // A notice belongs to the view it came on: another view shown, it goes.
  watch(view, (shown) => {
    if (notice.value && notice.value.view !== null && notice.value.view !== shown) dismissNotice();
  });

  return {
    /** What the studio store hands to the views as it is. */
    forViews: {
      notice,
      notify,
      notifyError,
      resolved,
      dismissNotice,
      upgradeNotice,
      dismissUpgrade,
    },
    upgradeDismissed,
  };
}
