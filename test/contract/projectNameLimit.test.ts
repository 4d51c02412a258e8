/**
 * A project's name has one limit, shared by `projects.create` and the Projects view's name
 * field. Found by a new user: a 239-character name was typed in full and Create answered
 * `Invalid request on "projects.create": name = "…": Too big: expected string to have <=200
 * characters.` Now the field cannot take more than the channel accepts (maxlength bound to
 * MAX_PROJECT_NAME) and says so in the user's language (projects.nameLimit, en + zh-CN).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { INVOKE, MAX_PROJECT_NAME } from '../../src/shared/contract';
import { MESSAGES } from '../../src/renderer/src/i18n';

describe('project name limit', () => {
  it('projects.create takes MAX_PROJECT_NAME characters and refuses one more', () => {
    const schema = INVOKE['projects.create'].request;
    expect(
      schema.safeParse({ path: '/p.mtlproj', name: 'a'.repeat(MAX_PROJECT_NAME) }).success,
    ).toBe(true);
    expect(
      schema.safeParse({ path: '/p.mtlproj', name: 'a'.repeat(MAX_PROJECT_NAME + 1) }).success,
    ).toBe(false);
  });

  it('the Projects view binds its name field to the same constant and words the limit', () => {
    const view = readFileSync(
      new URL('../../src/renderer/src/views/ProjectsView.vue', import.meta.url),
      'utf8',
    );
    const field = view.slice(view.indexOf('v-model="newName"'), view.indexOf('new-project-name"'));
    expect(field).toContain(':maxlength="MAX_PROJECT_NAME"');
    expect(view).toContain("t('projects.nameLimit', { max: MAX_PROJECT_NAME })");
    for (const locale of ['en', 'zh-CN'] as const) {
      const text = MESSAGES[locale].projects.nameLimit;
      expect(text).toContain('{max}');
    }
  });
});
