/**
 * A prediction pass that fails part-way (a value that does not parse after the first
 * batch was written) must leave no half-written predictions file at the output path, and
 * must keep a file that was there before. Found by a new user: `mtl-studio predict … -o
 * p.csv` on a 10 000-row CSV with a bad value on line 9 002 stopped with the right error but
 * left p.csv holding the header and 8 192 predictions, which reads as a finished result.
 *
 * The predictor is a stub with a fixed forward pass (every row: classes a, b with
 * probabilities 0.25, 0.75), so the expected output is known by hand: each row predicts
 * "b" with probability 0.750000.
 */
import { existsSync, lstatSync, statSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fitPreprocessing } from '../../src/main/engine/preprocessing';
import { type Predictor } from '../../src/main/export/predict';
import { predictCsv } from '../../src/main/export/predictCsv';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mtl-predict-output-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A predictor reading one numeric column "x"; every row gets p(a) = 0.25, p(b) = 0.75. */
function stubPredictor(): Predictor {
  return {
    source: 'stub',
    forward: 'tfjs',
    columns: [{ name: 'x', type: 'numeric' }],
    preprocessing: fitPreprocessing(
      [{ name: 'x', type: 'numeric', values: [1, 2, 3, 4] }],
      [0, 1, 2, 3],
    ),
    tasks: [{ name: 't', labels: ['a', 'b'] }],
    predict: (_features, n) => {
      const p = new Float32Array(n * 2);
      for (let r = 0; r < n; r++) p.set([0.25, 0.75], r * 2);
      return [p];
    },
    dispose: () => undefined,
  };
}

/** A CSV of `rows` data rows of x = 1, 2, …; data row `bad` (1-based) holds 'forty'. */
async function csvWithBadRow(rows: number, bad: number | null): Promise<string> {
  const path = join(dir, 'new.csv');
  const lines = ['x'];
  for (let r = 1; r <= rows; r++) lines.push(r === bad ? 'forty' : String(r));
  await writeFile(path, `${lines.join('\n')}\n`);
  return path;
}

describe('predictCsv output file', () => {
  it('writes the predictions to the path when the pass succeeds', async () => {
    const csv = await csvWithBadRow(7, null);
    const out = join(dir, 'p.csv');
    const summary = await predictCsv(stubPredictor(), csv, { output: out, batchRows: 3 });
    expect(summary.rows).toBe(7);
    const lines = (await readFile(out, 'utf8')).trim().split('\n');
    expect(lines[0]).toBe('row,t,t_probability,inputs_missing');
    // By hand: row r predicts b with probability 0.75, written with 6 decimals.
    expect(lines.slice(1)).toEqual([1, 2, 3, 4, 5, 6, 7].map((r) => `${r},b,0.750000,0`));
    expect((await readdir(dir)).sort()).toEqual(['new.csv', 'p.csv']);
  });

  it('leaves no file when a value after the first batch does not parse', async () => {
    // Data row 8 is file line 9; batches of 3 rows, so rows 1–6 were already predicted.
    const csv = await csvWithBadRow(10, 8);
    const out = join(dir, 'p.csv');
    await expect(predictCsv(stubPredictor(), csv, { output: out, batchRows: 3 })).rejects.toThrow(
      /new\.csv line 9, column 'x': value 'forty' is not a number/,
    );
    // Neither the output nor a temporary file is left in the folder.
    expect(await readdir(dir)).toEqual(['new.csv']);
  });

  it('writes nothing to a stream (stdout) when a value of the first batch does not parse', async () => {
    // Found by a new user: `mtl-studio predict` to stdout printed the CSV header, then failed
    // with exit 1 on a bad value, so a pipe received a header that read as an empty result.
    const csv = await csvWithBadRow(5, 4);
    const chunks: string[] = [];
    const stream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        chunks.push(chunk.toString('utf8'));
        done();
      },
    });
    await expect(predictCsv(stubPredictor(), csv, { output: stream })).rejects.toThrow(
      /new\.csv line 5, column 'x': value 'forty'/,
    );
    expect(chunks.join('')).toBe('');
    // Without the bad value the same stream gets the header and rows (by hand: b, 0.75).
    const good = await csvWithBadRow(2, null);
    await predictCsv(stubPredictor(), good, { output: stream });
    expect(chunks.join('')).toBe(
      'row,t,t_probability,inputs_missing\n1,b,0.750000,0\n2,b,0.750000,0\n',
    );
  });

  it('writes nothing to a stream (stdout) when the first batch fails in the pass', async () => {
    // Review: the header went out before the first batch was transformed and predicted, so
    // a pass failing there left a header on stdout.
    const csv = await csvWithBadRow(3, null);
    const chunks: string[] = [];
    const stream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        chunks.push(chunk.toString('utf8'));
        done();
      },
    });
    const failing = {
      ...stubPredictor(),
      predict: () => {
        throw new Error('forward pass failed');
      },
    };
    await expect(predictCsv(failing, csv, { output: stream })).rejects.toThrow(
      'forward pass failed',
    );
    expect(chunks.join('')).toBe('');
    // An empty file (header only) still gets its header, by hand: the columns alone.
    const empty = await csvWithBadRow(0, null);
    await predictCsv(stubPredictor(), empty, { output: stream });
    expect(chunks.join('')).toBe('row,t,t_probability,inputs_missing\n');
  });

  it('counts as missing only the inputs that give features', async () => {
    // Review: inputs_missing counted every column the model reads, also one preprocessing
    // left out (z: no value in training), so a row missing only z read "1 missing input".
    const predictor = {
      ...stubPredictor(),
      columns: [
        { name: 'x', type: 'numeric' as const },
        { name: 'z', type: 'numeric' as const },
      ],
      preprocessing: fitPreprocessing(
        [
          { name: 'x', type: 'numeric', values: [1, 2, 3, 4] },
          { name: 'z', type: 'numeric', values: [null, null, null, null] },
        ],
        [0, 1, 2, 3],
      ),
    };
    expect(predictor.preprocessing.skipped.map((k) => k.column)).toEqual(['z']);
    const csv = join(dir, 'z.csv');
    await writeFile(csv, 'x,z\n1,\n,\n,5\n');
    const chunks: string[] = [];
    const stream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        chunks.push(chunk.toString('utf8'));
        done();
      },
    });
    const summary = await predictCsv(predictor, csv, { output: stream });
    // By hand: row 1 has x (0 missing), rows 2 and 3 lack x (1 missing; z does not count).
    expect(
      chunks
        .join('')
        .trim()
        .split('\n')
        .map((l) => l.split(',').at(-1)),
    ).toEqual(['inputs_missing', '0', '1', '1']);
    expect(summary.rowsAllInputsMissing).toBe(2);
  });

  it('keeps the file that was at the path when the pass fails', async () => {
    const csv = await csvWithBadRow(10, 8);
    const out = join(dir, 'p.csv');
    await writeFile(out, 'earlier predictions\n');
    await expect(predictCsv(stubPredictor(), csv, { output: out, batchRows: 3 })).rejects.toThrow(
      /line 9/,
    );
    expect(await readFile(out, 'utf8')).toBe('earlier predictions\n');
    expect((await readdir(dir)).sort()).toEqual(['new.csv', 'p.csv']);
  });

  it('writes a device such as /dev/null directly, never replacing it', async () => {
    const csv = await csvWithBadRow(3, null);
    const summary = await predictCsv(stubPredictor(), csv, { output: '/dev/null' });
    expect(summary.rows).toBe(3);
    expect(statSync('/dev/null').isCharacterDevice()).toBe(true);
    expect(await readdir(dir)).toEqual(['new.csv']);
  });

  it('a number written with a decimal comma names the decimal-comma option', async () => {
    // Found by the same user: a semicolon file with "39,1" said only that '39,1' is not a
    // number; with --decimal-comma it predicts.
    const csv = join(dir, 'eu.csv');
    await writeFile(csv, 'x;note\n1,5;a\n2;b\n');
    await expect(predictCsv(stubPredictor(), csv)).rejects.toThrow(
      "eu.csv line 2, column 'x': value '1,5' is not a number (the model was trained on it as numeric); it is written with a decimal comma: predict with the decimal-comma option (--decimal-comma)",
    );
    const summary = await predictCsv(stubPredictor(), csv, { decimalComma: true });
    expect(summary.rows).toBe(2);
  });

  it('a value that is not a number or not yes/no carries the import reason, for the studio', async () => {
    // The studio words refusals by their reason (en + zh-CN); these two had none, so the
    // Predict view showed the English message in zh-CN. Expected details written by hand
    // from the file below: data row 2 is file line 3.
    const csv = join(dir, 'cells.csv');
    await writeFile(csv, 'x,ok\n1,yes\nforty,no\n');
    const numeric = await predictCsv(stubPredictor(), csv).catch((e: unknown) => e);
    expect(numeric).toMatchObject({
      code: 'CSV_PARSE',
      details: {
        reason: 'CSV_NOT_A_NUMBER',
        params: { file: 'cells.csv', line: 3, column: 'x', value: 'forty' },
      },
    });
    const yesNo: Predictor = {
      ...stubPredictor(),
      columns: [{ name: 'ok', type: 'boolean' }],
      preprocessing: fitPreprocessing(
        [{ name: 'ok', type: 'boolean', values: [1, 0, 1, 0] }],
        [0, 1, 2, 3],
      ),
    };
    await writeFile(csv, 'x,ok\n1,yes\n2,maybe\n');
    const boolean = await predictCsv(yesNo, csv).catch((e: unknown) => e);
    expect(boolean).toMatchObject({
      code: 'CSV_PARSE',
      details: {
        reason: 'CSV_NOT_BOOLEAN',
        params: { file: 'cells.csv', line: 3, column: 'ok', value: 'maybe' },
      },
    });
  });

  it('UTF-8 text told to be windows-1252 is refused as read, not stored, in the sample and past it', async () => {
    // Predict stores nothing: its refusals say the text would be read so, with PREDICT_
    // reasons the studio words likewise (they said "stored", in the studio's en and zh-CN).
    // UTF-8 "é" is C3 A9, which windows-1252 reads as "Ã©" (CP1252.TXT).
    const csv = join(dir, 'utf8.csv');
    await writeFile(csv, 'x,note\n1,café\n');
    const early = await predictCsv(stubPredictor(), csv, { encoding: 'windows-1252' }).catch(
      (e: unknown) => e,
    );
    expect(early).toMatchObject({
      code: 'CSV_ENCODING',
      details: {
        reason: 'PREDICT_UTF8_MISREAD',
        params: { file: 'utf8.csv', line: 2, column: 'note', utf8: 'é', read: 'Ã©', count: 1 },
      },
    });
    expect((early as Error).message).toContain("'é' would be read as 'Ã©'");
    expect((early as Error).message).not.toContain('stored');
    // Past the sample (20 000 ASCII rows of 13 bytes first, 260 KB): the stream's refusal.
    const ascii = Array.from({ length: 20000 }, (_, i) => `${i % 10},plain text`);
    await writeFile(csv, ['x,note', ...ascii, '1,café'].join('\n') + '\n');
    const late = await predictCsv(stubPredictor(), csv, { encoding: 'windows-1252' }).catch(
      (e: unknown) => e,
    );
    expect(late).toMatchObject({
      code: 'CSV_ENCODING',
      details: {
        reason: 'PREDICT_CSV_UTF8_MISREAD',
        params: { file: 'utf8.csv', line: 20002, column: 'note', utf8: 'é', read: 'Ã©' },
      },
    });
    expect((late as Error).message).toContain("'é' would be read as 'Ã©'");
    expect((late as Error).message).not.toContain('stored');
  });

  // Found by a second new-user pass: a folder and /dev/full gave "Predicted 101 rows" and
  // exit 0 with nothing written; a missing folder failed only after predicting every row,
  // with an ENOENT about the temporary file; -o on a symbolic link replaced the link.
  it('refuses an id column named like an output column, before writing anything', async () => {
    // Review: `--id row` (or an id column named like a task) gave the CSV two columns of one
    // name and let --json's `{ row, [id]: …, ...tasks }` overwrite a key. The stub's output
    // columns are row, t, t_probability (and t_p_a, t_p_b with allProbs).
    const csv = join(dir, 'ids.csv');
    await writeFile(csv, 'x,row,t,t_p_b,id\n1,r1,t1,p1,i1\n');
    const out = join(dir, 'p.csv');
    for (const [idColumn, allProbs] of [
      ['row', false],
      ['t', false],
      ['t_p_b', true],
    ] as const) {
      await expect(
        predictCsv(stubPredictor(), csv, { output: out, idColumn, allProbs }),
      ).rejects.toMatchObject({
        code: 'BAD_REQUEST',
        message: expect.stringContaining(
          `The id column "${idColumn}" has the name of a column the predictions write`,
        ),
        details: { reason: 'PREDICT_ID_COLUMN_CLASH', params: { column: idColumn } },
      });
    }
    expect(await readdir(dir)).toEqual(['ids.csv']);
    // Without allProbs t_p_b is no output column, so it may be the id.
    const summary = await predictCsv(stubPredictor(), csv, { output: out, idColumn: 't_p_b' });
    expect(summary.columns).toEqual(['row', 't_p_b', 't', 't_probability', 'inputs_missing']);
  });

  it('refuses output columns of one name from the model itself, before writing anything', async () => {
    // Review: a task named inputs_missing gave the CSV two columns "inputs_missing"; tasks
    // a and a_probability two columns "a_probability". Names listed by hand from the rule
    // row, <task>, <task>_probability, inputs_missing.
    const csv = await csvWithBadRow(2, null);
    const out = join(dir, 'p.csv');
    for (const [names, column, sides] of [
      [
        ['t', 'inputs_missing'],
        'inputs_missing',
        'task "inputs_missing" and the count of missing inputs',
      ],
      [['a', 'a_probability'], 'a_probability', 'task "a" and task "a_probability"'],
      [['row'], 'row', 'the row number and task "row"'],
    ] as const) {
      const predictor = {
        ...stubPredictor(),
        tasks: names.map((name) => ({ name, labels: ['a', 'b'] })),
        predict: (_f: Float32Array, n: number) => names.map(() => new Float32Array(n * 2)),
      };
      await expect(predictCsv(predictor, csv, { output: out })).rejects.toMatchObject({
        code: 'BAD_REQUEST',
        message: expect.stringContaining(
          `Two columns of the predictions would be named "${column}" (${sides})`,
        ),
        details: { reason: 'PREDICT_OUTPUT_COLUMN_CLASH', params: { column } },
      });
    }
    expect((await readdir(dir)).includes('p.csv')).toBe(false);
  });

  it('refuses a folder before reading any row, naming a file to give instead', async () => {
    const csv = await csvWithBadRow(3, null);
    const folder = join(dir, 'outdir');
    await mkdir(folder);
    await expect(predictCsv(stubPredictor(), csv, { output: folder })).rejects.toThrow(
      `"${folder}" is a folder: give the predictions a file name, e.g. ${join(folder, 'predictions.csv')}`,
    );
    expect(await readdir(folder)).toEqual([]);
  });

  it('refuses a path in a missing folder before predicting', async () => {
    const csv = await csvWithBadRow(3, null);
    const out = join(dir, 'nowhere', 'p.csv');
    await expect(predictCsv(stubPredictor(), csv, { output: out })).rejects.toThrow(
      `The folder "${join(dir, 'nowhere')}" of "${out}" does not exist`,
    );
  });

  it.runIf(existsSync('/dev/full'))(
    'fails when the writes fail (/dev/full: no space)',
    async () => {
      const csv = await csvWithBadRow(3, null);
      await expect(predictCsv(stubPredictor(), csv, { output: '/dev/full' })).rejects.toThrow(
        /Writing the predictions to "\/dev\/full" failed: .*ENOSPC/,
      );
    },
  );

  it('writes through a symbolic link: the file it names is replaced, the link stays', async () => {
    const csv = await csvWithBadRow(2, null);
    const real = join(dir, 'real.csv');
    await writeFile(real, 'old\n');
    const link = join(dir, 'link.csv');
    await symlink(real, link);
    await predictCsv(stubPredictor(), csv, { output: link });
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    // By hand, as above: two rows predicting b with probability 0.75.
    expect(await readFile(real, 'utf8')).toBe(
      'row,t,t_probability,inputs_missing\n1,b,0.750000,0\n2,b,0.750000,0\n',
    );
  });

  it('a cancelled pass leaves neither the output nor its temporary file', async () => {
    const csv = await csvWithBadRow(10, null);
    const out = join(dir, 'p.csv');
    const controller = new AbortController();
    let batches = 0;
    await expect(
      predictCsv(stubPredictor(), csv, {
        output: out,
        batchRows: 3,
        signal: controller.signal,
        onRows: () => {
          if (++batches === 1) controller.abort();
        },
      }),
    ).rejects.toMatchObject({ code: 'IMPORT_CANCELLED' });
    expect(await readdir(dir)).toEqual(['new.csv']);
  });
});
