/**
 * A column marked as a target that no task uses is neither an input nor a task, so training
 * leaves it out. Found by a new user: `import penguins.csv --role species=target`, then
 * `tasks --add island`; the trained model's metadata listed 11 features without species and
 * nothing said why. `train` now warns naming such columns, and the Train view says the same
 * (en + zh-CN). Expected names and texts written by hand from the penguins header (species,
 * island, bill_length_mm, …, sex, year).
 */
import { createI18n } from 'vue-i18n';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { targetRoleNote } from '../../src/main/cli/commands/datasets';
import { targetsWithoutTaskText } from '../../src/main/cli/commands/trainOptions';
import { MESSAGES } from '../../src/renderer/src/i18n';
import { targetsWithoutTask } from '../../src/shared/targetColumns';
import { makeTempDir } from '../store/helpers';
import { cli, fixture } from './run';

const ONE =
  'species is marked as a target but no task uses it, so it is not an input either; make it an input (mtl-studio columns --role species=input) or add a task for it (mtl-studio tasks --add species)';

let cleanup: () => Promise<void>;
let project: string;
beforeAll(async () => {
  let dir: string;
  ({ dir, cleanup } = await makeTempDir());
  project = `${dir}/p.mtlproj`;
  expect(
    (await cli('import', fixture('penguins.csv'), '-p', project, '--role', 'species=target')).code,
  ).toBe(0);
  expect((await cli('tasks', '-p', project, '--add', 'island')).code).toBe(0);
});
afterAll(() => cleanup());

describe('a target column no task uses', () => {
  it('is found among the columns, in column order', () => {
    const columns = [
      { name: 'species', role: 'target' as const },
      { name: 'island', role: 'target' as const },
      { name: 'sex', role: 'target' as const },
      { name: 'year', role: 'input' as const },
    ];
    expect(targetsWithoutTask(columns, [{ targetColumn: 'island' }])).toEqual(['species', 'sex']);
    expect(
      targetsWithoutTask(columns, [
        { targetColumn: 'island' },
        { targetColumn: 'species' },
        { targetColumn: 'sex' },
      ]),
    ).toEqual([]);
  });

  it('is named by the CLI, one or several', () => {
    expect(targetsWithoutTaskText([])).toBeNull();
    expect(targetsWithoutTaskText(['species'])).toBe(ONE);
    expect(targetsWithoutTaskText(['species', 'body mass'])).toBe(
      "species, body mass are marked as targets but no task uses them, so they are not inputs either; make them inputs (mtl-studio columns --role species=input 'body mass=input') or add a task for each (mtl-studio tasks --add species 'body mass')",
    );
  });

  it('is said in the Train view in English and Chinese', () => {
    const i18n = createI18n({ legacy: false, locale: 'en', messages: MESSAGES });
    const t = i18n.global.t;
    expect(t('train.targetsWithoutTask', { columns: 'species' }, 1)).toBe(
      'species is marked as a target but no task uses it, so it is not an input either; make it an input (its role in Data) or add a task for it (Tasks).',
    );
    expect(t('train.targetsWithoutTask', { columns: 'species, sex' }, 2)).toBe(
      'species, sex are marked as targets but no task uses them, so they are not inputs either; make them inputs (their roles in Data) or add a task for each (Tasks).',
    );
    i18n.global.locale.value = 'zh-CN';
    expect(t('train.targetsWithoutTask', { columns: 'species' }, 1)).toBe(
      'species 被标记为目标列，但没有任务使用，因此也不是输入；请把它设为输入（在“数据”中设置角色），或为它添加任务（在“任务”中）。',
    );
  });

  it('train warns before it trains, on stderr and in --json', async () => {
    const { code, stdout, stderr } = await cli(
      '--json',
      'train',
      '-p',
      project,
      '--arch',
      'single-task',
      '--evaluation',
      'split',
      '--epochs',
      '2',
    );
    expect(code).toBe(0);
    // The commands it names carry this project (one dataset, not given: no -d).
    const said = targetsWithoutTaskText(['species'], `-p ${project}`);
    expect(said).toBe(
      `species is marked as a target but no task uses it, so it is not an input either; make it an input (mtl-studio columns -p ${project} --role species=input) or add a task for it (mtl-studio tasks -p ${project} --add species)`,
    );
    expect(stderr.split('\n')).toContain(`warning: ${said}`);
    expect(JSON.parse(stdout).warnings).toContain(said);
  }, 90_000);

  it('import --role y=target names the command that adds its task, and train without a task says it', async () => {
    // Found by a new user: the role was accepted, no task was made, and train said only "no
    // task yet". A role defines no task (the studio's Tasks view ticks such columns); by hand:
    // y is the one column marked, in dataset 1.
    const { dir: d2, cleanup: done } = await makeTempDir();
    try {
      writeFileSync(`${d2}/data.csv`, 'x,y\n1,a\n2,b\n3,a\n4,b\n');
      const p2 = `${d2}/x.mtlproj`;
      const imported = await cli('import', `${d2}/data.csv`, '-p', p2, '--role', 'y=target');
      expect(imported.code).toBe(0);
      expect(imported.stdout).toContain(
        `note: y is marked as a target; add its task to train on it: mtl-studio tasks -p ${p2} -d 1 --add y\n`,
      );
      const train = await cli('train', '-p', p2);
      expect(train.code).not.toBe(0);
      expect(train.stderr).toBe(
        `error: Dataset "data" has no task yet; define at least one: y is marked as a target, and a role defines no task: add its task (mtl-studio tasks -p ${p2} --add y, or the Tasks view).\n`,
      );
    } finally {
      await done();
    }
  }, 60_000);

  it('the note names several marked columns, quoted for the shell', () => {
    const columns = [
      { name: 'a', role: 'target' as const },
      { name: 'b c', role: 'target' as const },
      { name: 'd', role: 'input' as const },
    ];
    expect(targetRoleNote({ id: 2, columns } as never, 'p.mtlproj')).toBe(
      "note: a, b c are marked as targets; add their tasks to train on them: mtl-studio tasks -p p.mtlproj -d 2 --add a 'b c'",
    );
    expect(targetRoleNote({ id: 2, columns: [columns[2]] } as never, 'p.mtlproj')).toBeNull();
  });
});
