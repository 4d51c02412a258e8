/**
 * Where the exports of a project may write, through the real CLI and the studio's service
 * functions. Found by a new user:
 * - `mtl-studio predict -p victim.mtlproj --run 1 new.csv -o victim.mtlproj` printed
 *   "Predicted … → victim.mtlproj." and the project was a CSV file from then on;
 * - the studio's Save as CSV, Export report and Export model replaced an existing file or
 *   bundle without asking (the studio now asks: the service answers OUTPUT_EXISTS until the
 *   request says `overwrite`), and `export model` to an earlier bundle did not say it
 *   replaced it.
 * What must hold is read from the files themselves (bytes before and after, the project
 * opened again), not from what the command prints.
 */
import { chmodSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MtlError } from '../../src/shared/errors';
import { exportModel, savePredictions, writeReport } from '../../src/main/services/exports';
import { ProjectStore } from '../../src/main/store/projectStore';
import { cli } from '../cli/run';
import { PENGUINS, trainedPenguins, type TrainedProject } from './helpers';

let project: TrainedProject;
let runId: number;
beforeAll(async () => {
  project = await trainedPenguins(['single-task']);
  runId = project.runs.get('single-task')!.id;
}, 180_000);
afterAll(async () => {
  await project?.cleanup();
});

/** The reason and path parameter of the error `work` fails with. */
async function reasonOf(work: Promise<unknown>): Promise<{ reason: unknown; path: unknown }> {
  const err = (await work.then(
    () => null,
    (e: unknown) => e,
  )) as MtlError | null;
  const params = err?.details?.params as { path?: string } | undefined;
  return { reason: err?.details?.reason, path: params?.path };
}

describe('mtl-studio labels export -o', () => {
  it('refuses the project and a read-only file, leaving both as they were', async () => {
    // Found by a second new user: `labels export -p cs.mtlproj -o cs.mtlproj` wrote the
    // labels CSV over the project ("Wrote 40 rows …", exit 0), and over a mode-444 file.
    const before = await readFile(project.path);
    const done = await cli('labels', 'export', '-p', project.path, '-o', project.path);
    expect(done.code).toBe(1);
    expect(done.stdout).not.toMatch(/Wrote/);
    expect(done.stderr).toMatch(/cannot replace the project/);
    expect((await readFile(project.path)).equals(before)).toBe(true);
    const locked = join(project.dir, 'locked-labels.csv');
    await writeFile(locked, 'kept\n');
    chmodSync(locked, 0o444);
    const refused = await cli('labels', 'export', '-p', project.path, '-o', locked);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/read-only/);
    expect(await readFile(locked, 'utf8')).toBe('kept\n');
  });
});

describe('mtl-studio predict -o', () => {
  it('refuses the project it predicts with, however spelled, and leaves it intact', async () => {
    const before = await readFile(project.path);
    const data = join(project.dir, 'new.csv');
    await writeFile(data, await readFile(PENGUINS));
    // Relative to the test's working folder: another spelling of the same file.
    for (const out of [project.path, relative(process.cwd(), project.path)]) {
      const done = await cli(
        'predict',
        '-p',
        project.path,
        '--run',
        String(runId),
        data,
        '-o',
        out,
      );
      expect(done.code, out).toBe(1);
      expect(done.stdout).not.toMatch(/Predicted/);
      expect(done.stderr).toContain(`"${project.path}" is the project:`);
      expect(done.stderr).toMatch(/cannot replace the project/);
    }
    expect((await readFile(project.path)).equals(before)).toBe(true);
    const store = await ProjectStore.open(project.path);
    try {
      expect(await store.projectName()).toBe('Penguins');
      expect((await store.training.listRuns()).map((r) => r.id)).toContain(runId);
    } finally {
      await store.close();
    }
  });

  it('refuses the file it predicts and a read-only file, naming them', async () => {
    const same = join(project.dir, 'same.csv');
    await writeFile(same, await readFile(PENGUINS));
    const sameRun = await cli(
      'predict',
      '-p',
      project.path,
      '--run',
      String(runId),
      same,
      '-o',
      same,
    );
    expect(sameRun.code).toBe(1);
    expect(sameRun.stderr).toContain(`"${same}" is the file being read`);
    expect((await readFile(same)).equals(await readFile(PENGUINS))).toBe(true);

    const locked = join(project.dir, 'locked.csv');
    await writeFile(locked, 'keep me\n');
    chmodSync(locked, 0o444);
    const lockedRun = await cli(
      'predict',
      '-p',
      project.path,
      '--run',
      String(runId),
      same,
      '-o',
      locked,
    );
    expect(lockedRun.code).toBe(1);
    expect(lockedRun.stderr).toContain(`"${locked}" is read-only`);
    expect(await readFile(locked, 'utf8')).toBe('keep me\n');
  });
});

describe('mtl-studio export model', () => {
  it('says when it replaced an earlier bundle', async () => {
    const out = join(project.dir, 'bundle');
    const first = await cli(
      'export',
      'model',
      '-p',
      project.path,
      '--run',
      String(runId),
      '-o',
      out,
    );
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain(`Wrote ${out}`);
    const second = await cli(
      'export',
      'model',
      '-p',
      project.path,
      '--run',
      String(runId),
      '-o',
      out,
    );
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toContain(`Replaced the earlier bundle at ${out}`);
  });

  it('replaces a bundle .zip it wrote, and refuses any other .zip, leaving it as it was', async () => {
    // Found by a new user: `export model -o photos.zip` replaced the user's photos.zip
    // ("replaced": true). The zips below are made by hand; their bytes must not change.
    const exportTo = (out: string, ...json: string[]) =>
      cli('export', 'model', '-p', project.path, '--run', String(runId), '-o', out, ...json);
    const photos = join(project.dir, 'photos.zip');
    const photoBytes = zipSync({ 'IMG_0001.jpg': new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2]) });
    await writeFile(photos, photoBytes);
    const refused = await exportTo(photos);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(
      `${photos} exists and is not a model bundle: it holds files that are not a model bundle's (IMG_0001.jpg)`,
    );
    expect(Buffer.compare(await readFile(photos), photoBytes)).toBe(0);
    // The studio goes through the same check, even when the user agreed to replace.
    await expect(exportModel(project.store, runId, photos, { overwrite: true })).rejects.toThrow(
      /photos\.zip exists and is not a model bundle/,
    );
    expect(Buffer.compare(await readFile(photos), photoBytes)).toBe(0);

    // Bundle file names, but metadata.json of another format: not ours either.
    const lookalike = join(project.dir, 'lookalike.zip');
    const lookalikeBytes = zipSync({
      'lookalike/metadata.json': strToU8('{"format":"teachable-machine"}'),
      'lookalike/model.json': strToU8('{}'),
    });
    await writeFile(lookalike, lookalikeBytes);
    const other = await exportTo(lookalike);
    expect(other.code).toBe(1);
    expect(other.stderr).toContain('its metadata.json does not say "format": "mtl-studio-model"');
    expect(Buffer.compare(await readFile(lookalike), lookalikeBytes)).toBe(0);

    // A bundle's file first, a foreign one after it (read on to the second entry).
    const mixed = join(project.dir, 'mixed.zip');
    const mixedBytes = zipSync({
      'model.json': strToU8('{}'),
      'holiday/IMG_0002.jpg': new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 3, 4]),
    });
    await writeFile(mixed, mixedBytes);
    const both = await exportTo(mixed);
    expect(both.code).toBe(1);
    expect(both.stderr).toContain(
      "it holds files that are not a model bundle's (holiday/IMG_0002.jpg)",
    );
    expect(Buffer.compare(await readFile(mixed), mixedBytes)).toBe(0);

    // A text file that ends in .zip.
    const notes = join(project.dir, 'notes.zip');
    await writeFile(notes, 'not a zip\n');
    const text = await exportTo(notes);
    expect(text.code).toBe(1);
    expect(text.stderr).toContain(
      `${notes} exists and is not a model bundle: it is not a zip archive`,
    );
    expect(await readFile(notes, 'utf8')).toBe('not a zip\n');

    // A bundle zip written by the studio is replaced, and says so.
    const model = join(project.dir, 'model.zip');
    const first = await exportTo(model, '--json');
    expect(first.code, first.stderr).toBe(0);
    expect(JSON.parse(first.stdout).replaced).toBe(false);
    const again = await exportTo(model, '--json');
    expect(again.code, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout).replaced).toBe(true);
  });
});

describe('the studio asks before replacing (services)', () => {
  it('answers OUTPUT_EXISTS for an existing file until asked to overwrite', async () => {
    const out = join(project.dir, 'saved.csv');
    await writeFile(out, 'earlier\n');
    expect(
      await reasonOf(
        savePredictions(project.store, runId, PENGUINS, out, false, {}, undefined, false),
      ),
    ).toEqual({ reason: 'OUTPUT_EXISTS', path: out });
    expect(await readFile(out, 'utf8')).toBe('earlier\n');
    const saved = await savePredictions(
      project.store,
      runId,
      PENGUINS,
      out,
      false,
      {},
      undefined,
      true,
    );
    // penguins.csv: 344 data rows (wc -l less the header).
    expect(saved.rows).toBe(344);
    expect((await readFile(out, 'utf8')).split('\n')[0]).toMatch(/^row,species,/);

    const report = join(project.dir, 'report.html');
    await writeFile(report, 'earlier report');
    expect(await reasonOf(writeReport(project.store, report, { overwrite: false }))).toEqual({
      reason: 'OUTPUT_EXISTS',
      path: report,
    });
    expect(await readFile(report, 'utf8')).toBe('earlier report');

    const bundle = join(project.dir, 'studio-bundle');
    expect((await exportModel(project.store, runId, bundle, { overwrite: false })).replaced).toBe(
      false,
    );
    expect(await reasonOf(exportModel(project.store, runId, bundle, { overwrite: false }))).toEqual(
      { reason: 'OUTPUT_EXISTS', path: bundle },
    );
    expect((await exportModel(project.store, runId, bundle, { overwrite: true })).replaced).toBe(
      true,
    );
  });

  it('never replaces the project, the input or another project, even when told to overwrite', async () => {
    expect(
      await reasonOf(
        savePredictions(project.store, runId, PENGUINS, project.path, false, {}, undefined, true),
      ),
    ).toEqual({ reason: 'OUTPUT_IS_PROJECT', path: project.path });
    const input = join(project.dir, 'input.csv');
    await writeFile(input, await readFile(PENGUINS));
    expect(
      await reasonOf(
        savePredictions(project.store, runId, input, input, false, {}, undefined, true),
      ),
    ).toEqual({ reason: 'OUTPUT_IS_INPUT', path: input });
    const other = join(project.dir, 'other.html');
    await writeFile(other, await readFile(project.path));
    expect(await reasonOf(writeReport(project.store, other, { overwrite: true }))).toEqual({
      reason: 'OUTPUT_IS_DATABASE',
      path: other,
    });
  });
});
