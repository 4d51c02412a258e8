/**
 * Every command's --help (nested ones too, e.g. `labels import`) names each option's default
 * at most once: the CLI writes "(default …)" in the description, and commander adds its own
 * "(default: …)" whenever an option is given a default value, so both showed
 * ("--count <n> number of cards (default 2000) (default: 2000)").
 */
import { describe, expect, it } from 'vitest';
import { makeTempDir } from '../store/helpers';
import { cli, fixture } from './run';

/** Names of the sub-commands listed under "Commands:" of a help text (not `help`). */
function commandsOf(help: string): string[] {
  const section = help.split(/^Commands:$/m)[1] ?? '';
  return [...section.matchAll(/^ {2}([a-z][\w-]*)/gm)]
    .map((m) => m[1])
    .filter((name) => name !== 'help');
}

/** Option entries under "Options:", each with its wrapped lines joined. */
function optionEntries(help: string): string[] {
  const section = (help.split(/^Options:$/m)[1] ?? '').split(/^Commands:$/m)[0];
  const entries: string[] = [];
  for (const line of section.split('\n')) {
    if (/^ {2}-/.test(line)) entries.push(line.trim().replace(/\s+/g, ' '));
    else if (line.trim() !== '' && entries.length > 0)
      entries[entries.length - 1] += ` ${line.trim()}`;
  }
  return entries;
}

describe('mtl-studio --help', () => {
  it('shows each default once, in every command', async () => {
    const top = await cli('--help');
    const paths = commandsOf(top.stdout).map((c) => [c]);
    const helps = await Promise.all(paths.map((path) => cli(...path, '--help')));
    const nested = paths.flatMap((path, i) => commandsOf(helps[i].stdout).map((c) => [...path, c]));
    const nestedHelps = await Promise.all(nested.map((path) => cli(...path, '--help')));
    const all = [...paths, ...nested].map((path, i) => ({
      path: path.join(' '),
      help: [...helps, ...nestedHelps][i].stdout,
    }));
    // By hand from the README: generate-cards, import-images and labels import exist.
    expect(all.map((a) => a.path)).toEqual(
      expect.arrayContaining(['generate-cards', 'import-images', 'labels import']),
    );
    const twice = all.flatMap(({ path, help }) =>
      optionEntries(help)
        .filter((entry) => (entry.match(/\(default\b/g) ?? []).length > 1)
        .map((entry) => `${path}: ${entry}`),
    );
    expect(twice).toEqual([]);
    const cards = all.find((a) => a.path === 'generate-cards')!.help;
    expect(optionEntries(cards)).toContain('--count <n> number of cards (default 2000)');
  });

  it('train --help names the default of --class-weights: the mode a run without it stores', async () => {
    // Found by a new user: every stored run showed class weights "balanced", the help did not
    // say so. The independent source: the config stored by a run trained without the flag.
    const { dir, cleanup } = await makeTempDir();
    try {
      const project = `${dir}/p.mtlproj`;
      expect((await cli('import', fixture('penguins.csv'), '-p', project)).code).toBe(0);
      expect((await cli('tasks', '-p', project, '--add', 'species')).code).toBe(0);
      const trained = await cli('train', '-p', project, '--epochs', '1', '--hidden', '4');
      expect(trained.code, trained.stderr).toBe(0);
      const { runs } = JSON.parse((await cli('--json', 'runs', '-p', project)).stdout);
      const stored: string = runs[0].config.classWeights;
      expect(stored).toBe('balanced');
      const help = (await cli('train', '--help')).stdout;
      const entry = optionEntries(help).find((e) => e.startsWith('--class-weights'));
      expect(entry).toContain(`(default ${stored})`);
    } finally {
      await cleanup();
    }
  }, 120_000);
});
