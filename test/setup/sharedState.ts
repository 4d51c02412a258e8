/**
 * Runs before each test file of the shared project (vitest.config.ts), whose test processes
 * run many files one after another with one module cache (test/setup/isolation.ts): what a
 * file leaves in a module that another file imports is put back here as a fresh import has
 * it, so that no file depends on which file ran before it in its process.
 * - The studio's language: the renderer's i18n instance, which many files switch to zh-CN,
 *   starts in English in Node (no localStorage, no navigator).
 */
import { beforeAll } from 'vitest';

beforeAll(async () => {
  const { i18n } = await import('../../src/renderer/src/i18n');
  i18n.global.locale.value = 'en';
});
