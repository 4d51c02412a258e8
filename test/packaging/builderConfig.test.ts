/**
 * The installers' configuration (electron-builder.yml), checked without building an
 * installer (the Electron binary cannot be downloaded here): it is loaded and validated by
 * electron-builder's own loader and JSON schema, and the files that go into the app, into
 * node_modules and out of app.asar are decided by electron-builder's own file matchers —
 * the functions its packager calls — for each system. Also the icons, the file association
 * (the same extension the app opens) and that `npm install` never rebuilds for Electron.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_EXTENSION } from '../../src/main/services/session';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const require = createRequire(import.meta.url);

/** The subset of electron-builder's configuration this test reads. */
interface PlatformOptions {
  target: { target: string; arch: string[] }[];
  icon: string;
  files?: string[];
  identity?: string | null;
  executableName?: string;
}
interface BuilderConfig {
  appId: string;
  productName: string;
  directories: { output: string; buildResources: string };
  files: { filter: string[] }[];
  asar: boolean;
  asarUnpack: string[];
  npmRebuild: boolean;
  buildDependenciesFromSource: boolean;
  nodeGypRebuild: boolean;
  publish: null;
  fileAssociations: { ext: string; name: string; mimeType: string; role: string }[];
  win: PlatformOptions;
  mac: PlatformOptions;
  linux: PlatformOptions;
}
type Stat = { isDirectory(): boolean; moduleFullFilePath?: string };
type Filter = (file: string, stat: Stat) => boolean;
interface Matcher {
  createFilter(): Filter;
}

// electron-builder's internals (app-builder-lib, pinned by package-lock.json): the loader,
// the schema check and the file matchers its packager uses.
const configModule = require('app-builder-lib/out/util/config/config') as {
  getConfig(root: string, file: string, options: null): Promise<BuilderConfig>;
  validateConfiguration(config: BuilderConfig, log: { isEnabled: boolean }): Promise<void>;
};
const macros = require('app-builder-lib/out/util/macroExpander') as {
  expandMacro(pattern: string, arch: string, appInfo: object, extra: object): string;
};
const matchers = require('app-builder-lib/out/fileMatcher') as {
  getMainFileMatchers(
    appDir: string,
    destination: string,
    expand: (pattern: string) => string,
    options: PlatformOptions,
    packager: { info: object },
    outDir: string,
    isElectronCompile: boolean,
  ): Matcher[];
  getNodeModuleFileMatcher(
    appDir: string,
    destination: string,
    expand: (pattern: string) => string,
    options: PlatformOptions,
    packager: object,
  ): Matcher;
  getFileMatchers(
    config: BuilderConfig,
    name: 'asarUnpack',
    destination: string,
    options: object,
  ): Matcher[] | null;
};

let config: BuilderConfig;
beforeAll(async () => {
  config = await configModule.getConfig(ROOT, 'electron-builder.yml', null);
});

const PLATFORMS = ['win', 'mac', 'linux'] as const;
type Platform = (typeof PLATFORMS)[number];
/** Node's name of each system: `${platform}` in a pattern (the building system, which the release workflow makes the target). */
const NODE_PLATFORM: Record<Platform, NodeJS.Platform> = {
  win: 'win32',
  mac: 'darwin',
  linux: 'linux',
};

/** electron-builder's macro expansion of a file pattern, as on a runner of `platform`. */
function expander(platform: Platform): (pattern: string) => string {
  return (pattern) => {
    const host = Object.getOwnPropertyDescriptor(process, 'platform')!;
    Object.defineProperty(process, 'platform', { value: NODE_PLATFORM[platform] });
    try {
      return macros.expandMacro(pattern, 'x64', { productName: 'MTL Studio' }, { os: platform });
    } finally {
      Object.defineProperty(process, 'platform', host);
    }
  };
}
const stat = (path: string, directory = false): Stat => ({
  isDirectory: () => directory,
  moduleFullFilePath: path,
});

/** Whether electron-builder would copy `path` (relative to the repository) into the app on `platform`. */
function inApp(platform: Platform, path: string): boolean {
  const debugLogger = { isEnabled: false };
  if (path.startsWith('node_modules/')) {
    // Production dependencies are collected by electron-builder; `files` can only exclude.
    const filter = matchers
      .getNodeModuleFileMatcher(ROOT, '/app', expander(platform), config[platform], {
        config,
        debugLogger,
      })
      .createFilter();
    return filter(join(ROOT, path), stat(path));
  }
  const info = {
    projectDir: ROOT,
    buildResourcesDir: config.directories.buildResources,
    isPrepackedAppAsar: false,
    config,
    debugLogger,
  };
  const [main] = matchers.getMainFileMatchers(
    ROOT,
    '/app',
    expander(platform),
    config[platform],
    { info },
    join(ROOT, 'release'),
    false,
  );
  return main.createFilter()(join(ROOT, path), { isDirectory: () => false });
}

/** Whether `path` would be unpacked next to app.asar on `platform`. */
function unpacked(platform: Platform, path: string): boolean {
  const [matcher] = matchers.getFileMatchers(config, 'asarUnpack', '/app', {
    macroExpander: expander(platform),
    customBuildOptions: config[platform],
    globalOutDir: join(ROOT, 'release'),
    defaultSrc: ROOT,
  })!;
  return matcher.createFilter()(join(ROOT, path), stat(path));
}

describe('electron-builder.yml', () => {
  it("passes electron-builder's own schema", async () => {
    await expect(
      configModule.validateConfiguration(config, { isEnabled: false }),
    ).resolves.toBeUndefined();
    expect(config.appId).toBe('org.mtlstudio.desktop');
    expect(config.productName).toBe('MTL Studio');
    expect(config.asar).toBe(true);
    expect(config.publish).toBeNull();
  });

  it('builds NSIS on Windows, a DMG per Mac architecture, AppImage and deb on Linux', () => {
    expect(config.win.target).toEqual([{ target: 'nsis', arch: ['x64'] }]);
    expect(config.mac.target).toEqual([{ target: 'dmg', arch: ['x64', 'arm64'] }]);
    expect(config.linux.target).toEqual([
      { target: 'AppImage', arch: ['x64'] },
      { target: 'deb', arch: ['x64'] },
    ]);
    // Ad-hoc signed (an unsigned arm64 app is reported "damaged"); a Linux binary without spaces.
    expect(config.mac.identity).toBe('-');
    expect(config.linux.executableName).toBe('mtl-studio');
  });

  it('associates the extension the app opens (PROJECT_EXTENSION) with the app', () => {
    expect(config.fileAssociations).toEqual([
      expect.objectContaining({
        ext: PROJECT_EXTENSION.slice(1),
        name: 'MTL Studio project',
        mimeType: 'application/x-mtl-studio-project',
        role: 'Editor',
      }),
    ]);
  });

  it('packs the bundles, package.json, the kernel and the demo table; no sources, tests or maps', () => {
    for (const platform of PLATFORMS) {
      for (const path of [
        'package.json',
        'out/main/index.js',
        'out/main/training-worker.js',
        'out/main/chunks/pause-abc.js',
        'out/preload/index.cjs',
        'out/renderer/index.html',
        'out/renderer/assets/index-abc.js',
        'resources/kernels/fused.wasm',
        'resources/kernels/fused-fma.wasm',
        'resources/kernels/fused.json',
        'resources/penguins.csv',
      ]) {
        expect(inApp(platform, path), `${platform}: ${path}`).toBe(true);
      }
      for (const path of [
        'src/main/index.ts',
        'src/main/engine/kernel/mlp.as.ts',
        'test/packaging/builderConfig.test.ts',
        'bench/run.ts',
        'out/main/index.js.map',
        'electron-builder.yml',
        'package-lock.json',
        'resources/icons/icon.png',
        'release/0.1.0/linux-unpacked/mtl-studio',
        'README.md',
      ]) {
        expect(inApp(platform, path), `${platform}: ${path}`).toBe(false);
      }
    }
  });

  it('leaves libtensorflow (tfjs-node, tfjs-node-gpu) and the TypeScript runner out of every installer', () => {
    for (const platform of PLATFORMS) {
      for (const path of [
        'node_modules/@tensorflow/tfjs-node-gpu/package.json',
        'node_modules/@tensorflow/tfjs-node-gpu/deps/lib/libtensorflow.so.2',
        'node_modules/@tensorflow/tfjs-node-gpu/lib/napi-v8/tfjs_binding.node',
        'node_modules/@tensorflow/tfjs-node/lib/napi-v8/tfjs_binding.node',
        'node_modules/tsx/dist/cli.mjs',
        'node_modules/@esbuild/linux-x64/bin/esbuild',
        'node_modules/sqlite3/deps/sqlite-autoconf-3500400.tar.gz',
        'node_modules/sqlite3/build/Release/obj/gen/sqlite-autoconf-3500400/sqlite3.c',
      ]) {
        expect(inApp(platform, path), `${platform}: ${path}`).toBe(false);
      }
      for (const path of [
        'node_modules/sqlite3/lib/sqlite3.js',
        'node_modules/sqlite3/build/Release/node_sqlite3.node',
        'node_modules/@tensorflow/tfjs-core/package.json',
        'node_modules/@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm',
      ]) {
        expect(inApp(platform, path), `${platform}: ${path}`).toBe(true);
      }
    }
  });

  it("keeps only the system's own sharp binaries", () => {
    const own: Record<Platform, string[]> = {
      win: ['sharp-win32-x64'],
      mac: ['sharp-darwin-arm64', 'sharp-darwin-x64', 'sharp-libvips-darwin-arm64'],
      linux: ['sharp-linux-x64', 'sharp-libvips-linux-x64'],
    };
    const others: Record<Platform, string[]> = {
      win: ['sharp-darwin-arm64', 'sharp-linux-x64', 'sharp-libvips-linux-x64', 'sharp-wasm32'],
      mac: ['sharp-win32-x64', 'sharp-linux-x64', 'sharp-libvips-linux-x64', 'sharp-wasm32'],
      linux: [
        'sharp-win32-x64',
        'sharp-darwin-arm64',
        'sharp-libvips-darwin-x64',
        'sharp-linuxmusl-x64',
        'sharp-libvips-linuxmusl-x64',
      ],
    };
    for (const platform of PLATFORMS) {
      for (const name of own[platform]) {
        const path = `node_modules/@img/${name}/lib/${name}.node`;
        expect(inApp(platform, path), `${platform}: ${path}`).toBe(true);
        expect(unpacked(platform, path), `${platform} unpacks ${path}`).toBe(true);
      }
      for (const name of others[platform]) {
        const path = `node_modules/@img/${name}/lib/${name}.node`;
        expect(inApp(platform, path), `${platform}: ${path}`).toBe(false);
        expect(inApp(platform, `node_modules/@img/${name}`), `${platform}: ${name}/`).toBe(false);
      }
    }
  });

  it('unpacks native modules, the kernel and the demo table from app.asar, and nothing else', () => {
    for (const platform of PLATFORMS) {
      for (const path of [
        'node_modules/sqlite3/build/Release/node_sqlite3.node',
        'node_modules/sqlite3/lib/sqlite3-binding.js',
        'node_modules/sharp/lib/index.js',
        'node_modules/some-module/build/Release/addon.node',
        'resources/kernels/fused.wasm',
        'resources/kernels/fused-fma.wasm',
        'resources/kernels/fused.json',
        'resources/penguins.csv',
      ]) {
        expect(unpacked(platform, path), `${platform}: ${path}`).toBe(true);
      }
      for (const path of [
        'out/main/index.js',
        'out/renderer/index.html',
        'package.json',
        'node_modules/zod/index.js',
      ]) {
        expect(unpacked(platform, path), `${platform}: ${path}`).toBe(false);
      }
    }
  });

  it('rebuilds native modules for Electron only when packaging, never in npm install', () => {
    expect(config.npmRebuild).toBe(true);
    expect(config.buildDependenciesFromSource).toBe(false);
    expect(config.nodeGypRebuild).toBe(false);
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
      devDependencies: Record<string, string>;
      dependencies: Record<string, string>;
    };
    for (const hook of ['preinstall', 'install', 'postinstall', 'prepare']) {
      expect(pkg.scripts[hook] ?? '', hook).not.toMatch(
        /electron-builder|electron-rebuild|install-app-deps/,
      );
    }
    // A real version range (e.g. ^26.0.12), not an empty or tag entry.
    expect(pkg.devDependencies['electron-builder']).toMatch(/^[\^~]?\d+\.\d+\.\d+/);
    expect(pkg.dependencies['electron-builder']).toBeUndefined();
  });
});

describe('icons', () => {
  /** Width and height of a PNG (IHDR, bytes 16–23). */
  const pngSize = (path: string): [number, number] => {
    const bytes = readFileSync(join(ROOT, path));
    expect(bytes.subarray(1, 4).toString('latin1'), path).toBe('PNG');
    return [bytes.readUInt32BE(16), bytes.readUInt32BE(20)];
  };

  it('has the SVG source, PNGs of 512 and 256, a Windows .ico and a macOS .icns', () => {
    const icons = config.directories.buildResources;
    expect(readFileSync(join(ROOT, icons, 'icon.svg'), 'utf8')).toContain('<svg');
    expect(pngSize(`${icons}/icon.png`)).toEqual([512, 512]);
    expect(pngSize(`${config.linux.icon}/512x512.png`)).toEqual([512, 512]);
    expect(pngSize(`${config.linux.icon}/256x256.png`)).toEqual([256, 256]);
    // ICO: reserved 0, type 1, then the image count; the 256-pixel entry has width byte 0.
    const ico = readFileSync(join(ROOT, config.win.icon));
    expect([ico.readUInt16LE(0), ico.readUInt16LE(2)]).toEqual([0, 1]);
    const entries = Array.from({ length: ico.readUInt16LE(4) }, (_, i) => ico[6 + 16 * i] || 256);
    expect(entries).toEqual(expect.arrayContaining([16, 32, 48, 256]));
    // ICNS: magic "icns" and the file's length.
    const icns = readFileSync(join(ROOT, config.mac.icon));
    expect(icns.subarray(0, 4).toString('latin1')).toBe('icns');
    expect(icns.readUInt32BE(4)).toBe(icns.length);
  });
});

describe('workflows', () => {
  // electron-builder's YAML parser (js-yaml), as it reads electron-builder.yml.
  const yaml = require('js-yaml') as { load(text: string): unknown };
  interface Step {
    run?: string;
    if?: string;
    uses?: string;
    env?: Record<string, string>;
  }
  interface Workflow {
    on: Record<string, unknown>;
    jobs: Record<
      string,
      {
        'runs-on': string;
        if?: string;
        needs?: string;
        strategy?: { matrix: { os?: string[]; include?: { os: string; target: string }[] } };
        steps: Step[];
      }
    >;
  }
  const load = (name: string): Workflow =>
    yaml.load(readFileSync(join(ROOT, '.github', 'workflows', name), 'utf8')) as Workflow;

  it('CI runs npm test on Linux, Windows and macOS after a clean npm ci', () => {
    const ci = load('ci.yml');
    const job = ci.jobs.test;
    expect(job.strategy?.matrix.os).toEqual(['ubuntu-latest', 'windows-latest', 'macos-latest']);
    const runs = job.steps.map((s) => s.run ?? '');
    expect(runs.indexOf('npm ci --no-audit --no-fund')).toBeLessThan(runs.indexOf('npm test'));
    expect(runs.join('\n')).not.toMatch(/playwright install/);
  });

  it('release builds each system on its own runner, tries --dir, and attaches installers on a tag', () => {
    const release = load('release.yml');
    expect(release.on).toHaveProperty('push.tags', ['v*']);
    const targets = release.jobs.package.strategy!.matrix.include!.map((m) => [m.os, m.target]);
    expect(targets).toEqual([
      ['ubuntu-22.04', '--linux --x64'],
      ['windows-latest', '--win --x64'],
      ['macos-15-intel', '--mac --x64'],
      ['macos-14', '--mac --arm64'],
    ]);
    const steps = release.jobs.package.steps;
    const runs = steps.map((s) => s.run ?? '');
    const at = (text: string): number => runs.findIndex((r) => r.includes(text));
    expect(at('npm run build')).toBeGreaterThan(at('npm ci'));
    expect(at('rm -rf node_modules/@tensorflow/tfjs-node')).toBeLessThan(
      at('electron-builder ${{ matrix.target }} --dir'),
    );
    const installers = steps.find((s) => s.run === 'npx electron-builder ${{ matrix.target }}');
    expect(installers?.if).toBe("startsWith(github.ref, 'refs/tags/')");
    expect(release.jobs.release.needs).toBe('package');
    expect(release.jobs.release.steps.map((s) => s.run ?? '').join('\n')).toContain(
      'gh release upload',
    );
  });
});
