/**
 * `mtl-studio splits`: list a dataset's training splits and the folds of its cross-validations,
 * preview a new split (rows per split and class) or make it — the split panel of the Train
 * view on the command line.
 */
import type { Command } from 'commander';
import type { FoldLeakage, SplitPreview } from '../../../shared/contract';
import type { SplitFractions } from '../../engine/split';
import { emptyValidationWarning, unscorableSplitProblem } from '../../services/splitChecks';
import type { FoldSchemeSummary } from '../../services/splits';
import { printJson, table } from '../output';
import { int, isJson, num, resolveDataset, withStore } from '../program';

/** Rows per split, then one line per class of the shown task. */
function previewTable(preview: SplitPreview): string {
  const { counts, classes } = preview;
  const rows: (string | number)[][] = [
    ['(all rows)', counts.train, counts.validation, counts.test],
  ];
  if (classes) {
    classes.labels.forEach((label, k) =>
      rows.push([label, classes.train[k], classes.validation[k], classes.test[k]]),
    );
    const m = classes.missing;
    if (m.train + m.validation + m.test > 0) {
      rows.push(['(no label)', m.train, m.validation, m.test]);
    }
  }
  const head = [classes ? `class of ${classes.task}` : '', 'train', 'validation', 'test'];
  return table(head, rows);
}

/**
 * What the leaked test rows are and what to do about them: exact duplicate rows (equal in
 * every column of the file) go by removing the duplicates; rows whose inputs alone repeat (an
 * ignored column such as an id, or a label, differs) would stay after that, and the model,
 * which reads only the inputs, cannot tell them apart.
 * @returns the words for the parentheses and the advice that ends the warning.
 */
function leakageCause({ leaked, exact }: SplitPreview['leakage']): {
  cause: string;
  advice: string;
} {
  const inputsOnly = leaked - exact;
  const duplicates = 'remove the duplicates from the file to score on unseen rows.';
  if (inputsOnly === 0) return { cause: 'duplicate rows in the file', advice: duplicates };
  const apart =
    'the model reads only the input columns, so it cannot tell such rows apart: if they are one case written twice, keep one of them; if they are different cases, add an input column that tells them apart.';
  if (exact === 0) {
    return {
      cause:
        'only their input columns repeat, not the whole row: an ignored column or a label differs',
      advice: apart,
    };
  }
  return {
    cause: `${exact} of them exact duplicate rows in the file; in the other ${inputsOnly} only the input columns repeat`,
    advice: `remove the exact duplicates from the file; for the rest, ${apart}`,
  };
}

/**
 * The leakage warning of a split whose test rows repeat training rows (their input columns
 * equal), e.g. `2 of 3 test rows have an identical input row among the training rows
 * (duplicate rows in the file): …` — worded for exact duplicate rows, rows whose inputs
 * alone repeat, or both ({@link leakageCause}); `splits` and `train` put "warning: " before
 * it; null when none does.
 */
export function splitLeakageWarning(leakage: SplitPreview['leakage']): string | null {
  const { leaked, test } = leakage;
  if (leaked === 0) return null;
  const rows = test === 1 ? '1 test row has' : `${leaked} of ${test} test rows have`;
  const { cause, advice } = leakageCause(leakage);
  return `${rows} an identical input row among the training rows (${cause}): the test scores partly measure memory, not new rows; ${advice}`;
}

/**
 * The leakage warning of a cross-validation's folds ({@link splitLeakageWarning} summed
 * over its folds, services/splits.ts foldSchemeLeakage); null when no fold has any.
 */
export function foldLeakageWarning(leakage: FoldLeakage): string | null {
  const { leaked, test, folds } = leakage;
  if (leaked === 0) return null;
  const { cause, advice } = leakageCause(leakage);
  return `over the ${folds} folds, ${leaked} of ${test} test rows have an identical input row among their fold's training rows (${cause}): the cross-validated scores partly measure memory, not new rows; ${advice}`;
}

/** The table of {@link previewTable}, then its warnings (`warning: …` lines) when there are any. */
function previewText(preview: SplitPreview, warnings: string[]): string {
  return [previewTable(preview), ...warnings.map((w) => `warning: ${w}`)].join('\n');
}

/**
 * The warnings of a split made or previewed: a training or test split without a row
 * (services/splitChecks.ts unscorableSplitProblem; `--make` refuses such a split), a validation
 * split without a row though asked for, and test rows that repeat training rows.
 */
function splitWarnings(preview: SplitPreview, fractions: SplitFractions, made: boolean): string[] {
  const unscorable = unscorableSplitProblem(preview.counts);
  return [
    unscorable && !made ? `${unscorable} (--make refuses such a split.)` : null,
    emptyValidationWarning(preview.counts, fractions),
    splitLeakageWarning(preview.leakage),
  ].filter((w): w is string => w !== null);
}

/** `N of M` leaked test rows, 0 included, as the listing's column shows them. */
const leakedCell = (leakage: SplitPreview['leakage']): string =>
  `${leakage.leaked} of ${leakage.test}`;

/** A fold scheme's heading line and the table of its folds, marked as folds. */
function foldSchemeText(scheme: FoldSchemeSummary): string {
  const stratified =
    scheme.stratifiedOn.length > 0
      ? `stratified on ${scheme.stratifiedOn.join(', ')}`
      : 'not stratified';
  const heading = `Cross-validation folds, scheme ${scheme.id}: ${scheme.k}-fold × ${scheme.repeats} (seed ${scheme.seed}), ${stratified}; ${Math.round(scheme.validationFraction * 100)} % of each fold's training rows held out for validation.`;
  const rows = scheme.folds.map((f) => [
    f.splitId,
    `fold ${f.fold + 1}/${scheme.k} (repeat ${f.repeat + 1}/${scheme.repeats})`,
    `${f.counts.train} / ${f.counts.validation} / ${f.counts.test}`,
    f.runs,
    leakedCell(f.leakage),
  ]);
  return `${heading}\n${table(['id', 'fold', 'rows', 'runs', 'leaked test rows'], rows)}`;
}

/** Registers `splits`. */
export function registerSplitCommands(program: Command): void {
  program
    .command('splits')
    .description(
      'List the training splits of a dataset (and, apart, the folds of its cross-validations), ' +
        'or preview (--preview) or make (--make) a new split from fractions, a stratification ' +
        'task and a seed; runs use the newest split.',
    )
    .requiredOption('-p, --project <file>', 'project file')
    .option('-d, --dataset <id>', 'dataset id (default: the only one)', int('--dataset'))
    .option('--preview', 'show the rows per split and class a new split would have')
    .option('--make', 'make the new split (the same settings give back the stored one)')
    .option('--train <fraction>', 'share of training rows', num('--train'), 0.7)
    .option('--validation <fraction>', 'share of validation rows', num('--validation'), 0.15)
    .option('--test <fraction>', 'share of test rows', num('--test'), 0.15)
    .option(
      '--stratify <task>',
      'task whose classes each split gets in proportion (default: first)',
    )
    .option('--no-stratify', 'a plain random split')
    .option('--seed <n>', 'seed of the shuffle', int('--seed'), 42)
    .action(
      async (opts: {
        project: string;
        dataset?: number;
        preview?: boolean;
        make?: boolean;
        train: number;
        validation: number;
        test: number;
        stratify?: string | boolean;
        seed: number;
      }) => {
        const { createSplit, describeSplit, listFoldSchemes, listSplitsWithLeakage, previewSplit } =
          await import('../../services/splits');
        await withStore(opts.project, false, async (store) => {
          const datasetId = await resolveDataset(store, opts.dataset);
          if (opts.preview || opts.make) {
            const first = (await store.tasks.list(datasetId))[0]?.name ?? null;
            const settings = {
              fractions: { train: opts.train, validation: opts.validation, test: opts.test },
              seed: opts.seed,
              stratifyTask:
                opts.stratify === false
                  ? null
                  : typeof opts.stratify === 'string'
                    ? opts.stratify
                    : first,
            };
            if (opts.make) {
              // A split without a training or test row is refused: no run on it could be
              // trained or scored (services/splitChecks.ts refuseUnscorableSplit).
              const split = await createSplit(store, datasetId, settings, 'identical', {
                refuseUnscorable: true,
              });
              const counts = await describeSplit(store, split.id);
              const warnings = splitWarnings(counts, settings.fractions, true);
              if (isJson()) {
                return printJson({ split, ...counts, ...(warnings.length ? { warnings } : {}) });
              }
              console.log(`Split ${split.id} (seed ${split.seed}); the next runs train on it.`);
              return console.log(previewText(counts, warnings));
            }
            const preview = await previewSplit(store, datasetId, settings);
            const warnings = splitWarnings(preview, settings.fractions, false);
            if (isJson())
              return printJson({ ...preview, ...(warnings.length ? { warnings } : {}) });
            return console.log(previewText(preview, warnings));
          }
          const splits = await listSplitsWithLeakage(store, datasetId);
          // The folds cross-validation trains on, listed apart: runs never take them as the
          // newest split.
          const foldSchemes = await listFoldSchemes(store, datasetId);
          if (isJson()) return printJson({ splits, foldSchemes });
          if (splits.length === 0) {
            console.log(
              foldSchemes.length === 0
                ? 'No split yet: the first run makes one, or use --make.'
                : 'No training split yet (cross-validation trains on its folds, below): the first run on a fixed split (train --evaluation split) makes one, or use --make.',
            );
          } else {
            console.log(
              table(
                [
                  'id',
                  'train / validation / test',
                  'seed',
                  'stratified on',
                  'rows',
                  'runs',
                  'leaked test rows',
                ],
                splits.map((s) => [
                  s.id,
                  `${s.fractions.train} / ${s.fractions.validation} / ${s.fractions.test}`,
                  s.seed,
                  s.stratifiedOn ?? '(none)',
                  `${s.counts.train} / ${s.counts.validation} / ${s.counts.test}`,
                  s.runs,
                  leakedCell(s.leakage),
                ]),
              ),
            );
            // The warning once, for the newest split (the one the next runs train on).
            const warning = splitLeakageWarning(splits.at(-1)!.leakage);
            if (warning) console.log(`warning: split ${splits.at(-1)!.id}: ${warning}`);
          }
          for (const scheme of foldSchemes) console.log(`\n${foldSchemeText(scheme)}`);
        });
      },
    );
}
