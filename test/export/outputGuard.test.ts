/**
 * What a prediction's output may replace. Found by a new user: `mtl-studio predict -p
 * victim.mtlproj --run 1 new.csv -o victim.mtlproj` printed "Predicted 60 rows … →
 * victim.mtlproj." and the project was a CSV file from then on; `same.csv -o same.csv`
 * replaced the data being predicted, and a mode-444 CSV was replaced too (the output is
 * written beside the path and renamed, which ignores the replaced file's permissions).
 *
 * The shared writer (predictOutput.ts openOutput, used by every predict pass of the CLI and
 * the studio) refuses these before anything is written: the bytes of every refused path
 * are compared with what they were before (the independent source: the file itself).
 * The predictor is the stub of predictOutput.test.ts (every row: b with p = 0.75).
 */
import { chmodSync, statSync } from 'node:fs';
import { link, mkdir, mkdtemp, readFile, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MtlError } from '../../src/shared/errors';
import { fitPreprocessing } from '../../src/main/engine/preprocessing';
import { type Predictor } from '../../src/main/export/predict';
import { predictCsv } from '../../src/main/export/predictCsv';
import {
  refuseMissingFolder,
  refuseUnsafeOutput,
  SQLITE_HEADER,
} from '../../src/main/export/outputGuard';
import { ProjectStore } from '../../src/main/store/projectStore';

let dir: string;
let project: string;
let csv: string;
const cwd = process.cwd();
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mtl-output-guard-'));
  project = join(dir, 'victim.mtlproj');
  await (await ProjectStore.open(project, { create: true, name: 'Victim' })).close();
  csv = join(dir, 'new.csv');
  await writeFile(csv, 'x\n1\n2\n3\n');
});
afterEach(async () => {
  process.chdir(cwd);
  await rm(dir, { recursive: true, force: true });
});

/** A predictor of a run of `project`, reading one numeric column "x" (p(b) = 0.75). */
function runPredictorStub(): Predictor {
  return {
    source: 'run 1',
    project,
    forward: 'tfjs',
    columns: [{ name: 'x', type: 'numeric' }],
    preprocessing: fitPreprocessing([{ name: 'x', type: 'numeric', values: [1, 2, 3] }], [0, 1, 2]),
    tasks: [{ name: 't', labels: ['a', 'b'] }],
    predict: (_features, n) => {
      const p = new Float32Array(n * 2);
      for (let r = 0; r < n; r++) p.set([0.25, 0.75], r * 2);
      return [p];
    },
    dispose: () => undefined,
  };
}

/** The reason and path of the error `work` fails with (it must fail). */
async function refusal(
  work: Promise<unknown>,
): Promise<{ reason: unknown; path: unknown; message: string }> {
  const error: unknown = await work.then(
    () => null,
    (err: unknown) => err,
  );
  if (!(error instanceof MtlError)) throw new Error(`expected an MtlError, got ${String(error)}`);
  expect(error.code).toBe('BAD_REQUEST');
  return {
    reason: error.details?.reason,
    path: (error.details?.params as { path: string }).path,
    message: error.message,
  };
}

describe('a prediction never replaces', () => {
  it('the open project, however its path is spelled, nor its SQLite files', async () => {
    const before = await readFile(project);
    expect(before.subarray(0, 16).equals(SQLITE_HEADER)).toBe(true);
    const link1 = join(dir, 'link.mtlproj');
    await symlink(project, link1);
    process.chdir(dir);
    const spellings = [project, './victim.mtlproj', 'victim.mtlproj', link1, `${project}-wal`];
    spellings.push(`../${relative(join(dir, '..'), project)}`);
    for (const out of spellings) {
      const { reason, path, message } = await refusal(
        predictCsv(runPredictorStub(), csv, { output: out }),
      );
      expect(reason, out).toBe('OUTPUT_IS_PROJECT');
      // Worded by what writes it (found by a new user: `predict -o` said "an export …").
      expect(message, out).toContain(': a prediction cannot replace the project it comes from;');
      // Named as given, made absolute (the working folder is `dir`).
      expect(path, out).toBe(resolve(dir, out));
    }
    // Byte for byte as before; no temporary file left beside it.
    expect((await readFile(project)).equals(before)).toBe(true);
    expect((await readdir(dir)).sort()).toEqual(['link.mtlproj', 'new.csv', 'victim.mtlproj']);
    const store = await ProjectStore.open(project);
    expect(await store.projectName()).toBe('Victim');
    await store.close();
  });

  it('any other SQLite file, whatever its extension', async () => {
    const disguised = join(dir, 'old-results.csv');
    await writeFile(disguised, await readFile(project));
    const { reason, path, message } = await refusal(
      predictCsv(runPredictorStub(), csv, { output: disguised }),
    );
    expect({ reason, path }).toEqual({ reason: 'OUTPUT_IS_DATABASE', path: disguised });
    expect(message).toContain('a prediction never replaces one');
    expect((await readFile(disguised)).equals(await readFile(project))).toBe(true);
  });

  it('the file being predicted (same.csv -o same.csv), nor a hard link to it', async () => {
    const hard = join(dir, 'same-again.csv');
    await link(csv, hard);
    for (const out of [csv, hard]) {
      expect(await refusal(predictCsv(runPredictorStub(), csv, { output: out }))).toMatchObject({
        reason: 'OUTPUT_IS_INPUT',
        path: out,
      });
    }
    expect(await readFile(csv, 'utf8')).toBe('x\n1\n2\n3\n');
  });

  it('a read-only file (mode 444), which keeps its bytes and its mode', async () => {
    const locked = join(dir, 'source.csv');
    await writeFile(locked, 'x\n7\n');
    chmodSync(locked, 0o444);
    expect(await refusal(predictCsv(runPredictorStub(), csv, { output: locked }))).toMatchObject({
      reason: 'OUTPUT_READ_ONLY',
      path: locked,
    });
    expect(await readFile(locked, 'utf8')).toBe('x\n7\n');
    expect(statSync(locked).mode & 0o777).toBe(0o444);
  });

  it('but replaces an earlier predictions file, as the CLI always did', async () => {
    const out = join(dir, 'p.csv');
    await writeFile(out, 'old\n');
    await predictCsv(runPredictorStub(), csv, { output: out });
    // By hand: three rows, each b with probability 0.75.
    expect(await readFile(out, 'utf8')).toBe(
      'row,t,t_probability,inputs_missing\n1,b,0.750000,0\n2,b,0.750000,0\n3,b,0.750000,0\n',
    );
  });
});

describe('refuseUnsafeOutput', () => {
  it('answers OUTPUT_EXISTS for an existing file when the studio has not asked yet', () => {
    expect(() => refuseUnsafeOutput(csv, { overwrite: false })).toThrow(/already exists/);
    try {
      refuseUnsafeOutput(csv, { overwrite: false });
    } catch (err) {
      expect((err as MtlError).details).toMatchObject({
        reason: 'OUTPUT_EXISTS',
        params: { path: csv },
      });
    }
    expect(() => refuseUnsafeOutput(csv, { overwrite: true })).not.toThrow();
    expect(() => refuseUnsafeOutput(join(dir, 'new-name.csv'), { overwrite: false })).not.toThrow();
    // The project is refused even when the user agreed to replace "a file".
    expect(() => refuseUnsafeOutput(project, { project, overwrite: true })).toThrow(
      /: an export cannot replace the project/,
    );
  });

  it('refuses a file inside a folder the export reads (a model bundle folder), not beside it', async () => {
    // Found by a new user: `predict --model yim new.csv -o yim/model.json` replaced the
    // bundle's model.json with predictions; every later predict with the bundle failed.
    const bundle = join(dir, 'yim');
    await mkdir(bundle);
    const model = join(bundle, 'model.json');
    await writeFile(model, '{"format":"layers-model"}');
    const inside = await refusal(
      Promise.resolve().then(() => refuseUnsafeOutput(model, { inputs: [bundle] })),
    );
    expect(inside).toMatchObject({ reason: 'OUTPUT_IS_INPUT', path: model });
    expect(await readFile(model, 'utf8')).toBe('{"format":"layers-model"}');
    // A sibling whose name starts like the folder's is not inside it.
    expect(() =>
      refuseUnsafeOutput(join(dir, 'yim-predictions.csv'), { inputs: [bundle] }),
    ).not.toThrow();
  });
});

describe('an output path under a file (afile/b with afile a file)', () => {
  it('is refused by refuseMissingFolder and refuseUnsafeOutput, naming the file', () => {
    // Found by a new user: `export model -o afile/b` ended in Node's "ENOTDIR: not a
    // directory, stat …" (exit 2). Expected: the file named, reason NOT_A_FOLDER; the same
    // one level deeper (afile/sub/b: the nearest existing path above is the file), while a
    // missing folder under a real folder keeps its own FOLDER_MISSING.
    for (const out of [join(csv, 'b'), join(csv, 'sub', 'b.csv')]) {
      for (const check of [refuseMissingFolder, refuseUnsafeOutput]) {
        let caught: unknown;
        try {
          check(out);
        } catch (err) {
          caught = err;
        }
        expect(caught).toBeInstanceOf(MtlError);
        expect((caught as MtlError).code).toBe('BAD_REQUEST');
        expect((caught as MtlError).message).toBe(
          `"${csv}" is a file, not a folder: "${out}" cannot be written under it; choose another path.`,
        );
        expect((caught as MtlError).details).toMatchObject({
          reason: 'NOT_A_FOLDER',
          params: { path: csv },
        });
      }
    }
    expect(() => refuseMissingFolder(join(dir, 'nowhere', 'b'))).toThrow(
      `The folder "${join(dir, 'nowhere')}" does not exist.`,
    );
  });
});
