/**
 * `mtl-studio splits`: preview, make and list training splits. Expected counts are computed by
 * hand from penguins' species counts (Adelie 152, Gentoo 124, Chinstrap 68) with the
 * largest-remainder rule the split applies per class (floors of the exact shares, the leftover
 * rows to the largest remainders, ties to the earlier split).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../store/helpers';
import { cli, fixture } from './run';

let dir: string;
let cleanup: () => Promise<void>;
let project: string;
beforeAll(async () => {
  ({ dir, cleanup } = await makeTempDir());
  project = `${dir}/splits.mtlproj`;
  await cli('import', fixture('penguins.csv'), '-p', project);
  await cli('tasks', '-p', project, '--add', 'species', 'sex');
});
afterAll(() => cleanup());

const SIXTY = ['--train', '0.6', '--validation', '0.2', '--test', '0.2'];

describe('splits command', () => {
  it('previews a stratified split per split and class, storing nothing', async () => {
    const { code, stdout } = await cli(
      '--json',
      'splits',
      '-p',
      project,
      '--preview',
      ...SIXTY,
      '--stratify',
      'species',
      '--seed',
      '5',
    );
    expect(code).toBe(0);
    const preview = JSON.parse(stdout);
    // Adelie 152 → 91.2 / 30.4 / 30.4 → 91 / 31 / 30; Gentoo 124 → 74.4 / 24.8 / 24.8 →
    // 74 / 25 / 25; Chinstrap 68 → 40.8 / 13.6 / 13.6 → 41 / 14 / 13.
    expect(preview.classes).toMatchObject({
      task: 'species',
      labels: ['Adelie', 'Chinstrap', 'Gentoo'],
      train: [91, 41, 74],
      validation: [31, 14, 25],
      test: [30, 13, 25],
    });
    expect(preview.counts).toEqual({ train: 206, validation: 70, test: 68 });
    expect(JSON.parse((await cli('--json', 'splits', '-p', project)).stdout)).toEqual({
      splits: [],
      foldSchemes: [],
    });
  });

  it('previews a plain random split with --no-stratify', async () => {
    const { stdout } = await cli(
      '--json',
      'splits',
      '-p',
      project,
      '--preview',
      ...SIXTY,
      '--no-stratify',
    );
    // 344 → 206.4 / 68.8 / 68.8 → 206 / 68 / 68, then validation and test (.8 each).
    expect(JSON.parse(stdout).counts).toEqual({ train: 206, validation: 69, test: 69 });
  });

  it('makes the split once (the same settings give it back) and lists it', async () => {
    const args = ['splits', '-p', project, '--make', ...SIXTY, '--stratify', 'species'];
    const made = JSON.parse((await cli('--json', ...args, '--seed', '5')).stdout);
    expect(made.split).toMatchObject({ seed: 5, stratifiedOn: 'species' });
    expect(made.counts).toEqual({ train: 206, validation: 70, test: 68 });
    const again = JSON.parse((await cli('--json', ...args, '--seed', '5')).stdout);
    expect(again.split.id).toBe(made.split.id);
    const other = JSON.parse((await cli('--json', ...args, '--seed', '6')).stdout);
    expect(other.split.id).not.toBe(made.split.id);
    const { splits } = JSON.parse((await cli('--json', 'splits', '-p', project)).stdout);
    expect(splits.map((s: { id: number; runs: number }) => [s.id, s.runs])).toEqual([
      [made.split.id, 0],
      [other.split.id, 0],
    ]);
    // The human table names each split.
    const { stdout } = await cli('splits', '-p', project);
    expect(stdout).toContain('0.6 / 0.2 / 0.2');
    expect(stdout).toContain('206 / 70 / 68');
  });

  it('names the tasks for an unknown stratification task', async () => {
    const { code, stdout } = await cli(
      '--json',
      'splits',
      '-p',
      project,
      '--preview',
      '--stratify',
      'beak',
    );
    expect(code).toBe(1);
    expect(JSON.parse(stdout).error).toMatchObject({
      code: 'TASK_INVALID',
      message: 'No task "beak"; tasks: "species", "sex".',
    });
  });
});
