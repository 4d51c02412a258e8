/**
 * Help under --json. Found by a new user: `mtl-studio --json`, `export --json` and `labels
 * --json` printed {"error": {"message": "(outputHelp)"}} (commander's placeholder), and
 * `help --json`, `train --help --json` plain text, where the README says every command
 * prints one JSON document under --json. Expected (the independent source: the same
 * command's plain help text, and the subcommands its "Commands:" section lists):
 * - help asked for: `{"help": "<the plain help text>"}`, exit code 0;
 * - a command with subcommands given none: an error naming each listed subcommand and the
 *   help to read, exit code 1.
 */
import { describe, expect, it } from 'vitest';
import { cli } from './run';

/** The command names of a help text's "Commands:" section, less `help`. */
function listedCommands(help: string): string[] {
  const section = help.split('\nCommands:\n')[1] ?? '';
  return [...section.matchAll(/^ {2}([a-z][\w-]*)/gm)].map((m) => m[1]).filter((n) => n !== 'help');
}

describe('help under --json', () => {
  it.each([
    [['help', '--json'], ['--help']],
    [['--help', '--json'], ['--help']],
    [
      ['train', '--help', '--json'],
      ['train', '--help'],
    ],
    [
      ['help', 'train', '--json'],
      ['train', '--help'],
    ],
    [
      ['tasks', '--add', '--help', '--json'],
      ['tasks', '--help'],
    ],
  ])('%j prints {"help": the plain text}', async (args, plain) => {
    const text = await cli(...plain);
    expect(text.code).toBe(0);
    const { code, stdout } = await cli(...args);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual({ help: text.stdout });
  });

  it.each([
    [[], 'a command is needed: ', '(mtl-studio --help)'],
    [['export'], 'export needs a command: ', '(mtl-studio export --help)'],
    [['labels'], 'labels needs a command: ', '(mtl-studio labels --help)'],
  ])('%j --json names the subcommands', async (words, start, end) => {
    const plain = await cli(...words, '--help');
    const names = listedCommands(plain.stdout);
    expect(names.length).toBeGreaterThan(0);
    const { code, stdout } = await cli(...words, '--json');
    expect(code).toBe(1);
    const { error } = JSON.parse(stdout) as { error: { code: string; message: string } };
    expect(error.code).toBe('BAD_REQUEST');
    expect(error.message).toBe(`${start}${names.join(', ')} ${end}`);
  });

  it('without --json a missing subcommand still shows the help on stderr, exit code 1', async () => {
    const { code, stdout, stderr } = await cli('labels');
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toContain('Usage: mtl-studio labels');
  });
});
