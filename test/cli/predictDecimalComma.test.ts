/**
 * `import --decimal-comma` is remembered: `predict` on a new CSV of the same format, with the
 * run (`-p --run`) or its bundle (`--model`), reads decimals the same way unless told
 * otherwise (`--no-decimal-comma`). Found by a new user: predict read "1,5" as text and failed.
 * Expected values by hand: "1,5", "0,25" and "1.234,5" are 1.5, 0.25 and 1234.5, so the comma
 * file's predictions equal those of the same numbers written with a decimal point. The
 * bundle's own preprocess.js (a model used outside the studio) reads them so too.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../store/helpers';
import { cli } from './run';

let cleanup: () => Promise<void>;
let dir: string;
let project: string;
beforeAll(async () => {
  ({ dir, cleanup } = await makeTempDir());
  // 30 rows "x;y", x written with a decimal comma (0,1 … 2,6), y = a for every third row.
  const rows = Array.from(
    { length: 30 },
    (_, i) => `${(i + 1) % 3},${(i + 1) % 7};${(i + 1) % 3 === 0 ? 'a' : 'b'}`,
  );
  writeFileSync(`${dir}/train.csv`, `x;y\n${rows.join('\n')}\n`);
  // "1.234,5" groups thousands with a dot: 1234.5.
  writeFileSync(`${dir}/comma.csv`, 'id;x\n1;1,5\n2;0,25\n3;1.234,5\n');
  writeFileSync(`${dir}/point.csv`, 'id;x\n1;1.5\n2;0.25\n3;1234.5\n');
  project = `${dir}/p.mtlproj`;
  expect((await cli('import', `${dir}/train.csv`, '-p', project, '--decimal-comma')).code).toBe(0);
  expect((await cli('tasks', '-p', project, '--add', 'y')).code).toBe(0);
  const trained = await cli('train', '-p', project, '--evaluation', 'split', '--epochs', '2');
  expect(trained.code).toBe(0);
}, 120_000);
afterAll(() => cleanup());

describe('predict after import --decimal-comma', () => {
  it('reads the comma file as the import did, with the run', async () => {
    const comma = await cli('predict', '-p', project, '--run', '1', `${dir}/comma.csv`);
    expect(comma.code).toBe(0);
    const point = await cli('predict', '-p', project, '--run', '1', `${dir}/point.csv`);
    expect(point.code).toBe(0);
    expect(comma.stdout).toBe(point.stdout);
    expect(comma.stdout.split('\n')[0]).toBe('row,id,y,y_probability,inputs_missing');
  }, 60_000);

  it('reads it with a decimal point only when told --no-decimal-comma', async () => {
    const r = await cli(
      'predict',
      '-p',
      project,
      '--run',
      '1',
      `${dir}/comma.csv`,
      '--no-decimal-comma',
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("comma.csv line 2, column 'x': value '1,5' is not a number");
  }, 60_000);

  it('keeps it in the bundle, whose predict reads the comma file alike', async () => {
    const out = `${dir}/bundle`;
    expect((await cli('export', 'model', '-p', project, '--run', '1', '-o', out)).code).toBe(0);
    const metadata = JSON.parse(readFileSync(`${out}/metadata.json`, 'utf8'));
    expect(metadata.input.decimalComma).toBe(true);
    const comma = await cli('predict', '--model', out, `${dir}/comma.csv`);
    const point = await cli('predict', '--model', out, `${dir}/point.csv`);
    expect(comma.code).toBe(0);
    expect(comma.stdout).toBe(point.stdout);
    // The bundle's preprocess.js, as a web page or a Node script uses it.
    const runtime = (await import(
      /* @vite-ignore */ pathToFileURL(`${out}/preprocess.js`).href
    )) as {
      decimalComma: boolean;
      preprocess(rows: Record<string, unknown>[]): { data: Float32Array };
    };
    expect(runtime.decimalComma).toBe(true);
    const texts = runtime.preprocess([{ x: '1,5' }, { x: ' 0,25 ' }, { x: '1.234,5' }]);
    const numbers = runtime.preprocess([{ x: 1.5 }, { x: 0.25 }, { x: 1234.5 }]);
    expect(Array.from(texts.data)).toEqual(Array.from(numbers.data));
    expect(readFileSync(`${out}/README.md`, 'utf8')).toContain('"1.234,5" is 1234.5');
  }, 60_000);
});
