/**
 * `mtl-studio --version`. Found by a new user: `--version --json` printed the bare `0.1.0`,
 * where every other command prints one JSON document with --json. Expected (the independent
 * source: package.json's own version field): `{"version": "<package.json version>"}` with
 * --json before or after --version, the bare version without it, exit code 0 each time.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cli } from './run';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  version: string;
};

describe('--version', () => {
  it.each([[['--version', '--json']], [['--json', '--version']], [['-V', '--json']]])(
    '%j prints {"version": …}',
    async (args) => {
      const { code, stdout } = await cli(...args);
      expect(code).toBe(0);
      expect(JSON.parse(stdout)).toEqual({ version: pkg.version });
    },
  );

  it('without --json prints the bare version', async () => {
    const { code, stdout } = await cli('--version');
    expect(code).toBe(0);
    expect(stdout).toBe(`${pkg.version}\n`);
  });
});
