/**
 * A model bundle is checked when it is loaded for `predict`: its files must fit together.
 * Found by a new user: with metadata.json's `tasks[0].labels` cut to 2 of the model's 3
 * classes, `mtl-studio predict --model … --all-probs` exited 0 with wrong class names; with
 * weights.bin cut short it exited 2 with tfjs's raw "Based on the provided shape, [64,32],
 * the tensor should have 2048 values but has 610", naming no file. Each case corrupts a
 * copy of a real bundle written by the export; expected sizes are the intact files' own.
 */
import { createHash } from 'node:crypto';
import { cp, readFile, rm, stat, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { deflateSync, unzipSync, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../src/main/export/bundleCheck';
import type { BundleMetadata } from '../../src/main/export/metadata';
import { bundlePredictor } from '../../src/main/export/predict';
import { cli } from '../cli/run';
import { PENGUINS, trainedPenguins, type TrainedProject } from './helpers';

let project: TrainedProject;
let bundle: string;
let metadata: BundleMetadata;
beforeAll(async () => {
  project = await trainedPenguins(['single-task']);
  bundle = join(project.dir, 'tb3');
  const { exportModel } = await import('../../src/main/services/exports');
  await exportModel(project.store, project.runs.get('single-task')!.id, bundle);
  metadata = JSON.parse(await readFile(join(bundle, 'metadata.json'), 'utf8')) as BundleMetadata;
}, 180_000);
afterAll(async () => {
  await project?.cleanup();
});

/** A copy of the bundle, `edit`ed, at `name`. */
async function corrupted(name: string, edit: (dir: string) => Promise<void>): Promise<string> {
  const dir = join(project.dir, name);
  await cp(bundle, dir, { recursive: true });
  await edit(dir);
  return dir;
}

/** metadata.json of the copy at `dir` rewritten by `change`. */
function editMetadata(change: (m: BundleMetadata) => void): (dir: string) => Promise<void> {
  return async (dir) => {
    const m = structuredClone(metadata);
    change(m);
    await writeFile(join(dir, 'metadata.json'), JSON.stringify(m, null, 2));
  };
}

describe('predict --model refuses a bundle whose files do not fit together', () => {
  it('predicts with the intact bundle', async () => {
    // penguins.csv: species has 3 classes (Adelie, Chinstrap, Gentoo), sex 2.
    expect(metadata.tasks.map((t) => t.labels.length)).toEqual([3, 2]);
    const ok = await cli('predict', '--model', bundle, PENGUINS, '-o', join(project.dir, 'ok.csv'));
    expect(ok.code, ok.stderr).toBe(0);
    // Its files' checksums are recorded, so no note says they are missing.
    expect(ok.stderr).not.toContain('no file checksums');
  });

  it('names metadata.json when a task has fewer labels than its output has classes', async () => {
    const dir = await corrupted(
      'two-labels',
      editMetadata((m) => m.tasks[0].labels.splice(2)),
    );
    const { code, stdout, stderr } = await cli('predict', '--model', dir, PENGUINS, '--all-probs');
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toContain(
      `metadata.json of the model bundle ${dir}: task "species" has 2 labels, but the model's output "${metadata.tasks[0].output}" gives 3 class probabilities; the bundle is damaged or was edited: export the model again.`,
    );
    // The studio loads bundles through the same function: the same error, with its code.
    await expect(bundlePredictor(dir)).rejects.toMatchObject({ code: 'BUNDLE_INVALID' });
  });

  it('names weights.bin and both sizes when the weights file is cut short', async () => {
    const whole = (await stat(join(bundle, 'weights.bin'))).size;
    const dir = await corrupted('short-weights', (d) => truncate(join(d, 'weights.bin'), 610));
    const { code, stderr } = await cli('predict', '--model', dir, PENGUINS);
    expect(code).toBe(1);
    expect(stderr).toMatch(
      new RegExp(
        `weights\\.bin of the model bundle ${dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} holds 610 bytes, but model\\.json's weightsManifest describes \\d+ weights of ${whole} bytes`,
      ),
    );
    expect(stderr).not.toMatch(/Based on the provided shape/);
  });

  it("names metadata.json when its input size is not the model's, or a task is missing", async () => {
    const features = metadata.input.features;
    const wide = await corrupted(
      'wide-input',
      editMetadata((m) => (m.input.features += 1)),
    );
    const a = await cli('predict', '--model', wide, PENGUINS);
    expect(a.code).toBe(1);
    expect(a.stderr).toContain(
      `metadata.json of the model bundle ${wide}: the input has ${features + 1} features, but the model reads ${features}`,
    );
    const oneTask = await corrupted(
      'one-task',
      editMetadata((m) => m.tasks.pop()),
    );
    const b = await cli('predict', '--model', oneTask, PENGUINS);
    expect(b.code).toBe(1);
    expect(b.stderr).toContain(
      `metadata.json of the model bundle ${oneTask} lists 1 task, but the model has 2 outputs`,
    );
  });

  it('names the file when metadata.json is empty, model.json does not fit its weights, or the zip is cut', async () => {
    // Found by a new user: "Unexpected end of JSON input", "Shape mismatch: [12,7] vs.
    // [12,64]" (exit 2) and "invalid zip data", none naming the bundle or its file.
    const empty = await corrupted('empty-metadata', (d) => writeFile(join(d, 'metadata.json'), ''));
    const a = await cli('predict', '--model', empty, PENGUINS);
    expect(a.code).toBe(1);
    expect(a.stderr).toContain(`metadata.json of the model bundle ${empty} is not valid JSON`);

    // Every dense layer's "units" set to 7: the weights (of the real sizes) no longer fit.
    const units = await corrupted('units-7', async (d) => {
      const file = join(d, 'model.json');
      await writeFile(
        file,
        (await readFile(file, 'utf8')).replace(/"units":\s*\d+/g, '"units": 7'),
      );
    });
    const b = await cli('predict', '--model', units, PENGUINS);
    expect(b.code).toBe(1);
    expect(b.stderr).toContain(`model.json of the model bundle ${units} does not load`);

    // The bundle zipped, then cut to half its bytes.
    const zip = join(project.dir, 'cut.zip');
    const { exportModel } = await import('../../src/main/services/exports');
    await exportModel(project.store, project.runs.get('single-task')!.id, zip);
    await truncate(zip, Math.floor((await stat(zip)).size / 2));
    const c = await cli('predict', '--model', zip, PENGUINS);
    expect(c.code).toBe(1);
    expect(c.stderr).toContain(`The model bundle ${zip} cannot be read as a zip archive`);
  });

  it('says the zip is damaged when an entry of it unpacks short, not that the file changed', async () => {
    // Found by a new user: a damaged zip whose weights.bin came out short was reported as
    // "weights.bin … was changed or damaged since export: it holds N bytes, but metadata.json
    // records M", an edit of the bundle; fflate checks no entry against the zip's sizes.
    const zip = join(project.dir, 'short-entry.zip');
    const { exportModel } = await import('../../src/main/services/exports');
    await exportModel(project.store, project.runs.get('single-task')!.id, zip);
    const bytes = new Uint8Array(await readFile(zip));
    const name = 'short-entry/weights.bin';
    const weights = unzipSync(bytes)[name];
    // The entry's deflate data replaced, in place, by a complete deflate stream of its first
    // half (zero-padded to the same length): the zip's headers and offsets stay intact, and
    // the entry unpacks to half of the bytes the zip records.
    const at = localEntryData(bytes, name);
    const half = deflateSync(weights.subarray(0, Math.floor(weights.length / 2)));
    expect(half.length).toBeLessThan(at.size);
    bytes.fill(0, at.start, at.start + at.size);
    bytes.set(half, at.start);
    await writeFile(zip, bytes);
    const c = await cli('predict', '--model', zip, PENGUINS);
    expect(c.code).toBe(1);
    // By hand: the zip records weights.bin's full size; half of it, rounded down, came out.
    expect(c.stderr).toContain(
      `The model bundle ${zip} cannot be unpacked whole: its entry ${name} unpacks to ${Math.floor(weights.length / 2)} bytes, but the zip records ${weights.length}; the zip is damaged or cut short: export the model again.`,
    );
    expect(c.stderr).not.toContain('since export');
  });

  it("names metadata.json when an input column's encoding cannot encode a row", async () => {
    // Found by a fourth new user: std "abc", 0 or null, mean removed or the last column
    // removed predicted every row alike (exit 0); kind "onehot" ended in a TypeError (exit 2).
    if (metadata.input.kind !== 'table') throw new Error('penguins is a table');
    const numeric = metadata.input.columns.findIndex((c) => c.encoding.kind === 'numeric');
    expect(numeric).toBeGreaterThanOrEqual(0);
    const edits: [string, (m: BundleMetadata) => void, string][] = [
      ['std-text', (m) => setEncoding(m, numeric, { std: 'abc' }), `${numeric}.encoding.std`],
      ['std-zero', (m) => setEncoding(m, numeric, { std: 0 }), `${numeric}.encoding.std`],
      ['std-null', (m) => setEncoding(m, numeric, { std: null }), `${numeric}.encoding.std`],
      ['no-mean', (m) => setEncoding(m, numeric, { mean: undefined }), `${numeric}.encoding.mean`],
      ['kind', (m) => setEncoding(m, numeric, { kind: 'onehot' }), `${numeric}.encoding.kind`],
      [
        'one-column-less',
        (m) => {
          if (m.input.kind === 'table') m.input.columns.pop();
        },
        'the input columns encode',
      ],
    ];
    for (const [name, edit, named] of edits) {
      const dir = await corrupted(name, editMetadata(edit));
      const { code, stderr } = await cli('predict', '--model', dir, PENGUINS);
      expect(code, `${name}: ${stderr}`).toBe(1);
      expect(stderr).toContain(`metadata.json of the model bundle ${dir}: `);
      expect(stderr).toContain(named);
    }
  });
});

/** The bytes of `bytes` with the one at `at` inverted (the same length). */
function flipped(bytes: Uint8Array, at: number): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(bytes);
  out[at] ^= 0xff;
  return out;
}

/** A string for `new RegExp` matching `text` literally. */
const literal = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('sha256Hex', () => {
  it('gives the SHA-256 that sha256sum prints', () => {
    // `printf 'abc' | sha256sum` and `printf '' | sha256sum` (FIPS 180-2's "abc" vector).
    expect(sha256Hex(new TextEncoder().encode('abc'))).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
    expect(sha256Hex(new Uint8Array(0))).toBe(
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    );
  });
});

describe('a bundle records and checks the SHA-256 of its files', () => {
  it("lists every file but README.md with its size and node:crypto's SHA-256", async () => {
    // README.md is for people and may be annotated: it is not checked.
    const names = ['model.json', 'preprocess.js', 'weights.bin'];
    expect(Object.keys(metadata.files ?? {}).sort()).toEqual(['metadata.json', ...names]);
    for (const name of names) {
      // Independent of the export's code path: node:crypto over the file as it lies on disk.
      const bytes = await readFile(join(bundle, name));
      expect(metadata.files![name]).toEqual({
        sha256: createHash('sha256').update(bytes).digest('hex'),
        bytes: bytes.byteLength,
      });
    }
    // metadata.json's own entry: node:crypto over the file's text with that entry cut out of
    // it as text (the last entry of "files", four spaces in), not re-serialised.
    const text = await readFile(join(bundle, 'metadata.json'), 'utf8');
    const own = /,\n {4}"metadata\.json": \{\n[^}]*\n {4}\}/;
    expect(text).toMatch(own);
    const without = Buffer.from(text.replace(own, ''), 'utf8');
    expect(metadata.files!['metadata.json']).toEqual({
      sha256: createHash('sha256').update(without).digest('hex'),
      bytes: without.byteLength,
    });
  });

  it('names metadata.json when its class names were reversed (the model still fits)', async () => {
    // Found by a new user: reversed tasks[0].labels passed every other check and predicted
    // every row under the wrong class name (exit 0).
    const dir = await corrupted(
      'reversed-labels',
      editMetadata((m) => m.tasks[0].labels.reverse()),
    );
    const { code, stdout, stderr } = await cli('predict', '--model', dir, PENGUINS);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toMatch(
      new RegExp(
        `metadata\\.json of the model bundle ${literal(dir)} was edited since export: its content \\(without files\\["metadata\\.json"\\]\\) has SHA-256 [0-9a-f]{64}, but files\\["metadata\\.json"\\] records ${metadata.files!['metadata.json'].sha256}; the bundle is damaged or was edited: export the model again\\.`,
      ),
    );
    await expect(bundlePredictor(dir)).rejects.toMatchObject({ code: 'BUNDLE_INVALID' });
    // Whitespace alone is no edit: the same metadata written without indentation loads.
    const compact = await corrupted('compact-metadata', async (d) => {
      await writeFile(join(d, 'metadata.json'), JSON.stringify(metadata));
    });
    const ok = await cli('predict', '--model', compact, PENGUINS);
    expect(ok.code, ok.stderr).toBe(0);
  });

  it('names metadata.json and the entry when a checksum is removed from files, or files is {}', async () => {
    // Found by a new user: either turned the check of that file off silently.
    const noWeights = await corrupted(
      'no-weights-entry',
      editMetadata((m) => delete m.files!['weights.bin']),
    );
    const a = await cli('predict', '--model', noWeights, PENGUINS);
    expect(a.code).toBe(1);
    expect(a.stderr).toContain(
      `metadata.json of the model bundle ${noWeights}: files has no entry for weights.bin, which every export records (its checksum was removed); the bundle is damaged or was edited: export the model again.`,
    );
    const noOwn = await corrupted(
      'no-metadata-entry',
      editMetadata((m) => delete m.files!['metadata.json']),
    );
    const b = await cli('predict', '--model', noOwn, PENGUINS);
    expect(b.code).toBe(1);
    expect(b.stderr).toContain(
      `metadata.json of the model bundle ${noOwn}: files has no entry for metadata.json`,
    );
    const empty = await corrupted(
      'empty-files',
      editMetadata((m) => (m.files = {})),
    );
    const c = await cli('predict', '--model', empty, PENGUINS);
    expect(c.code).toBe(1);
    // The first of the four entries an export writes, in the order they are required.
    expect(c.stderr).toContain(
      `metadata.json of the model bundle ${empty}: files has no entry for model.json`,
    );
    await expect(bundlePredictor(empty)).rejects.toMatchObject({ code: 'BUNDLE_INVALID' });
  });

  it('names weights.bin when one of its bytes is flipped (the same length)', async () => {
    // Found by a new user: such a weights.bin passed the size check and predicted (exit 0).
    const dir = await corrupted('flipped-weights', async (d) => {
      const file = join(d, 'weights.bin');
      const bytes = new Uint8Array(await readFile(file));
      await writeFile(file, flipped(bytes, bytes.length >> 1));
    });
    const { code, stdout, stderr } = await cli('predict', '--model', dir, PENGUINS);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toMatch(
      new RegExp(
        `weights\\.bin of the model bundle ${literal(dir)} was changed or damaged since export: its SHA-256 is [0-9a-f]{64}, but metadata\\.json records ${metadata.files!['weights.bin'].sha256}; the bundle is damaged or was edited: export the model again\\.`,
      ),
    );
    // The studio loads bundles through the same function: the same error, with its code.
    await expect(bundlePredictor(dir)).rejects.toMatchObject({ code: 'BUNDLE_INVALID' });
  });

  it('names weights.bin when a byte is flipped inside a .zip bundle', async () => {
    const zip = join(project.dir, 'flipped.zip');
    const { exportModel } = await import('../../src/main/services/exports');
    await exportModel(project.store, project.runs.get('single-task')!.id, zip);
    const intact = await cli('predict', '--model', zip, PENGUINS);
    expect(intact.code, intact.stderr).toBe(0);
    const entries = unzipSync(new Uint8Array(await readFile(zip)));
    const weights = Object.keys(entries).find((name) => name.endsWith('/weights.bin'))!;
    entries[weights] = flipped(entries[weights], 3);
    await writeFile(zip, zipSync(entries));
    const { code, stderr } = await cli('predict', '--model', zip, PENGUINS);
    expect(code).toBe(1);
    expect(stderr).toContain(
      `weights.bin of the model bundle ${zip} was changed or damaged since export: its SHA-256 is `,
    );
    await expect(bundlePredictor(zip)).rejects.toMatchObject({ code: 'BUNDLE_INVALID' });
  });

  it('names a listed file that is missing alike for each file, and a preprocess.js changed by one byte', async () => {
    // Found by a new user: weights.bin deleted gave "<dir> has no weights.bin." and model.json
    // deleted "has no model.json; is it a model bundle?" though metadata.json lists both.
    for (const name of ['model.json', 'weights.bin', 'preprocess.js']) {
      const gone = await corrupted(`no-${name}`, (d) => rm(join(d, name)));
      const a = await cli('predict', '--model', gone, PENGUINS);
      expect(a.code, name).toBe(1);
      expect(a.stderr).toContain(
        `${name} of the model bundle ${gone} is missing: metadata.json lists it as exported (${metadata.files![name].bytes} bytes); the bundle is damaged or was edited: export the model again.`,
      );
      await expect(bundlePredictor(gone)).rejects.toMatchObject({ code: 'BUNDLE_INVALID' });
    }
    // An annotated README.md does not stop the bundle predicting.
    const annotated = await corrupted('annotated-readme', async (d) => {
      await writeFile(join(d, 'README.md'), 'my notes\n', { flag: 'a' });
    });
    const c = await cli('predict', '--model', annotated, PENGUINS);
    expect(c.code, c.stderr).toBe(0);
    const edited = await corrupted('edited-preprocess', async (d) => {
      const file = join(d, 'preprocess.js');
      const bytes = new Uint8Array(await readFile(file));
      await writeFile(file, flipped(bytes, 0));
    });
    const b = await cli('predict', '--model', edited, PENGUINS);
    expect(b.code).toBe(1);
    expect(b.stderr).toContain(
      `preprocess.js of the model bundle ${edited} was changed or damaged since export`,
    );
  });

  it('loads a bundle written before checksums were kept (no files), with a note', async () => {
    // A format-1 bundle: format 1 had no checksums.
    const old = await corrupted(
      'no-checksums',
      editMetadata((m) => {
        delete m.files;
        m.formatVersion = 1;
      }),
    );
    expect(JSON.parse(await readFile(join(old, 'metadata.json'), 'utf8'))).not.toHaveProperty(
      'files',
    );
    const out = join(project.dir, 'old.csv');
    const { code, stderr } = await cli('predict', '--model', old, PENGUINS, '-o', out);
    expect(code, stderr).toBe(0);
    expect(stderr).toContain(
      `note: the model bundle ${old} records no file checksums (it was exported before they were kept)`,
    );
    // The same predictions as the intact bundle's (written by the first test).
    expect(await readFile(out, 'utf8')).toBe(await readFile(join(project.dir, 'ok.csv'), 'utf8'));
    const predictor = await bundlePredictor(old);
    expect(predictor.notes).toHaveLength(1);
    predictor.dispose();
    // Without a listing, a folder lacking model.json may not be a bundle at all.
    const bare = await corrupted('no-checksums-no-model', async (d) => {
      await editMetadata((m) => {
        delete m.files;
        m.formatVersion = 1;
      })(d);
      await rm(join(d, 'model.json'));
    });
    const b = await cli('predict', '--model', bare, PENGUINS);
    expect(b.code).toBe(1);
    expect(b.stderr).toContain(`${bare} has no model.json; is it a model bundle?`);
  });

  it('refuses a bundle of the checksums format whose files were removed', async () => {
    // Found by a new user: removing `files` (with a class renamed and weights.bin damaged)
    // predicted with exit 0 and a note saying the bundle predated checksums.
    const stripped = await corrupted(
      'files-removed',
      editMetadata((m) => delete m.files),
    );
    const { code, stdout, stderr } = await cli('predict', '--model', stripped, PENGUINS);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toContain(
      `metadata.json of the model bundle ${stripped} has no files: a bundle of format 2 records its files' checksums there, so they were removed`,
    );
    await expect(bundlePredictor(stripped)).rejects.toMatchObject({ code: 'BUNDLE_INVALID' });
  });

  it('names metadata.json when its files are not checksums', async () => {
    const dir = await corrupted(
      'bad-checksum',
      editMetadata((m) => (m.files!['model.json'].sha256 = 'abc')),
    );
    const { code, stderr } = await cli('predict', '--model', dir, PENGUINS);
    expect(code).toBe(1);
    expect(stderr).toContain(
      `metadata.json of the model bundle ${dir}: files model.json.sha256 = "abc": is not 64 lowercase hex digits`,
    );
  });
});

/** Overwrites fields of input column `index`'s encoding (undefined removes the field). */
function setEncoding(m: BundleMetadata, index: number, fields: Record<string, unknown>): void {
  if (m.input.kind !== 'table') return;
  const encoding = m.input.columns[index].encoding as unknown as Record<string, unknown>;
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined) delete encoding[key];
    else encoding[key] = value;
  }
}

/**
 * Where the data of the zip entry `name` lies: after its local file header (APPNOTE.txt
 * 4.3.7: signature 0x04034b50, compressed size at +18, name length at +26, extra length at
 * +28, name at +30), for `size` bytes.
 */
function localEntryData(zip: Uint8Array, name: string): { start: number; size: number } {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  const wanted = new TextEncoder().encode(name);
  for (let at = 0; at + 30 <= zip.length; at++) {
    if (view.getUint32(at, true) !== 0x04034b50) continue;
    const nameLength = view.getUint16(at + 26, true);
    const here = zip.subarray(at + 30, at + 30 + nameLength);
    if (nameLength === wanted.length && here.every((b, i) => b === wanted[i])) {
      const start = at + 30 + nameLength + view.getUint16(at + 28, true);
      return { start, size: view.getUint32(at + 18, true) };
    }
  }
  throw new Error(`no local header for ${name}`);
}
