/**
 * Task affinity refused on a dataset of one task, as the studio shows it (found by a new
 * user: the refusal had no reason, so the studio showed the CLI's English text with its
 * `-p <project>` placeholder, in Chinese too). The service's error now carries a reason with
 * parameters (AFFINITY_ONE_TASK, shared/errors.ts) that the studio words itself, without CLI
 * words; the English message stays the CLI's (its tooltip). Expected by hand: penguins.csv's
 * categorical columns are species, island and sex (year is numeric).
 */
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createI18n } from 'vue-i18n';
import { importCsv } from '../../src/main/data/importCsv';
import { estimateTaskAffinity } from '../../src/main/services/taskAffinity';
import { defineTasks } from '../../src/main/services/tasks';
import { ProjectStore } from '../../src/main/store/projectStore';
import { describeError } from '../../src/renderer/src/errorText';
import { MESSAGES } from '../../src/renderer/src/i18n';
import { MtlError } from '../../src/shared/errors';
import { makeTempDir } from '../store/helpers';

const PENGUINS = fileURLToPath(new URL('../fixtures/penguins.csv', import.meta.url));

// Its own i18n: the shared one's locale is left alone.
const i18n = createI18n({ legacy: false, locale: 'en', messages: MESSAGES });
const t = (key: string, values?: Record<string, unknown>, plural?: number): string =>
  plural === undefined
    ? i18n.global.t(key, values ?? {})
    : i18n.global.t(key, values ?? {}, plural);
const te = (key: string): boolean => i18n.global.te(key, 'en');

let dir: string;
let cleanup: () => Promise<void>;
let store: ProjectStore;
let datasetId: number;

beforeEach(async () => {
  ({ dir, cleanup } = await makeTempDir());
  store = await ProjectStore.open(`${dir}/one.mtlproj`, { create: true });
  datasetId = (await importCsv(store, PENGUINS, { name: 'penguins' })).id;
});
afterEach(async () => {
  await store.close();
  await cleanup();
});

/** The error `estimateTaskAffinity` refuses with. */
async function refusal(request: Parameters<typeof estimateTaskAffinity>[1]): Promise<MtlError> {
  const err = await estimateTaskAffinity(store, request).then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(MtlError);
  return err as MtlError;
}

describe('affinity on a dataset of one task', () => {
  it('carries a reason the studio words itself, in English and Chinese', async () => {
    await defineTasks(store, datasetId, [{ column: 'species' }]);
    const err = await refusal({ datasetId, steps: 5 });
    // The CLI's text, as before (the CLI fills in the project).
    expect(err.message).toBe(
      'Task affinity relates tasks: it needs at least 2, and dataset "penguins" has only one ("species"); add another task: a categorical column, here island, sex (mtl-studio tasks -p <project> --add island, or the Tasks view), or label a new one (--new NAME=class1,class2).',
    );
    expect(err.details).toMatchObject({
      reason: 'AFFINITY_ONE_TASK',
      params: { dataset: 'penguins', task: 'species', columns: 'island, sex' },
      candidates: ['island', 'sex'],
    });

    const payload = err.toPayload();
    i18n.global.locale.value = 'en';
    expect(describeError(payload, t, te, 'en')).toEqual({
      headline:
        'Task affinity relates tasks: it needs at least 2, and dataset “penguins” has only one (“species”). Add another task in the Tasks view: a categorical column such as island, sex, or a new task you label',
      detail: null,
      original: err.message,
    });
    i18n.global.locale.value = 'zh-CN';
    const zh = describeError(payload, t, te, 'zh-CN');
    expect(zh.headline).toBe(
      '任务亲和度衡量任务之间的关系，至少需要 2 个任务，而数据集“penguins”只有一个（“species”）。请在“任务”视图中再添加一个任务：一个分类列，例如 island, sex，或一个需要您标注的新任务',
    );
    expect(zh.detail).toBeNull();
  });

  it('names the tasks to choose from when fewer than 2 are chosen', async () => {
    await defineTasks(store, datasetId, [{ column: 'species' }, { column: 'sex' }]);
    const err = await refusal({ datasetId, tasks: ['sex'], steps: 5 });
    expect(err.details).toMatchObject({
      reason: 'AFFINITY_ONE_CHOSEN',
      params: { chosen: 'sex', tasks: 'species, sex' },
    });
    i18n.global.locale.value = 'zh-CN';
    expect(describeError(err.toPayload(), t, te, 'zh-CN').headline).toBe(
      '任务亲和度衡量任务之间的关系，至少需要 2 个任务，而只选择了“sex”；请从 species, sex 中选择 2 个或更多',
    );
  });
});
