/**
 * `predict` reads a CSV in the encoding the model's dataset was imported with (found by a new
 * user: a windows-1254 table imported with `--encoding cp1254`, predicted without
 * `--encoding`, was read as windows-1252 and 157 of 300 labels changed, exit 0). The bytes are
 * written here by iconv-lite from known Turkish text; the expected predictions are those of
 * the same run told `--encoding cp1254` (the reading the import had), and a file in UTF-8
 * (iconv-lite again) holds the same text, so its predictions are equal too.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { metadataChecksum } from '../../src/main/export/bundleCheck';
import type { BundleMetadata } from '../../src/main/export/metadata';
import { predictPreview, savePredictions } from '../../src/main/services/exports';
import { ProjectStore } from '../../src/main/store/projectStore';
import { makeTempDir } from '../store/helpers';
import { cli } from './run';

// Each city has a letter windows-1252 reads otherwise (ş ğ ı İ → þ ð ý Ý); region by city.
// The header is ASCII, as the user's was: misread cells are then unseen categories, exit 0.
const CITIES: [city: string, region: string][] = [
  ['İstanbul', 'Marmara'],
  ['Muğla', 'Ege'],
  ['Kırşehir', 'İç Anadolu'],
  ['Eskişehir', 'İç Anadolu'],
  ['Şanlıurfa', 'Güneydoğu'],
  ['Iğdır', 'Doğu'],
];

let cleanup: () => Promise<void>;
let dir: string;
let project: string;
/** The checking file's table: 300 rows, city and size, with the region to check against. */
let table: string;
beforeAll(async () => {
  ({ dir, cleanup } = await makeTempDir());
  const rows = (n: number) =>
    Array.from({ length: n }, (_, i) => {
      const [city, region] = CITIES[(i * 7) % CITIES.length];
      return `${i + 1},${city},${(i * 13) % 10},${region}`;
    });
  const train = `id,city,size,region\n${rows(300).join('\n')}\n`;
  writeFileSync(`${dir}/train.csv`, iconv.encode(train, 'windows-1254'));
  table = `id,city,size\n${rows(300)
    .map((r) => r.slice(0, r.lastIndexOf(',')))
    .join('\n')}\n`;
  writeFileSync(`${dir}/new.csv`, iconv.encode(table, 'windows-1254'));
  writeFileSync(`${dir}/new-utf8.csv`, table);
  project = `${dir}/p.mtlproj`;
  const imported = await cli('import', `${dir}/train.csv`, '-p', project, '--encoding', 'cp1254');
  expect(imported.code, imported.stderr).toBe(0);
  expect((await cli('tasks', '-p', project, '--add', 'region')).code).toBe(0);
  const trained = await cli('train', '-p', project, '--evaluation', 'split', '--epochs', '30');
  expect(trained.code, trained.stderr).toBe(0);
}, 180_000);
afterAll(() => cleanup());

/** The predicted labels (3rd column: row,id,region,…) of a predictions CSV. */
const labels = (csv: string) =>
  csv
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => line.split(',')[2]);

const NOTE =
  "note: reading new.csv as windows-1254, the encoding the model's dataset was imported with (override with --encoding)";

describe('predict reads the encoding the dataset was imported with', () => {
  it('with the run: labels as with --encoding cp1254, and says so', async () => {
    const told = await cli(
      'predict',
      '-p',
      project,
      '--run',
      '1',
      `${dir}/new.csv`,
      '--encoding',
      'cp1254',
    );
    const plain = await cli('predict', '-p', project, '--run', '1', `${dir}/new.csv`);
    expect(told.code, told.stderr).toBe(0);
    expect(plain.code, plain.stderr).toBe(0);
    expect(labels(plain.stdout)).toHaveLength(300);
    expect(labels(plain.stdout)).toEqual(labels(told.stdout));
    expect(plain.stderr).toContain(NOTE);
    expect(plain.stderr).not.toContain('never saw as a category');
    // Told, it is the user's reading: no note.
    expect(told.stderr).not.toContain('the encoding the model');
    // The model learned the cities: read as windows-1252 they are unseen and labels change.
    const latin = await cli(
      'predict',
      '-p',
      project,
      '--run',
      '1',
      `${dir}/new.csv`,
      '--encoding',
      'windows-1252',
    );
    expect(latin.stderr).toContain('never saw as a category');
    expect(labels(latin.stdout)).not.toEqual(labels(told.stdout));
  }, 90_000);

  it('reads a UTF-8 file as UTF-8, and says why', async () => {
    const utf8 = await cli('predict', '-p', project, '--run', '1', `${dir}/new-utf8.csv`);
    const told = await cli(
      'predict',
      '-p',
      project,
      '--run',
      '1',
      `${dir}/new.csv`,
      '--encoding',
      'cp1254',
    );
    expect(utf8.code, utf8.stderr).toBe(0);
    expect(labels(utf8.stdout)).toEqual(labels(told.stdout));
    expect(utf8.stderr).toContain(
      "note: new-utf8.csv is valid UTF-8 text: read as utf-8, not as windows-1254, the encoding the model's dataset was imported with (override with --encoding)",
    );
  }, 60_000);

  it('says whose encoding could not decode a file', async () => {
    // 0x81 is unassigned in windows-1254 (iconv-lite decodes it as U+FFFD): refused, as an
    // encoding given is, naming the dataset's encoding as the one that was taken.
    writeFileSync(
      `${dir}/odd.csv`,
      Buffer.concat([Buffer.from('id,city,size\n1,ab'), Buffer.from([0x81]), Buffer.from('c,3\n')]),
    );
    const odd = await cli('predict', '-p', project, '--run', '1', `${dir}/odd.csv`);
    expect(odd.code).toBe(1);
    expect(odd.stderr).toContain(
      "odd.csv line 2, column 'city': windows-1254 cannot decode this text",
    );
    expect(odd.stderr).toContain(
      "(windows-1254 is the encoding the model's dataset was imported with, which a file is read in when none is given)",
    );
    expect(odd.stdout).toBe('');
    // Predict stores nothing: the character would be read, not stored, as U+FFFD (found by a
    // new user: "105 characters in the file would be stored as the replacement character").
    expect(odd.stderr).toContain(
      '(1 character in the file would be read as the replacement character U+FFFD; this is the first)',
    );
    expect(odd.stderr).not.toContain('stored');
    const json = await cli('--json', 'predict', '-p', project, '--run', '1', `${dir}/odd.csv`);
    expect(JSON.parse(json.stdout).error.details).toMatchObject({
      reason: 'PREDICT_UNDECODABLE_TEXT',
      params: { line: 2, column: 'city', encoding: 'windows-1254', count: 1 },
    });
  }, 60_000);

  it('lists the notes under encodingNotes of --json', async () => {
    const inline = await cli('--json', 'predict', '-p', project, '--run', '1', `${dir}/new.csv`);
    expect(inline.code, inline.stderr).toBe(0);
    expect(JSON.parse(inline.stdout).encodingNotes).toEqual([
      { kind: 'trainingEncoding', encoding: 'windows-1254', message: NOTE },
    ]);
    const out = `${dir}/p.csv`;
    const written = await cli(
      '--json',
      'predict',
      '-p',
      project,
      '--run',
      '1',
      `${dir}/new.csv`,
      '-o',
      out,
    );
    expect(JSON.parse(written.stdout).encodingNotes).toEqual([
      { kind: 'trainingEncoding', encoding: 'windows-1254', message: NOTE },
    ]);
  }, 60_000);
});

describe('the studio’s Predict view (the same service)', () => {
  it('reads the file as the dataset was imported, and answers the notes', async () => {
    const told = await cli(
      'predict',
      '-p',
      project,
      '--run',
      '1',
      `${dir}/new.csv`,
      '--encoding',
      'cp1254',
    );
    const store = await ProjectStore.open(project, { create: false });
    try {
      const preview = await predictPreview(store, 1, `${dir}/new.csv`, 300);
      expect(preview.encoding).toBe('windows-1254');
      expect(preview.encodingNotes).toEqual([
        { kind: 'trainingEncoding', encoding: 'windows-1254', message: NOTE },
      ]);
      expect(preview.unseenCategories).toEqual([]);
      expect(preview.rows.map((r) => r.predictions[0].label)).toEqual(labels(told.stdout));
      // Detection asked for (the view's "Detect"): windows-1252, with the Turkish hint.
      const detected = await predictPreview(store, 1, `${dir}/new.csv`, 5, { encoding: 'auto' });
      expect(detected.encoding).toBe('windows-1252');
      expect(detected.encodingNotes?.map((n) => n.kind)).toEqual(['mayBeWindows1254']);
      // Save as CSV writes what the CLI writes.
      const out = `${dir}/saved.csv`;
      await savePredictions(store, 1, `${dir}/new.csv`, out);
      expect(labels(readFileSync(out, 'utf8'))).toEqual(labels(told.stdout));
    } finally {
      await store.close();
    }
  }, 90_000);
});

describe('the bundle records the training file’s encoding', () => {
  it('predict --model reads it so; a bundle without it detects, as before', async () => {
    const out = `${dir}/bundle`;
    const exported = await cli('export', 'model', '-p', project, '--run', '1', '-o', out);
    expect(exported.code, exported.stderr).toBe(0);
    const metadata = JSON.parse(readFileSync(`${out}/metadata.json`, 'utf8')) as BundleMetadata;
    expect(metadata.formatVersion).toBe(2);
    expect(metadata.input).toMatchObject({ kind: 'table', csvEncoding: 'windows-1254' });
    expect(readFileSync(`${out}/README.md`, 'utf8').replace(/\s+/g, ' ')).toContain(
      'The training file was windows-1254 text: a CSV file is read as windows-1254 too',
    );
    const told = await cli(
      'predict',
      '-p',
      project,
      '--run',
      '1',
      `${dir}/new.csv`,
      '--encoding',
      'cp1254',
    );
    const bundled = await cli('predict', '--model', out, `${dir}/new.csv`);
    expect(bundled.code, bundled.stderr).toBe(0);
    expect(labels(bundled.stdout)).toEqual(labels(told.stdout));
    expect(bundled.stderr).toContain(NOTE);

    // A bundle written before the field was kept: its metadata without it, checksum renewed
    // as an export of that time wrote it (format 2, checksums kept).
    if (metadata.input.kind !== 'table') throw new Error('a table model');
    delete metadata.input.csvEncoding;
    metadata.files!['metadata.json'] = metadataChecksum(metadata);
    writeFileSync(`${out}/metadata.json`, JSON.stringify(metadata, null, 2));
    const older = await cli('predict', '--model', out, `${dir}/new.csv`);
    expect(older.code, older.stderr).toBe(0);
    // Detected as windows-1252 (as before), with the import's hint, now naming predict.
    expect(older.stderr).not.toContain(NOTE);
    expect(older.stderr).toContain(
      'it may be windows-1254 text; if the names read wrong, predict it with --encoding windows-1254',
    );
    expect(labels(older.stdout)).not.toEqual(labels(told.stdout));
  }, 90_000);
});
