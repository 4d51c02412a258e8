import { resolve } from 'node:path';
import { defineConfig, externalizeDepsPlugin } from 'electron-vite';
import vue from '@vitejs/plugin-vue';

export default defineConfig({
  main: {
    plugins: [externalizeDepsPlugin()],
    build: {
      rollupOptions: {
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
        output: {
          manualChunks: (id: string) =>
            /node_modules[\\/](echarts|zrender)[\\/]/.test(id) ? 'echarts' : undefined,
        },
      },
    },
  },
});
