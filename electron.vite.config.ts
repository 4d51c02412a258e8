import { resolve } from 'node:path';
import { defineConfig, externalizeDepsPlugin } from 'electron-vite';
import vue from '@vitejs/plugin-vue';
import type { Rollup } from 'vite';

/**
 * Rollup's warning handler for every build: drops exactly the INVALID_ANNOTATION warnings
 * raised in node_modules (zod 4's `zod/v4/core` puts `@__PURE__` annotations where Rollup
 * cannot use them; Rollup ignores them, so the bundle is the same), passes on the rest.
 */
export function onwarn(warning: Rollup.RollupLog, warn: Rollup.LoggingFunction): void {
  if (warning.code === 'INVALID_ANNOTATION' && /[\\/]node_modules[\\/]/.test(warning.id ?? '')) {
    return;
  }
  warn(warning);
}

export default defineConfig({
  main: {
    plugins: [externalizeDepsPlugin()],
    build: {
      rollupOptions: {
        onwarn,
        input: {
          index: resolve(__dirname, 'src/main/index.ts'),
          'training-worker': resolve(__dirname, 'src/main/engine/worker/trainingWorker.ts'),
        },
      },
    },
  },
  preload: {
    // A sandboxed preload cannot load ES modules or other files: bundle it into one
    // CommonJS file (only `electron` stays external).
    plugins: [externalizeDepsPlugin({ exclude: ['zod'] })],
    build: {
      rollupOptions: {
        onwarn,
        output: { format: 'cjs', entryFileNames: '[name].cjs', inlineDynamicImports: true },
      },
    },
  },
  renderer: {
    root: resolve(__dirname, 'src/renderer'),
    resolve: {
      alias: {
        '@renderer': resolve(__dirname, 'src/renderer/src'),
        '@shared': resolve(__dirname, 'src/shared'),
      },
    },
    plugins: [vue()],
    build: {
      // ECharts is large even tree-shaken; it gets a chunk of its own.
      chunkSizeWarningLimit: 1200,
      rollupOptions: {
        onwarn,
        output: {
          manualChunks: (id: string) =>
            /node_modules[\\/](echarts|zrender)[\\/]/.test(id) ? 'echarts' : undefined,
        },
      },
    },
  },
});
