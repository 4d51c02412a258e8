/**
 * The Export view's report language (found by a new user: it kept the UI language active
 * when Export was first opened, so an English user got a Chinese report). It follows the UI
 * language until the user picks one in its select; the languages below are that sequence.
 */
import { describe, expect, it } from 'vitest';
import { nextTick, ref } from 'vue';
import { useFollowedChoice } from '../../src/renderer/src/composables/followedChoice';

describe('useFollowedChoice', () => {
  it('follows the UI language until a language is picked, then keeps the pick', async () => {
    const uiLocale = ref<'en' | 'zh-CN'>('zh-CN');
    const reportLang = useFollowedChoice(() => uiLocale.value);
    expect(reportLang.value).toBe('zh-CN');
    // The user switches the UI to English after Export was opened once.
    uiLocale.value = 'en';
    await nextTick();
    expect(reportLang.value).toBe('en');
    // An explicit pick in the report's select wins over later UI switches.
    reportLang.value = 'zh-CN';
    uiLocale.value = 'en';
    expect(reportLang.value).toBe('zh-CN');
    uiLocale.value = 'zh-CN';
    reportLang.value = 'en';
    expect(reportLang.value).toBe('en');
  });

  it('counts a pick of the value it already follows as a pick', () => {
    const uiLocale = ref<'en' | 'zh-CN'>('en');
    const reportLang = useFollowedChoice(() => uiLocale.value);
    reportLang.value = 'en';
    uiLocale.value = 'zh-CN';
    expect(reportLang.value).toBe('en');
  });

  it('remembers a pick across a reload, and ignores a stored value it does not accept', () => {
    // A Map stands in for the page's localStorage; the second call is the reloaded page.
    const saved = new Map<string, string>();
    const storage = {
      getItem: (key: string) => saved.get(key) ?? null,
      setItem: (key: string, value: string) => void saved.set(key, value),
    };
    const accept = (v: unknown): v is 'en' | 'zh-CN' => v === 'en' || v === 'zh-CN';
    const remember = { key: 'mtl-studio.reportLanguage', accept, storage };
    const uiLocale = ref<'en' | 'zh-CN'>('en');
    const before = useFollowedChoice(() => uiLocale.value, remember);
    expect(before.value).toBe('en');
    expect(saved.size).toBe(0);
    before.value = 'zh-CN';
    expect(saved.get('mtl-studio.reportLanguage')).toBe('"zh-CN"');
    const reloaded = useFollowedChoice(() => uiLocale.value, remember);
    expect(reloaded.value).toBe('zh-CN');
    // A value from elsewhere (or a broken one) is no pick: the UI language again.
    saved.set('mtl-studio.reportLanguage', '"fr"');
    expect(useFollowedChoice(() => uiLocale.value, remember).value).toBe('en');
    saved.set('mtl-studio.reportLanguage', '{not json');
    expect(useFollowedChoice(() => uiLocale.value, remember).value).toBe('en');
  });
});
