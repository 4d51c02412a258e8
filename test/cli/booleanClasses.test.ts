/**
 * A boolean target keeps the file's own spelling as its classes. Found by a new user: a
 * column `smoker` of yes/no gave the task classes "false (3), true (3)", and labels export
 * and predictions said true/false. Now the classes are "no"/"yes" (as the file writes them)
 * in the task list, the labels export and the predictions; inputs read as before.
 * Expected values are counted by hand from the CSV written below (even rows "yes", odd rows
 * "no", one of the "yes" rows written "Yes"; SHOUT "YES" every 4th row).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../store/helpers';
import { cli } from './run';

let cleanup: () => Promise<void>;
let dir: string;
let project: string;
let csv: string;
beforeAll(async () => {
  ({ dir, cleanup } = await makeTempDir());
  csv = `${dir}/smokers.csv`;
  const rows = ['x,smoker,always,flag,SHOUT'];
  for (let i = 0; i < 40; i++) {
    const smoker = i === 4 ? 'Yes' : i % 2 === 0 ? 'yes' : 'no';
    const x = ((i % 2) * 10 + i / 10).toFixed(1);
    rows.push(`${x},${smoker},yes,${i % 3 === 0 ? 't' : 'f'},${i % 4 === 0 ? 'YES' : 'NO'}`);
  }
  writeFileSync(csv, rows.join('\n') + '\n');
  project = `${dir}/smokers.mtlproj`;
  const imported = await cli('import', csv, '-p', project);
  expect(imported.code).toBe(0);
  // The column summary counts the values in the file's spelling too.
  expect(imported.stdout).toContain('NO (30), YES (10)');
});
afterAll(() => cleanup());

describe('a boolean target', () => {
  it('takes the file spelling as its classes, false first', async () => {
    const { code, stdout } = await cli('tasks', '-p', project, '--add', 'smoker', 'SHOUT');
    expect(code).toBe(0);
    // 20 even rows "yes" (one of them "Yes": the most frequent spelling names the class).
    expect(stdout).toContain('no (20), yes (20)');
    expect(stdout).toContain('NO (30), YES (10)');
    const listed = JSON.parse((await cli('--json', 'tasks', '-p', project)).stdout);
    expect(listed.tasks.map((t: { classes: string[] }) => t.classes)).toEqual([
      ['no', 'yes'],
      ['NO', 'YES'],
    ]);
  });

  it('refuses a one-valued column in its own words', async () => {
    const { code, stderr } = await cli('tasks', '-p', project, '--add', 'always');
    expect(code).toBe(1);
    expect(stderr).toContain('Column "always" has 1 class ("yes")');
  });

  it('accepts a class order in its spelling, and refuses true/false for it', async () => {
    const refused = await cli(
      '--json',
      'tasks',
      '-p',
      project,
      '--remove',
      'smoker',
      '--add',
      'smoker',
      '--classes',
      'smoker=true,false',
    );
    expect(refused.code).toBe(1);
    expect(JSON.parse(refused.stdout).error.message).toBe(
      'Column "smoker" is boolean; its classes are "no", "yes" (in either order).',
    );
    const { code, stdout } = await cli(
      '--json',
      'tasks',
      '-p',
      project,
      '--remove',
      'smoker',
      '--add',
      'smoker',
      '--classes',
      'smoker=yes,no',
    );
    expect(code).toBe(0);
    const smoker = JSON.parse(stdout).tasks.find((t: { name: string }) => t.name === 'smoker');
    expect(smoker.classes).toEqual(['yes', 'no']);
    expect(smoker.classCounts).toEqual([20, 20]);
  });

  it('exports labels and predicts in the file spelling', async () => {
    const exported = await cli('labels', 'export', '-p', project);
    expect(exported.code).toBe(0);
    // Rows 1–4 of the file: yes/YES, no/NO, yes/NO, no/NO; row 5 "Yes" exports as "yes"
    // (the columns in task order: smoker, removed and added again, comes last).
    expect(exported.stdout.split('\n').slice(0, 6)).toEqual([
      'row_id,SHOUT,smoker',
      '1,YES,yes',
      '2,NO,no',
      '3,NO,yes',
      '4,NO,no',
      '5,YES,yes',
    ]);
    const trained = await cli('train', '-p', project, '--epochs', '3', '--evaluation', 'split');
    expect(trained.code).toBe(0);
    const out = `${dir}/predictions.csv`;
    expect((await cli('predict', csv, '-p', project, '--run', '1', '-o', out)).code).toBe(0);
    const [header, ...lines] = readFileSync(out, 'utf8').trim().split('\n');
    const columns = header.split(',');
    const predicted = (name: string) =>
      new Set(lines.map((line) => line.split(',')[columns.indexOf(name)]));
    for (const value of predicted('smoker')) expect(['no', 'yes']).toContain(value);
    for (const value of predicted('SHOUT')) expect(['NO', 'YES']).toContain(value);
  }, 120_000);
});
