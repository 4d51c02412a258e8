/**
 * The rows behind a cell of a cross-validation's confusion matrix summed over its folds
 * (compare.crossValidationCellRows; found by a new user: clicking such a cell listed
 * nothing). Right values come from independent sources: each cell's count is the sum of the
 * fold runs' stored confusion matrices (computed by the engine when scoring, not from the
 * listed rows); each row's fold is the fold whose stored split holds it as a test row; and
 * the cells of a task together list every labelled penguin once (344 with a species, 333
 * with a sex: 11 rows miss it, counted in penguins.csv), as each row is tested in one fold.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crossValidationCellRows } from '../../src/main/services/confusionRows';
import { crossValidate, ensureFoldScheme } from '../../src/main/services/crossValidation';
import type { ProjectStore } from '../../src/main/store/projectStore';
import type { CrossValidationInfo } from '../../src/shared/domain';
import { penguinsProject } from './helpers';

const FAST = { epochs: 3, patience: 0, patienceSteps: 0, hiddenUnits: [8], seed: 2 };
const PLAN = { k: 3, seed: 4 };

let store: ProjectStore;
let datasetId: number;
let cleanup: () => Promise<void>;
let cv: CrossValidationInfo;

beforeAll(async () => {
  ({ store, datasetId, cleanup } = await penguinsProject('cvcells'));
  cv = await crossValidate(
    store,
    {
      datasetId,
      method: { kind: 'fixed', config: { ...FAST, arch: 'hard-sharing' } },
      plan: PLAN,
    },
    { mode: 'in-process' },
  );
});
afterAll(() => cleanup());

describe('a cross-validation confusion cell', () => {
  it('lists as many rows as the summed cell counts, each with the fold that tested it', async () => {
    expect(cv.status).toBe('completed');
    const scheme = await ensureFoldScheme(store, datasetId, PLAN);
    const foldOfRow = new Map<number, number>();
    for (const f of scheme.folds) {
      const s = await store.splits.assignment(f.splitId);
      s.rowIds.forEach((id, i) => {
        if (s.assignment[i] === 'test') foldOfRow.set(id, f.fold);
      });
    }
    const runs = await Promise.all(cv.runs.map((f) => store.training.getRun(f.runId)));
    for (const [task, labelled] of [
      ['species', 344],
      ['sex', 333],
    ] as const) {
      const classes = runs[0].results![task].perClass.map((c) => c.label);
      const seen: number[] = [];
      for (let i = 0; i < classes.length; i++) {
        for (let j = 0; j < classes.length; j++) {
          const summed = runs.reduce((n, r) => n + r.results![task].confusion[i][j], 0);
          const cell = await crossValidationCellRows(store, {
            evaluationId: cv.id,
            task,
            trueClass: i,
            predictedClass: j,
            limit: 500,
          });
          expect(cell.total, `${task} ${i},${j}`).toBe(summed);
          expect(cell.rows).toHaveLength(summed);
          expect([cell.trueLabel, cell.predictedLabel]).toEqual([classes[i], classes[j]]);
          const column = cell.columns.indexOf(task);
          for (const row of cell.rows) {
            expect(row.values[column]).toBe(classes[i]);
            expect(row.fold, `row ${row.rowId}`).toEqual({
              repeat: 0,
              fold: foldOfRow.get(row.rowId),
            });
            seen.push(row.rowId);
          }
        }
      }
      expect(seen).toHaveLength(labelled);
      expect(new Set(seen).size).toBe(labelled);
    }
  });

  it('pages through the fold-ordered rows and refuses an unknown class or task', async () => {
    // The largest cell of species (a diagonal one) paged 5 rows at a time.
    const all = await crossValidationCellRows(store, {
      evaluationId: cv.id,
      task: 'species',
      trueClass: 0,
      predictedClass: 0,
      limit: 500,
    });
    const folds = all.rows.map((r) => r.fold!.fold);
    expect(folds).toEqual([...folds].sort((a, b) => a - b));
    const second = await crossValidationCellRows(store, {
      evaluationId: cv.id,
      task: 'species',
      trueClass: 0,
      predictedClass: 0,
      offset: 5,
      limit: 5,
    });
    expect(second.total).toBe(all.total);
    expect([all.offset, second.offset]).toEqual([0, 5]);
    expect(second.rows.map((r) => r.rowId)).toEqual(all.rows.slice(5, 10).map((r) => r.rowId));
    await expect(
      crossValidationCellRows(store, {
        evaluationId: cv.id,
        task: 'species',
        trueClass: 3,
        predictedClass: 0,
      }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(
      crossValidationCellRows(store, {
        evaluationId: cv.id,
        task: 'bill',
        trueClass: 0,
        predictedClass: 0,
      }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(
      crossValidationCellRows(store, {
        evaluationId: cv.id + 100,
        task: 'species',
        trueClass: 0,
        predictedClass: 0,
      }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
  it('lists the rows by the labels they were tested with, after labels changed', async () => {
    // Found by a new user: after relabelling row 1 (Adelie → Chinstrap) a Chinstrap → Adelie
    // cell of 2 listed 3 rows. Two rows are relabelled and one label removed here; every
    // cell must still list exactly its stored count (the fold runs' confusion matrices).
    const runs = await Promise.all(cv.runs.map((f) => store.training.getRun(f.runId)));
    const classes = runs[0].results!.species.perClass.map((c) => c.label);
    const before = await crossValidationCellRows(store, {
      evaluationId: cv.id,
      task: 'species',
      trueClass: 0,
      predictedClass: 0,
      limit: 500,
    });
    const [first, second, third] = before.rows.map((r) => r.rowId);
    await store.labels.write(
      datasetId,
      [
        { rowId: first, task: 'species', value: classes[1] },
        { rowId: second, task: 'species', value: classes[2] },
        { rowId: third, task: 'species', value: null },
      ],
      'user',
      [],
    );
    let listed = 0;
    for (let i = 0; i < classes.length; i++) {
      for (let j = 0; j < classes.length; j++) {
        const summed = runs.reduce((n, r) => n + r.results!.species.confusion[i][j], 0);
        const cell = await crossValidationCellRows(store, {
          evaluationId: cv.id,
          task: 'species',
          trueClass: i,
          predictedClass: j,
          limit: 500,
        });
        expect(cell.total, `${i},${j}`).toBe(summed);
        listed += cell.total;
      }
    }
    // Every labelled penguin once, the unlabelled one included: it was labelled when tested.
    expect(listed).toBe(344);
    const after = await crossValidationCellRows(store, {
      evaluationId: cv.id,
      task: 'species',
      trueClass: 0,
      predictedClass: 0,
      limit: 500,
    });
    expect(after.rows.map((r) => r.rowId)).toEqual(before.rows.map((r) => r.rowId));
    // Each relabelled row carries its label now, as written above; no other row is marked.
    expect(
      after.rows.filter((r) => r.currentLabel !== undefined).map((r) => [r.rowId, r.currentLabel]),
    ).toEqual([
      [first, classes[1]],
      [second, classes[2]],
      [third, null],
    ]);
    expect(before.rows.filter((r) => r.currentLabel !== undefined)).toEqual([]);
  });
});
