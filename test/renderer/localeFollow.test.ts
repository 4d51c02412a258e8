/**
 * A tab follows the language chosen in another tab: the `storage` event of the language's
 * key names it (the key is i18n/index.ts's 'mtl-studio.locale'); other keys and values the
 * switch does not offer change nothing. Expected values written by hand.
 */
import { describe, expect, it } from 'vitest';
import { localeFromStorage } from '../../src/renderer/src/i18n';

describe('localeFromStorage', () => {
  it("reads the other tab's language, and nothing else", () => {
    expect(localeFromStorage({ key: 'mtl-studio.locale', newValue: 'zh-CN' })).toBe('zh-CN');
    expect(localeFromStorage({ key: 'mtl-studio.locale', newValue: 'en' })).toBe('en');
    expect(localeFromStorage({ key: 'mtl-studio.locale', newValue: 'fr' })).toBeNull();
    expect(localeFromStorage({ key: 'mtl-studio.reportLanguage', newValue: 'zh-CN' })).toBeNull();
    // localStorage.clear() in another tab: key null.
    expect(localeFromStorage({ key: null, newValue: null })).toBeNull();
  });
});
