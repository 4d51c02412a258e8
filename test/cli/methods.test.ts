/**
 * `mtl-studio train` with the multi-task methods (MMoE/PLE/cross-stitch, loss weighting):
 * the options reach the run, epochs record task weights and gates, help lists each choice.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARCHITECTURES } from '../../src/main/engine/architectures';
import { WEIGHTINGS } from '../../src/main/engine/weighting';
import { ProjectStore } from '../../src/main/store/projectStore';
import { makeTempDir } from '../store/helpers';
import { cli, fixture } from './run';

let dir: string;
let cleanup: () => Promise<void>;
let project: string;
beforeAll(async () => {
  ({ dir, cleanup } = await makeTempDir());
  project = `${dir}/methods.mtlproj`;
  await cli('import', fixture('penguins.csv'), '-p', project);
  await cli('tasks', '-p', project, '--add', 'species', 'sex');
});
afterAll(() => cleanup());

describe('mtl-studio train with multi-task methods', () => {
  it('--arch mmoe --weighting uncertainty completes and records task weights and gates', async () => {
    const { code, stdout } = await cli(
      '--json',
      'train',
      '--evaluation',
      'split',
      '-p',
      project,
      '--arch',
      'mmoe',
      '--weighting',
      'uncertainty',
      '--experts',
      '3',
      '--class-weights',
      'balanced',
      '--epochs',
      '3',
      '--in-process',
    );
    expect(code).toBe(0);
    const trained = JSON.parse(stdout).run;
    expect(trained.status).toBe('completed');
    expect(trained.config).toMatchObject({
      arch: 'mmoe',
      weighting: 'uncertainty',
      numExperts: 3,
      classWeights: 'balanced',
    });
    const store = await ProjectStore.open(project, { create: false });
    try {
      const epochs = await store.training.listEpochs(trained.id);
      expect(epochs).toHaveLength(3);
      for (const e of epochs) {
        expect(Object.keys(e.taskWeights!)).toEqual(['species', 'sex']);
        for (const g of Object.values(e.gates!)) {
          expect(g).toHaveLength(3);
          expect(g.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 5);
        }
      }
    } finally {
      await store.close();
    }
  });

  it('--task-weight implies static weighting; a weight for an unknown task is an error', async () => {
    const ok = await cli(
      '--json',
      'train',
      '--evaluation',
      'split',
      '-p',
      project,
      '--arch',
      'cross-stitch',
      '--task-weight',
      'species=2',
      '--epochs',
      '1',
      '--in-process',
    );
    expect(JSON.parse(ok.stdout).run.config).toMatchObject({
      weighting: 'static',
      taskWeights: { species: 2 },
    });
    const bad = await cli(
      '--json',
      'train',
      '--evaluation',
      'split',
      '-p',
      project,
      '--task-weight',
      'colour=2',
      '--epochs',
      '1',
      '--in-process',
    );
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.stdout).error.message).toMatch(/unknown task "colour"/);
  });

  it('help gives one line per architecture and weighting, with its description', async () => {
    const { stdout } = await cli('train', '--help');
    for (const m of [...Object.values(ARCHITECTURES), ...Object.values(WEIGHTINGS)]) {
      expect(stdout).toContain(`  ${m.name.padEnd(13)} ${m.description}`);
    }
  });
});
