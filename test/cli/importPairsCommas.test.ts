/**
 * Found by a new user: `import zoo.csv --type legs=categorical,aquatic=categorical` said "no
 * column named 'legs=categorical,aquatic'" (and `columns --role hair=ignore,eggs=ignore` the
 * same), and `--type legs=categorical legs=numeric` kept the last pair silently. Now pairs
 * separated by commas are read as `tasks --add` reads its commas, and a column named twice is
 * refused. Expected by hand from penguins.csv: "year" (2007…2009) and "body_mass_g" are
 * inferred numeric and "sex" categorical, so each override below is visible.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { makeTempDir } from '../store/helpers';
import { cli, fixture } from './run';

let dir: string;
let cleanup: () => Promise<void>;
beforeAll(async () => {
  const made = await makeTempDir();
  dir = made.dir;
  cleanup = made.cleanup;
});
afterAll(() => cleanup?.());

type Column = { name: string; type: string; role: string };
const columns = (stdout: string): Record<string, Column> =>
  Object.fromEntries(
    (JSON.parse(stdout) as { dataset: { columns: Column[] } }).dataset.columns.map((c) => [
      c.name,
      c,
    ]),
  );

describe('--type and --role pairs', () => {
  it('import reads comma-separated pairs as several pairs', async () => {
    const project = `${dir}/commas.mtlproj`;
    const args = [
      '--type',
      'year=categorical,body_mass_g=text',
      '--role',
      'sex=ignore,island=ignore',
    ];
    const imported = await cli('import', fixture('penguins.csv'), '-p', project, ...args, '--json');
    expect(imported.code).toBe(0);
    const byName = columns(imported.stdout);
    expect(byName.year.type).toBe('categorical');
    expect(byName.body_mass_g.type).toBe('text');
    expect(byName.sex.role).toBe('ignore');
    expect(byName.island.role).toBe('ignore');
    expect(byName.species.role).toBe('input');

    const roles = await cli('columns', '-p', project, '--role', 'sex=input,island=input', '--json');
    expect(roles.code).toBe(0);
    expect(columns(roles.stdout).sex.role).toBe('input');
    expect(columns(roles.stdout).island.role).toBe('input');
  }, 60_000);

  it('import --role takes several space-separated pairs after one flag, as --type', async () => {
    // Found by a new user: `import peng.csv --role species=target island=target` said "too many
    // arguments for 'import'" (the second pair was taken as a second CSV). Expected by hand:
    // each named column gets the role given; the others stay inputs.
    const project = `${dir}/spaces.mtlproj`;
    const args = ['--role', 'species=target', 'island=target', 'sex=ignore,year=ignore'];
    const imported = await cli('import', fixture('penguins.csv'), '-p', project, ...args, '--json');
    expect(imported.code).toBe(0);
    const byName = columns(imported.stdout);
    expect(byName.species.role).toBe('target');
    expect(byName.island.role).toBe('target');
    expect(byName.sex.role).toBe('ignore');
    expect(byName.year.role).toBe('ignore');
    expect(byName.bill_length_mm.role).toBe('input');
    // Written before <csv>, the file is taken as a pair: the error says where to put it.
    const before = await cli('import', '--role', 'species=target', fixture('penguins.csv'));
    expect(before.code).toBe(1);
    expect(before.stderr).toContain('put <csv> before --role');
  }, 60_000);

  it('a pair whose comma parts are not all pairs stays one column name', async () => {
    const project = `${dir}/whole.mtlproj`;
    const refused = await cli(
      'import',
      fixture('penguins.csv'),
      '-p',
      project,
      '--type',
      'year,sex=categorical',
    );
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("no column named 'year,sex'");
  }, 60_000);

  it('a column named twice is refused, and nothing is imported', async () => {
    const project = `${dir}/twice.mtlproj`;
    const refused = await cli(
      'import',
      fixture('penguins.csv'),
      '-p',
      project,
      '--type',
      'year=categorical',
      'year=numeric',
    );
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(
      '--type names the column "year" twice (year=categorical and year=numeric): give it once.',
    );
    expect(existsSync(project)).toBe(false);
    const roles = await cli(
      'import',
      fixture('penguins.csv'),
      '-p',
      project,
      '--role',
      'sex=ignore,sex=input',
    );
    expect(roles.code).toBe(1);
    expect(roles.stderr).toContain(
      '--role names the column "sex" twice (sex=ignore and sex=input)',
    );
  }, 60_000);
});
