/**
 * A new user's report: a task on a column named with more than 200 characters could be
 * defined but never trained (`training.start`: "tasks.0 … Too big: expected string to have
 * <=200 characters"), while the same name passed as a column. Now one limit holds for
 * every name (MAX_NAME_LENGTH, 1000 characters): import refuses a longer header name, naming
 * the file and the column's position, and every channel takes what import accepted.
 *
 * Driven through `dispatch` over the real handlers, as the studio's WebSocket and IPC are,
 * so every request passes its contract schema. The names' lengths are counted here by hand
 * ('x'.repeat): 281 characters (the report's column), 1000 (the limit) and 1001 (refused).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INVOKE } from '../../src/shared/contract';
import { MAX_NAME_LENGTH } from '../../src/shared/domain';
import { dispatchSession, type DispatchSession } from './dispatchFixture';

/** The report's target column: 281 characters. */
const LONG_TARGET = `target_with_a_really_long_name_${'x'.repeat(250)}`;
/** A long input column beside it: 300 characters. */
const LONG_INPUT = `input_${'y'.repeat(294)}`;

let dir: string;
let studio: DispatchSession;
let datasetId: number;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mtl-long-task-names-'));
  studio = dispatchSession(join(dir, 'state'));
  // 60 rows; the long target has three classes, `b` two, both learnable from x.
  const lines = [`x,${LONG_INPUT},${LONG_TARGET},b`];
  for (let i = 0; i < 60; i++)
    lines.push(`${i % 10},${(i * 7) % 11},${['p', 'q', 'r'][i % 3]},${i % 2 ? 's' : 't'}`);
  await writeFile(join(dir, 'long.csv'), `${lines.join('\n')}\n`);
  await studio.call('projects.create', { path: join(dir, 'p.mtlproj') });
  datasetId = (await studio.call('datasets.import', { importId: 'i', path: join(dir, 'long.csv') }))
    .id;
}, 60_000);

afterAll(async () => {
  await studio.session.dispose();
  await rm(dir, { recursive: true, force: true });
});

describe('a task on a 281-character column', () => {
  it('has its name whole (281 characters, as counted by hand)', () => {
    expect(LONG_TARGET.length).toBe(281);
    expect(LONG_INPUT.length).toBe(300);
  });

  it('is defined, split on, trained, scored, exported and reported', async () => {
    const { call } = studio;
    const columns = await call('datasets.columns', { datasetId });
    expect(columns.map((c) => c.name)).toEqual(['x', LONG_INPUT, LONG_TARGET, 'b']);
    const defined = await call('tasks.define', {
      datasetId,
      tasks: [{ column: LONG_TARGET }, { column: 'b' }],
    });
    expect(defined.map((t) => t.name).sort()).toEqual(['b', LONG_TARGET].sort());
    // Stratified on it; the Train form's draft remembers it.
    const split = await call('splits.create', {
      datasetId,
      fractions: { train: 0.6, validation: 0.2, test: 0.2 },
      seed: 1,
      stratifyTask: LONG_TARGET,
    });
    await call('session.update', {
      draft: { datasetId, draft: { values: {}, lists: {}, tasks: [LONG_TARGET, 'b'] } },
    });
    // Train → Start, the report's refusal.
    const run = await call('training.start', {
      datasetId,
      tasks: [LONG_TARGET, 'b'],
      splitId: split.id,
      config: { epochs: 1, batchSize: 16, backend: 'cpu' },
    });
    await expect
      .poll(async () => (await call('training.runs', { datasetId }))[0]?.status, {
        timeout: 120_000,
      })
      .toBe('completed');
    expect(run.tasks).toEqual([LONG_TARGET, 'b']);
    // A cell of its confusion matrix lists its rows.
    const rows = await call('compare.confusionRows', {
      runId: run.id,
      task: LONG_TARGET,
      trueClass: 0,
      predictedClass: 0,
    });
    expect(rows.total).toBeGreaterThanOrEqual(0);
    // Task affinity over it and b.
    const affinity = await call('compare.affinity', { datasetId, tasks: [LONG_TARGET, 'b'] });
    expect(affinity.tasks).toEqual(expect.arrayContaining([LONG_TARGET, 'b']));
    // The model bundle, a prediction with it, and the report.
    await call('exports.model', { runId: run.id, path: join(dir, 'bundle'), overwrite: true });
    const predictFile = join(dir, 'predict.csv');
    await writeFile(predictFile, `x,${LONG_INPUT}\n1,2\n3,4\n`);
    const preview = await call('exports.predict', { runId: run.id, path: predictFile });
    expect(preview.tasks.map((t) => t.name)).toEqual([LONG_TARGET, 'b']);
    const report = await call('exports.report', {
      out: join(dir, 'report.html'),
      lang: 'en',
      overwrite: true,
    });
    expect(report.format).toBe('html');
  }, 240_000);

  it('is cross-validated over it', async () => {
    const evaluation = await studio.call('training.crossValidate', {
      datasetId,
      tasks: [LONG_TARGET],
      config: { epochs: 1, batchSize: 16, backend: 'cpu' },
      folds: 2,
    });
    expect(evaluation.tasks).toEqual([LONG_TARGET]);
    await expect
      .poll(() => studio.events.filter((e) => e.channel === 'training.crossValidated').length, {
        timeout: 120_000,
      })
      .toBe(1);
  }, 180_000);

  it('is an Auto task', async () => {
    const run = await studio.call('training.auto', {
      datasetId,
      tasks: [LONG_TARGET],
      budgetSeconds: 0.2,
    });
    expect(run.tasks).toEqual([LONG_TARGET]);
    await studio.call('training.cancel', { runId: run.id });
    await expect
      .poll(async () => (await studio.call('training.runs', { datasetId }))[0]?.status, {
        timeout: 60_000,
      })
      .not.toBe('running');
  }, 120_000);
});

describe('the one name limit', () => {
  it("takes a name of MAX_NAME_LENGTH characters in every task channel's schema, not one more", () => {
    expect(MAX_NAME_LENGTH).toBe(1000);
    const fits = 'n'.repeat(MAX_NAME_LENGTH);
    const over = 'n'.repeat(MAX_NAME_LENGTH + 1);
    const requests = (name: string) =>
      [
        ['training.start', { datasetId: 1, tasks: [name], config: {} }],
        ['training.auto', { datasetId: 1, tasks: [name] }],
        ['training.crossValidate', { datasetId: 1, tasks: [name], config: {} }],
        ['compare.affinity', { datasetId: 1, tasks: [name, 'b'] }],
        ['compare.confusionRows', { runId: 1, task: name, trueClass: 0, predictedClass: 0 }],
        ['tasks.define', { datasetId: 1, tasks: [{ column: name, name }] }],
        ['tasks.create', { datasetId: 1, name, classes: [name, 'b'] }],
        ['splits.describe', { splitId: 1, task: name }],
        ['labels.addClass', { datasetId: 1, task: name, className: name }],
      ] as const;
    for (const [channel, request] of requests(fits)) {
      const schema = INVOKE[channel].request;
      expect(schema.safeParse(request).success, channel).toBe(true);
    }
    for (const [channel, request] of requests(over)) {
      const schema = INVOKE[channel].request;
      expect(schema.safeParse(request).success, channel).toBe(false);
    }
  });

  it('refuses at import a header name past it, naming the file and the column', async () => {
    const file = join(dir, 'too-long.csv');
    await writeFile(file, `a,b,${'z'.repeat(MAX_NAME_LENGTH + 1)}\n1,2,3\n`);
    const error = await studio.fail('datasets.import', { importId: 'j', path: file });
    expect(error.code).toBe('CSV_PARSE');
    expect(error.message).toContain('too-long.csv');
    expect(error.message).toContain('column 3');
    expect(error.message).toContain('1001 characters');
    expect(error.message).toContain('at most 1000 characters');
    expect(error.details).toMatchObject({
      reason: 'CSV_COLUMN_NAME_TOO_LONG',
      params: { file: 'too-long.csv', line: 1, position: 3, length: 1001, max: 1000 },
    });
    // The preview refuses it the same way, before the import is asked for.
    const preview = await studio.fail('datasets.preview', { path: file });
    expect(preview.details).toMatchObject({ reason: 'CSV_COLUMN_NAME_TOO_LONG' });
    // Exactly at the limit: imported.
    const edge = join(dir, 'edge.csv');
    await writeFile(edge, `a,${'z'.repeat(MAX_NAME_LENGTH)}\n1,p\n2,q\n`);
    const imported = await studio.call('datasets.import', { importId: 'k', path: edge });
    expect(imported.columns.map((c) => c.name)).toEqual(['a', 'z'.repeat(MAX_NAME_LENGTH)]);
  });
});
