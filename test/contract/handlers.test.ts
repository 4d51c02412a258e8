/**
 * The handlers behind the studio's views, through dispatch (validation included), on a real
 * project: create, import penguins with progress, page rows, preview and define tasks,
 * train with live epoch events, compare, list the rows behind a confusion cell, and name,
 * annotate, delete and restore a run.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TrainingEpochEvent } from '../../src/shared/contract';
import type { StudioSession } from '../../src/main/services/session';
import { dispatchSession, type DispatchSession } from '../services/dispatchFixture';

const PENGUINS = fileURLToPath(new URL('../fixtures/penguins.csv', import.meta.url));
const fixture = (name: string) =>
  fileURLToPath(new URL(`../fixtures/csv/${name}`, import.meta.url));

let dir: string;
let session: StudioSession;
let events: DispatchSession['events'];
let call: DispatchSession['call'];
let fail: DispatchSession['fail'];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mtl-handlers-'));
  ({ session, events, call, fail } = dispatchSession(join(dir, 'state')));
});
afterAll(async () => {
  await session.dispose();
  await rm(dir, { recursive: true, force: true });
});

let datasetId: number;

describe('projects', () => {
  it('creates a project (adding .mtlproj), lists it as recent, refuses to overwrite it', async () => {
    const project = await call('projects.create', { path: join(dir, 'birds'), name: 'Birds' });
    expect(project).toEqual({
      path: join(dir, 'birds.mtlproj'),
      name: 'Birds',
      datasets: 0,
      damage: null,
      migration: null,
    });
    expect(await call('projects.current', {})).toEqual(project);
    const recent = await call('projects.recent', {});
    expect(recent[0]).toMatchObject({ path: project.path, name: 'Birds', exists: true });
    expect((await fail('projects.create', { path: project.path })).code).toBe('BAD_REQUEST');
  });

  it('reports a missing folder as NOT_FOUND with a clear message, not SQLITE_CANTOPEN', async () => {
    const error = await fail('projects.create', { path: join(dir, 'no-such-folder', 'p') });
    expect(error.code).toBe('NOT_FOUND');
    expect(error.message).toContain(join(dir, 'no-such-folder'));
    expect(error.message).toMatch(/does not exist/);
    expect(error.message).not.toMatch(/SQLITE/);
    expect(error.details).toEqual({
      path: join(dir, 'no-such-folder'),
      reason: 'FOLDER_MISSING',
      params: { path: join(dir, 'no-such-folder') },
    });
    // The open project is still the one created before.
    expect((await call('projects.current', {}))?.name).toBe('Birds');
  });
});

describe('datasets', () => {
  it('previews with overrides and imports with progress events', async () => {
    const preview = await call('datasets.preview', { path: PENGUINS, rows: 5 });
    expect(preview.header).toContain('species');
    expect(preview.rows).toHaveLength(5);
    expect(preview.delimiter).toBe(',');
    const headless = await call('datasets.preview', { path: PENGUINS, hasHeader: false, rows: 2 });
    expect(headless.header[0]).not.toBe('species');
    expect(headless.rows[0][0]).toBe('species');

    const dataset = await call('datasets.import', {
      importId: 'imp-1',
      path: PENGUINS,
      name: 'penguins',
      columnRoles: { year: 'ignore' },
    });
    datasetId = dataset.id;
    expect(dataset.rowCount).toBe(344);
    // The import's summary counts exact duplicate rows: penguins.csv has none (its 344 data
    // lines are distinct, counted from the file).
    expect(dataset.duplicateRows).toEqual({ duplicates: 0, repeatedRows: 0 });
    expect(dataset.columns.find((c) => c.name === 'year')?.role).toBe('ignore');
    expect(events.some((e) => e.channel === 'import.progress')).toBe(true);
    expect(await call('datasets.list', {})).toHaveLength(1);
    expect(await call('datasets.cancelImport', { importId: 'imp-1' })).toEqual({
      cancelled: false,
    });
  });

  it('passes missingTokens and decimalComma through to the preview and the import', async () => {
    const missingCsv = fixture('missing.csv');
    const defaults = await call('datasets.preview', { path: missingCsv });
    expect(defaults.rows.map((r) => r[0])).toContain(' None ');
    const custom = await call('datasets.preview', { path: missingCsv, missingTokens: ['none'] });
    // "None" is missing now, and the default tokens no longer are.
    expect(custom.rows.map((r) => r[0])).toEqual(expect.arrayContaining([null, 'NA', '?']));
    expect(custom.rows.map((r) => r[0])).not.toContain(' None ');

    const commaCsv = fixture('decimal-comma.csv');
    const plain = await call('datasets.preview', { path: commaCsv });
    expect(plain.inferredTypes[1]).not.toBe('numeric');
    const comma = await call('datasets.preview', { path: commaCsv, decimalComma: true });
    expect(comma.inferredTypes[1]).toBe('numeric');

    const plainSet = await call('datasets.import', {
      importId: 'imp-p',
      path: commaCsv,
      name: 'p',
    });
    const plainPrice = plainSet.columns.find((c) => c.name === 'price')!;
    expect(plainPrice.type).not.toBe('numeric');
    expect(plainPrice.profile.note).toMatch(/decimal comma/);
    const commaSet = await call('datasets.import', {
      importId: 'imp-c',
      path: commaCsv,
      name: 'c',
      decimalComma: true,
      missingTokens: ['', '7'],
    });
    const price = commaSet.columns.find((c) => c.name === 'price')!;
    expect(price.type).toBe('numeric');
    expect(price.profile.note).toBeUndefined();
    // "7" is a missing token here: three prices remain.
    expect(price.profile.missing).toBe(1);
    expect(price.profile.numeric?.min).toBe(-3.75);
    expect(await call('datasets.list', {})).toHaveLength(3);
  });

  it('pages rows sorted and filtered on the server', async () => {
    const columns = await call('datasets.columns', { datasetId });
    const mass = columns.findIndex((c) => c.name === 'body_mass_g');
    const page = await call('datasets.rows', {
      datasetId,
      offset: 0,
      limit: 3,
      orderBy: 'body_mass_g',
      descending: true,
    });
    expect(page.total).toBe(344);
    const masses = page.rows.map((r) => r.values[mass] as number);
    expect(masses).toEqual([...masses].sort((a, b) => b - a));
    expect(masses[0]).toBe(6300);
    const filtered = await call('datasets.rows', {
      datasetId,
      offset: 0,
      limit: 500,
      filters: [{ column: 'island', op: 'equals', value: 'Torgersen' }],
    });
    expect(filtered.total).toBe(52);
    expect(filtered.rows).toHaveLength(52);
  });
});

describe('tasks', () => {
  it('previews candidates with classes, balance, coverage and warnings', async () => {
    const [sex, bill] = await call('tasks.candidates', {
      datasetId,
      columns: ['sex', 'bill_length_mm'],
    });
    expect(sex.classes).toEqual(['female', 'male']);
    expect(sex.classCounts).toEqual([165, 168]);
    expect(sex.missing).toBe(11);
    expect(sex.coverage).toBeCloseTo(333 / 344);
    expect(sex.valid).toBe(true);
    expect(sex.warnings.map((w) => w.code)).toEqual(['MISSING_LABELS', 'TARGET_IS_INPUT']);
    // A continuous measurement has too many classes to be a task.
    expect(bill.valid).toBe(false);
    expect(bill.warnings.map((w) => w.code)).toContain('TOO_MANY_CLASSES');
  });

  it('defines tasks and lists them with coverage; refuses a column used twice', async () => {
    const tasks = await call('tasks.define', {
      datasetId,
      tasks: [{ column: 'species' }, { column: 'island' }, { column: 'sex' }],
    });
    expect(tasks.map((t) => t.name)).toEqual(['species', 'island', 'sex']);
    expect(tasks[0].classCounts).toEqual([152, 68, 124]);
    expect(tasks[0].coverage).toBe(1);
    expect(tasks[2].warnings).toEqual([{ code: 'MISSING_LABELS', severity: 'warning', count: 11 }]);
    const [again] = await call('tasks.candidates', { datasetId, columns: ['species'] });
    expect(again.warnings.map((w) => w.code)).toContain('ALREADY_TASK');
    expect((await fail('tasks.define', { datasetId, tasks: [{ column: 'species' }] })).code).toBe(
      'TASK_INVALID',
    );
  });
});

describe('training and comparison', () => {
  let runId: number;

  it('lists architectures from the engine registry and the config schema', async () => {
    const options = await call('training.options', {});
    const names = options.architectures.map((a) => a.name);
    expect(names).toEqual(expect.arrayContaining(['single-task', 'hard-sharing', 'mmoe']));
    expect(options.weightings.map((w) => w.name)).toEqual(
      expect.arrayContaining(['equal', 'uncertainty', 'pcgrad']),
    );
    for (const m of [...options.architectures, ...options.weightings]) {
      expect(m.description.length, m.name).toBeGreaterThan(10);
      expect(m.reference.length, m.name).toBeGreaterThan(3);
    }
    // Every architecture and weighting the schema accepts is described by a registry.
    const properties = options.configSchema.properties as Record<string, { enum?: string[] }>;
    expect([...names].sort()).toEqual([...properties.arch.enum!].sort());
    expect(options.weightings.map((w) => w.name).sort()).toEqual(
      [...properties.weighting.enum!].sort(),
    );
    expect(Object.keys(properties)).toEqual(expect.arrayContaining(Object.keys(options.defaults)));
  });

  it('starts a run at once and streams its epochs, then its end', async () => {
    const config = { epochs: 4, patience: 0, hiddenUnits: [16], seed: 3, backend: 'cpu' as const };
    const baseline = await call('training.start', {
      datasetId,
      config: { ...config, arch: 'single-task' },
    });
    expect(baseline.status).toBe('running');
    await expect
      .poll(() => events.some((e) => e.channel === 'training.finished'), { timeout: 60_000 })
      .toBe(true);
    const run = await call('training.start', {
      datasetId,
      config: { ...config, arch: 'hard-sharing' },
    });
    runId = run.id;
    await expect
      .poll(
        () =>
          events.filter((e) => e.channel === 'training.finished').length +
          events.filter((e) => e.channel === 'training.failed').length,
        { timeout: 60_000 },
      )
      .toBe(2);
    const epochs = events
      .filter((e) => e.channel === 'training.epoch')
      .map((e) => e.payload as TrainingEpochEvent)
      .filter((e) => e.runId === runId);
    expect(epochs.flatMap((e) => e.records.map((r) => r.epoch))).toEqual([1, 2, 3, 4]);
    expect(Object.keys(epochs[0].records[0].tasks)).toEqual(['species', 'island', 'sex']);
    expect(await call('training.epochs', { runId })).toHaveLength(4);
    // Only those after epoch 2 (the 4 epochs the run trained, listed above).
    expect((await call('training.epochs', { runId, afterEpoch: 2 })).map((e) => e.epoch)).toEqual([
      3, 4,
    ]);
    const runs = await call('training.runs', { datasetId });
    expect(runs.map((r) => r.status)).toEqual(['completed', 'completed']);
  });

  it('compares runs with Δm against the single-task baseline', async () => {
    const rows = await call('compare.runs', { datasetId });
    expect(rows).toHaveLength(2);
    const shared = rows.find((r) => r.run.id === runId)!;
    expect(shared.baselineRunId).toBe(
      rows.find((r) => r.run.config.arch === 'single-task')!.run.id,
    );
    expect(typeof shared.deltaM).toBe('number');
  });

  it('predicts the first rows of a file for the Predict view, with its unseen categories', async () => {
    const preview = await call('exports.predict', { runId, path: PENGUINS, limit: 5 });
    expect(preview.rows.map((r) => r.row)).toEqual([1, 2, 3, 4, 5]);
    expect(preview.truncated).toBe(true);
    // Every categorical column of penguins is a task's target here, so no input can have an
    // unseen category (the counting itself: test/engine/preprocessing.test.ts).
    expect(preview.unseenCategories).toEqual([]);
  });

  it('predicts a file written with decimal commas when asked to, as the CLI does', async () => {
    // The same rows as penguins.csv, semicolon-delimited with decimal commas ("39,1"): with
    // the option they must predict exactly as the original file does (the reference).
    const text = await readFile(PENGUINS, 'utf8');
    const comma = text
      .split('\n')
      .map((line) =>
        line
          .split(',')
          .map((field) => (/^-?\d+\.\d+$/.test(field) ? field.replace('.', ',') : field))
          .join(';'),
      )
      .join('\n');
    const eu = join(dir, 'penguins-eu.csv');
    await writeFile(eu, comma);
    const error = await fail('exports.predict', { runId, path: eu, limit: 5 });
    expect(error.details).toMatchObject({
      reason: 'PREDICT_DECIMAL_COMMA',
      params: { file: 'penguins-eu.csv', line: 2, column: 'bill_length_mm', value: '39,1' },
    });
    const reference = await call('exports.predict', { runId, path: PENGUINS, limit: 5 });
    const preview = await call('exports.predict', {
      runId,
      path: eu,
      limit: 5,
      decimalComma: true,
    });
    expect(preview.rows).toEqual(reference.rows);
    const saved = join(dir, 'eu-predictions.csv');
    const original = join(dir, 'predictions.csv');
    await call('exports.savePredictions', { runId, path: eu, out: saved, decimalComma: true });
    await call('exports.savePredictions', { runId, path: PENGUINS, out: original });
    expect(await readFile(saved, 'utf8')).toBe(await readFile(original, 'utf8'));
  });

  it('lists exactly the test rows behind each confusion cell', async () => {
    const run = (await call('compare.runs', { datasetId })).find((r) => r.run.id === runId)!.run;
    const confusion = run.results!.species.confusion;
    const columns = await call('datasets.columns', { datasetId });
    const species = columns.findIndex((c) => c.name === 'species');
    const classes = ['Adelie', 'Chinstrap', 'Gentoo'];
    for (let i = 0; i < 3; i++) {
      for (let j = 0; j < 3; j++) {
        const cell = await call('compare.confusionRows', {
          runId,
          task: 'species',
          trueClass: i,
          predictedClass: j,
        });
        expect(cell.total, `cell ${i},${j}`).toBe(confusion[i][j]);
        expect(cell.rows).toHaveLength(confusion[i][j]);
        for (const row of cell.rows) expect(row.values[species]).toBe(classes[i]);
        expect(cell.predictedLabel).toBe(classes[j]);
      }
    }
    expect(
      (
        await fail('compare.confusionRows', {
          runId,
          task: 'species',
          trueClass: 3,
          predictedClass: 0,
        })
      ).code,
    ).toBe('BAD_REQUEST');
    expect(
      (
        await fail('compare.confusionRows', {
          runId,
          task: 'bill',
          trueClass: 0,
          predictedClass: 0,
        })
      ).code,
    ).toBe('NOT_FOUND');
  });

  it('names, annotates, deletes and restores a run, telling every page', async () => {
    const changed = () =>
      events.filter(
        (e) => e.channel === 'training.changed' && (e.payload as { runId: number }).runId === runId,
      ).length;
    const named = await call('training.annotate', { runId, name: '  wide trunk  ' });
    expect(named).toMatchObject({ id: runId, name: 'wide trunk', notes: '' });
    const noted = await call('training.annotate', { runId, notes: 'lr 0.003, 4 epochs' });
    // Notes alone leave the name as it was.
    expect(noted).toMatchObject({ name: 'wide trunk', notes: 'lr 0.003, 4 epochs' });
    expect(changed()).toBe(2);
    // A blank name clears it.
    expect((await call('training.annotate', { runId, name: ' ' })).name).toBeNull();
    expect((await fail('training.annotate', { runId, name: 'x'.repeat(201) })).code).toBe(
      'BAD_REQUEST',
    );

    expect(await call('training.delete', { runId })).toEqual({ runId });
    expect((await call('training.runs', { datasetId })).map((r) => r.id)).not.toContain(runId);
    expect((await call('compare.runs', { datasetId })).map((r) => r.run.id)).not.toContain(runId);
    // Deleted runs cannot be changed or deleted again, only restored.
    expect((await fail('training.annotate', { runId, notes: 'late' })).code).toBe('NOT_FOUND');
    expect((await fail('training.delete', { runId })).code).toBe('NOT_FOUND');
    const restored = await call('training.restore', { runId });
    expect(restored).toMatchObject({ id: runId, status: 'completed', notes: 'lr 0.003, 4 epochs' });
    expect((await call('training.runs', { datasetId })).map((r) => r.id)).toContain(runId);
    expect(await call('training.epochs', { runId })).toHaveLength(4);
    // Only those after epoch 2 (the 4 epochs the run trained, listed above).
    expect((await call('training.epochs', { runId, afterEpoch: 2 })).map((e) => e.epoch)).toEqual([
      3, 4,
    ]);
    expect((await fail('training.restore', { runId })).code).toBe('NOT_FOUND');
    expect(changed()).toBe(5);
  });

  it('closes the project', async () => {
    expect(await call('projects.close', {})).toBeNull();
    expect(await call('projects.current', {})).toBeNull();
  });
});
