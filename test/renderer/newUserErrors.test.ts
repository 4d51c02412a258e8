/**
 * The errors a new user meets first, as the main process raises them (real files, a real
 * project), shown in Simplified Chinese: each is worded by its reason's zh-CN text with its
 * file, line, column and names filled in, and the English message is not shown again under
 * it (only as the headline's tooltip). Expected texts are written by hand from the zh-CN
 * strings of src/renderer/src/i18n/errors.ts and the files below (the lines and columns
 * counted in them).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importCsv } from '../../src/main/data/importCsv';
import { previewCsv } from '../../src/main/data';
import { checkColumnCount, nameHeader } from '../../src/main/data/csvTable';
import { stratifiedKFold } from '../../src/main/engine/crossValidation';
import { fitPreprocessing } from '../../src/main/engine/preprocessing';
import { runPredictor, type Predictor } from '../../src/main/export/predict';
import { predictCsv } from '../../src/main/export/predictCsv';
import { exportModel } from '../../src/main/services/exports';
import { defineTasks } from '../../src/main/services/tasks';
import { ensureSplit, prepareJob } from '../../src/main/services/training';
import { ProjectStore } from '../../src/main/store/projectStore';
import { DEFAULT_TRAIN_CONFIG } from '../../src/shared/domain';
import { describeError } from '../../src/renderer/src/errorText';
import { i18n } from '../../src/renderer/src/i18n';
import { makeTempDir } from '../store/helpers';

const { t, te } = i18n.global;
let dir: string;
let cleanup: () => Promise<void>;
let store: ProjectStore;

beforeAll(async () => {
  ({ dir, cleanup } = await makeTempDir());
  store = await ProjectStore.open(join(dir, 'errors.mtlproj'), { create: true });
});
afterAll(async () => {
  i18n.global.locale.value = 'en';
  await store?.close();
  await cleanup?.();
});

/** What the zh-CN UI shows for `err`: headline, detail (null: nothing under it). */
function shownInChinese(err: unknown): { headline: string; detail: string | null } {
  i18n.global.locale.value = 'zh-CN';
  const { headline, detail } = describeError(err, t, te, 'zh-CN');
  return { headline, detail };
}

/** The error `work` rejects with (fails the test when it resolves). */
async function refusal(work: () => Promise<unknown>): Promise<unknown> {
  try {
    await work();
  } catch (err) {
    return err;
  }
  throw new Error('expected a refusal');
}

/** Writes `text` to a file of the temporary folder; @returns its path. */
function file(name: string, text: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe('CSV import errors in zh-CN', () => {
  it('words a duplicated header name, a ragged row, an empty file and a binary file', async () => {
    // dup.csv: line 1 names "a" in columns 1 and 3 — refused where a file is predicted or
    // labelled (an import renames it: a.1), by the header check they run.
    const dup = await refusal(async () => nameHeader(['a', 'b', 'a'], 'dup.csv', 1));
    expect(shownInChinese(dup)).toEqual({
      headline: '“dup.csv”第 1 行：列名“a”出现了两次（第 1 列和第 3 列）',
      detail: null,
    });
    // ragged.csv: line 3 has 1 of 2 fields; the first column it lacks is "b".
    const ragged = await refusal(() => importCsv(store, file('ragged.csv', 'a,b\n1,2\n3\n')));
    expect(shownInChinese(ragged)).toEqual({
      headline: '“ragged.csv”第 3 行，列“b”：应有 2 个字段，实际有 1 个；该行在此列之前结束',
      detail: null,
    });
    const empty = await refusal(() => previewCsv(file('empty.csv', '')));
    expect(shownInChinese(empty).headline).toBe('“empty.csv”是空文件（没有表头，也没有数据行）');
    // A header and no row (the import stores nothing).
    const headerOnly = await refusal(() => importCsv(store, file('header.csv', 'a,b\n')));
    expect(shownInChinese(headerOnly).headline).toBe('“header.csv”有表头（第 1 行），但没有数据行');
    // bin.csv: a NUL at byte 1 (0-based, after "a").
    const binary = await refusal(() => previewCsv(file('bin.csv', Buffer.from('a\0b\n1,2\n'))));
    expect(shownInChinese(binary).headline).toMatch(/^“bin\.csv”看起来是二进制文件.*第 1 字节/);
    // Forced UTF-8 on a windows-1252 byte (é = 0xE9) on line 2, column "a": refused before
    // reading rows (two bytes, both é, would be U+FFFD; detection says windows-1252).
    const latin = await refusal(() =>
      previewCsv(file('latin.csv', Buffer.from('a,b\n\xe9t\xe9,2\n', 'latin1')), {
        encoding: 'utf-8',
      }),
    );
    expect(shownInChinese(latin)).toEqual({
      headline:
        '“latin.csv”第 2 行，列“a”：utf-8 无法解码这段文字（2 个字符会被存为替换字符 �，第一个在此处）；请选择 windows-1252（或自动检测）',
      detail: null,
    });
  });

  it('says a binary file once in English (it said "NUL byte at byte 304" and "at offset 304")', async () => {
    // bin.csv: a NUL at offset 1 (0-based, after "a"); the server's message, which the CLI
    // prints, is the same sentence after "bin.csv: ".
    const binary = await refusal(() => previewCsv(file('bin.csv', Buffer.from('a\0b\n1,2\n'))));
    i18n.global.locale.value = 'en';
    const { headline, detail } = describeError(binary, t, te, 'en');
    expect({ headline, detail }).toEqual({
      headline:
        '“bin.csv” looks like a binary file, not text (a NUL byte at offset 1); if it is UTF-16 text without a byte-order mark, choose the encoding (e.g. utf-16le)',
      detail: null,
    });
  });

  // The image advice names the import wizard's tab as it is labelled (images.source.images;
  // it said "Import images…", the button hidden while the wizard is open).
  it('words a file that is not a table by its kind, in English and Chinese, with no encoding advice', async () => {
    // img.csv starts with PNG's 8-byte signature (89 50 4E 47 0D 0A 1A 0A, PNG spec §5.2).
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]);
    const image = await refusal(() => previewCsv(file('img.csv', png)));
    expect(shownInChinese(image).headline).toBe(
      '“img.csv”不是 CSV 或文本表格：它是 PNG 图像；要导入图像，请在导入中选择“图像文件夹”标签页并选择其所在文件夹。',
    );
    i18n.global.locale.value = 'en';
    expect(describeError(image, t, te, 'en').headline).toBe(
      '“img.csv” is not a CSV or text table: it is a PNG image; to import images, choose the import’s tab “Folder of images” and their folder.',
    );
  });

  it('words a header with more columns than a dataset holds', () => {
    let wide: unknown;
    try {
      checkColumnCount(2000, 'wide.csv', 2);
    } catch (err) {
      wide = err;
    }
    expect(shownInChinese(wide)).toEqual({
      headline: '“wide.csv”第 2 行：共有 2000 列；一个数据集最多可有 1999 列',
      detail: null,
    });
  });
});

describe('task definition and training start errors in zh-CN', () => {
  let datasetId: number;
  beforeAll(async () => {
    // one: a single class "a"; nothing: every cell missing; z and w: two classes each.
    const csv = file('tasks.csv', 'x,one,nothing,z,w\n1,a,,a,p\n2,a,NA,b,\n3,a,,a,q\n');
    datasetId = (await importCsv(store, csv, { name: 'tasks' })).id;
  });

  it('words a column with one class, one without values and a task name taken', async () => {
    const one = await refusal(() => defineTasks(store, datasetId, [{ column: 'one' }]));
    expect(shownInChinese(one)).toEqual({
      headline: '列“one”只有 1 个类别（"a"）；一个任务至少需要 2 个类别',
      detail: null,
    });
    const nothing = await refusal(() => defineTasks(store, datasetId, [{ column: 'nothing' }]));
    expect(shownInChinese(nothing).headline).toBe(
      '列“nothing”没有任何值（全部 3 行都缺失）；任务需要一个类别列',
    );
    await defineTasks(store, datasetId, [{ column: 'z' }]);
    const taken = await refusal(() => defineTasks(store, datasetId, [{ column: 'w', name: 'z' }]));
    expect(shownInChinese(taken)).toEqual({
      headline: '已有名为“z”的任务：请换一个名称',
      detail: null,
    });
  });

  it('words too few rows for the test split and for the folds', async () => {
    // 3 rows × the default 15 % test fraction: no test row, so task z — the only task, so
    // every task — cannot be scored (NO_TASK_TEST_LABELS: too few labelled rows for a test
    // split, not "leave z out").
    const split = await ensureSplit(store, datasetId);
    const unscored = await refusal(() =>
      prepareJob(store, datasetId, undefined, split.id, DEFAULT_TRAIN_CONFIG),
    );
    expect(shownInChinese(unscored)).toEqual({
      headline:
        '没有任何任务在测试集中有已标注的行（共 3 行）：已标注的行太少，无法划分测试集；请改用交叉验证，或标注更多行',
      detail: null,
    });
    let folds: unknown;
    try {
      stratifiedKFold(['a', 'b', 'a'], 5, 1);
    } catch (err) {
      folds = err;
    }
    expect(shownInChinese(folds).headline).toBe('5 折交叉验证至少需要 5 行；此数据集只有 3 行');
  });
});

describe('Predict view errors in zh-CN', () => {
  /** A table model reading x and y (numeric): enough for the checks before any row. */
  const predictor = {
    source: 'run 1',
    forward: 'tfjs',
    columns: [
      { name: 'x', type: 'numeric' },
      { name: 'y', type: 'numeric' },
    ],
    // Fitted as training would on three rows of x and y (the checks read its encoders).
    preprocessing: fitPreprocessing(
      [
        { name: 'x', type: 'numeric', values: [1, 2, 3] },
        { name: 'y', type: 'numeric', values: [4, 5, 6] },
      ],
      [0, 1, 2],
    ),
    tasks: [{ name: 'species', labels: ['a', 'b'] }],
    predict: () => [],
    dispose: () => undefined,
  } as unknown as Predictor;

  it('words missing input columns and a missing id column', async () => {
    const out = join(dir, 'out.csv');
    const lacking = await refusal(() =>
      predictCsv(predictor, file('new.csv', 'x,z\n1,2\n'), { output: out }),
    );
    expect(shownInChinese(lacking)).toEqual({
      headline:
        '模型读取的列为 x, y；“new.csv”缺少 1 列 y：请按训练时的列名补上，或勾选“填补文件缺少的输入列”，将其每行都按缺失值读取',
      detail: null,
    });
    const noId = await refusal(() =>
      predictCsv(predictor, file('ids.csv', 'x,y\n1,2\n'), { output: out, idColumn: 'key' }),
    );
    expect(shownInChinese(noId).headline).toBe('“ids.csv”中没有 ID 列“key”');
  });

  it('words an empty file and a ragged row of the file to predict', async () => {
    // The ragged row is the first: it is refused as it is read, before the stub predicts.
    const out = join(dir, 'out2.csv');
    const empty = await refusal(() => predictCsv(predictor, file('none.csv', ''), { output: out }));
    expect(shownInChinese(empty).headline).toBe('“none.csv”是空文件（没有表头，也没有数据行）');
    const ragged = await refusal(() =>
      predictCsv(predictor, file('short.csv', 'x,y\n3\n'), { output: out }),
    );
    expect(shownInChinese(ragged).headline).toBe(
      '“short.csv”第 2 行，列“y”：应有 2 个字段，实际有 1 个；该行在此列之前结束',
    );
  });

  it('words a failed run: no model to predict with, none to export', async () => {
    const dataset = (await store.datasets.list()).find((d) => d.name === 'tasks')!;
    const split = await ensureSplit(store, dataset.id);
    const run = await store.training.createRun({
      datasetId: dataset.id,
      splitId: split.id,
      tasks: ['z'],
      config: DEFAULT_TRAIN_CONFIG,
    });
    await store.training.updateRun(run.id, { status: 'failed' });
    const noModel = await refusal(() => runPredictor(store, run.id));
    expect(shownInChinese(noModel)).toEqual({
      headline: `运行 ${run.id} 没有保存的模型`,
      detail: null,
    });
    const unfinished = await refusal(() => exportModel(store, run.id, join(dir, 'm.zip')));
    expect(shownInChinese(unfinished)).toEqual({
      headline: `运行 ${run.id} 的状态为“失败”；只有已完成的运行才有可导出的模型`,
      detail: null,
    });
  });
});
