/**
 * The first `npm run serve` (and `npm run build`) printed four Rollup warnings "… contains
 * an annotation that Rollup cannot interpret …" from zod/v4/core. electron.vite.config.ts
 * drops exactly those (code INVALID_ANNOTATION, raised in node_modules) in all three builds
 * and passes every other warning on.
 */
import { describe, expect, it, vi } from 'vitest';
import config, { onwarn } from '../../electron.vite.config';

describe('electron.vite.config onwarn', () => {
  it('drops INVALID_ANNOTATION from node_modules only', () => {
    const warn = vi.fn();
    // The warning as Rollup 4 raises it for zod (code, id; message abridged).
    onwarn(
      {
        code: 'INVALID_ANNOTATION',
        id: '/repo/node_modules/zod/v4/core/regexes.js',
        message: 'contains an annotation that Rollup cannot interpret',
      },
      warn,
    );
    onwarn(
      {
        code: 'INVALID_ANNOTATION',
        id: 'C:\\repo\\node_modules\\zod\\v4\\core\\util.js',
        message: '',
      },
      warn,
    );
    expect(warn).not.toHaveBeenCalled();
    const ours = { code: 'INVALID_ANNOTATION', id: '/repo/src/main/x.ts', message: '' };
    const other = { code: 'CIRCULAR_DEPENDENCY', id: '/repo/node_modules/a/b.js', message: '' };
    onwarn(ours, warn);
    onwarn(other, warn);
    expect(warn.mock.calls).toEqual([[ours], [other]]);
  });

  it('is the handler of the main, preload and renderer builds', () => {
    const builds = config as unknown as Record<
      'main' | 'preload' | 'renderer',
      { build: { rollupOptions: { onwarn: unknown } } }
    >;
    for (const name of ['main', 'preload', 'renderer'] as const) {
      expect(builds[name].build.rollupOptions.onwarn, name).toBe(onwarn);
    }
  });
});
