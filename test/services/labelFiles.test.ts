/**
 * Labels files on the service: export → import round trip, conflicts kept or overwritten,
 * one batch of source 'import', new classes on request, numbers spelled another
 * way, items found by image path, and errors that name the file, line and column (nothing
 * written then).
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exportLabels, importLabels } from '../../src/main/services/labelFiles';
import { undoLabels } from '../../src/main/services/labelEdits';
import { ProjectStore } from '../../src/main/store/projectStore';
import { describeError } from '../../src/renderer/src/errorText';
import { i18n } from '../../src/renderer/src/i18n';
import { emptyProfile, makeTempDir } from '../store/helpers';

let dir: string;
let cleanup: () => Promise<void>;
let store: ProjectStore;
let datasetId: number;

/** Six photos: path (image), colour (categorical task), size (numeric task). */
beforeEach(async () => {
  ({ dir, cleanup } = await makeTempDir());
  store = await ProjectStore.open(join(dir, 'files.mtlproj'), { create: true });
  const dataset = await store.datasets.create(
    {
      name: 'photos',
      sourceName: 'photos',
      encoding: '',
      delimiter: '',
      columns: [
        { index: 0, name: 'path', type: 'image', role: 'input', profile: emptyProfile },
        { index: 1, name: 'colour', type: 'categorical', role: 'input', profile: emptyProfile },
        { index: 2, name: 'size', type: 'numeric', role: 'input', profile: emptyProfile },
      ],
    },
    (async function* () {
      yield ['a/1.png', 'red', 1];
      yield ['a/2.png', null, 2];
      yield ['b/3.png', 'blue', null];
      yield ['b/4.png', null, null];
      yield ['c/5.png', 'red', 2];
      yield ['c/6.png', null, 1];
    })(),
  );
  datasetId = dataset.id;
  for (const [name, classes] of [
    ['colour', ['blue', 'red']],
    ['size', ['1', '2']],
  ] as const) {
    await store.tasks.create({
      datasetId,
      name,
      targetColumn: name,
      classes: [...classes],
      kind: 'binary',
      weight: null,
    });
  }
});
afterEach(async () => {
  await store.close();
  await cleanup();
});

async function file(name: string, text: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, text);
  return path;
}

describe('export', () => {
  it('writes row_id, the image path and one column per task', async () => {
    const result = await exportLabels(store, datasetId);
    expect(result.csv).toBe(
      [
        'row_id,path,colour,size',
        '1,a/1.png,red,1',
        '2,a/2.png,,2',
        '3,b/3.png,blue,',
        '4,b/4.png,,',
        '5,c/5.png,red,2',
        '6,c/6.png,,1',
        '',
      ].join('\n'),
    );
    expect((await exportLabels(store, datasetId, { task: 'size' })).csv.split('\n')[0]).toBe(
      'row_id,path,size',
    );
    await expect(exportLabels(store, datasetId, { task: 'shape' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it('round-trips: importing an export changes nothing', async () => {
    const path = await file('round.csv', (await exportLabels(store, datasetId)).csv);
    expect(await importLabels(store, datasetId, path)).toEqual({
      applied: 0,
      unchanged: 7,
      conflicts: [],
      overwritten: 0,
      addedClasses: [],
      unknownClasses: [],
      similarClasses: [],
      warnings: [],
      batch: null,
    });
  });
});

describe('import', () => {
  it('finds items by image path, keeps conflicts, and undoes as one batch', async () => {
    // Semicolons and a BOM: read like any CSV. "2.0" is class "2" of the numeric task.
    const path = await file(
      'by-path.csv',
      '\uFEFFpath;colour;size\nb/4.png;blue;2.0\nc/5.png;blue;2\na/2.png;;2\n',
    );
    const report = await importLabels(store, datasetId, path);
    expect(report).toMatchObject({ applied: 2, unchanged: 2, overwritten: 0 });
    expect(report.conflicts).toEqual([
      { line: 3, rowId: 5, path: 'c/5.png', task: 'colour', current: 'red', imported: 'blue' },
    ]);
    const after = await store.datasets.readColumns(datasetId, ['colour', 'size']);
    expect(after.values.colour[3]).toBe('blue');
    expect(after.values.size[3]).toBe(2);
    expect(after.values.colour[4]).toBe('red');
    const history = await store.labels.history(datasetId);
    expect(history.map((e) => [e.rowId, e.task, e.source])).toEqual([
      [4, 'size', 'import'],
      [4, 'colour', 'import'],
    ]);
    const undone = await undoLabels(store, datasetId);
    expect(undone.changes).toHaveLength(2);
    expect((await store.datasets.readColumns(datasetId, ['colour'])).values.colour[3]).toBeNull();

    const overwritten = await importLabels(store, datasetId, path, { overwrite: true });
    expect(overwritten).toMatchObject({ applied: 3, overwritten: 1 });
    expect((await store.datasets.readColumns(datasetId, ['colour'])).values.colour[4]).toBe('blue');
  });

  it('adds unknown classes only on request', async () => {
    const path = await file('green.csv', 'row_id,colour\n2,green\n');
    await expect(importLabels(store, datasetId, path)).rejects.toMatchObject({
      code: 'TASK_INVALID',
      message: expect.stringMatching(
        /green\.csv line 2, column 'colour': "green" is not a class of task "colour" \("blue", "red"\)/,
      ),
    });
    const report = await importLabels(store, datasetId, path, { addClasses: true });
    expect(report).toMatchObject({
      applied: 1,
      addedClasses: [{ task: 'colour', className: 'green' }],
    });
    const colour = (await store.tasks.list(datasetId)).find((t) => t.name === 'colour')!;
    expect(colour).toMatchObject({ classes: ['blue', 'red', 'green'], kind: 'multiclass' });
  });

  it('refuses an unknown class with reason LABELS_UNKNOWN_CLASS; the dry run lists it instead', async () => {
    // Row 2 has no colour: "green" is not one of the task's classes blue and red.
    const path = await file('green.csv', 'row_id,colour\n1,red\n2,green\n');
    await expect(importLabels(store, datasetId, path)).rejects.toMatchObject({
      code: 'TASK_INVALID',
      message: expect.stringContaining('import with --add-classes to add it'),
      details: {
        reason: 'LABELS_UNKNOWN_CLASS',
        params: {
          task: 'colour',
          className: 'green',
          classes: '"blue", "red"',
          file: 'green.csv',
          line: 3,
        },
        file: 'green.csv',
        line: 3,
        column: 'colour',
      },
    });
    // Check file: not refused; green listed with its line, counted as --add-classes would.
    const check = await importLabels(store, datasetId, path, { dryRun: true });
    expect(check).toEqual({
      applied: 1,
      unchanged: 1,
      conflicts: [],
      overwritten: 0,
      addedClasses: [],
      unknownClasses: [{ task: 'colour', className: 'green', line: 3 }],
      similarClasses: [],
      warnings: [],
      batch: null,
    });
    const classes = async (): Promise<string[]> =>
      (await store.tasks.list(datasetId)).find((t) => t.name === 'colour')!.classes;
    expect(await classes()).toEqual(['blue', 'red']);
    expect((await store.datasets.readColumns(datasetId, ['colour'])).values.colour[1]).toBeNull();
    // With addClasses the dry run names it as a class it would add (and lists no unknown one).
    expect(
      await importLabels(store, datasetId, path, { dryRun: true, addClasses: true }),
    ).toMatchObject({
      applied: 1,
      addedClasses: [{ task: 'colour', className: 'green' }],
      unknownClasses: [],
    });
  });

  it('adds only the new classes a written label holds, not one of a kept conflict', async () => {
    // Row 1 is red in the project: the file's "Atlantis" for it is a conflict. Kept (no
    // overwrite), no label holds Atlantis, so the task keeps its classes blue and red.
    const path = await file('atlantis.csv', 'row_id,colour\n1,Atlantis\n');
    const classes = async (): Promise<string[]> =>
      (await store.tasks.list(datasetId)).find((t) => t.name === 'colour')!.classes;
    const check = await importLabels(store, datasetId, path, { addClasses: true, dryRun: true });
    expect(check).toMatchObject({ applied: 0, addedClasses: [], unknownClasses: [] });
    const kept = await importLabels(store, datasetId, path, { addClasses: true });
    expect(kept).toMatchObject({ applied: 0, addedClasses: [], batch: null });
    expect(kept.conflicts).toEqual([
      { line: 2, rowId: 1, task: 'colour', current: 'red', imported: 'Atlantis' },
    ]);
    expect(await classes()).toEqual(['blue', 'red']);
    // With overwrite the label is written, so its class is added (expected list by hand).
    const checkOverwrite = await importLabels(store, datasetId, path, {
      addClasses: true,
      overwrite: true,
      dryRun: true,
    });
    expect(checkOverwrite.addedClasses).toEqual([{ task: 'colour', className: 'Atlantis' }]);
    const replaced = await importLabels(store, datasetId, path, {
      addClasses: true,
      overwrite: true,
    });
    expect(replaced).toMatchObject({
      applied: 1,
      overwritten: 1,
      addedClasses: [{ task: 'colour', className: 'Atlantis' }],
    });
    expect(await classes()).toEqual(['blue', 'red', 'Atlantis']);
    expect((await store.datasets.readColumns(datasetId, ['colour'])).values.colour[0]).toBe(
      'Atlantis',
    );
  });

  it('warns of a new class differing from one only by case, and undo removes what it added', async () => {
    // colour's classes are blue and red. "RED" (row 2) and "Blue" (row 4) differ from them
    // only by case, "green" (row 6) from none; " blue" (row 3) is read trimmed: blue, as row 3 has it.
    const path = await file('case.csv', 'row_id,colour\n2,RED\n4,Blue\n6,green\n3, blue\n');
    const report = await importLabels(store, datasetId, path, { addClasses: true });
    expect(report.addedClasses).toEqual([
      { task: 'colour', className: 'RED' },
      { task: 'colour', className: 'Blue' },
      { task: 'colour', className: 'green' },
    ]);
    expect(report.similarClasses).toEqual([
      { task: 'colour', className: 'RED', existing: 'red' },
      { task: 'colour', className: 'Blue', existing: 'blue' },
    ]);
    expect(report.warnings).toEqual([
      'new class "RED" of task "colour" differs from its class "red" only by letter case or surrounding spaces; both are kept as two classes (label with "red" to use the existing one)',
      'new class "Blue" of task "colour" differs from its class "blue" only by letter case or surrounding spaces; both are kept as two classes (label with "blue" to use the existing one)',
    ]);
    const colour = async (): Promise<string[]> =>
      (await store.tasks.list(datasetId)).find((t) => t.name === 'colour')!.classes;
    // Not refused: added, and the rows labelled with them.
    expect(await colour()).toEqual(['blue', 'red', 'RED', 'Blue', 'green']);
    expect((await store.datasets.readColumns(datasetId, ['colour'])).values.colour).toEqual([
      'red',
      'RED',
      'blue',
      'Blue',
      'red',
      'green',
    ]);
    // One batch with its classes: undo takes the labels and the three classes back out.
    const undone = await undoLabels(store, datasetId);
    expect(undone.classChanges).toEqual([
      { task: 'colour', className: 'RED', change: 'removed' },
      { task: 'colour', className: 'Blue', change: 'removed' },
      { task: 'colour', className: 'green', change: 'removed' },
    ]);
    expect(await colour()).toEqual(['blue', 'red']);
    expect((await store.datasets.readColumns(datasetId, ['colour'])).values.colour).toEqual([
      'red',
      null,
      'blue',
      null,
      'red',
      null,
    ]);
  });

  it('quotes the classes it lists, so a class with a comma reads as one', async () => {
    // A fresh user's task had the classes klein and "groß, sehr"; the error listed
    // (klein, groß, sehr). Expected text written by hand: each class in double quotes.
    // Row 4 has no colour (row 3's blue would be a kept conflict, and add no class).
    const comma = await file('comma.csv', 'row_id,colour\n4,"groß, sehr"\n');
    await importLabels(store, datasetId, comma, { addClasses: true });
    const classes = (await store.tasks.list(datasetId)).find((t) => t.name === 'colour')!.classes;
    expect(classes.at(-1)).toBe('groß, sehr');
    const path = await file('mittel.csv', 'row_id,colour\n2,mittel\n');
    await expect(importLabels(store, datasetId, path)).rejects.toMatchObject({
      message: expect.stringContaining(
        `"mittel" is not a class of task "colour" (${classes.map((c) => `"${c}"`).join(', ')})`,
      ),
    });
    await expect(importLabels(store, datasetId, path)).rejects.toMatchObject({
      message: expect.stringContaining(', "groß, sehr");'),
    });
  });

  it('refuses bad files naming line and column, writing nothing', async () => {
    const cases: [string, RegExp][] = [
      ['colour\nred\n', /line 1: no "row_id" or "path" column/],
      ['row_id,shape\n1,round\n', /line 1, column 'shape': not a task of dataset "photos"/],
      ['row_id,colour\n2,blue\n7,red\n', /line 3, column 'row_id': "7" is not a row id/],
      ['row_id,colour\nx,red\n', /line 2, column 'row_id': "x" is not a row id/],
      ['path,colour\nz/9.png,red\n', /line 2, column 'path': no image "z\/9\.png"/],
      ['row_id,colour\n2,blue\n2,red\n', /line 3: row 2 is listed twice \(lines 2 and 3\)/],
      ['row_id,size\n2,\n4,big\n', /line 3, column 'size': .*"big" is not a number/],
    ];
    for (const [i, [text, message]] of cases.entries()) {
      const path = await file(`bad${i}.csv`, text);
      await expect(importLabels(store, datasetId, path)).rejects.toThrow(message);
    }
    expect(await store.labels.history(datasetId)).toEqual([]);
    await expect(importLabels(store, datasetId, join(dir, 'missing.csv'))).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it('names a line with a wrong field count without offering --bad-lines skip, which a labels import lacks', async () => {
    // Line 3 has 3 fields under a 2-column header (counted by hand). The import of a dataset
    // offers to skip such lines; importing labels has no such option, so neither the message
    // nor the wizard's one-click remedy may name it.
    const path = await file('wide.csv', 'row_id,colour\n1,red\n2,blue,x\n');
    const error = await importLabels(store, datasetId, path).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'CSV_PARSE' });
    const message = (error as Error).message;
    expect(message).toMatch(/line 3: expected 2 fields, found 3/);
    expect(message).not.toContain('--bad-lines');
    expect(JSON.stringify(error)).not.toContain('"remedy"');
    expect(await store.labels.history(datasetId)).toEqual([]);
  });

  it('names a value its task cannot hold with reason LABELS_BAD_VALUE, worded as a labels-file error', async () => {
    // Found by a new user: a yes/no task's "maybe" showed the headline "This task cannot be
    // defined". "big" in the numeric task size is the same kind of error.
    const path = await file('big.csv', 'row_id,size\n2,\n4,big\n');
    const error = await importLabels(store, datasetId, path).catch((err: unknown) => err);
    expect(error).toMatchObject({
      code: 'TASK_INVALID',
      details: {
        reason: 'LABELS_BAD_VALUE',
        params: { task: 'size', value: 'big', file: 'big.csv', line: 3 },
      },
    });
    const { t, te } = i18n.global;
    // Expected: errors.reasons.LABELS_BAD_VALUE (en) filled by hand.
    expect(describeError(error, t, te, 'en').headline).toBe(
      'Labels file “big.csv” line 3: “big” cannot be a label of task “size” (see why below); correct the file; nothing was imported',
    );
  });

  it('refuses a line whose row_id and path name different images, writing nothing', async () => {
    // Found by a new user: a file exported from another project of the same images (its row
    // ids shifted by one) labelled the row_id's image while the report named the path's. Rows
    // are numbered in import order (beforeEach): row 1 is a/1.png, row 3 is b/3.png.
    const path = await file('shifted.csv', 'row_id,path,colour\n2,a/2.png,blue\n1,b/3.png,blue\n');
    await expect(importLabels(store, datasetId, path, { overwrite: true })).rejects.toThrow(
      /line 3, column 'path': row_id 1 and "b\/3\.png" name different images of dataset "photos" \(that path is row 3\)/,
    );
    expect(await store.labels.history(datasetId)).toEqual([]);
    // Agreeing, both are taken: row 2 (a/2.png, no colour yet) is labelled.
    const agree = await file('agree.csv', 'row_id,path,colour\n2,a/2.png,blue\n');
    expect((await importLabels(store, datasetId, agree)).applied).toBe(1);
  });

  it('matches an image path written on Windows, with ./ or in the other Unicode form; a missing one is refused', async () => {
    // Stored: 'café' in NFC (U+00E9) and 'crème' in NFD (e + U+0300, as macOS writes names).
    const cafeNfc = 'caf\u00e9/a.png';
    const cremeNfd = 'cre\u0300me/b.png';
    const bags = await store.datasets.create(
      {
        name: 'bags',
        sourceName: 'bags',
        encoding: '',
        delimiter: '',
        columns: [
          { index: 0, name: 'path', type: 'image', role: 'input', profile: emptyProfile },
          { index: 1, name: 'kind', type: 'categorical', role: 'input', profile: emptyProfile },
        ],
      },
      (async function* () {
        yield ['bag/img1.png', null];
        yield [cafeNfc, null];
        yield [cremeNfd, null];
        yield ['bag/img2.png', null];
        // Two files whose names differ only in Unicode form (possible on Linux).
        yield ['dup/\u00e9.png', null];
        yield ['dup/e\u0301.png', null];
      })(),
    );
    await store.tasks.create({
      datasetId: bags.id,
      name: 'kind',
      targetColumn: 'kind',
      classes: ['x', 'y'],
      kind: 'binary',
      weight: null,
    });
    // Written: '\\' (Windows), NFD for the NFC name (with './'), NFC for the NFD name.
    const written = [
      'bag\\img1.png',
      './caf\u0065\u0301/a.png',
      'cr\u00e8me/b.png',
      './bag/img2.png',
    ];
    const path = await file('bags.csv', `path,kind\n${written.map((w) => `${w},x`).join('\n')}\n`);
    const report = await importLabels(store, bags.id, path);
    expect(report).toMatchObject({ applied: 4 });
    // By hand: every one of the four rows was labelled x.
    expect((await store.datasets.readColumns(bags.id, ['kind'])).values.kind).toEqual([
      'x',
      'x',
      'x',
      'x',
      null,
      null,
    ]);
    // Written exactly as stored, each of the pair matches its own; normalised, both: refused.
    const exact = await file('bags-exact.csv', 'path,kind\ndup/e\u0301.png,y\n');
    expect(await importLabels(store, bags.id, exact)).toMatchObject({ applied: 1 });
    const ambiguous = await file('bags-ambiguous.csv', 'path,kind\n./dup/\u00e9.png,y\n');
    await expect(importLabels(store, bags.id, ambiguous)).rejects.toThrow(
      /line 2, column 'path': "\.\/dup\/\u00e9\.png" matches several images of dataset "bags"/,
    );
    const missing = await file('bags-missing.csv', 'path,kind\nbag\\img9.png,y\n');
    await expect(importLabels(store, bags.id, missing)).rejects.toThrow(
      /line 2, column 'path': no image "bag\\img9\.png" in dataset "bags"/,
    );
  });
});
