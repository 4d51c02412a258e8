/**
 * `tasks --new` is repeatable: a fresh user ran `tasks --new colour=red,black --new
 * "suit=hearts,spades"` and got only suit (exit 0). Every --new is created, all or none.
 * Expected tasks and classes are the ones typed on the command line; counts are 0 because
 * the new columns are empty (penguins.csv has 344 rows, none labelled for them).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../store/helpers';
import { cli, fixture } from './run';

describe('tasks --new, repeated', () => {
  let project: string;
  let cleanup: () => Promise<void>;

  beforeAll(async () => {
    const dir = await makeTempDir();
    project = `${dir.dir}/p.mtlproj`;
    cleanup = dir.cleanup;
    expect((await cli('import', fixture('penguins.csv'), '-p', project)).code).toBe(0);
  }, 60_000);
  afterAll(() => cleanup?.());

  it('creates every --new task', async () => {
    const r = await cli(
      'tasks',
      '-p',
      project,
      '--new',
      'colour=red,black',
      '--new',
      'suit=hearts,spades',
      '--json',
    );
    expect(r.code).toBe(0);
    const tasks = (
      JSON.parse(r.stdout) as { tasks: { name: string; classes: string[]; missing: number }[] }
    ).tasks;
    expect(tasks.map((t) => [t.name, t.classes, t.missing])).toEqual([
      ['colour', ['red', 'black'], 344],
      ['suit', ['hearts', 'spades'], 344],
    ]);
  }, 60_000);

  it('creates none when one is refused', async () => {
    // "colour" exists now, so the second --new is refused and "shade" must not be created.
    const r = await cli('tasks', '-p', project, '--new', 'shade=a,b', '--new', 'colour=x,y');
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/colour/);
    const list = await cli('tasks', '-p', project, '--json');
    const names = (JSON.parse(list.stdout) as { tasks: { name: string }[] }).tasks.map(
      (t) => t.name,
    );
    expect(names).toEqual(['colour', 'suit']);
  }, 60_000);
  it('warns of a class typed twice but for letter case, and creates it as typed', async () => {
    // "Heads" differs from "heads" only by case: warned, not refused.
    const r = await cli('tasks', '-p', project, '--new', 'coin=heads,Heads,tails', '--json');
    expect(r.code).toBe(0);
    const warning =
      'new class "Heads" of task "coin" differs from its class "heads" only by letter case or surrounding spaces; both are kept as two classes (label with "heads" to use the existing one)';
    expect(r.stderr.split('\n').filter((l) => l.startsWith('warning:'))).toEqual([
      `warning: ${warning}`,
    ]);
    const out = JSON.parse(r.stdout) as {
      tasks: { name: string; classes: string[] }[];
      warnings: string[];
    };
    expect(out.warnings).toEqual([warning]);
    expect(out.tasks.find((t) => t.name === 'coin')?.classes).toEqual(['heads', 'Heads', 'tails']);
  }, 60_000);
});
