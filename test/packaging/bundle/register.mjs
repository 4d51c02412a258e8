// Node --import hook for bundle.test.ts: `electron` resolves to ./electron.mjs (a stub), so
// electron-vite's main bundle (out/main) loads in plain Node.
import { register } from 'node:module';

register('./hooks.mjs', import.meta.url);
