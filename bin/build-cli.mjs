#!/usr/bin/env node
/**
 * Compiles the command line (src/main/cli/main.ts) and the training child process
 * (src/main/engine/worker/trainingWorker.ts) to JavaScript in out/cli/ with esbuild, so
 * `mtl-studio` starts without transpiling TypeScript (tsx) at every start. npm packages
 * stay external (node_modules), but zod (see {@link externalPackagesBut}); each command's
 * heavy modules are split into chunks loaded only when that command runs. out/cli/build.json records every source file that went in
 * (size, mtime, SHA-256), so bin/mtl-studio.mjs can tell a build made before a `git pull`
 * from a current one (see {@link cliBuildState}).
 *
 * Run by `npm install` (prepare), `npm test`, `npm run build` and by bin/mtl-studio.mjs
 * itself when the build is missing or stale. As a script it exits 0 with a warning when
 * esbuild is not installed (a production install): the CLI then runs through tsx.
 */
import { createHash } from 'node:crypto';
import { readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** Folder of the compiled CLI. */
export const CLI_OUT_DIR = join(root, 'out/cli');

const sha256 = (path) => createHash('sha256').update(readFileSync(path)).digest('hex');

/**
 * An esbuild plugin that leaves every npm package and Node built-in to Node at run time
 * (esbuild's `packages: 'external'`) except those whose import path matches `bundled`,
 * which esbuild bundles into the output like the sources.
 * @param {RegExp} bundled import paths to bundle, e.g. /^zod(\/|$)/.
 */
function externalPackagesBut(bundled) {
  return {
    name: 'external-packages-but',
    setup(build) {
      // A bare specifier: not relative (./, ../) nor absolute.
      build.onResolve({ filter: /^[^./]|^\.[^./]|^\.\.[^/]/ }, (args) =>
        bundled.test(args.path) ? undefined : { path: args.path, external: true },
      );
    },
  };
}

/** Packages the compiled CLI loads with require() (see {@link requiredAsCommonJs}). */
const COMMONJS_PACKAGES =
  /^(@tensorflow\/[^/]+|sharp|papaparse|iconv-lite|sqlite3|cli-table3|commander)$/;

/**
 * An esbuild plugin that has Node load the CommonJS packages whose import path matches
 * `filter` with require() (from out/cli, through module.createRequire) rather than as an
 * ES module import: Node's import of a CommonJS file first scans its whole source for its
 * export names (cjs-module-lexer), ≈ 0.4 s CPU for tfjs's large bundles at every command
 * that trains or predicts, where require() gives the same exports object without it
 * (sharp, built both ways, runs its CommonJS build: the same API over the same libvips).
 * Each import becomes a small CommonJS module bundled in, `module.exports = require(path)`;
 * `import * as tf` and named imports read that object's properties, as before.
 * @param {RegExp} filter import paths of CommonJS packages, e.g. /^@tensorflow\//.
 */
function requiredAsCommonJs(filter) {
  return {
    name: 'required-as-commonjs',
    setup(build) {
      build.onResolve({ filter }, (args) => ({ path: args.path, namespace: 'required' }));
      // The module that stands for the package: CommonJS, so esbuild gives its importers
      // the object itself (a module that reads import.meta would be an ES module).
      build.onLoad({ filter: /.*/, namespace: 'required' }, (args) => ({
        contents: `module.exports = require(${JSON.stringify(`required-from-here:${args.path}`)}).default;\n`,
        loader: 'js',
      }));
      // Its require(), relative to the compiled chunk (import.meta.url: out/cli/…).
      build.onResolve({ filter: /^required-from-here:/ }, (args) => ({
        path: args.path.slice('required-from-here:'.length),
        namespace: 'required-from-here',
      }));
      build.onLoad({ filter: /.*/, namespace: 'required-from-here' }, (args) => ({
        contents: `import { createRequire } from 'node:module';\nexport default createRequire(import.meta.url)(${JSON.stringify(args.path)});\n`,
        loader: 'js',
      }));
    },
  };
}

/**
 * esbuild's options for the compiled CLI and training worker (one place, so that the test
 * suite's worker, {@link buildTrainingWorker}, is built exactly like the CLI's).
 * @param {Record<string, string>} entryPoints output name → source path (from the root).
 * @param {string} outdir the folder to write.
 */
function esbuildOptions(entryPoints, outdir) {
  return {
    absWorkingDir: root,
    entryPoints,
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    // npm packages stay external (node_modules), except zod: loaded as its ~100 ES modules
    // it costs ≈ 0.12 s CPU at every start that validates (a project opened, a training
    // flag), bundled into one chunk about half that (bench/results/2026-12-05-cli-startup.md).
    // CommonJS packages (sharp: also built as one) loaded through require(): see
    // requiredAsCommonJs. CPU to load each, import() → require() (2026-12-05, Node 20):
    // tfjs 0.65 → 0.22 s, sharp 0.29 → 0.11, papaparse 0.05 → 0.005, iconv-lite 0.03 → 0.01,
    // sqlite3, cli-table3 and commander about 0.01 less each.
    plugins: [requiredAsCommonJs(COMMONJS_PACKAGES), externalPackagesBut(/^zod(\/|$)/)],
    metafile: true,
    logLevel: 'silent',
  };
}

/**
 * Compiles the training child process alone (src/main/engine/worker/trainingWorker.ts →
 * `<outDir>/training-worker.js`, with its chunks), with the CLI's options. For the test
 * suite (test/setup/trainingWorker.ts): tests that run the engine from source start their
 * training children from it instead of through tsx, which compiled the worker's TypeScript
 * and loaded tfjs as ES modules in every child (≈ 2 s CPU more per child, Dec 2026).
 * @param {string} outDir an empty or missing folder; written in place (no staging).
 * @throws when esbuild is missing or the sources do not compile.
 */
export async function buildTrainingWorker(outDir) {
  const esbuild = await import('esbuild');
  rmSync(outDir, { recursive: true, force: true });
  await esbuild.build(
    esbuildOptions({ 'training-worker': 'src/main/engine/worker/trainingWorker.ts' }, outDir),
  );
}

/**
 * Compile out/cli/main.js and out/cli/training-worker.js (plus shared chunks) and write
 * out/cli/build.json. The new build replaces the old one only once it is complete.
 * @throws when esbuild is missing or the sources do not compile.
 */
export async function buildCli() {
  const esbuild = await import('esbuild');
  const staging = `${CLI_OUT_DIR}.${process.pid}.tmp`;
  rmSync(staging, { recursive: true, force: true });
  const result = await esbuild.build(
    esbuildOptions(
      {
        main: 'src/main/cli/main.ts',
        // The name and place trainingProcess.ts looks for next to the compiled code.
        'training-worker': 'src/main/engine/worker/trainingWorker.ts',
      },
      staging,
    ),
  );
  const inputs = {};
  for (const input of Object.keys(result.metafile.inputs).sort()) {
    // requiredAsCommonJs's modules ("required:…", "required-from-here:…") are no files.
    if (input.startsWith('required')) continue;
    const path = join(root, input);
    const { size, mtimeMs } = statSync(path);
    inputs[input] = { size, mtimeMs, sha256: sha256(path) };
  }
  writeFileSync(join(staging, 'build.json'), `${JSON.stringify({ inputs }, null, 1)}\n`);
  rmSync(CLI_OUT_DIR, { recursive: true, force: true });
  try {
    renameSync(staging, CLI_OUT_DIR);
  } catch (error) {
    // Another process (two CLIs started at once on a stale build) put its build there first.
    rmSync(staging, { recursive: true, force: true });
    if (!statSync(join(CLI_OUT_DIR, 'build.json'), { throwIfNoEntry: false })) throw error;
  }
}

/**
 * Whether out/cli matches the sources: 'missing' (never built), 'stale' (a source that
 * went in has changed or gone: e.g. after a `git pull` without `npm install`) or
 * 'fresh'. Cheap: a file is hashed only when its size or mtime differ from the build's.
 * @returns 'fresh' | 'stale' | 'missing'
 */
export function cliBuildState(outDir = CLI_OUT_DIR) {
  let info;
  try {
    info = JSON.parse(readFileSync(join(outDir, 'build.json'), 'utf8'));
    statSync(join(outDir, 'main.js'));
  } catch {
    return 'missing';
  }
  for (const [input, was] of Object.entries(info.inputs)) {
    const path = join(root, input);
    let now;
    try {
      now = statSync(path);
    } catch {
      return 'stale';
    }
    if (now.size === was.size && now.mtimeMs === was.mtimeMs) continue;
    if (now.size !== was.size || sha256(path) !== was.sha256) return 'stale';
  }
  return 'fresh';
}

const isScript = process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isScript) {
  try {
    await import('esbuild');
  } catch {
    console.warn(
      'build-cli: esbuild is not installed; mtl-studio will run its sources through tsx.',
    );
    process.exit(0);
  }
  try {
    await buildCli();
  } catch (error) {
    console.error(`build-cli: ${error.message}`);
    process.exit(1);
  }
}
