/**
 * `mtl-studio affinity`: measures task affinity and stores it in the project; `--stored`
 * prints the newest stored one without measuring (same id and time as the measured one, a
 * pass would store a new one), `--json` as one document, and says when none is stored.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../store/helpers';
import { cli, fixture } from './run';

let dir: string;
let cleanup: () => Promise<void>;
beforeAll(async () => {
  ({ dir, cleanup } = await makeTempDir());
});
afterAll(() => cleanup());

describe('affinity', () => {
  it('stores what it measures and prints the stored one with --stored', async () => {
    const project = `${dir}/penguins.mtlproj`;
    expect((await cli('import', fixture('penguins.csv'), '-p', project)).code).toBe(0);
    expect((await cli('tasks', '-p', project, '--add', 'species', 'island', 'sex')).code).toBe(0);

    const none = await cli('affinity', '-p', project, '--stored');
    expect(none.code).not.toBe(0);
    expect(none.stderr).toContain('No task affinity stored for dataset 1');

    const measured = await cli('--json', 'affinity', '-p', project, '--steps', '30');
    expect(measured.code).toBe(0);
    const doc = JSON.parse(measured.stdout);
    // every = 3: look-ahead at steps 0, 3, …, 27 = 10 samples; 3 tasks → 3 × 3.
    expect(doc).toMatchObject({
      id: 1,
      tasks: ['species', 'island', 'sex'],
      method: 'lookahead',
      steps: 30,
      samples: 10,
      changedSince: { labels: 0, tasks: false },
    });
    expect(doc.affinity.map((row: number[]) => row.length)).toEqual([3, 3, 3]);

    const stored = await cli('--json', 'affinity', '-p', project, '--stored');
    expect(stored.code).toBe(0);
    expect(JSON.parse(stored.stdout)).toEqual(doc);

    const text = await cli('affinity', '-p', project, '--stored');
    expect(text.code).toBe(0);
    expect(text.stdout).toContain(`Task affinity 1 (lookahead, split ${doc.splitId}, 30 steps`);
    expect(text.stdout).toContain(`computed ${doc.computedAt}`);
    expect(text.stdout).toContain('Recommended grouping:');

    const other = await cli('affinity', '-p', project, '--stored', '--tasks', 'species', 'sex');
    expect(other.code).not.toBe(0);
    expect(other.stderr).toContain('over species, sex');
  });
});
