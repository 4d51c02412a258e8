/**
 * `demo` without --project makes its project in the temp folder, which nothing deletes (found
 * by a new user: every `npm run demo` left a folder behind, unsaid). It says where the project
 * is, how to open it and which folder to delete. Checked against the file system: the named
 * project exists, in the named folder.
 */
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { describe, expect, it } from 'vitest';
import { temporaryProjectNote } from '../../src/main/cli/commands/demo';
import { cli } from './run';

describe('demo in the temp folder', () => {
  it('says where its project is kept, how to open it and what to delete', async () => {
    const r = await cli('demo', '--epochs', '2');
    const named = /^The project is kept in the temp folder: (.+\.mtlproj)\. /m.exec(r.stdout)?.[1];
    try {
      expect(r.code, r.stderr).toBe(0);
      // The demo's project sits in a fresh mtl-studio-demo-* folder of the OS temp folder.
      expect(named).toMatch(/mtl-studio-demo-[^/\\]+[/\\][^/\\]+\.mtlproj$/);
      expect(existsSync(named!)).toBe(true);
      expect(r.stdout).toContain(
        `Open it in the studio (Projects → Open) or with the CLI (npx mtl-studio evaluate -p ${named}); delete the folder ${dirname(named!)} when done, or give --project to choose where it goes.`,
      );
    } finally {
      if (named && /mtl-studio-demo-/.test(dirname(named)))
        await rm(dirname(named), { recursive: true, force: true });
    }
  }, 120_000);

  it('quotes a path with a space in the command to open it', () => {
    expect(temporaryProjectNote('/tmp/my demo/p.mtlproj')).toContain(
      "npx mtl-studio evaluate -p '/tmp/my demo/p.mtlproj'); delete the folder /tmp/my demo when done",
    );
  });
});
