/**
 * `mtl-studio train --arch auto --budget --brackets`, `train --evaluation cv` (the default below 2 000
 * labelled rows) and `evaluate --json` with cross-validated evaluations.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../store/helpers';
import { cli, fixture } from './run';

let dir: string;
let cleanup: () => Promise<void>;
let project: string;
beforeAll(async () => {
  ({ dir, cleanup } = await makeTempDir());
  project = `${dir}/accuracy.mtlproj`;
  await cli('import', fixture('penguins.csv'), '-p', project);
  await cli('tasks', '-p', project, '--add', 'species', 'sex');
});
afterAll(() => cleanup());

describe('accuracy commands', () => {
  it('train --arch auto --budget 3s reports its trials, the choice and test scores', async () => {
    const { code, stdout, stderr } = await cli(
      '--json',
      'train',
      '-p',
      project,
      '--evaluation',
      'split',
      '--arch',
      'auto',
      '--budget',
      '3s',
      '--brackets',
      '2',
      '--in-process',
    );
    expect(code).toBe(0);
    const { run, search } = JSON.parse(stdout);
    expect(run.status).toBe('completed');
    expect(run.auto).toBe(true);
    expect(search.brackets).toBe(2);
    expect(search.trials.length).toBeGreaterThanOrEqual(1);
    // The defaults come first, trained like a normal run (in no bracket); then bracket 1
    // (9 configurations), bracket 2 only if the budget reached it.
    expect(search.trials[0].full).toBe(true);
    expect(search.trials[0].config.arch).toBe('hard-sharing');
    for (const t of search.trials) {
      if (t.full) expect(t.bracket).toBeUndefined();
      else expect([1, 2]).toContain(t.bracket);
    }
    const chosen = search.trials.find((t: { id: number }) => t.id === search.chosenTrial);
    expect(run.config.arch).toBe(chosen.config.arch);
    expect(Object.keys(run.results)).toEqual(['species', 'sex']);
    // --json: stdout is the one document above; no progress line on stderr either (as the
    // epochs of a plain run: progress goes to stderr only without --json or with MTL_PROGRESS).
    expect(stderr).not.toMatch(/^auto: /m);
    // The notes the text output prints, as the README promises (found by a new user: the
    // document had only `run` and `search`): the budget note (its wording: autoBudgetLine,
    // for a single run with --budget 3s) and then the search-done line with the final
    // training's estimate, as the progress line reads it without --json.
    const { notes } = JSON.parse(stdout);
    expect(notes).toHaveLength(2);
    expect(notes[0]).toMatch(/^auto: search ≈ 3 s; on top: the start-up and the final training/);
    expect(notes[1]).toMatch(
      new RegExp(
        `^auto: search done, ${search.trials.length} configurations? tried in \\d+ s; .*trial ${search.chosenTrial}.*\\(about \\d+(\\.\\d)? s more, beyond the budget\\)$`,
      ),
    );
  });

  it('train --arch auto prints one line per phase and per trial on stderr, as the epochs', async () => {
    // Issue #11: the search printed nothing useful until its end. A project of its own: the
    // tests below count this file's runs.
    const own = `${dir}/progress.mtlproj`;
    await cli('import', fixture('penguins.csv'), '-p', own);
    await cli('tasks', '-p', own, '--add', 'species', 'sex');
    const { code, stdout, stderr } = await cli(
      'train',
      '-p',
      own,
      '--evaluation',
      'split',
      '--arch',
      'auto',
      '--budget',
      '3s',
      '--epochs',
      '30',
      '--in-process',
    );
    expect(code).toBe(0);
    const lines = stderr
      .split('\n')
      .filter((l) => l.startsWith('auto: ') || l.startsWith('epoch '));
    expect(lines[0]).toMatch(/^auto: training the studio's defaults like a normal run \[0\/3 s\]$/);
    const trials = lines.filter((l) => l.startsWith('auto: trial '));
    // The count of trial lines is the count the trial table on stdout reports, ids 1, 2, …
    const count = Number(/^Auto tried (\d+) configurations?/m.exec(stdout)![1]);
    expect(trials.length).toBe(count);
    trials.forEach((l, i) => {
      expect(l).toMatch(
        new RegExp(
          `^auto: trial ${i + 1} · (like a normal run|sweep \\d+ · bracket \\d+ · rung \\d+) · .+: validation macro-F1 \\d\\.\\d{3} \\(best \\d\\.\\d{3}\\) \\[\\d+\\/3 s\\]$`,
        ),
      );
    });
    // The first trial is the first default (hard sharing) like a normal run.
    expect(trials[0]).toMatch(/^auto: trial 1 · like a normal run · hard-sharing · /);
    // Then the search says it chose, before the final model's own epochs.
    const done = lines.findIndex((l) => l.startsWith('auto: search done'));
    const chosen = /^\s*│\s*(\d+) ✓/m.exec(stdout)![1];
    // Penguins selects on inner folds: the final model refits on every non-test row for
    // exactly the counts the stored search's final note names ("N epochs", or "each task its
    // own number of epochs (species 3, sex 5)"), unless the chosen run was cut by the budget.
    const refit =
      /on every non-test row \(the split's training and validation rows\) for (.+?), the chosen run's restored/.exec(
        stdout,
      )?.[1];
    // Then, beyond the budget, the final training's estimate (its arithmetic in
    // test/contract/autoBudget.test.ts).
    const [head, estimate] = lines[done].split(' (about ');
    expect(head).toBe(
      `auto: search done, ${count} configuration${count === 1 ? '' : 's'} tried in ${/in (\d+) s, chosen/.exec(stdout)![1]} s; training the chosen configuration (trial ${chosen}) as the run's model` +
        (refit === undefined ? '' : ` on every non-test row for ${refit}`),
    );
    expect(estimate).toMatch(/^\d+(\.\d)? s more, beyond the budget\)$/);
    // The final row's "N (all rows)" agrees: the largest count.
    if (refit !== undefined)
      expect(/(\d+) \(all rows\)/.exec(stdout)![1]).toBe(
        String(Math.max(...[...refit.matchAll(/\d+/g)].map((m) => Number(m[0])))),
      );
    expect(lines.indexOf(trials.at(-1)!)).toBeLessThan(done);
    expect(lines.slice(done + 1)[0]).toMatch(/^epoch 1: /);
  });

  it('train --budget refuses 0 and more than a day as a usage error, naming the option', async () => {
    // Found by a new user: "--budget 0s" answered "The Auto budget must be between 0 and
    // 86400 seconds, got 0.", which contradicts itself (0 is between 0 and 86400).
    for (const value of ['0s', '0', '0m', '86401s', '1441m']) {
      const { code, stdout } = await cli(
        '--json',
        'train',
        '-p',
        project,
        '--arch',
        'auto',
        '--budget',
        value,
      );
      expect(code).not.toBe(0);
      const { error } = JSON.parse(stdout);
      expect(error.code).toBe('BAD_REQUEST');
      expect(error.message).toContain(
        `--budget must be more than 0 and at most 86400 seconds (a day), got "${value}"`,
      );
    }
  });

  it('train --budget reads hours; --budget and --brackets without --arch auto are refused', async () => {
    // Found by a new user: "--budget 1h" was refused as not like 60s or 2m, and
    // "--budget 2m" without --arch auto was silently ignored (a fixed run trained instead).
    const hours = await cli('--json', 'train', '-p', project, '--arch', 'auto', '--budget', '25h');
    expect(hours.code).not.toBe(0);
    // 25 h = 90 000 s (hand computation): parsed as hours, then over the one-day limit.
    expect(JSON.parse(hours.stdout).error.message).toContain(
      'at most 86400 seconds (a day), got "25h"',
    );
    for (const flag of [
      ['--budget', '1h'],
      ['--brackets', '2'],
    ]) {
      const { code, stdout } = await cli('--json', 'train', '-p', project, ...flag);
      expect(code).toBe(1);
      expect(JSON.parse(stdout).error.message).toBe(
        `${flag[0]} applies to the Auto search only: add --arch auto, or leave ${flag[0]} out.`,
      );
    }
  });

  it('a usage error points to --help instead of printing the whole help', async () => {
    const { code, stderr } = await cli('train', '-p', project, '--brackets', '9');
    expect(code).toBe(1);
    expect(stderr).toContain('--brackets must be a whole number from 1 to 3, got "9"');
    expect(stderr).toContain('(add --help to the command to see its usage)');
    expect(stderr).not.toContain('Usage:');
  });

  it('train --brackets refuses a count outside 1 to 3, naming the option', async () => {
    for (const value of ['0', '4', '1.5']) {
      const { code, stderr } = await cli(
        'train',
        '-p',
        project,
        '--arch',
        'auto',
        '--brackets',
        value,
      );
      expect(code).not.toBe(0);
      expect(stderr).toContain(`--brackets must be a whole number from 1 to 3, got "${value}"`);
    }
  });

  it('train cross-validates a small table by default; evaluate --json shows the folds', async () => {
    const base = ['--json', 'train', '-p', project, '--folds', '2', '--epochs', '2'];
    const single = await cli(...base, '--arch', 'single-task', '--in-process');
    expect(single.code).toBe(0);
    const shared = JSON.parse((await cli(...base, '--in-process')).stdout).crossValidation;
    expect(shared.evaluation.runs).toHaveLength(2);
    expect(shared.tasks.species.macroF1.n).toBe(2);
    expect(shared.deltaM.perFold).toHaveLength(2);
    const out = JSON.parse((await cli('--json', 'evaluate', '-p', project)).stdout);
    expect(
      out.crossValidations.map((c: { evaluation: { id: number } }) => c.evaluation.id),
    ).toEqual([JSON.parse(single.stdout).crossValidation.evaluation.id, shared.evaluation.id]);
    expect(out.crossValidations[1].deltaM.tests[0].name).toBe('Wilcoxon signed-rank');
    // The fold runs are not listed as single runs.
    expect(out.runs.map((r: { runId: number }) => r.runId)).toEqual([
      expect.any(Number), // the Auto run above
    ]);
  });
});
