/**
 * shellWord: the words of the commands the CLI suggests, quoted for a POSIX shell only when
 * they need it. Expected texts written by hand from the sh quoting rules (a single quote
 * inside single quotes is written '\''; zsh expands a word starting with = to a path).
 */
import { describe, expect, it } from 'vitest';
import { shellWord } from '../../src/shared/shellWord';

describe('shellWord', () => {
  it('leaves a plain word as it is', () => {
    expect(shellWord('p.mtlproj')).toBe('p.mtlproj');
    expect(shellWord('/tmp/runs/p.mtlproj')).toBe('/tmp/runs/p.mtlproj');
    // = further on is no expansion in sh, bash or zsh.
    expect(shellWord('a=b')).toBe('a=b');
  });

  it('quotes a word with a space or a quote', () => {
    expect(shellWord('/tmp/my runs/p.mtlproj')).toBe("'/tmp/my runs/p.mtlproj'");
    expect(shellWord('a b')).toBe("'a b'");
    expect(shellWord("it's.mtlproj")).toBe("'it'\\''s.mtlproj'");
    expect(shellWord("it's")).toBe("'it'\\''s'");
  });

  it('quotes the empty word and a word starting with =', () => {
    expect(shellWord('')).toBe("''");
    // zsh's EQUALS option: =x is the path of the command x.
    expect(shellWord('=x')).toBe("'=x'");
  });
});
