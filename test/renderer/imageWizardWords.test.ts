/**
 * Words a new user met in the image wizard: "Task “level_3”: 1 classes" (now a plural form),
 * the jargon headline "The request was not accepted" over a refused request (now what went
 * wrong and what to do), and the deeper- and shallower-images notices, in English and
 * Chinese. Expected texts by hand from src/renderer/src/i18n/assets.ts and errors.ts.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { describeError } from '../../src/renderer/src/errorText';
import { i18n } from '../../src/renderer/src/i18n';

const { t, te } = i18n.global;
afterEach(() => {
  i18n.global.locale.value = 'en';
});

describe('image wizard words', () => {
  it('a task with one class says "1 class"', () => {
    const params = (classes: number) => ({ name: 'level_3', classes, missing: 79 });
    expect(t('images.import.task', params(1), 1)).toBe(
      'Task “level_3”: 1 class, 79 without a label',
    );
    expect(t('images.import.task', params(3), 3)).toBe(
      'Task “level_3”: 3 classes, 79 without a label',
    );
    i18n.global.locale.value = 'zh-CN';
    expect(t('images.import.task', params(1), 1)).toBe('任务“level_3”：1 个类别，79 张无标签');
  });

  it('a refused request says what went wrong (the message below) and what to do', () => {
    const refused = { code: 'BAD_REQUEST', message: 'Dataset name "x" is already taken' };
    expect(describeError(refused, t, te, 'en')).toEqual({
      headline: 'This cannot be done with what was given: see why below, change it and try again',
      detail: 'Dataset name "x" is already taken',
    });
    i18n.global.locale.value = 'zh-CN';
    expect(describeError(refused, t, te, 'zh-CN').headline).toBe(
      '无法按所给的内容执行：原因见下方，请修改后重试',
    );
  });

  it('the deeper-images notice names the count and one example', () => {
    const params = { n: 1, example: 'circle/blue/deeper/nested.png' };
    expect(t('images.import.deeperThanNamed', params, 1)).toBe(
      '1 image lies in a folder deeper than the named levels (e.g. circle/blue/deeper/nested.png): it takes the classes of its named folders above; the deeper folder names are ignored.',
    );
    i18n.global.locale.value = 'zh-CN';
    expect(t('images.import.deeperThanNamed', { ...params, n: 2 }, 2)).toBe(
      '2 张图像位于已命名各层之下的文件夹中（例如 circle/blue/deeper/nested.png）：它们取其上方已命名文件夹的类别，更深的文件夹名被忽略。',
    );
    expect(t('images.import.folderLevelsUsed', { n: 2 }, 2)).toBe('顶部 2 层');
  });

  it('the shallower-images notice names the count, one example and the unlabelled tasks', () => {
    // A fresh object per call: t() with a plural count writes `count` into the one it is given.
    const params = (n: number) => ({ n, example: 'cat/img1.png', tasks: 'level_2' });
    expect(t('images.import.shallowerThanNamed', params(1), 1)).toBe(
      '1 image lies in fewer folders than the levels (cat/img1.png): it is left unlabelled for level_2; you can label it later in the Label view.',
    );
    expect(t('images.import.shallowerThanNamed', params(3), 3)).toBe(
      '3 images lie in fewer folders than the levels: each is left unlabelled for the levels below its own folders (e.g. cat/img1.png: level_2); you can label them later in the Label view.',
    );
    i18n.global.locale.value = 'zh-CN';
    expect(t('images.import.shallowerThanNamed', params(3), 3)).toBe(
      '3 张图像所在的文件夹少于层数：每张图像在其文件夹以下的层上没有标签（例如 cat/img1.png：level_2），可以稍后在“标注”视图中标注。',
    );
  });
});
