#!/usr/bin/env node
// Runs the compiled CLI (out/cli/main.js, built by `npm install` through bin/build-cli.mjs).
// A missing build, or one older than the sources (a `git pull` without `npm install`), is
// rebuilt first (about a second, one line on stderr); without esbuild the TypeScript
// sources run through tsx instead (slower start, one line on stderr).
import { buildCli, cliBuildState } from './build-cli.mjs';

let entry = new URL('../out/cli/main.js', import.meta.url).href;
const state = cliBuildState();
if (state !== 'fresh') {
  try {
    await buildCli();
    process.stderr.write(
      `mtl-studio: the compiled CLI was ${state === 'missing' ? 'missing' : 'older than the sources'}; rebuilt it.\n`,
    );
  } catch (error) {
    const { register } = await import('tsx/esm/api');
    register();
    entry = new URL('../src/main/cli/main.ts', import.meta.url).href;
    process.stderr.write(
      `mtl-studio: cannot compile the CLI (${String(error?.message ?? error).split('\n')[0]}); running the TypeScript sources through tsx.\n`,
    );
  }
}
const { main } = await import(entry);
process.exitCode = await main(process.argv);
