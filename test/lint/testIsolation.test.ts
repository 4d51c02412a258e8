/**
 * Which test files run isolated (test/setup/isolation.ts, read by vitest.config.ts): a file
 * whose mocks, stubs, environment variables, timers or tfjs backend another file could see
 * gets a fresh process; the others share one. Expected values: the patterns' meaning, read
 * off the samples by hand, and three files of this suite whose text we know.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ISOLATE_MARK, isolatedTestFiles, NEEDS_ISOLATION } from '../setup/isolation';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

describe('test files that run isolated', () => {
  it.each([
    "vi.mock('../../src/renderer/src/api', async () => ({}));",
    "vi.doMock('node:fs');",
    "vi.spyOn(console, 'warn');",
    'vi.useFakeTimers();',
    "vi.stubEnv('MTL_BACKEND', 'cpu');",
    "process.env.MTL_BACKEND = 'cpu';",
    "process.env[SHARED_BROWSER_ENV] = 'ws://';",
    'delete process.env.MTL_BACKEND;',
    "await selectBackend('cpu');",
    "await tf.setBackend('cpu');",
    `// ${ISOLATE_MARK}: reads a module-level cache another file fills`,
  ])('are told by %s', (text) => {
    expect(NEEDS_ISOLATION.test(text)).toBe(true);
  });

  it.each([
    'const start = vi.fn();',
    "if (process.env.CI === 'true') throw err;",
    "const env = { ...process.env, MTL_BACKEND: 'cpu' };",
    "await selectBackend('wasm');",
    "await selectBackend('auto');",
  ])('leave shared a file that only has %s', (text) => {
    expect(NEEDS_ISOLATION.test(text)).toBe(false);
  });

  it('are found among this suite’s files, as paths vitest includes', () => {
    const isolated = isolatedTestFiles(ROOT);
    // Mocks the renderer's API module (vi.mock).
    expect(isolated).toContain('test/renderer/viewWhileLoading.test.ts');
    // Trains on the cpu backend (selectBackend('cpu')).
    expect(isolated).toContain('test/engine/convOps.test.ts');
    // Pure functions over strings.
    expect(isolated).not.toContain('test/shared/foldClasses.test.ts');
  });
});
