/**
 * A cross-validation of a task that has no labelled row at all is refused before it is
 * stored. Found by a new user: `tasks --new style=casual,formal` then `train --epochs 2`
 * (cross-validation on a small table) or `--arch auto` printed "fold 1 of 5", failed on the
 * task, and left a "failed" cross-validation that `evaluate` advised continuing with the same
 * command — which failed the same way. `--evaluation split` already left nothing.
 * Expected by hand: 20 rows, task y labelled on all of them, task style on none.
 */
import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../store/helpers';
import { cli } from './run';

let cleanup: () => Promise<void>;
let dir: string;
let project: string;
beforeAll(async () => {
  ({ dir, cleanup } = await makeTempDir());
  const rows = Array.from({ length: 20 }, (_, i) => `${i},${i % 2 === 0 ? 'a' : 'b'}`);
  writeFileSync(`${dir}/t.csv`, `x,y\n${rows.join('\n')}\n`);
  project = `${dir}/t.mtlproj`;
  expect((await cli('import', `${dir}/t.csv`, '-p', project)).code).toBe(0);
  expect((await cli('tasks', '-p', project, '--add', 'y')).code).toBe(0);
  expect((await cli('tasks', '-p', project, '--new', 'style=casual,formal')).code).toBe(0);
}, 60_000);
afterAll(() => cleanup());

/** The cross-validations `evaluate --json` lists. */
async function crossValidations(): Promise<unknown[]> {
  const out = await cli('--json', 'evaluate', '-p', project);
  expect(out.code).toBe(0);
  return (JSON.parse(out.stdout) as { crossValidations: unknown[] }).crossValidations;
}

describe('a cross-validation of a task never labelled', () => {
  it.each([
    ['a fixed configuration', ['--epochs', '2']],
    ['Auto', ['--arch', 'auto', '--budget', '5s']],
  ])(
    'is refused before any fold, and stores nothing (%s)',
    async (_, options) => {
      const r = await cli('train', '-p', project, '--backend', 'cpu', ...options);
      expect(r.code).not.toBe(0);
      expect(r.stderr).toContain('Task "style" has no labelled row at all (20 rows in all)');
      expect(r.stderr).not.toContain('fold 1 of');
      // Auto's budget line is said at the first fold: not before this refusal.
      expect(r.stderr).not.toContain('budget');
      expect(await crossValidations()).toEqual([]);
    },
    60_000,
  );
});
