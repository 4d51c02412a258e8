/**
 * What `npm install` says: every dependency with an install script is reviewed in
 * package.json's `allowScripts` (npm 11 lists the unreviewed ones on every install and
 * says a future release will block them), and the packages that ask for Node ≥ 22 — the
 * source of the EBADENGINE warnings on Node 20 — are all development tools (Electron and
 * its download/rebuild helpers), so the app, the CLI and the tests keep `engines` ≥ 20.19
 * (docs/DEVELOPMENT.md, "Set up"). Read from package.json and package-lock.json, as npm reads them.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const pkg = JSON.parse(readFileSync(`${ROOT}package.json`, 'utf8')) as {
  engines: { node: string };
  allowScripts: Record<string, boolean>;
};
const lock = JSON.parse(readFileSync(`${ROOT}package-lock.json`, 'utf8')) as {
  packages: Record<
    string,
    { version?: string; dev?: boolean; hasInstallScript?: boolean; engines?: { node?: string } }
  >;
};

/** "node_modules/a/node_modules/@s/b" → "@s/b". */
const nameOf = (path: string): string => path.slice(path.lastIndexOf('node_modules/') + 13);

describe('npm install policy', () => {
  it('every package with an install script is allowed or denied in allowScripts', () => {
    const withScripts = Object.entries(lock.packages)
      .filter(([path, p]) => path !== '' && p.hasInstallScript)
      .map(([path]) => nameOf(path));
    expect(withScripts.length).toBeGreaterThan(0);
    const unreviewed = withScripts.filter((name) => !(name in pkg.allowScripts));
    expect(unreviewed).toEqual([]);
    // sqlite3's binding is the one the studio cannot run without.
    expect(pkg.allowScripts.sqlite3).toBe(true);
  });

  it('only development tools need Node ≥ 22; the app itself runs on the engines range', () => {
    expect(pkg.engines.node).toBe('>=20.19');
    const node22 = Object.entries(lock.packages).filter(([, p]) =>
      /^>=\s*2[2-9]/.test(p.engines?.node ?? ''),
    );
    expect(node22.length).toBeGreaterThan(0);
    expect(node22.filter(([, p]) => !p.dev).map(([path]) => path)).toEqual([]);
  });
});
