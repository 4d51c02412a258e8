/**
 * Every command taking -d/--dataset refuses an unknown dataset the same way (program.ts
 * resolveDataset). Found by a new user: `runs -d 9` (and `-d 0`) printed an empty table, exit
 * code 0, where `evaluate`, `tasks`, `columns` and `affinity` said "Dataset 9 not found; the
 * project's dataset is 1 (…)", exit code 1. Expected (by hand: the project holds one dataset,
 * id 1, imported from penguins.csv, so named "penguins"): that sentence, exit code 1, for
 * every such command, and as `{"error": {"code": "NOT_FOUND", …}}` under --json.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../store/helpers';
import { cli, fixture } from './run';

let dir: string;
let cleanup: () => Promise<void>;
let project: string;
beforeAll(async () => {
  ({ dir, cleanup } = await makeTempDir());
  project = `${dir}/p.mtlproj`;
  expect((await cli('import', fixture('penguins.csv'), '-p', project)).code).toBe(0);
  expect((await cli('tasks', '-p', project, '--add', 'species')).code).toBe(0);
  const trained = await cli(
    ...['train', '-p', project, '--evaluation', 'split', '--epochs', '1', '--backend', 'cpu'],
  );
  expect(trained.code).toBe(0);
}, 120_000);
afterAll(() => cleanup());

const said = (id: number) => `Dataset ${id} not found; the project's dataset is 1 (penguins).`;

describe('an unknown -d', () => {
  it.each([
    [['runs']],
    [['evaluate']],
    [['tasks']],
    [['columns']],
    [['splits']],
    [['affinity']],
    [['train']],
    [['labels', 'export']],
    [['labels', 'queue']],
    [['predict', '--run', '1']],
  ])(
    '%j -d 9 and -d 0 are refused, naming the datasets',
    async (words) => {
      for (const id of [9, 0]) {
        const r = await cli(...words, '-p', project, '-d', String(id));
        expect(r.code).toBe(1);
        expect(r.stderr).toContain(`error: ${said(id)}`);
        expect(r.stdout).toBe('');
      }
    },
    60_000,
  );

  it('runs -d 9 --json is the error document', async () => {
    const r = await cli('runs', '-p', project, '-d', '9', '--json');
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).error).toMatchObject({ code: 'NOT_FOUND', message: said(9) });
  });

  it('runs -d 1 still lists the run', async () => {
    const r = await cli('runs', '-p', project, '-d', '1', '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).runs.map((run: { id: number }) => run.id)).toEqual([1]);
  });
});
