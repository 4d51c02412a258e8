/**
 * UI strings in English and Simplified Chinese (vue-i18n). Every visible string goes
 * through here; the chosen language is remembered in localStorage. Each domain keeps its
 * strings, both languages side by side, in its own file of this folder.
 */
import { createI18n } from 'vue-i18n';
import * as shell from './shell';
import * as projects from './projects';
import * as datasets from './datasets';
import * as assets from './assets';
import * as tasks from './tasks';
import * as splits from './splits';
import * as training from './training';
import * as evaluation from './evaluation';
import * as exports from './exports';
import * as labels from './labels';
import * as errors from './errors';

const en = {
  ...shell.en,
  ...projects.en,
  ...datasets.en,
  ...assets.en,
  ...tasks.en,
  ...splits.en,
  ...training.en,
  ...evaluation.en,
  ...exports.en,
  ...labels.en,
  ...errors.en,
};

/** The shape of every language's messages (English is the reference). */
export type Messages = typeof en;

const zhCN: Messages = {
  ...shell.zhCN,
  ...projects.zhCN,
  ...datasets.zhCN,
  ...assets.zhCN,
  ...tasks.zhCN,
  ...splits.zhCN,
  ...training.zhCN,
  ...evaluation.zhCN,
  ...exports.zhCN,
  ...labels.zhCN,
  ...errors.zhCN,
};

/** The messages of each language (exported for the tests that check their keys). */
export const MESSAGES: Record<'en' | 'zh-CN', Messages> = { en, 'zh-CN': zhCN };

/** Languages of the switch. */
export const SUPPORTED_LOCALES = [
  { code: 'en', label: 'English' },
  { code: 'zh-CN', label: '简体中文' },
] as const;
/** A supported language code. */
export type Locale = (typeof SUPPORTED_LOCALES)[number]['code'];

const STORAGE_KEY = 'mtl-studio.locale';

/** The page's storage and language; absent when the messages are tested from Node. */
const host = globalThis as {
  localStorage?: { getItem(key: string): string | null; setItem(key: string, v: string): void };
  navigator?: { language?: string };
};

function initialLocale(): Locale {
  const stored = host.localStorage?.getItem(STORAGE_KEY);
  if (stored === 'en' || stored === 'zh-CN') return stored;
  return host.navigator?.language?.startsWith('zh') ? 'zh-CN' : 'en';
}

const datetime = { short: { dateStyle: 'medium', timeStyle: 'short' } } as const;

/** The i18n instance of the app. */
export const i18n = createI18n({
  legacy: false,
  locale: initialLocale(),
  fallbackLocale: 'en',
  messages: { en, 'zh-CN': zhCN },
  datetimeFormats: { en: datetime, 'zh-CN': datetime },
});

/** Switches the language and remembers it. */
export function setLocale(locale: Locale): void {
  i18n.global.locale.value = locale;
  host.localStorage?.setItem(STORAGE_KEY, locale);
}

/**
 * The language another tab of the studio just chose, from a `storage` event of this page
 * (localStorage is shared by the studio's tabs, and its event fires in the other tabs only),
 * or null when the event is about something else.
 * @param event the `storage` event's key and new value.
 */
export function localeFromStorage(event: {
  key: string | null;
  newValue: string | null;
}): Locale | null {
  if (event.key !== STORAGE_KEY) return null;
  return event.newValue === 'en' || event.newValue === 'zh-CN' ? event.newValue : null;
}

/**
 * Makes this page follow the language chosen in another tab (a new user switched to 简体中文
 * in one tab and the other stayed in English). Call once, in the page (main.ts).
 */
export function followLocaleOfOtherTabs(): void {
  /** A `storage` event as this module reads it (no DOM types: the tests load it in Node). */
  type StorageChange = { key: string | null; newValue: string | null };
  const page = globalThis as {
    addEventListener?: (type: 'storage', listener: (event: StorageChange) => void) => void;
  };
  page.addEventListener?.('storage', (event) => {
    const locale = localeFromStorage(event);
    if (locale !== null && locale !== i18n.global.locale.value) i18n.global.locale.value = locale;
  });
}
