/**
 * The production main-process bundle (what `npm run build` writes to out/main and the
 * installers pack) works outside the source tree, as far as it can without Electron: it is
 * built here with the real electron.vite.config.ts (main only, ≈ 5 s), then loaded in plain
 * Node with `electron` resolved to a stub (bundle/electron.mjs). It must register an IPC
 * handler for every contract channel, open the project given on its command line (a
 * double-clicked `.mtlproj`), refuse a foreign sender, and do the main job through those
 * handlers — create, import, define tasks, train three epochs in the bundled
 * training-worker.js, with the kernel found from the bundle — then quit cleanly.
 *
 * What it cannot show: the window, the preload and the renderer in Electron, or native
 * modules built for Electron's ABI (the release workflow's `electron-builder --dir` does).
 */
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INVOKE_CHANNELS, ipcInvokeName } from '../../src/shared/contract';
import { StudioSession } from '../../src/main/services/session';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const HERE = fileURLToPath(new URL('./bundle/', import.meta.url));
// Inside the repository (.tmp/ is ignored), so the bundle finds node_modules and the kernel
// the way the packed app finds them next to it.
const BUNDLE = join(ROOT, '.tmp', `bundle-check-${process.pid}`, 'main');

let work: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'mtl-bundle-'));
  const { resolveConfig } = await import('electron-vite');
  const { build } = await import('vite');
  const { config } = await resolveConfig({ logLevel: 'warn' }, 'build');
  if (!config?.main) throw new Error('electron.vite.config.ts has no main section');
  await build({
    ...config.main,
    configFile: false,
    logLevel: 'warn',
    build: { ...config.main.build, outDir: BUNDLE, emptyOutDir: true },
  });
});

afterAll(async () => {
  await rm(join(BUNDLE, '..'), { recursive: true, force: true });
  if (work) await rm(work, { recursive: true, force: true });
});

/** Runs bundle/drive.mjs; resolves with its JSON report and stderr. */
function drive(
  ...args: string[]
): Promise<{ code: number | null; report: Record<string, unknown>; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', join(HERE, 'register.mjs'), join(HERE, 'drive.mjs'), BUNDLE, work, ...args],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      const last = stdout.trim().split('\n').at(-1) ?? '';
      try {
        resolve({ code, report: JSON.parse(last) as Record<string, unknown>, stderr });
      } catch {
        reject(new Error(`no report (exit ${code}); stdout:\n${stdout}\nstderr:\n${stderr}`));
      }
    });
  });
}

describe('the main-process bundle', () => {
  it('needs no CommonJS shim (electron-vite would put it after the last `import … from` text, even inside a template string)', async () => {
    // The model export writes a preprocess.js whose comments show `import … from` lines; a
    // shim inserted there left __dirname undefined in the window code and broke the file.
    const files = [
      join(BUNDLE, 'index.js'),
      join(BUNDLE, 'training-worker.js'),
      ...(await readdir(join(BUNDLE, 'chunks'))).map((f) => join(BUNDLE, 'chunks', f)),
    ];
    for (const file of files) {
      expect(await readFile(file, 'utf8'), file).not.toContain('-- CommonJS Shims --');
    }
  });

  it('loads in Node with Electron stubbed, opens a project from its command line and does the main job', async () => {
    // The project a double-click would pass, made with the source tree's services.
    await mkdir(join(work, 'state'), { recursive: true });
    const launch = join(work, 'launched.mtlproj');
    const maker = new StudioSession({ stateDir: join(work, 'maker') });
    await maker.createProject(launch, 'Launched');
    await maker.dispose();

    const csv = fileURLToPath(new URL('../fixtures/penguins.csv', import.meta.url));
    const { code, report, stderr } = await drive(csv, launch);
    expect(code, stderr).toBe(0);
    expect((report.channels as string[]).sort()).toEqual(INVOKE_CHANNELS.map(ipcInvokeName).sort());
    expect(report.windowPreload).toMatch(/preload[\\/]index\.cjs$/);
    expect(report.windowLoaded).toMatch(/renderer[\\/]index\.html$/);
    expect(report.menu).toBe(true);
    expect(report.launched).toMatchObject({ path: launch, project: { name: 'Launched' } });
    expect(report.untrusted).toEqual({
      ok: false,
      error: { code: 'BAD_REQUEST', message: 'Untrusted sender.' },
    });
    expect(report.info).toMatchObject({ ok: true, value: { mode: 'electron' } });
    expect(report.project).toMatchObject({ ok: true });
    expect(report.dataset).toEqual({ ok: true, rows: 344 });
    expect(report.tasks).toEqual({ ok: true });
    expect(report.started).toMatchObject({ ok: true });
    // Trained in the bundled worker: three epochs, completed, on a backend it names.
    const ended = report.ended as { run?: { status: string; backend: string | null } };
    expect(ended.run, JSON.stringify(report.ended)).toMatchObject({
      status: 'completed',
      backend: expect.stringMatching(/wasm|cpu|tensorflow/),
    });
    expect(stderr).not.toMatch(/^\s+at /m);
  });
});
