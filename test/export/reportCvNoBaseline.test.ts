/**
 * The report says under its cross-validation table why a cross-validation has no Δm, as the
 * studio's Compare view does (found by a new user: the report's table said only "no baseline"
 * where the studio named what the single-task cross-validation differed in). Made through the
 * services, in-process: a single-task cross-validation on 2 folds (seed 3) and a hard-sharing
 * one on 3 folds (seed 3) of penguins' species, so the single-task one is on other folds and
 * is no baseline. Expected sentences written by hand (en and zh-CN) from these two schemes.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importCsv } from '../../src/main/data/importCsv';
import { crossValidate } from '../../src/main/services/crossValidation';
import { writeReport } from '../../src/main/services/exports';
import { defineTasks } from '../../src/main/services/tasks';
import { ProjectStore } from '../../src/main/store/projectStore';
import type { CrossValidationInfo } from '../../src/shared/domain';
import { makeTempDir } from '../store/helpers';

const PENGUINS = fileURLToPath(new URL('../fixtures/penguins.csv', import.meta.url));
const FAST = { epochs: 2, patience: 0, patienceSteps: 0, hiddenUnits: [4], seed: 1 };

let store: ProjectStore;
let dir: string;
let cleanup: () => Promise<void>;
let single: CrossValidationInfo;
let shared: CrossValidationInfo;

beforeAll(async () => {
  ({ dir, cleanup } = await makeTempDir());
  store = await ProjectStore.open(join(dir, 'why.mtlproj'), { create: true });
  const datasetId = (await importCsv(store, PENGUINS, { name: 'penguins' })).id;
  await defineTasks(store, datasetId, [{ column: 'species' }]);
  const cv = (arch: 'single-task' | 'hard-sharing', k: number) =>
    crossValidate(
      store,
      { datasetId, method: { kind: 'fixed', config: { ...FAST, arch } }, plan: { k, seed: 3 } },
      { mode: 'in-process' },
    );
  single = await cv('single-task', 2);
  shared = await cv('hard-sharing', 3);
}, 120_000);
afterAll(async () => {
  await store?.close();
  await cleanup?.();
});

/** The report's `<p class="… cv-why" …>` notes, their text. */
const notes = (html: string): string[] =>
  [...html.matchAll(/<p class="muted cv-why"[^>]*>([^<]*)<\/p>/g)].map((m) => m[1]);

describe('report of a cross-validation without a single-task baseline on its folds', () => {
  it('says why under the cross-validation table, in English and in Chinese', async () => {
    const expected = {
      en: `No Δm for CV${shared.id} Hard parameter sharing · Equal. Single-task CV${single.id} is on other folds (2 folds, seed 3, not 3 folds, seed 3).`,
      'zh-CN': `单任务 CV${single.id} 使用的是另一组折（2 折、种子 3，而非 3 折、种子 3）。`,
    } as const;
    for (const lang of ['en', 'zh-CN'] as const) {
      const out = join(dir, `r-${lang}.html`);
      await writeReport(store, out, { lang });
      const html = await readFile(out, 'utf8');
      const why = notes(html);
      // One note: the single-task cross-validation needs no baseline.
      expect(why, lang).toHaveLength(1);
      if (lang === 'en') expect(why[0]).toBe(expected.en);
      else {
        expect(why[0].startsWith(`CV${shared.id} `)).toBe(true);
        expect(why[0].endsWith(` 没有 Δm。${expected['zh-CN']}`)).toBe(true);
      }
      // Under the table, before the section's note.
      const table = html.indexOf('</table>', html.indexOf('class="cv-table'));
      expect(table).toBeGreaterThan(-1);
      expect(html.indexOf('cv-why')).toBeGreaterThan(table);
    }
  });
});
