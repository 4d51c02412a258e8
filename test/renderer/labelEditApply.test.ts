/**
 * The Label view follows its own label actions from their answers alone
 * (composables/labelEditApply.ts): it read the whole overview again after each edit. Here an
 * overview and action results written by hand, and the counts, classes, notice figures and
 * stacks expected after each, counted by hand.
 */
import { describe, expect, it } from 'vitest';
import type {
  LabelEditResult,
  LabelItem,
  LabelOverview,
  LabelsChangedEvent,
} from '../../src/shared/contract';
import {
  applyEditToItems,
  applyEditToOverview,
  heardEdits,
} from '../../src/renderer/src/composables/labelEditApply';

/** 10 rows; colour: red 4, blue 3 (7 labelled); size: small 2, large 2 (4 labelled). */
function overview(): LabelOverview {
  return {
    datasetId: 1,
    rows: 10,
    imageColumn: null,
    cardColumns: ['x'],
    tasks: [
      {
        task: 'colour',
        column: 'colour',
        classes: ['red', 'blue'],
        kind: 'binary',
        classCounts: [4, 3],
        labelled: 7,
        total: 10,
        lastRun: { runId: 5, labelled: 7, newClasses: [], editsSince: 0 },
      },
      {
        task: 'size',
        column: 'size',
        classes: ['small', 'large'],
        kind: 'binary',
        classCounts: [2, 2],
        labelled: 4,
        total: 10,
        lastRun: null,
      },
    ],
    undo: 0,
    redo: 0,
  };
}

/** A result with nothing in it but what is given. */
function result(part: Partial<LabelEditResult>): LabelEditResult {
  return {
    batch: 1,
    reverts: null,
    source: 'user',
    changes: [],
    skipped: [],
    classChanges: [],
    tasks: [],
    recent: [],
    undo: 1,
    redo: 0,
    ...part,
  };
}

const countsOf = (o: LabelOverview) =>
  o.tasks.map((t) => [t.task, t.classes.join('/'), t.classCounts.join('/'), t.labelled]);

describe('applyEditToOverview', () => {
  it('moves counts by each changed label and takes the touched task’s notice figures', () => {
    const o = overview();
    applyEditToOverview(
      o,
      result({
        changes: [
          // red → blue: red 3, blue 4; missing → red: red 4, labelled 8; blue → missing: blue 3.
          { rowId: 1, task: 'colour', oldLabel: 'red', newLabel: 'blue' },
          { rowId: 8, task: 'colour', oldLabel: null, newLabel: 'red' },
          { rowId: 2, task: 'colour', oldLabel: 'blue', newLabel: null },
        ],
        tasks: [
          {
            task: 'colour',
            classes: ['red', 'blue'],
            lastRun: { runId: 5, labelled: 7, newClasses: [], editsSince: 3 },
          },
        ],
        undo: 4,
        redo: 0,
      }),
    );
    expect(countsOf(o)).toEqual([
      ['colour', 'red/blue', '4/3', 7],
      ['size', 'small/large', '2/2', 4],
    ]);
    expect(o.tasks[0].lastRun?.editsSince).toBe(3);
    // A task the action did not touch keeps what it had.
    expect(o.tasks[1].lastRun).toBeNull();
    expect([o.undo, o.redo]).toEqual([4, 0]);
  });

  it('a class typed new with its label: the class joins with its one label', () => {
    const o = overview();
    applyEditToOverview(
      o,
      result({
        changes: [{ rowId: 3, task: 'colour', oldLabel: 'red', newLabel: 'green' }],
        classChanges: [{ task: 'colour', className: 'green', change: 'added' }],
        tasks: [
          {
            task: 'colour',
            classes: ['red', 'blue', 'green'],
            lastRun: { runId: 5, labelled: 7, newClasses: ['green'], editsSince: 1 },
          },
        ],
      }),
    );
    // red 4 − 1 = 3, blue 3, green 0 + 1 = 1; still 7 labelled.
    expect(countsOf(o)[0]).toEqual(['colour', 'red/blue/green', '3/3/1', 7]);
    expect(o.tasks[0].lastRun?.newClasses).toEqual(['green']);
  });

  it('its undo: the label goes back and the class goes, whatever its place', () => {
    const o = overview();
    o.tasks[0].classes = ['red', 'green', 'blue'];
    o.tasks[0].classCounts = [3, 1, 3];
    applyEditToOverview(
      o,
      result({
        changes: [{ rowId: 3, task: 'colour', oldLabel: 'green', newLabel: 'red' }],
        classChanges: [{ task: 'colour', className: 'green', change: 'removed' }],
        tasks: [
          {
            task: 'colour',
            classes: ['red', 'blue'],
            lastRun: { runId: 5, labelled: 7, newClasses: [], editsSince: 0 },
          },
        ],
        undo: 0,
        redo: 1,
      }),
    );
    expect(countsOf(o)[0]).toEqual(['colour', 'red/blue', '4/3', 7]);
    expect([o.undo, o.redo]).toEqual([0, 1]);
  });

  it('a class added on its own counts 0 and changes no count', () => {
    const o = overview();
    applyEditToOverview(
      o,
      result({
        classChanges: [{ task: 'size', className: 'medium', change: 'added' }],
        tasks: [{ task: 'size', classes: ['small', 'large', 'medium'], lastRun: null }],
      }),
    );
    expect(countsOf(o)).toEqual([
      ['colour', 'red/blue', '4/3', 7],
      ['size', 'small/large/medium', '2/2/0', 4],
    ]);
  });

  it('an answer overtaken by a later one moves counts but keeps the newer notice and stacks', () => {
    const o = overview();
    // Two keys on row 8 (missing): "red" (batch 7), then "blue" (batch 8); 8 answers first.
    applyEditToOverview(
      o,
      result({
        batch: 8,
        changes: [{ rowId: 8, task: 'colour', oldLabel: 'red', newLabel: 'blue' }],
        tasks: [
          {
            task: 'colour',
            classes: ['red', 'blue'],
            lastRun: { runId: 5, labelled: 7, newClasses: [], editsSince: 1 },
          },
        ],
        undo: 2,
      }),
    );
    applyEditToOverview(
      o,
      result({
        batch: 7,
        changes: [{ rowId: 8, task: 'colour', oldLabel: null, newLabel: 'red' }],
        tasks: [
          {
            task: 'colour',
            classes: ['red', 'blue'],
            lastRun: { runId: 5, labelled: 7, newClasses: [], editsSince: 1 },
          },
        ],
        undo: 1,
      }),
      false,
    );
    // red 4 − 1 + 1 = 4, blue 3 + 1 = 4: the same in either order; 8 labelled.
    expect(countsOf(o)[0]).toEqual(['colour', 'red/blue', '4/4', 8]);
    expect(o.undo).toBe(2);
  });
});

describe('applyEditToItems', () => {
  it('sets the labels of the items shown and skips the others', () => {
    const item = (rowId: number): LabelItem => ({
      rowId,
      values: {},
      labels: { colour: 'red', size: null },
      suggestions: null,
    });
    const items = new Map([1, 2].map((id) => [id, item(id)]));
    const cells = new Map<string, number>();
    applyEditToItems(
      items,
      result({
        batch: 3,
        changes: [
          { rowId: 2, task: 'size', oldLabel: null, newLabel: 'large' },
          { rowId: 9, task: 'colour', oldLabel: 'red', newLabel: 'blue' },
        ],
      }),
      cells,
    );
    expect([...items.values()].map((i) => i.labels)).toEqual([
      { colour: 'red', size: null },
      { colour: 'red', size: 'large' },
    ]);
    // An earlier action's answer (batch 2) coming late: row 2's size stays as batch 3 set
    // it; row 1's colour, which batch 3 did not touch, takes it.
    applyEditToItems(
      items,
      result({
        batch: 2,
        changes: [
          { rowId: 2, task: 'size', oldLabel: null, newLabel: 'small' },
          { rowId: 1, task: 'colour', oldLabel: 'red', newLabel: 'blue' },
        ],
      }),
      cells,
    );
    expect([...items.values()].map((i) => i.labels)).toEqual([
      { colour: 'blue', size: null },
      { colour: 'red', size: 'large' },
    ]);
  });
});

/** A page's own undo and redo stacks, carried through a heard event unchanged. */
const PAGE_STACKS = { undo: 0, redo: 0 };

describe('applying a labels.changed event of another page or program', () => {
  /** An item with the labels given. */
  const item = (rowId: number, labels: LabelItem['labels']): LabelItem => ({
    rowId,
    values: {},
    labels,
    suggestions: null,
  });

  /** A burst of three batches another program wrote (origin 'elsewhere'). */
  function burst(part: Partial<LabelsChangedEvent> = {}): LabelsChangedEvent {
    return {
      datasetId: 1,
      origin: 'elsewhere',
      batches: [
        { batch: 7, kind: 'addClass', reverts: null, cells: 0 },
        { batch: 8, kind: 'set', reverts: null, cells: 2 },
        { batch: 9, kind: 'set', reverts: null, cells: 1 },
      ],
      changes: [
        // Batch 7 adds class green; batch 8: rows 1 and 2 red → blue; batch 9: row 1 blue →
        // green — row 1 changed twice.
        { rowId: 1, task: 'colour', oldLabel: 'red', newLabel: 'blue', batch: 8 },
        { rowId: 2, task: 'colour', oldLabel: 'red', newLabel: 'blue', batch: 8 },
        { rowId: 1, task: 'colour', oldLabel: 'blue', newLabel: 'green', batch: 9 },
      ],
      classChanges: [{ task: 'colour', className: 'green', change: 'added' }],
      tasks: [
        {
          task: 'colour',
          classes: ['red', 'blue', 'green'],
          lastRun: { runId: 5, labelled: 7, newClasses: ['green'], editsSince: 2 },
        },
      ],
      recent: [],
      ...part,
    };
  }

  it('moves the counts by every change of the burst, takes its last batch’s tasks, keeps this page’s stacks', () => {
    const o = overview();
    // This tab's own stacks: another tab's burst is not on them (labels.undo origin).
    o.undo = 2;
    o.redo = 1;
    const edits = heardEdits(burst(), o)!;
    applyEditToOverview(o, edits.overview, true);
    // By hand: red 4 − 2 = 2; blue 3 + 2 − 1 = 4; green 0 + 1 = 1; labelled 7 (moves only).
    expect(o.tasks[0].classes).toEqual(['red', 'blue', 'green']);
    expect(o.tasks[0].classCounts).toEqual([2, 4, 1]);
    expect(o.tasks[0].labelled).toBe(7);
    expect(o.tasks[0].lastRun?.editsSince).toBe(2);
    // size untouched.
    expect(o.tasks[1].classCounts).toEqual([2, 2]);
    expect([o.undo, o.redo]).toEqual([2, 1]);
    expect(edits.overview.batch).toBe(9);
  });

  it('sets each shown item’s label batch by batch, the last change of a cell winning', () => {
    const items = new Map<number, LabelItem>([
      [1, item(1, { colour: 'red', size: null })],
      [2, item(2, { colour: 'red', size: 'small' })],
    ]);
    const cellBatches = new Map<string, number>();
    for (const answer of heardEdits(burst(), PAGE_STACKS)!.items)
      applyEditToItems(items, answer, cellBatches);
    expect(items.get(1)!.labels.colour).toBe('green');
    expect(items.get(2)!.labels.colour).toBe('blue');
  });

  it('keeps a cell this page set in a later batch than the burst’s', () => {
    const items = new Map<number, LabelItem>([[1, item(1, { colour: 'red', size: null })]]);
    const cellBatches = new Map<string, number>();
    // This page set row 1 to red in batch 10 (its answer applied first).
    applyEditToItems(
      items,
      result({
        batch: 10,
        changes: [{ rowId: 1, task: 'colour', oldLabel: 'green', newLabel: 'red' }],
      }),
      cellBatches,
    );
    for (const answer of heardEdits(burst(), PAGE_STACKS)!.items)
      applyEditToItems(items, answer, cellBatches);
    expect(items.get(1)!.labels.colour).toBe('red');
  });

  it('is null when the event lacks a part (the page reads again)', () => {
    expect(heardEdits(burst({ changes: null }), PAGE_STACKS)).toBeNull();
    expect(heardEdits(burst({ tasks: null }), PAGE_STACKS)).toBeNull();
    expect(heardEdits(burst({ recent: null }), PAGE_STACKS)).toBeNull();
    expect(heardEdits(burst({ batches: [] }), PAGE_STACKS)).toBeNull();
    // classChanges null alone is no reason: the tasks carry the classes.
    expect(heardEdits(burst({ classChanges: null }), PAGE_STACKS)).not.toBeNull();
  });
});
