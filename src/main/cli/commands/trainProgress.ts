/**
 * What `mtl-studio train` (and `restart`) says while it trains and beside its result: the
 * progress lines on stderr, the warnings and notes written on stderr and kept for the --json
 * document.
 */
import { autoSearchSeconds } from '../../../shared/autoBudget';
import type { EpochRecord } from '../../../shared/domain';
import type { TrainHooks } from '../../services/training';
import { autoProgressLine } from '../output';
import { progress } from '../program';
import { stoppedTaskLines } from './trainingOutput';

/** Writes a warning on stderr ("warning: …") and keeps it for the --json document's `warnings`. */
export function warn(warnings: string[], warning: string | null): void {
  if (warning === null) return;
  warnings.push(warning);
  process.stderr.write(`warning: ${warning}\n`);
}

/**
 * Writes a notice on stderr as `note: <line>`, as the other commands' notes, with --json too
 * (where progress lines are kept off), and keeps `line` for the --json document's `notes`:
 * something to know before a long wait, as a warning is (see {@link warn}), that is no fault
 * of the command line, e.g. Auto's budget per fold.
 */
export function notice(notes: string[], line: string): void {
  notes.push(line);
  process.stderr.write(`note: ${line}\n`);
}

/** `{ warnings }` for a JSON document when there are any, else nothing. */
export function warningsOf(warnings: string[]): { warnings?: string[] } {
  return warnings.length > 0 ? { warnings } : {};
}

/** `{ notes }` for a JSON document when there are any (see {@link notice}), else nothing. */
export function notesOf(notes: string[]): { notes?: string[] } {
  return notes.length > 0 ? { notes } : {};
}

/**
 * The stderr note before an Auto run starts: what its budget covers and what comes on top (a
 * new user's `--budget 2s --folds 2`, said as "≈ 4 s in all", took 18 s), e.g. under
 * cross-validation "auto: search ≈ 20 s per fold × 5 folds ≈ 100 s; on top: each fold's
 * start-up and final training of the chosen configuration (estimated when its search ends),
 * and on a table the first default configuration always trains to its end, even past a small budget (on images its epochs are capped after its first epoch so that it ends within the budget)".
 * The number is {@link autoSearchSeconds}'s (shared/autoBudget.ts explains the rest).
 * @param budgetSeconds the budget of one search, in seconds
 * @param folds the fold runs in all (folds × repeats) under cross-validation; null for a
 *   single run
 */
export function autoBudgetLine(budgetSeconds: number, folds: number | null): string {
  const floor =
    'and on a table the first default configuration always trains to its end, even past a small budget (on images its epochs are capped after its first epoch so that it ends within the budget)';
  if (folds === null) {
    return `auto: search ≈ ${budgetSeconds} s; on top: the start-up and the final training of the chosen configuration (estimated when the search ends), ${floor}`;
  }
  const total = autoSearchSeconds(budgetSeconds, folds);
  return `auto: search ≈ ${budgetSeconds} s per fold × ${folds} fold${folds === 1 ? '' : 's'} ≈ ${total} s; on top: each fold's start-up and final training of the chosen configuration (estimated when its search ends), ${floor}`;
}

/**
 * The progress lines of a training on stderr (see `progress`): the backend, each Auto
 * phase and trial, and the first, every tenth and the last of `epochs` epochs, with the tasks that
 * stopped early.
 * @param epochs the run's epochs, or a function read at each epoch (a final model's count is
 *   known once it starts).
 * @param split 'validation': each epoch line gives the training and validation loss; 'none':
 *   a run without validation rows (a cross-validation's final model), its training loss only
 *   ("epoch 3: training loss 0.4123 (no validation split)").
 * @param notes where Auto's `auto: search done …` line (with the final training's estimate,
 *   "(about 0.9 s more, beyond the budget)") is kept for the --json document's `notes`, as the
 *   README promises (found by a new user: `--json` had only `run` and `search`); the line is
 *   still a progress line on stderr, kept off it with --json as the others.
 */
export function progressHooks(
  epochs: number | (() => number),
  split: 'validation' | 'none' = 'validation',
  notes?: string[],
): Pick<TrainHooks, 'onBackend' | 'onAutoProgress' | 'onEpoch'> {
  return {
    onBackend: (b) => progress(`backend: ${b}`),
    onAutoProgress: (_id, p) => {
      const line = autoProgressLine(p);
      if (p.phase === 'final' && !p.trial && notes) notes.push(line);
      progress(line);
    },
    onEpoch: (_id, r: EpochRecord) => {
      const last = typeof epochs === 'function' ? epochs() : epochs;
      // The first, every tenth and the last (a 5-epoch run showed only "epoch 1").
      if (r.epoch % 10 === 0 || r.epoch === 1 || r.epoch === last) {
        progress(
          split === 'none'
            ? `epoch ${r.epoch}: training loss ${r.trainLoss.toFixed(4)} (no validation split)`
            : `epoch ${r.epoch}: train loss ${r.trainLoss.toFixed(4)}, validation loss ${r.valLoss.toFixed(4)}`,
        );
      }
      for (const line of stoppedTaskLines(r)) progress(line);
    },
  };
}

/**
 * Fold numbers (1-based, ascending) as ranges: [1, 2] → "1–2", [3] → "3", [1, 2, 4, 5] →
 * "1–2, 4–5".
 */
export function foldRanges(folds: readonly number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < folds.length;) {
    let j = i;
    while (j + 1 < folds.length && folds[j + 1] === folds[j] + 1) j++;
    parts.push(i === j ? `${folds[i]}` : `${folds[i]}–${folds[j]}`);
    i = j + 1;
  }
  return parts.join(', ');
}

/**
 * The note `train` prints when it continues a stopped cross-validation, e.g. "continuing
 * cross-validation CV1 (cancelled): folds 1–2 kept, training 3–5 (add --fresh to start a
 * new one)".
 * @param kept the numbers of the folds whose completed run is kept; `total` all folds.
 */
export function continuingLine(
  evaluationId: number,
  status: string,
  kept: readonly number[],
  total: number,
): string {
  const all = Array.from({ length: total }, (_, i) => i + 1);
  const train = all.filter((n) => !kept.includes(n));
  const keptText =
    kept.length === 0
      ? 'no fold kept'
      : `fold${kept.length === 1 ? '' : 's'} ${foldRanges(kept)} kept`;
  return `continuing cross-validation CV${evaluationId} (${status}): ${keptText}, training ${foldRanges(train)} (add --fresh to start a new one)`;
}
