/**
 * `mtl-studio affinity`: measures task affinity and stores it in the project; `--stored`
 * prints the newest stored one without measuring (same id and time as the measured one, a
 * pass would store a new one), `--json` as one document, and says when none is stored.
 */
import { execFile } from 'node:child_process';
import { copyFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../store/helpers';
import { cli, fixture } from './run';

let dir: string;
let cleanup: () => Promise<void>;
/** penguins.csv and nine.csv ({@link nineTasksCsv}) imported by the CLI, no task; tests copy them. */
let penguinsImported: string;
let nineImported: string;
beforeAll(async () => {
  ({ dir, cleanup } = await makeTempDir());
  penguinsImported = `${dir}/imported-penguins.mtlproj`;
  nineImported = `${dir}/imported-nine.mtlproj`;
  expect((await cli('import', fixture('penguins.csv'), '-p', penguinsImported)).code).toBe(0);
  expect((await cli('import', await nineTasksCsv(), '-p', nineImported)).code).toBe(0);
}, 60_000);
afterAll(() => cleanup());

/**
 * A table of 40 rows: input x, and c1…c9 labelled a/b on rows 1…30 only (rows 31…40
 * carry no label, so the split made over labelled rows leaves them out).
 */
async function nineTasksCsv(): Promise<string> {
  const csv = `${dir}/nine.csv`;
  const cs = Array.from({ length: 9 }, (_, j) => `c${j + 1}`);
  const rows = Array.from({ length: 40 }, (_, i) =>
    [i % 7, ...cs.map((_, j) => (i < 30 ? ((i + j) % 2 === 0 ? 'a' : 'b') : ''))].join(','),
  );
  await writeFile(csv, `x,${cs.join(',')}\n${rows.join('\n')}\n`);
  return csv;
}

describe('affinity', () => {
  it('stores what it measures and prints the stored one with --stored', async () => {
    const project = `${dir}/penguins.mtlproj`;
    await copyFile(penguinsImported, project);
    expect((await cli('tasks', '-p', project, '--add', 'species', 'island', 'sex')).code).toBe(0);

    const none = await cli('affinity', '-p', project, '--stored');
    expect(none.code).not.toBe(0);
    expect(none.stderr).toContain('No task affinity stored for dataset 1');

    const measured = await cli('--json', 'affinity', '-p', project, '--steps', '30');
    expect(measured.code).toBe(0);
    const doc = JSON.parse(measured.stdout);
    // every = 3: look-ahead at steps 0, 3, …, 27 = 10 samples; 3 tasks → 3 × 3.
    expect(doc).toMatchObject({
      id: 1,
      tasks: ['species', 'island', 'sex'],
      method: 'lookahead',
      steps: 30,
      samples: 10,
      changedSince: { labels: 0, tasks: false },
    });
    expect(doc.affinity.map((row: number[]) => row.length)).toEqual([3, 3, 3]);

    const stored = await cli('--json', 'affinity', '-p', project, '--stored');
    expect(stored.code).toBe(0);
    expect(JSON.parse(stored.stdout)).toEqual(doc);

    const text = await cli('affinity', '-p', project, '--stored');
    expect(text.code).toBe(0);
    expect(text.stdout).toContain(`Task affinity 1 (lookahead, split ${doc.splitId}, 30 steps`);
    expect(text.stdout).toContain(`computed ${doc.computedAt}`);
    expect(text.stdout).toContain('Recommended grouping:');

    const other = await cli('affinity', '-p', project, '--stored', '--tasks', 'species', 'sex');
    expect(other.code).not.toBe(0);
    expect(other.stderr).toContain('over species, sex');
  });

  it('suggests complete commands: project quoted, --tasks kept, an unlabelled task left out', async () => {
    // A path with a space and a quote: the shell needs it quoted ('…'\''…').
    const project = `${dir}/it's p.mtlproj`;
    const quoted = `'${dir}/it'\\''s p.mtlproj'`;
    await copyFile(penguinsImported, project);
    expect((await cli('tasks', '-p', project, '--add', 'species', 'island')).code).toBe(0);

    const none = await cli('affinity', '-p', project, '--stored', '--tasks', 'species', 'island');
    expect(none.code).not.toBe(0);
    const measure = `mtl-studio affinity -p ${quoted} --tasks species island`;
    expect(none.stderr).toContain(
      `No task affinity stored for dataset 1 over species, island; measure it with: ${measure}`,
    );
    // The suggested command, run by sh as written (mtl-studio being this checkout's bin),
    // measures and stores it: then --stored finds it.
    const bin = fileURLToPath(new URL('../../bin/mtl-studio.mjs', import.meta.url));
    const suggested = none.stderr.trim().split('measure it with: ')[1];
    await promisify(execFile)('sh', [
      '-c',
      `${suggested.replace(/^mtl-studio/, `'${process.execPath}' '${bin}'`)} --steps 6`,
    ]);
    expect(
      (await cli('affinity', '-p', project, '--stored', '--tasks', 'species', 'island')).code,
    ).toBe(0);

    // One label changed since (row 1 is an Adelie in penguins.csv): measure again, same
    // words, and --steps 6 as the stored one was measured (not the default 300).
    const labels = `${dir}/labels.csv`;
    await writeFile(labels, 'row_id,species\n1,Gentoo\n');
    expect((await cli('labels', 'import', labels, '-p', project, '--overwrite')).code).toBe(0);
    const changed = await cli(
      'affinity',
      '-p',
      project,
      '--stored',
      '--tasks',
      'species',
      'island',
    );
    expect(changed.stdout).toContain(
      `Changed since: 1 label; measure again: ${measure} --steps 6\n`,
    );

    // A task without any labelled row: worded for affinity, with the command without it.
    expect((await cli('tasks', '-p', project, '--new', 'mood=calm,angry')).code).toBe(0);
    const all = await cli('affinity', '-p', project, '--steps', '6');
    expect(all.code).not.toBe(0);
    expect(all.stderr).toContain(
      'Task "mood" has no labelled row (344 rows in all), so its affinity to the other tasks ' +
        `cannot be measured; label some of its rows, or measure without it: ${measure} --steps 6`,
    );
    expect(all.stderr).not.toContain('the run');
    const two = await cli('affinity', '-p', project, '--tasks', 'species', 'mood');
    expect(two.stderr).toContain(
      'label some of its rows, or choose 2 to 8 labelled tasks with --tasks.',
    );
  });

  it('--stored on a one-task dataset says that 2 tasks are needed, not a command that is refused', async () => {
    // Found by a new user: it suggested `mtl-studio affinity -p …`, which then failed with
    // "needs at least 2". penguins with the task species: island and sex are categorical
    // columns left to add (the import infers them so), island first in the file.
    const project = `${dir}/one task.mtlproj`;
    await copyFile(penguinsImported, project);
    expect((await cli('tasks', '-p', project, '--add', 'species')).code).toBe(0);
    const none = await cli('affinity', '-p', project, '--stored');
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(
      /^error: No task affinity stored for dataset 1, and none can be measured: Task affinity relates tasks: it needs at least 2, and dataset "[^"]+" has only one \("species"\); add another task: /,
    );
    expect(none.stderr).toContain(`mtl-studio tasks -p '${project}' --add island`);
    expect(none.stderr).not.toContain('measure it with');
  });

  it('names every unlabelled task, and suggests --tasks only for 2 to 8 others', async () => {
    const project = `${dir}/nine.mtlproj`;
    await copyFile(nineImported, project);
    const nine = ['c1', 'c2', 'c3', 'c4', 'c5', 'c6', 'c7', 'c8', 'c9'];
    expect((await cli('tasks', '-p', project, '--add', ...nine)).code).toBe(0);
    expect((await cli('tasks', '-p', project, '--new', 'mood=calm,angry')).code).toBe(0);
    expect((await cli('tasks', '-p', project, '--new', 'tone=low,high')).code).toBe(0);
    // Both unlabelled tasks named, the 9 others too many for one pass (2 to 8).
    const all = await cli('affinity', '-p', project, '--steps', '6');
    expect(all.code).not.toBe(0);
    expect(all.stderr).toContain(
      'Tasks "mood" and "tone" have no labelled row (30 rows in all), so their affinity to ' +
        'the other tasks cannot be measured; label some of their rows, or choose 2 to 8 ' +
        'labelled tasks with --tasks.',
    );
    // 8 others: the command without both.
    const eight = await cli(
      'affinity',
      '-p',
      project,
      '--tasks',
      ...nine.slice(0, 8),
      'mood',
      'tone',
    );
    expect(eight.stderr).toContain(
      'label some of their rows, or measure without them: ' +
        `mtl-studio affinity -p ${project} --tasks ${nine.slice(0, 8).join(' ')}`,
    );
    // One unlabelled among three: worded for one task.
    const one = await cli('affinity', '-p', project, '--tasks', 'c1', 'c2', 'mood');
    expect(one.stderr).toContain(
      'Task "mood" has no labelled row (30 rows in all), so its affinity to the other tasks ' +
        `cannot be measured; label some of its rows, or measure without it: mtl-studio affinity -p ${project} --tasks c1 c2`,
    );
  });

  it('measures after a row outside the split is labelled (it joins the split)', async () => {
    const project = `${dir}/late.mtlproj`;
    await copyFile(nineImported, project);
    expect((await cli('tasks', '-p', project, '--add', 'c1', 'c2')).code).toBe(0);
    // The training run makes the split over rows 1…30 (the labelled ones).
    const trained = await cli(
      'train',
      '-p',
      project,
      '--evaluation',
      'split',
      '--epochs',
      '1',
      '--in-process',
    );
    expect(trained.code).toBe(0);
    // Row 35 had no label: labelled now, it is outside that split until it joins it.
    const labels = `${dir}/late.csv`;
    await writeFile(labels, 'row_id,c1\n35,a\n');
    expect((await cli('labels', 'import', labels, '-p', project)).code).toBe(0);
    const measured = await cli('--json', 'affinity', '-p', project, '--steps', '6');
    // Without it joining: "Row 35 has no split; create a new split." (--json: on stdout).
    expect(measured.stdout + measured.stderr).not.toContain('has no split');
    expect(measured.code).toBe(0);
    expect(JSON.parse(measured.stdout)).toMatchObject({ tasks: ['c1', 'c2'], steps: 6 });
  });
});
