/**
 * A model trained on a column imported with --decimal-comma before a dot before three digits
 * was read as grouping thousands (commit 0c60587): that import read "1.000" as 1 and kept a
 * `dotThousands` note (read 1, thousands 1000). `predict --run` must read such cells of a new
 * CSV as the model saw them at training (1), not as the rule now reads them (1000), and say
 * so; other decimal-comma cells ("1.234,5", "0,5") are read as before. The project is built
 * by hand through the store, the note written as an old import wrote it; the values are
 * known by construction (x = 0…9 stored as numbers, the note's cell "1.000" stored as 1).
 * Independent check: predictions of "1.000" equal those of "1" and differ from those of
 * "1000" (x is standardized by its training mean 4.5 and std ≈ 2.9, so 1000 is ≈ 340 stds
 * out and cannot give the probabilities of 1).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  numericCellReader,
  pointDotCellReader,
  pointDotColumns,
  cellGrammar,
} from '../../src/main/data/cellValues';
import { predictPreview } from '../../src/main/services/exports';
import { ProjectStore } from '../../src/main/store/projectStore';
import type { ColumnInfo } from '../../src/shared/domain';
import { emptyProfile, makeTempDir } from '../store/helpers';
import { OLD_DOT_NOTE, oldDotRuleProject } from './oldDotRuleProject';
import { cli } from './run';

let cleanup: () => Promise<void>;
let dir: string;
let project: string;

beforeAll(async () => {
  ({ dir, cleanup } = await makeTempDir());
  project = `${dir}/old.mtlproj`;
  await oldDotRuleProject(project, ['--epochs', '3']);
  writeFileSync(`${dir}/dot.csv`, 'x\n1.000\n');
  writeFileSync(`${dir}/one.csv`, 'x\n1\n');
  writeFileSync(`${dir}/thousand.csv`, 'x\n1000\n');
  writeFileSync(`${dir}/grouped.csv`, 'x\n"1.234,5"\n');
  writeFileSync(`${dir}/plain.csv`, 'x\n1234.5\n');
}, 120_000);
afterAll(() => cleanup());

const predict = (file: string) =>
  cli('predict', '-p', project, '--run', '1', `${dir}/${file}`, '--all-probs');

describe('predict --run with a column imported under the old dot rule', () => {
  it('reads "1.000" as 1, as the model saw it at training, and notes the column', async () => {
    const [dot, one, thousand] = await Promise.all(
      ['dot.csv', 'one.csv', 'thousand.csv'].map(predict),
    );
    for (const r of [dot, one, thousand]) expect(r.code, r.stderr).toBe(0);
    expect(dot.stdout).toBe(one.stdout);
    expect(dot.stdout).not.toBe(thousand.stdout);
    expect(dot.stderr).toContain(
      `note: column 'x' was imported with --decimal-comma before a dot before three digits was read as grouping thousands: the model learned "1.000" there as 1 (a decimal point)`,
    );
    expect(dot.stderr).toContain('import the data again with --decimal-comma');
  }, 60_000);

  it('reads other decimal-comma numbers as --decimal-comma does ("1.234,5" = 1234.5)', async () => {
    const [grouped, plain] = await Promise.all(['grouped.csv', 'plain.csv'].map(predict));
    expect(grouped.code, grouped.stderr).toBe(0);
    expect(grouped.stdout).toBe(plain.stdout);
  }, 60_000);

  it('the Predict view reads "1.000" so too', async () => {
    const store = await ProjectStore.open(project);
    try {
      const rows = async (file: string) =>
        (await predictPreview(store, 1, `${dir}/${file}`)).rows.map((r) => r.predictions);
      const [dot, one, thousand] = [
        await rows('dot.csv'),
        await rows('one.csv'),
        await rows('thousand.csv'),
      ];
      expect(dot).toEqual(one);
      expect(dot).not.toEqual(thousand);
      // Named for the view's note, as the CLI notes it.
      expect((await predictPreview(store, 1, `${dir}/dot.csv`)).pointDotColumns).toEqual(['x']);
      expect((await predictPreview(store, 1, `${dir}/plain.csv`)).pointDotColumns).toEqual(['x']);
    } finally {
      await store.close();
    }
  }, 60_000);

  it('a model bundle of the run keeps the rule: predict --model and its preprocess.js', async () => {
    const exported = await cli('export', 'model', '-p', project, '--run', '1', '-o', `${dir}/b`);
    expect(exported.code, exported.stderr).toBe(0);
    const metadata = JSON.parse(readFileSync(`${dir}/b/metadata.json`, 'utf8'));
    expect(metadata.input.pointDotColumns).toEqual(['x']);
    const bundled = (file: string) =>
      cli('predict', '--model', `${dir}/b`, `${dir}/${file}`, '--all-probs');
    const [dot, one, thousand] = await Promise.all(
      ['dot.csv', 'one.csv', 'thousand.csv'].map(bundled),
    );
    for (const r of [dot, one, thousand]) expect(r.code, r.stderr).toBe(0);
    expect(dot.stdout).toBe(one.stdout);
    expect(dot.stdout).not.toBe(thousand.stdout);
    expect(dot.stderr).toContain(`note: column 'x' was imported with --decimal-comma before`);
    const runtime = (await import(
      /* @vite-ignore */ pathToFileURL(`${dir}/b/preprocess.js`).href
    )) as { preprocess(rows: Record<string, unknown>[]): { data: Float32Array } };
    const features = (x: string) => Array.from(runtime.preprocess([{ x }]).data);
    expect(features('1.000')).toEqual(features('1'));
    expect(features('1.234,5')).toEqual(features('1234.5'));
    expect(features('1.000')).not.toEqual(features('1000'));
  }, 120_000);
});

describe('pointDotCellReader and pointDotColumns', () => {
  const comma = cellGrammar({ decimalComma: true });
  it('reads a dot before three digits as a decimal point, the rest as numericCellReader', () => {
    const read = pointDotCellReader(comma);
    // By hand: the old rule's decimal point, and the decimal-comma readings of the rest.
    expect([' 1.000', '-12.500', '1.234,5', '0,5', '2.5', 'NA'].map(read)).toEqual([
      1,
      -12.5,
      1234.5,
      0.5,
      2.5,
      null,
    ]);
    expect(numericCellReader(comma)('1.000')).toBe(1000); // the rule now
  });

  it('names only numeric decimal-comma columns with an old note that read the smaller value', () => {
    const column = (name: string, profile: Partial<ColumnInfo['profile']>): ColumnInfo =>
      ({
        id: 0,
        index: 0,
        name,
        type: 'numeric',
        role: 'input',
        profile: { ...emptyProfile, decimalComma: true, ...profile },
      }) as ColumnInfo;
    const columns = [
      column('old', { noteReason: OLD_DOT_NOTE }),
      column('negative', { noteReason: { ...OLD_DOT_NOTE, read: -1, thousands: -1000 } }),
      column('new', {
        noteReason: {
          kind: 'thousandsDot',
          example: OLD_DOT_NOTE.example,
          read: 1000,
          point: 1,
          cells: 1,
        },
      }),
      column('unread', { noteReason: OLD_DOT_NOTE }),
      column('none', {}),
    ];
    expect(pointDotColumns(columns, ['old', 'negative', 'new', 'none'])).toEqual([
      'old',
      'negative',
    ]);
  });
});
