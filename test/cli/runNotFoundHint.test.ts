/**
 * An unknown run names where the runs are listed. Found by a new user: `export model --run
 * 99`, `evaluate --run 99` and `predict --run 99` said only "Run 99 not found". Expected by
 * hand: a project with no run, in a folder whose name has a space, so the project path in
 * the suggested command is quoted for a POSIX shell ('…'), as the other hints quote it.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../store/helpers';
import { cli } from './run';

let cleanup: () => Promise<void>;
let dir: string;
let project: string;
beforeAll(async () => {
  ({ dir, cleanup } = await makeTempDir());
  mkdirSync(`${dir}/my runs`);
  writeFileSync(`${dir}/t.csv`, 'x,y\n1,a\n2,b\n3,a\n4,b\n');
  project = `${dir}/my runs/p.mtlproj`;
  expect((await cli('import', `${dir}/t.csv`, '-p', project)).code).toBe(0);
  expect((await cli('tasks', '-p', project, '--add', 'y')).code).toBe(0);
}, 60_000);
afterAll(() => cleanup());

describe('an unknown run', () => {
  it('export, evaluate and predict say how to list the runs', async () => {
    const expected = `error: Run 99 not found in this project; list its runs with mtl-studio runs -p '${project}'\n`;
    const exported = await cli('export', 'model', '-p', project, '--run', '99', '-o', `${dir}/m`);
    expect(exported.code).toBe(1);
    expect(exported.stderr).toBe(expected);
    const evaluated = await cli('evaluate', '-p', project, '--run', '99');
    expect(evaluated.code).toBe(1);
    expect(evaluated.stderr).toBe(expected);
    const predicted = await cli('predict', '-p', project, '--run', '99', `${dir}/t.csv`);
    expect(predicted.code).toBe(1);
    expect(predicted.stderr).toBe(expected);
  }, 60_000);

  it('--run 0 and a negative --run are unknown runs too, in every command taking --run', async () => {
    // Found by a new user: `evaluate --run 0` ignored the filter (0 is falsy) and printed
    // every run, exit 0.
    for (const id of ['0', '-1']) {
      const expected = `error: Run ${id} not found in this project; list its runs with mtl-studio runs -p '${project}'\n`;
      const evaluated = await cli('evaluate', '-p', project, `--run=${id}`);
      expect(evaluated.code).toBe(1);
      expect(evaluated.stderr).toBe(expected);
      const exported = await cli('export', 'model', '-p', project, `--run=${id}`, '-o', `${dir}/m`);
      expect(exported.code).toBe(1);
      expect(exported.stderr).toBe(expected);
      const predicted = await cli('predict', '-p', project, `--run=${id}`, `${dir}/t.csv`);
      expect(predicted.code).toBe(1);
      expect(predicted.stderr).toBe(expected);
    }
  }, 90_000);

  it('--json keeps the reason for scripts', async () => {
    const r = await cli('--json', 'evaluate', '-p', project, '--run', '99');
    const { error } = JSON.parse(r.stdout) as {
      error: { code: string; details: { reason: string; params: { id: number } } };
    };
    expect(error.code).toBe('NOT_FOUND');
    expect(error.details.reason).toBe('RUN_MISSING');
    expect(error.details.params.id).toBe(99);
  }, 30_000);
});
