/**
 * Image training from the command line as a user runs it (a real process): `demo cards`
 * (a small set of cards: the JSON report, and the runs it stored as `runs`/`evaluate` show
 * them, trunk in the method column), and `train` on an imported image folder with the CNN
 * and augmentation options reaching the run; an MLP trunk on images refused.
 */
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../store/helpers';
import { cli, fixture } from './run';

let dir: string;
let cleanup: () => Promise<void>;
beforeAll(async () => {
  ({ dir, cleanup } = await makeTempDir());
});
afterAll(() => cleanup());

describe('mtl-studio demo cards', () => {
  it('refuses a --dir that already holds files, before creating the project', async () => {
    // By hand: the folder holds one file of the user's, notes.txt.
    const folder = `${dir}/taken`;
    await mkdir(folder, { recursive: true });
    await writeFile(`${folder}/notes.txt`, 'mine');
    const project = `${dir}/taken.mtlproj`;
    const { code, stderr } = await cli('demo', 'cards', '--project', project, '--dir', folder);
    expect(code).toBe(1);
    expect(stderr).toContain(`the folder "${folder}" already holds 1 entry (notes.txt)`);
    expect(existsSync(project)).toBe(false);
  });

  it('generates, imports and trains the card example, and prints one JSON report', async () => {
    const project = `${dir}/cards.mtlproj`;
    const { code, stdout, stderr } = await cli(
      '--json',
      'demo',
      'cards',
      '--project',
      project,
      '--dir',
      `${dir}/cards`,
      '--count',
      '80',
      '--size',
      '32',
      '--epochs',
      '2',
      '--cross-stitch',
    );
    expect(code, stderr).toBe(0);
    const doc = JSON.parse(stdout);
    expect(doc).toMatchObject({ project, dir: `${dir}/cards`, cards: 80, imageSize: 32 });
    expect(existsSync(`${dir}/cards/manifest.csv`)).toBe(true);
    expect(doc.backend).toMatch(/^(wasm|cpu|tensorflow)/);
    expect(doc.runs.map((r: { arch: string }) => r.arch)).toEqual([
      'single-task',
      'hard-sharing',
      'cross-stitch',
    ]);
    for (const run of doc.runs) {
      expect(Object.keys(run.tasks)).toEqual(['colour', 'points', 'pattern', 'texture']);
      for (const m of Object.values(run.tasks) as { macroF1: number }[]) {
        expect(m.macroF1).toBeGreaterThanOrEqual(0);
        expect(m.macroF1).toBeLessThanOrEqual(1);
      }
    }
    expect(doc.runs[0].deltaM).toBeNull();
    for (const key of ['generate', 'import', 'train', 'total'])
      expect(doc.timings[key]).toBeGreaterThan(0);
    // The stored runs, as `runs` and `evaluate` show them: the CNN trunk in the method.
    const runs = await cli('runs', '-p', project);
    expect(runs.stdout).toContain('single-task · cnn 8/16/32');
    expect(runs.stdout).toContain('hard-sharing · equal · cnn 8/16/32');
    expect(runs.stdout).toContain('cross-stitch · equal · cnn 8/16/32');
    const evaluation = JSON.parse((await cli('--json', 'evaluate', '-p', project)).stdout).runs;
    if (doc.runs[1].deltaM === null) expect(evaluation[1].deltaM).toBeNull();
    else expect(evaluation[1].deltaM).toBeCloseTo(doc.runs[1].deltaM, 10);
  });
});

describe('mtl-studio train on images', () => {
  it('passes the CNN and augmentation options to the run; refuses an MLP trunk on images', async () => {
    const project = `${dir}/fashion.mtlproj`;
    const imported = await cli(
      'import-images',
      fixture('fashion-mnist'),
      '-p',
      project,
      '--size',
      '16',
      '--colour',
      'grey',
    );
    expect(imported.code, imported.stderr).toBe(0);
    expect((await cli('tasks', '-p', project, '--add', 'label', 'is_footwear')).code).toBe(0);
    const { code, stdout, stderr } = await cli(
      '--json',
      'train',
      '-p',
      project,
      '--conv-filters',
      '4,8',
      '--conv-kernel',
      '5',
      '--augment-flip',
      'horizontal',
      '--augment-shift',
      '1',
      '--augment-brightness',
      '0.1',
      '--epochs',
      '1',
      // One run on the test split (500 labelled rows would be cross-validated by default).
      '--evaluation',
      'split',
    );
    expect(code, stderr).toBe(0);
    const { run } = JSON.parse(stdout);
    expect(run.status).toBe('completed');
    expect(run.config).toMatchObject({
      trunk: 'cnn',
      convFilters: [4, 8],
      convKernel: 5,
      augmentFlip: 'horizontal',
      augmentShift: 1,
      augmentBrightness: 0.1,
    });
    const refused = await cli('--json', 'train', '-p', project, '--trunk', 'mlp');
    expect(refused.code).toBe(1);
    expect(JSON.parse(refused.stdout).error).toMatchObject({ code: 'BAD_REQUEST' });
    expect(JSON.parse(refused.stdout).error.message).toMatch(/holds images/);
  });

  it('train --help shows the trunk, CNN and augmentation options with their defaults', async () => {
    const { stdout } = await cli('train', '--help');
    // Commander wraps long lines: compare with runs of white space as one space.
    const help = stdout.replace(/\s+/g, ' ');
    expect(help).toMatch(/--trunk <kind> .*default: cnn for an image dataset, mlp for a table/);
    expect(help).toMatch(/--conv-filters <filters> [^(]*\(default 16,32,64\)/);
    expect(help).toMatch(/--conv-kernel <n> [^(]*\(default 3\)/);
    expect(help).toMatch(/--augment-flip <mode> [^(]*\(default none\)/);
    expect(help).toMatch(/--augment-shift <px> [^(]*\(default 0\)/);
    expect(help).toMatch(/--augment-brightness <x> [^(]*\(default 0\)/);
  });
});
