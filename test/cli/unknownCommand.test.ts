/**
 * `mtl-studio <word>` for a word that is no command: a studio view's name gets the command
 * that does the same (found by a new user: `mtl-studio compare -p p.mtlproj` said only
 * "unknown command 'compare'"); other words keep commander's suggestion.
 */
import { describe, expect, it } from 'vitest';
import { cli } from './run';

describe('unknown command', () => {
  it("'compare' (the studio's Compare view) names evaluate, as text and with --json", async () => {
    const text = await cli('compare', '-p', 'p.mtlproj');
    expect(text.code).toBe(1);
    // The expected words: the README's command list (evaluate: per-task scores and Δm).
    expect(text.stderr).toContain(
      "error: unknown command 'compare'\n(Did you mean evaluate? The studio's Compare view is `mtl-studio evaluate` on the command line.)",
    );
    const json = await cli('--json', 'compare');
    expect(json.code).toBe(1);
    expect(json.stderr).toBe('');
    expect(JSON.parse(json.stdout).error).toEqual({
      code: 'BAD_REQUEST',
      message:
        "unknown command 'compare'\n(Did you mean evaluate? The studio's Compare view is `mtl-studio evaluate` on the command line.)",
    });
  });

  it('a typo still gets commander’s suggestion, and a word like no command none', async () => {
    const typo = await cli('evaluat');
    expect(typo.code).toBe(1);
    expect(typo.stderr).toContain("error: unknown command 'evaluat'\n(Did you mean evaluate?)");
    const other = await cli('no-such-command');
    expect(other.code).toBe(1);
    expect(other.stderr).toMatch(/^error: unknown command 'no-such-command'\n\(add --help/);
  });
});
