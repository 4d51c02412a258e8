/**
 * Labelling through the services on penguins: edits checked against the task's classes,
 * progress and class counts, new classes, filters and orders of the Label view, the
 * active-labelling queue from a trained run, label versions recorded per run and the
 * rounds that chart macro-F1 against labels.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { predictWithStoredModel } from '../../src/main/services/evaluation';
import { labelQueue } from '../../src/main/services/labelQueue';
import { addClass, redoLabels, setLabels, undoLabels } from '../../src/main/services/labelEdits';
import {
  labelHistory,
  labelItems,
  labelOrdering,
  labelOverview,
  labelRounds,
  labelToCell,
  labelVersionsOf,
} from '../../src/main/services/labels';
import { trainRun } from '../../src/main/services/training';
import { ProjectStore } from '../../src/main/store/projectStore';
import { RECENT_LABEL_EVENTS, type LabelEditResult } from '../../src/shared/contract';
import type { RunInfo } from '../../src/shared/domain';
import { penguinsProject } from './helpers';

const PENGUINS = fileURLToPath(new URL('../fixtures/penguins.csv', import.meta.url));
const FAST = { epochs: 8, patience: 0, seed: 1, hiddenUnits: [16] };

let store: ProjectStore;
let datasetId: number;
let cleanup: () => Promise<void>;
let run: RunInfo;

beforeAll(async () => {
  ({ store, datasetId, cleanup } = await penguinsProject('penguins'));
}, 60_000);
afterAll(() => cleanup());

describe('edits', () => {
  it('converts class labels to cells by column type', () => {
    const t = { name: 't', classes: ['false', 'true'] };
    const smoker = { name: 'smoker', classes: ['no', 'yes'] };
    expect(labelToCell('true', 'boolean', t)).toBe(1);
    expect(labelToCell('false', 'boolean', t)).toBe(0);
    // A task spelled as its file ("no"/"yes") stores them as 0/1 too.
    expect(labelToCell('yes', 'boolean', smoker)).toBe(1);
    expect(labelToCell('no', 'boolean', smoker)).toBe(0);
    expect(labelToCell('2.5', 'numeric', t)).toBe(2.5);
    expect(labelToCell('Gentoo', 'categorical', t)).toBe('Gentoo');
    expect(() => labelToCell('maybe', 'boolean', t)).toThrow(/false and true/);
    expect(() => labelToCell('maybe', 'boolean', smoker)).toThrow(/classes are no and yes/);
    expect(() => labelToCell('abc', 'numeric', t)).toThrow(/not a number/);
  });

  it('blanks labels, then counts progress per task and class', async () => {
    // Rows 1–40 lose their species label, rows 1–20 their sex label (one batch).
    const result = await setLabels(
      store,
      datasetId,
      [
        ...Array.from({ length: 40 }, (_, i) => ({ rowId: i + 1, task: 'species', label: null })),
        ...Array.from({ length: 20 }, (_, i) => ({ rowId: i + 1, task: 'sex', label: null })),
      ],
      'user',
    );
    expect(result.batch).not.toBeNull();
    // Rows 4 (and others) had no sex already (penguins.csv row 4 is NA): fewer sex changes.
    expect(result.changes.filter((c) => c.task === 'species')).toHaveLength(40);
    expect(result.undo).toBe(1);
    const overview = await labelOverview(store, datasetId);
    const species = overview.tasks.find((t) => t.task === 'species')!;
    // Rows 1–40 of penguins.csv are all Adelie (152 in all).
    expect(species.classCounts).toEqual([152 - 40, 68, 124]);
    expect(species.labelled).toBe(344 - 40);
    expect(species.total).toBe(344);
    expect(overview.cardColumns).toEqual([
      'island',
      'bill_length_mm',
      'bill_depth_mm',
      'flipper_length_mm',
      'body_mass_g',
      'year',
    ]);
    expect(overview.imageColumn).toBeNull();
  });

  it('refuses a class the task does not have, until it is added', async () => {
    await expect(
      setLabels(store, datasetId, [{ rowId: 1, task: 'species', label: 'Emperor' }], 'user'),
    ).rejects.toMatchObject({ code: 'TASK_INVALID', message: expect.stringMatching(/new class/) });
    const added = await addClass(store, datasetId, 'species', 'Emperor');
    expect(added.tasks.map((t) => [t.task, t.classes])).toEqual([
      ['species', ['Adelie', 'Chinstrap', 'Gentoo', 'Emperor']],
    ]);
    expect(added.classChanges).toEqual([
      { task: 'species', className: 'Emperor', change: 'added' },
    ]);
    expect(added.changes).toEqual([]);
    const set = await setLabels(
      store,
      datasetId,
      [{ rowId: 1, task: 'species', label: 'Emperor' }],
      'user',
    );
    expect(set.changes).toEqual([
      { rowId: 1, task: 'species', oldLabel: null, newLabel: 'Emperor' },
    ]);
    const undone = await undoLabels(store, datasetId);
    expect(undone.changes).toEqual([
      { rowId: 1, task: 'species', oldLabel: 'Emperor', newLabel: null },
    ]);
    expect(undone.redo).toBe(1);
    await expect(addClass(store, datasetId, 'species', 'Emperor')).rejects.toMatchObject({
      code: 'TASK_INVALID',
    });
  });

  it('adds a class with no row to label as an undoable edit of its own', async () => {
    const classesOf = async (): Promise<string[]> =>
      (await labelOverview(store, datasetId)).tasks.find((t) => t.task === 'species')!.classes;
    const before = await classesOf();
    const depth = (await labelOverview(store, datasetId)).undo;
    const added = await addClass(store, datasetId, 'species', 'Rockhopper');
    expect(added.tasks[0].classes).toEqual([...before, 'Rockhopper']);
    expect((await labelOverview(store, datasetId)).undo).toBe(depth + 1);
    const undone = await undoLabels(store, datasetId);
    expect(undone.changes).toEqual([]);
    expect(undone.classChanges).toEqual([
      { task: 'species', className: 'Rockhopper', change: 'removed' },
    ]);
    expect(await classesOf()).toEqual(before);
    const redone = await redoLabels(store, datasetId);
    expect(redone.classChanges).toEqual([
      { task: 'species', className: 'Rockhopper', change: 'added' },
    ]);
    expect(await classesOf()).toEqual([...before, 'Rockhopper']);
    // Back to as before for the tests that follow.
    await undoLabels(store, datasetId);
    expect(await classesOf()).toEqual(before);
  });

  it('creates a class typed new with its label; undo removes it, redo brings it back', async () => {
    const classesOf = async (): Promise<string[]> =>
      (await labelOverview(store, datasetId)).tasks.find((t) => t.task === 'species')!.classes;
    const before = await classesOf();
    expect(before).toEqual(['Adelie', 'Chinstrap', 'Gentoo', 'Emperor']);
    // Rows 1–40 lost their species in the first test: row 2 is unlabelled.
    const set = await setLabels(
      store,
      datasetId,
      [{ rowId: 2, task: 'species', label: 'Macaroni' }],
      'user',
      undefined,
      [{ task: 'species', className: ' Macaroni ' }],
    );
    expect(set.changes).toEqual([
      { rowId: 2, task: 'species', oldLabel: null, newLabel: 'Macaroni' },
    ]);
    expect(set.classChanges).toEqual([{ task: 'species', className: 'Macaroni', change: 'added' }]);
    expect(await classesOf()).toEqual([...before, 'Macaroni']);

    const undone = await undoLabels(store, datasetId);
    expect(undone.changes).toEqual([
      { rowId: 2, task: 'species', oldLabel: 'Macaroni', newLabel: null },
    ]);
    expect(undone.classChanges).toEqual([
      { task: 'species', className: 'Macaroni', change: 'removed' },
    ]);
    expect(await classesOf()).toEqual(before);
    // Gone from the task: labelling with it is refused again, as for any unknown class.
    await expect(
      setLabels(store, datasetId, [{ rowId: 3, task: 'species', label: 'Macaroni' }], 'user'),
    ).rejects.toMatchObject({ code: 'TASK_INVALID' });

    const redone = await redoLabels(store, datasetId);
    expect(redone.classChanges).toEqual([
      { task: 'species', className: 'Macaroni', change: 'added' },
    ]);
    expect(redone.changes).toEqual([
      { rowId: 2, task: 'species', oldLabel: null, newLabel: 'Macaroni' },
    ]);
    expect(await classesOf()).toEqual([...before, 'Macaroni']);
    // Back to as before for the tests that follow (counts per class).
    await undoLabels(store, datasetId);
    expect(await classesOf()).toEqual(before);
  });

  it('refuses a new class the task has or its column cannot hold, writing nothing', async () => {
    const depth = (await labelOverview(store, datasetId)).undo;
    await expect(
      setLabels(
        store,
        datasetId,
        [{ rowId: 2, task: 'species', label: 'Adelie' }],
        'user',
        undefined,
        [{ task: 'species', className: 'Adelie' }],
      ),
    ).rejects.toMatchObject({
      code: 'TASK_INVALID',
      message: expect.stringMatching(/already has/),
    });
    await expect(
      setLabels(store, datasetId, [{ rowId: 2, task: 'species', label: 'x' }], 'user', undefined, [
        { task: 'nope', className: 'x' },
      ]),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect((await labelOverview(store, datasetId)).undo).toBe(depth);
  });
});

describe('filters and orders', () => {
  it('filters unlabelled, labelled and one class, in row order', async () => {
    const unlabelledSpecies = await labelOrdering(store, datasetId, {
      filter: { kind: 'unlabelled', task: 'species' },
      order: { kind: 'row' },
    });
    expect(unlabelledSpecies.rowIds).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    expect(unlabelledSpecies.confidence).toBeNull();
    const anyMissing = await labelOrdering(store, datasetId, {
      filter: { kind: 'unlabelled' },
      order: { kind: 'row' },
      limit: 5,
    });
    // Rows missing species or sex: 1–40, plus the 11 NA-sex rows beyond 40 (4, 9, 10, 11, 12
    // are within 1–40 already).
    expect(anyMissing.rowIds).toEqual([1, 2, 3, 4, 5]);
    expect(anyMissing.total).toBeGreaterThan(40);
    const gentoo = await labelOrdering(store, datasetId, {
      filter: { kind: 'class', task: 'species', className: 'Gentoo' },
      order: { kind: 'row' },
    });
    expect(gentoo.total).toBe(124);
    const full = await labelOrdering(store, datasetId, {
      filter: { kind: 'labelled' },
      order: { kind: 'row' },
    });
    expect(full.rowIds[0]).toBe(41);
    await expect(
      labelOrdering(store, datasetId, {
        filter: { kind: 'disagree' },
        order: { kind: 'row' },
      }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('trains a run that records the label version of each task', async () => {
    run = await trainRun(store, { datasetId, config: FAST }, { mode: 'in-process' });
    const rounds = await labelRounds(store, datasetId);
    expect(rounds).toHaveLength(1);
    expect(rounds[0].tasks.species.labelled).toBe(304);
    expect(rounds[0].tasks.species.macroF1).toBe(run.results!.species.macroF1);
    // The split of this first run holds only rows with a label (rows 1–20 have none).
    const assignment = await store.splits.assignment(run.splitId);
    expect(assignment.rowIds[0]).toBe(21);
    const overview = await labelOverview(store, datasetId);
    const species = overview.tasks.find((t) => t.task === 'species')!;
    // Emperor was added before the run: the run knows it.
    expect(species.lastRun).toEqual({
      runId: run.id,
      labelled: 304,
      newClasses: [],
      editsSince: 0,
    });
  });

  it('hashes a task’s labels as SHA-256 of row_id<TAB>label lines', () => {
    const [version] = labelVersionsOf(
      [3, 5, 8],
      [
        {
          task: { name: 'kind', classes: ['false', 'true'] },
          type: 'boolean',
          values: [1, null, 0],
        },
      ],
      12,
    );
    const expected = createHash('sha256').update('3\ttrue\n8\tfalse\n').digest('hex');
    expect(version).toEqual({
      task: 'kind',
      classes: ['false', 'true'],
      labelled: 2,
      hash: expected,
      lastEvent: 12,
    });
  });

  it('orders unlabelled items least confident first with the run, with its suggestions', async () => {
    const ordering = await labelOrdering(store, datasetId, {
      filter: { kind: 'unlabelled' },
      order: { kind: 'uncertainty', strategy: 'least-confidence' },
      runId: run.id,
    });
    const ranked = ordering.confidence!.filter((c): c is number => c !== null);
    expect(ranked.length).toBeGreaterThan(40);
    for (let i = 1; i < ranked.length; i++) expect(ranked[i]).toBeGreaterThanOrEqual(ranked[i - 1]);

    const queue = await labelQueue(store, datasetId, run.id, 'least-confidence', { limit: 10 });
    expect(queue.map((q) => q.rowId)).toEqual(ordering.rowIds.slice(0, 10));
    // The confidence and suggestions come from the stored model's own predictions:
    // 1 − Σ over the missing tasks of (1 − max probability).
    const first = queue[0];
    const predicted = await predictWithStoredModel(store, run.id, [first.rowId]);
    const [item] = await labelItems(store, datasetId, [first.rowId], run.id);
    let expected = 1;
    for (const p of predicted) {
      const max = Math.max(...p.probs);
      const label = p.classes[p.probs.indexOf(max)];
      expect(first.suggestions[p.task]).toEqual({ label, probability: max });
      expect(item.suggestions![p.task]).toEqual({ label, probability: max });
      if (item.labels[p.task] === null) expected -= 1 - max;
    }
    expect(first.confidence).toBeCloseTo(expected, 6);
    // The item shows the row's own input values: its island as written in penguins.csv
    // (row N of the store is data line N of the file; quoted fields, no commas inside).
    const line = readFileSync(PENGUINS, 'utf8').split('\n')[first.rowId];
    expect(item.values.island).toBe(line.split(',')[1].replaceAll('"', ''));
    expect(Object.keys(item.labels)).toEqual(['species', 'sex']);

    const disagree = await labelOrdering(store, datasetId, {
      filter: { kind: 'disagree', task: 'species' },
      order: { kind: 'row' },
      runId: run.id,
    });
    const items = await labelItems(store, datasetId, disagree.rowIds.slice(0, 50), run.id);
    for (const it of items) expect(it.suggestions!.species.label).not.toBe(it.labels.species);

    // Least confident first under the disagreement filter, each row ranked on the tasks it
    // disagrees on (a new user saw row order and no confidence: these rows lack no label).
    // Expected from the stored model's own predictions: 1 − Σ over the tasks where the
    // label is not the most probable class of (1 − that class's probability).
    const byDoubt = await labelOrdering(store, datasetId, {
      filter: { kind: 'disagree' },
      order: { kind: 'uncertainty', strategy: 'least-confidence' },
      runId: run.id,
    });
    expect(byDoubt.total).toBeGreaterThan(0);
    const rows = byDoubt.rowIds.slice(0, 200);
    const rowLabels = await labelItems(store, datasetId, rows, run.id);
    const probs = await predictWithStoredModel(store, run.id, rows);
    const doubts = rows.map((_id, i) => {
      let confidence = 1;
      for (const p of probs) {
        const k = p.classes.length;
        const row = Array.from(p.probs.subarray(i * k, (i + 1) * k));
        const max = Math.max(...row);
        const label = rowLabels[i].labels[p.task];
        if (label !== null && label !== p.classes[row.indexOf(max)]) confidence -= 1 - max;
      }
      return confidence;
    });
    expect(byDoubt.confidence).not.toBeNull();
    byDoubt.confidence!.slice(0, rows.length).forEach((c, i) => {
      expect(c).not.toBeNull();
      expect(c!).toBeCloseTo(doubts[i], 6);
      if (i > 0) expect(c!).toBeGreaterThanOrEqual(byDoubt.confidence![i - 1]!);
    });
  });

  it('accepted suggestions and new classes show on the overview; a retrain is a new round', async () => {
    const queue = await labelQueue(store, datasetId, run.id, 'margin', {
      task: 'species',
      limit: 5,
    });
    const set = await setLabels(
      store,
      datasetId,
      queue.map((q) => ({ rowId: q.rowId, task: 'species', label: q.suggestions.species.label })),
      'suggestion',
    );
    const history = await store.labels.history(datasetId, { limit: 5 });
    expect(history.every((e) => e.source === 'suggestion')).toBe(true);
    // Counted by hand: the 5 rows just labelled differ from the run's labels; undone, the
    // labels are the run's again (0 to retrain for, not 10 events); redone, 5 again. Each
    // action's result says so for the task it touched (only that one), as the overview does.
    const editsSince = async (): Promise<number> =>
      (await labelOverview(store, datasetId)).tasks.find((t) => t.task === 'species')!.lastRun!
        .editsSince;
    const resultSays = (result: LabelEditResult) =>
      result.tasks.map((t) => [t.task, t.lastRun?.runId, t.lastRun?.editsSince]);
    expect(await editsSince()).toBe(5);
    expect(resultSays(set)).toEqual([['species', run.id, 5]]);
    // Recent edits: the newest events, as labels.history answers them.
    expect(set.recent).toEqual(
      await labelHistory(store, datasetId, { limit: RECENT_LABEL_EVENTS }),
    );
    expect(set.recent.slice(0, 5).map((e) => e.batch)).toEqual(Array(5).fill(set.batch));
    const undone = await undoLabels(store, datasetId);
    expect(await editsSince()).toBe(0);
    expect(resultSays(undone)).toEqual([['species', run.id, 0]]);
    const redone = await redoLabels(store, datasetId);
    expect(await editsSince()).toBe(5);
    expect(resultSays(redone)).toEqual([['species', run.id, 5]]);
    const added = await addClass(store, datasetId, 'sex', 'unknown');
    const overview = await labelOverview(store, datasetId);
    expect(overview.tasks.find((t) => t.task === 'sex')!.lastRun!.newClasses).toEqual(['unknown']);
    expect(overview.tasks.find((t) => t.task === 'species')!.lastRun!.editsSince).toBe(5);
    expect(added.tasks).toEqual([
      {
        task: 'sex',
        classes: overview.tasks.find((t) => t.task === 'sex')!.classes,
        lastRun: overview.tasks.find((t) => t.task === 'sex')!.lastRun,
      },
    ]);

    const second = await trainRun(
      store,
      { datasetId, tasks: run.tasks, config: run.config },
      { mode: 'in-process' },
    );
    const rounds = await labelRounds(store, datasetId);
    expect(rounds.map((r) => r.runId)).toEqual([run.id, second.id]);
    expect(rounds[1].tasks.species.labelled).toBe(309);
    expect(rounds[1].tasks.species.hash).not.toBe(rounds[0].tasks.species.hash);
    expect(rounds[1].tasks.sex.hash).toBe(rounds[0].tasks.sex.hash);
    // Same split, grown by the newly labelled rows; earlier rows kept their split.
    expect(second.splitId).toBe(run.splitId);
  }, 60_000);
});
