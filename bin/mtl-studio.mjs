#!/usr/bin/env node
// Runs the compiled CLI (out/cli/main.js, built by `npm install` through bin/build-cli.mjs).
// A missing build, or one older than the sources (a `git pull` without `npm install`), is
// rebuilt first (about a second, one line on stderr); without esbuild the TypeScript
// sources run through tsx instead (slower start, one line on stderr). The same for the
// fused kernel (resources/kernels/fused.wasm), which the compiled engine uses as it finds it.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildCli, cliBuildState } from './build-cli.mjs';

// First of all: a stop (Ctrl-C, `kill`) before the command handles stops itself — while the
// modules load, 1–3 s — says so on stderr and exits 130 (SIGTERM: 143), where Node's
// default action ended the CLI silently. The same handler as src/main/cli/stopSignals.ts's
// installEarlyStop, under the same key, so the CLI keeps this one and a command that stops
// cleanly (train, import …) removes it as it installs its own. (The imports above, run
// before it, are Node's own modules and build-cli.mjs: a few milliseconds.)
{
  const earlyStop = (signal) => {
    process.stderr.write(
      `mtl-studio: stopped by ${signal}${signal === 'SIGINT' ? ' (Ctrl-C)' : ''}.\n`,
    );
    process.exit(signal === 'SIGTERM' ? 143 : 130);
  };
  globalThis[Symbol.for('mtl-studio.earlyStop')] = earlyStop;
  process.on('SIGINT', earlyStop);
  process.on('SIGTERM', earlyStop);
}

// The compiled engine cannot see the kernel's sources beside itself (the engine's own
// staleness check only runs from source), so a checkout's kernel is checked here: built
// from other sources (a `git pull` without `npm install`) or missing → built first. The
// hash is bin/build-kernel.mjs's: SHA-256 over the sources, each after its byte length.
// The sources are listed once, in kernelSources.json beside them (an install without the
// sources has none of it: nothing to check).
const kernelDir = fileURLToPath(new URL('../src/main/engine/kernel/', import.meta.url));
let kernelSources = [];
try {
  kernelSources = JSON.parse(readFileSync(join(kernelDir, 'kernelSources.json'), 'utf8')).map(
    (name) => join(kernelDir, name),
  );
} catch (error) {
  // No kernel sources in this install; a list that exists but does not parse is an error.
  if (error?.code !== 'ENOENT') throw error;
}
const kernelInfo = fileURLToPath(new URL('../resources/kernels/fused.json', import.meta.url));
if (kernelSources.length > 0 && kernelSources.every((source) => existsSync(source))) {
  let builtFrom = null;
  try {
    builtFrom = JSON.parse(readFileSync(kernelInfo, 'utf8')).sourceSha256;
  } catch {
    // Never built: built below.
  }
  const hash = createHash('sha256');
  for (const source of kernelSources) {
    const bytes = readFileSync(source);
    hash.update(`${bytes.length}\n`).update(bytes);
  }
  if (builtFrom !== hash.digest('hex')) {
    process.stderr.write(
      'mtl-studio: the fused kernel is missing or older than its sources; building it.\n',
    );
    spawnSync(process.execPath, [fileURLToPath(new URL('./build-kernel.mjs', import.meta.url))], {
      stdio: ['ignore', 'ignore', 'inherit'],
    });
  }
}

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
