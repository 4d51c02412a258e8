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
    expect(stderr.split('\n')).toContain(`warning: ${ONE}`);
    expect(JSON.parse(stdout).warnings).toContain(ONE);
  }, 90_000);
});
