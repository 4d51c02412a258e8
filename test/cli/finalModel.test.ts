/**
 * `train --evaluation cv --folds 3 --final`: after the cross-validation, its final model on
 * every labelled row. Expected by hand: 30 rows, 27 of them labelled (rows 5, 15 and 25 of
 * the file leave y empty), so the final model trains on 27 rows; its epochs are the median of
 * the 3 fold runs' kept (early-stopping) epochs, read from `runs --json` and sorted here.
 */
import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProjectStore } from '../../src/main/store/projectStore';
import { makeTempDir } from '../store/helpers';
import { cli } from './run';

let cleanup: () => Promise<void>;
let dir: string;
let project: string;
/** The cross-validation of the first test and its final model's epochs (median by hand). */
let cvId = 0;
let medianEpochs = 0;
const TRAIN = ['--epochs', '6', '--patience', '2', '--backend', 'cpu', '--hidden', '8'];

beforeAll(async () => {
  ({ dir, cleanup } = await makeTempDir());
  // y empty on rows 5, 15, 25 (1-based): 27 labelled rows.
  const rows = Array.from(
    { length: 30 },
    (_, i) => `${100 + i},${(i + 1) % 10 === 5 ? '' : i % 2 === 0 ? 'a' : 'b'}`,
  );
  writeFileSync(`${dir}/final.csv`, `x,y\n${rows.join('\n')}\n`);
  writeFileSync(`${dir}/new.csv`, `x\n101\n118\n`);
  project = `${dir}/final.mtlproj`;
  expect((await cli('import', `${dir}/final.csv`, '-p', project)).code).toBe(0);
  expect((await cli('tasks', '-p', project, '--add', 'y')).code).toBe(0);
}, 60_000);
afterAll(() => cleanup());

describe('train --final', () => {
  it('trains the final model on every labelled row after the cross-validation', async () => {
    const out = await cli(
      '--json',
      'train',
      '-p',
      project,
      '--evaluation',
      'cv',
      '--folds',
      '3',
      '--final',
      ...TRAIN,
    );
    expect(out.code).toBe(0);
    const doc = JSON.parse(out.stdout) as {
      crossValidation: { evaluation: { id: number; runs: { runId: number }[] } };
      finalRun: {
        id: number;
        results: unknown;
        finalOf: { crossValidationId: number; labelledRows: number; epochs: number };
      };
    };
    const { runs } = JSON.parse((await cli('--json', 'runs', '-p', project)).stdout) as {
      runs: { id: number; bestEpoch: number }[];
    };
    const folds = doc.crossValidation.evaluation.runs
      .map((r) => runs.find((x) => x.id === r.runId)!.bestEpoch)
      .sort((a, b) => a - b);
    expect(folds).toHaveLength(3);
    expect(doc.finalRun.finalOf).toMatchObject({
      crossValidationId: doc.crossValidation.evaluation.id,
      labelledRows: 27,
      epochs: folds[1],
    });
    expect(doc.finalRun.results).toBeNull();
    cvId = doc.crossValidation.evaluation.id;
    medianEpochs = folds[1];

    // `runs` names it in the cross-validation column.
    const listed = await cli('runs', '-p', project);
    expect(listed.stdout).toContain(
      `cv ${doc.crossValidation.evaluation.id}: final model (all 27 labelled rows)`,
    );
    // Its model exports and predicts.
    const id = String(doc.finalRun.id);
    const note = `note: run ${id} is the final model of cross-validation ${cvId}: trained on all 27 labelled rows for ${medianEpochs} epoch${medianEpochs === 1 ? '' : 's'}, with no test split`;
    const exported = await cli('export', 'model', '-p', project, '--run', id, '-o', `${dir}/b`);
    expect(exported.code).toBe(0);
    expect(exported.stderr).toContain(note);
    // Verified on its first training rows: it has no test row.
    expect(exported.stdout).toMatch(/Verified: \d+ training rows predicted/);
    const exportedJson = await cli(
      '--json',
      'export',
      'model',
      '-p',
      project,
      '--run',
      id,
      '-o',
      `${dir}/b`,
    );
    expect(exportedJson.code).toBe(0);
    expect(JSON.parse(exportedJson.stdout).finalModel).toMatchObject({
      crossValidationId: cvId,
      labelledRows: 27,
      epochs: medianEpochs,
    });
    const predicted = await cli('predict', '-p', project, '--run', id, `${dir}/new.csv`);
    expect(predicted.code).toBe(0);
    expect(predicted.stdout).toMatch(/[ab]/);
    expect(predicted.stderr).toContain(note);
    const predictedJson = await cli(
      '--json',
      'predict',
      '-p',
      project,
      '--run',
      id,
      `${dir}/new.csv`,
    );
    expect(predictedJson.code).toBe(0);
    expect(JSON.parse(predictedJson.stdout).finalModel.crossValidationId).toBe(cvId);
    // An ordinary fold run gets no such note.
    const foldRun = String(doc.crossValidation.evaluation.runs[0].runId);
    const foldPredicted = await cli('predict', '-p', project, '--run', foldRun, `${dir}/new.csv`);
    expect(foldPredicted.stderr).not.toContain('is the final model');
  }, 180_000);

  it('says what the final model is in text, and is refused on the split and with Auto', async () => {
    const text = await cli(
      'train',
      '-p',
      project,
      '--evaluation',
      'cv',
      '--folds',
      '3',
      '--cv-seed',
      '9',
      '--final',
      ...TRAIN,
    );
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(
      /Run \d+: Final model of cross-validation #\d+, trained on all 27 labelled rows for \d+ epochs?\./,
    );
    expect(text.stdout).toContain("expected score: the cross-validation's mean ± std, macro-F1 y ");
    // The folds' progress gives their validation loss; the final model's, with no
    // validation split, its training loss only.
    const [folds, final] = text.stderr.split('training on every labelled row');
    expect(folds).toContain('validation loss');
    expect(final).toMatch(/epoch 1: training loss \d+\.\d{4} \(no validation split\)/);
    expect(final).not.toContain('validation loss');
    const split = await cli('train', '-p', project, '--evaluation', 'split', '--final');
    expect(split.code).not.toBe(0);
    expect(split.stderr).toContain('--final applies to cross-validation only');
    const auto = await cli('train', '-p', project, '--arch', 'auto', '--final');
    expect(auto.code).not.toBe(0);
    expect(auto.stderr).toContain('--final trains a fixed configuration');
  }, 180_000);
});

describe('train --final-of-cv', () => {
  it('trains the final model of an existing cross-validation, as the studio button does', async () => {
    expect(cvId).toBeGreaterThan(0);
    // `train --final` of the first test left one: another would be the same model (found by a
    // new user: identical predictions), refused before the progress line.
    const { runs: before } = JSON.parse((await cli('--json', 'runs', '-p', project)).stdout) as {
      runs: { id: number; finalOf?: { crossValidationId: number } }[];
    };
    const first = before.find((r) => r.finalOf?.crossValidationId === cvId)!.id;
    const twice = await cli('train', '-p', project, '--final-of-cv', String(cvId));
    expect(twice.code).toBe(1);
    expect(twice.stderr).toContain(
      `Cross-validation ${cvId} already has a final model: run ${first}. Its labels have not changed since`,
    );
    expect(twice.stderr).toContain(`predict --run ${first}`);
    expect(twice.stderr).not.toContain('training on every labelled row');
    // Deleted (the studio's run list), it trains again.
    const store = await ProjectStore.open(project);
    try {
      await store.training.deleteRun(first);
    } finally {
      await store.close();
    }
    const out = await cli('--json', 'train', '-p', project, '--final-of-cv', String(cvId));
    expect(out.code).toBe(0);
    const doc = JSON.parse(out.stdout) as {
      crossValidation: { evaluation: { id: number } };
      finalRun: { results: unknown; finalOf: { crossValidationId: number; labelledRows: number } };
    };
    expect(doc.crossValidation.evaluation.id).toBe(cvId);
    // The same cross-validation's folds: the same 27 rows and median epochs as the first test.
    expect(doc.finalRun.finalOf).toMatchObject({
      crossValidationId: cvId,
      labelledRows: 27,
      epochs: medianEpochs,
    });
    expect(doc.finalRun.results).toBeNull();
    // A label changed since that final model read them: a retrain learns from it, allowed.
    // Row 1 (x = 100) was "a"; "b" keeps the 27 labelled rows.
    writeFileSync(`${dir}/relabel.csv`, 'row_id,y\n1,b\n');
    const relabel = await cli(
      'labels',
      'import',
      `${dir}/relabel.csv`,
      '-p',
      project,
      '--overwrite',
    );
    expect(relabel.code).toBe(0);
    const text = await cli('train', '-p', project, '--final-of-cv', String(cvId));
    expect(text.code).toBe(0);
    expect(text.stdout).toContain(
      `Final model of cross-validation #${cvId}, trained on all 27 labelled rows for ${medianEpochs} epoch`,
    );
    expect(text.stderr).toMatch(/training loss \d+\.\d{4} \(no validation split\)/);
    expect(text.stderr).not.toContain('validation loss');
  }, 120_000);

  it('refuses an unknown id, options that do not apply, one not finished and one of Auto', async () => {
    const unknown = await cli('train', '-p', project, '--final-of-cv', '999');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('Cross-validation 999 not found');
    const flags = await cli(
      'train',
      '-p',
      project,
      '--final-of-cv',
      String(cvId),
      '--epochs',
      '3',
      '--arch',
      'mmoe',
    );
    expect(flags.code).toBe(1);
    expect(flags.stderr).toContain('--arch and --epochs do not apply to --final-of-cv');
    const store = await ProjectStore.open(project);
    let pending: number;
    try {
      const datasetId = (await store.datasets.list())[0].id;
      pending = (
        await store.evaluation.createCrossValidation({
          schemeId: (await store.splits.foldSchemes(datasetId))[0].id,
          tasks: ['y'],
          method: { kind: 'auto', budgetSeconds: 1, seed: 1 },
        })
      ).id;
    } finally {
      await store.close();
    }
    const running = await cli('train', '-p', project, '--final-of-cv', String(pending));
    expect(running.code).toBe(1);
    expect(running.stderr).toContain(
      `Cross-validation ${pending} is running; a final model is trained after a completed one. Wait for it to finish`,
    );
    expect(running.stderr).not.toContain('training on every labelled row');
    const again = await ProjectStore.open(project);
    try {
      await again.evaluation.finishCrossValidation(pending, 'completed');
    } finally {
      await again.close();
    }
    const auto = await cli('train', '-p', project, '--final-of-cv', String(pending));
    expect(auto.code).toBe(1);
    expect(auto.stderr).toContain(`Cross-validation ${pending} evaluated Auto`);
    // What Auto does instead (README: it refits on every non-test row on small tables) and
    // the command.
    expect(auto.stderr).toContain('then refits it on every non-test row');
    expect(auto.stderr).toContain(
      `mtl-studio train -p ${project} -d 1 --arch auto --evaluation split`,
    );
    expect(auto.stderr).not.toContain('training on every labelled row');
    // A cancelled one: the continue command the README promises, before the progress line.
    const third = await ProjectStore.open(project);
    let cancelled: number;
    try {
      const datasetId = (await third.datasets.list())[0].id;
      cancelled = (
        await third.evaluation.createCrossValidation({
          schemeId: (await third.splits.foldSchemes(datasetId))[0].id,
          tasks: ['y'],
          method: { kind: 'fixed', config: {} },
        })
      ).id;
      await third.evaluation.finishCrossValidation(cancelled, 'cancelled');
    } finally {
      await third.close();
    }
    const stopped = await cli('train', '-p', project, '--final-of-cv', String(cancelled));
    expect(stopped.code).toBe(1);
    expect(stopped.stderr).toContain(
      `Cross-validation ${cancelled} is cancelled; a final model is trained after a completed one. Continue it first with the \`train\` command that began it (same --evaluation cv, --folds, --tasks and method`,
    );
    expect(stopped.stderr).not.toContain('training on every labelled row');
    // Not a positive id: a usage error.
    const negative = await cli('train', '-p', project, '--final-of-cv', '0');
    expect(negative.code).toBe(1);
    expect(negative.stderr).toContain('--final-of-cv must be');
  }, 60_000);
});
