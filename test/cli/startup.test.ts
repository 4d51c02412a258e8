/**
 * The compiled CLI (#14 goal 2): `--help` and `--version` load neither sqlite3 nor
 * TensorFlow.js (start-up time itself is measured in `npm run bench`, never here), `train
 * --help` still lists the architectures and weightings, a build older than its sources is
 * recognised as stale, and the compiled entry started directly (`node out/cli/main.js`) runs.
 */
import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain ES module script without type declarations
import { CLI_OUT_DIR, buildCli, cliBuildState } from '../../bin/build-cli.mjs';
import { makeTempDir } from '../store/helpers';

const run = promisify(execFile);
const MAIN = fileURLToPath(new URL('../../out/cli/main.js', import.meta.url));

/**
 * Runs the compiled main() in a fresh Node and reports which heavy packages it loaded:
 * sqlite3, tfjs, sharp (libvips) and the CSV readers iconv-lite and papaparse (CommonJS
 * packages, so in the require cache; jschardet, an ES module, is not seen there).
 */
async function loadedBy(args: string[]): Promise<{ stdout: string; heavy: string[] }> {
  const script = String.raw`
    import { createRequire } from 'node:module';
    const { main } = await import(process.env.MTL_MAIN);
    const write = process.stdout.write.bind(process.stdout);
    let out = '';
    process.stdout.write = (chunk) => { out += chunk; return true; };
    await main(['node', 'mtl-studio', ...JSON.parse(process.env.MTL_ARGS)]);
    const heavy = new Set();
    for (const k of Object.keys(createRequire(import.meta.url).cache)) {
      const m = k.match(/node_modules[\\/](sqlite3|sharp|iconv-lite|papaparse|@tensorflow[\\/][^\\/]+)[\\/]/);
      if (m) heavy.add(m[1].replace('\\', '/'));
    }
    write(JSON.stringify({ stdout: out, heavy: [...heavy] }) + '\n');`;
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], {
    env: { ...process.env, MTL_MAIN: pathToFileURL(MAIN).href, MTL_ARGS: JSON.stringify(args) },
  });
  return JSON.parse(stdout.trim().split('\n').at(-1)!);
}

/**
 * Runs the compiled main() in a fresh Node (as {@link loadedBy}); whether zod was loaded.
 * zod sets globalThis.__zod_globalConfig as it loads (zod/v4/core/core.js): a mark that
 * holds whether Node loads zod from node_modules or from the chunk build-cli.mjs bundles
 * it into (where no import of "zod" is left to watch).
 */
async function loadsZod(args: string[]): Promise<boolean> {
  const script = String.raw`
    const { main } = await import(process.env.MTL_MAIN);
    const write = process.stdout.write.bind(process.stdout);
    process.stdout.write = () => true;
    await main(['node', 'mtl-studio', ...JSON.parse(process.env.MTL_ARGS)]);
    write(JSON.stringify({ zod: '__zod_globalConfig' in globalThis }) + '\n');`;
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], {
    env: { ...process.env, MTL_MAIN: pathToFileURL(MAIN).href, MTL_ARGS: JSON.stringify(args) },
  });
  return (JSON.parse(stdout.trim().split('\n').at(-1)!) as { zod: boolean }).zod;
}

let dir: string;
let cleanup: () => Promise<void>;
beforeAll(async () => {
  ({ dir, cleanup } = await makeTempDir());
  if (cliBuildState() !== 'fresh') await buildCli();
});
afterAll(() => cleanup());

describe('the compiled CLI', () => {
  it('answers --help and --version without loading sqlite3, tfjs, sharp or the CSV readers', async () => {
    const help = await loadedBy(['--help']);
    expect(help.stdout).toMatch(/Usage: mtl-studio/);
    expect(help.heavy).toEqual([]);
    const version = await loadedBy(['--version']);
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
    expect(version.stdout.trim()).toBe(pkg.version);
    expect(version.heavy).toEqual([]);
  });

  it('loads zod (the training schema) for train and demo only, not for --help or --version', async () => {
    // Review: zod loaded at start-up made every command ~0.1 s slower; main() loads the
    // schema only when `train` or `demo` is on the command line. train --help is the
    // control that the hook sees zod at all. (A command that opens a project loads zod
    // through the store's own schemas: not asserted here.)
    expect(await loadsZod(['--help'])).toBe(false);
    expect(await loadsZod(['--version'])).toBe(false);
    expect(await loadsZod(['train', '--help'])).toBe(true);
    expect(await loadsZod(['demo', '--help'])).toBe(true);
  });

  it('runs when Node starts out/cli/main.js itself, as the bin does', async () => {
    // Found by a new user: `node out/cli/main.js --help` printed nothing (the module only
    // exported main()). Expected text: commander's usage line and package.json's version.
    const help = await run(process.execPath, [MAIN, '--help']);
    expect(help.stdout).toMatch(/^Usage: mtl-studio \[options\] \[command\]/);
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
    expect((await run(process.execPath, [MAIN, '--version'])).stdout.trim()).toBe(pkg.version);
    // An unknown command still exits 1 (main()'s exit code becomes the process's).
    await expect(run(process.execPath, [MAIN, 'no-such-command'])).rejects.toMatchObject({
      code: 1,
    });
  });

  it('loads the engine registries only for train, whose help lists every method', async () => {
    const { stdout, heavy } = await loadedBy(['train', '--help']);
    expect(stdout).toMatch(/Architectures \(--arch\):\n {2}single-task/);
    expect(stdout).toMatch(/pcgrad +Projects each task gradient/);
    expect(heavy.some((h) => h.startsWith('@tensorflow'))).toBe(true);
  });

  it('does not load tfjs for a train command line that asks for no help', async () => {
    // The registries' text is for the help only: a refused flag is answered without tfjs
    // (the control, that this check sees tfjs at all, is the test above).
    const { heavy } = await loadedBy(['train', '-p', join(dir, 'none.mtlproj'), '--epochs', 'x']);
    expect(heavy.filter((h) => h.startsWith('@tensorflow'))).toEqual([]);
  });

  it('tells a fresh build from a missing one and from one older than its sources', () => {
    const copy = join(dir, 'cli');
    expect(cliBuildState(copy)).toBe('missing');
    const info = JSON.parse(readFileSync(join(CLI_OUT_DIR, 'build.json'), 'utf8'));
    expect(Object.keys(info.inputs)).toContain('src/main/cli/main.ts');
    expect(Object.keys(info.inputs)).toContain('src/main/engine/worker/trainingWorker.ts');
    mkdirSync(copy, { recursive: true });
    copyFileSync(join(CLI_OUT_DIR, 'main.js'), join(copy, 'main.js'));
    writeFileSync(join(copy, 'build.json'), JSON.stringify(info));
    expect(cliBuildState(copy)).toBe('fresh');
    // As after a `git pull`: the recorded content of one source differs from the file's.
    const input = 'src/main/cli/program.ts';
    info.inputs[input] = { ...info.inputs[input], mtimeMs: 1, sha256: '0'.repeat(64) };
    writeFileSync(join(copy, 'build.json'), JSON.stringify(info));
    expect(cliBuildState(copy)).toBe('stale');
  });
});
