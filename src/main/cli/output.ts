/**
 * CLI output: human-readable tables (cli-table3) or one JSON document on stdout.
 */
import Table from 'cli-table3';
import { refitEpochCounts } from '../../shared/autoRefit';
import { estimateSecondsText } from '../../shared/autoBudget';
import { counted } from '../../shared/counted';
import { trainedSeconds } from '../../shared/trainedTime';
import type { AutoProgress, RunInfo, TaskMetrics, TrainConfig } from '../../shared/domain';

/** Formats a score in [0, 1] with 3 decimals; null/undefined as "–". */
export function score(x: number | null | undefined): string {
  return x === null || x === undefined || Number.isNaN(x) ? '–' : x.toFixed(3);
}

/**
 * A measurement with 5 significant digits, without trailing zeros (e.g. 172, 43.922); "–"
 * for a missing or non-finite value (a statistic that overflowed, stored as null).
 */
export function num5(x: number | null): string {
  if (x === null || !Number.isFinite(x)) return '–';
  const rounded = Number(x.toPrecision(5));
  // Rounding up near the largest double (1.7976931348623157e308) would print Infinity.
  return Number.isFinite(rounded) ? String(rounded) : x.toPrecision(5);
}

/**
 * A cell's text on one line: each line break (CRLF, LF or CR) shown as '↵', so a quoted CSV
 * value holding a newline ("line one↵line two") keeps a text table's rows aligned.
 */
export function oneLine(text: string): string {
  return text.replace(/\r\n|\r|\n/g, '↵');
}

/**
 * Renders rows under a header as a boxed text table, each cell on one line ({@link oneLine}).
 */
export function table(head: string[], rows: (string | number)[][]): string {
  // No rule between body rows: long column lists stay readable.
  const t = new Table({
    head: head.map(oneLine),
    style: { head: [], border: [] },
    chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
  });
  rows.forEach((r) => t.push(r.map((cell) => oneLine(String(cell)))));
  return t.toString();
}

/** Writes a JSON document to stdout (numbers as they are; NaN becomes null). */
export function printJson(value: unknown): void {
  process.stdout.write(
    `${JSON.stringify(value, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2)}\n`,
  );
}

/** The per-task scores the CLI shows for a run. */
export function headlineScores(m: TaskMetrics): {
  accuracy: number;
  balancedAccuracy: number;
  macroF1: number;
  rocAuc: number | null;
  logLoss: number;
  n: number;
} {
  return {
    accuracy: m.accuracy,
    balancedAccuracy: m.balancedAccuracy,
    macroF1: m.macroF1,
    rocAuc: m.rocAuc,
    logLoss: m.logLoss,
    n: m.n,
  };
}

/**
 * A run's method as the CLI prints it: "mmoe · uncertainty" (single-task has no weighting),
 * "auto → single-task" for a completed Auto run, "auto (cancelled)" for one that ended (or
 * is still searching) before its search chose: its stored configuration is only the base.
 */
export function method(run: RunInfo): string {
  if (run.auto && run.status !== 'completed') return `auto (${run.status})`;
  const base =
    run.config.arch === 'single-task'
      ? run.config.arch
      : `${run.config.arch} · ${run.config.weighting}`;
  // Runs stored before CNN trunks existed have no trunk: an MLP.
  const trained =
    run.config.trunk === 'cnn' ? `${base} · cnn ${run.config.convFilters.join('/')}` : base;
  // An Auto run trained the configuration its search chose: said so, or it reads as a
  // plain run of that method.
  return run.auto ? `auto → ${trained}` : trained;
}

/**
 * A run's training time from start to finish without its pauses (shared/trainedTime.ts),
 * e.g. "12.3 s"; "–" when it has not finished.
 */
export function seconds(run: RunInfo): string {
  const trained = run.finishedAt ? trainedSeconds(run, Date.now()) : null;
  return trained === null ? '–' : `${trained.toFixed(1)} s`;
}

/**
 * One progress line of an Auto run (`train --arch auto`, on stderr like the epoch lines): a
 * phase that starts, or a trial that finished with its place in the search, its configuration,
 * its validation macro-F1 (mean over tasks) and the best so far, then the time spent of the
 * budget, e.g. "auto: trial 5 · sweep 1 · bracket 1 · rung 1 · mmoe · dwa, hidden 64,32,
 * lr 0.0012, 9 epochs: validation macro-F1 0.812 (best 0.840) [23/60 s]"; on images the
 * network reads "cnn 16/32/64 3×3, dense 64,32" ({@link networkText}). On images, once the
 * first default's first epoch says it cannot end within the budget (AutoProgress
 * `firstDefaultCapped`): "auto: the default configuration alone would need ≈ 151 s, over the
 * 15 s budget: its epochs are capped at 2 per fold for now so that it ends within the budget (the
 * cap is re-checked after each epoch, by its time) [5/15 s]": provisional, as autoSpace re-reads
 * the cap every epoch (the trial line then gives the cap it ended with).
 */
export function autoProgressLine(p: AutoProgress): string {
  const clock = `[${p.elapsedSeconds.toFixed(0)}/${p.budgetSeconds} s]`;
  const tried = `${p.trialsDone} configuration${p.trialsDone === 1 ? '' : 's'} tried`;
  const t = p.trial;
  if (t) {
    const where = t.full
      ? 'like a normal run'
      : `sweep ${p.sweep ?? 1} · bracket ${t.bracket ?? 1} · rung ${p.rung ?? 1}`;
    const arch =
      t.config.arch === 'single-task' ? 'single-task' : `${t.config.arch} · ${t.config.weighting}`;
    const epochs = t.full
      ? t.stoppedForTime
        ? `${t.epochs} of at most ${counted(t.config.epochs, 'epoch', 'epochs')} (stopped at the budget's end, best weights kept)`
        : t.epochsCapped !== undefined
          ? `${t.epochs} of at most ${counted(t.config.epochs, 'epoch', 'epochs')} (capped at ${t.epochsCapped} by the budget; early stopping)`
          : `${t.epochs} of at most ${counted(t.config.epochs, 'epoch', 'epochs')} (early stopping)`
      : counted(t.epochs, 'epoch', 'epochs');
    return `auto: trial ${t.id} · ${where} · ${arch}, ${networkText(t.config)}, lr ${t.config.learningRate}, ${epochs}: validation macro-F1 ${score(t.score)} (best ${score(p.bestScore)}) ${clock}`;
  }
  const capped = p.firstDefaultCapped;
  if (capped) {
    return `auto: the default configuration alone would need ≈ ${estimateSecondsText(capped.uncappedSeconds)} s, over the ${p.budgetSeconds} s budget: its epochs are capped at ${capped.epochsCapped} per fold for now so that it ends within the budget (the cap is re-checked after each epoch, by its time) ${clock}`;
  }
  switch (p.phase) {
    case 'defaults':
      return `auto: training the studio's defaults like a normal run ${clock}`;
    case 'search':
      return `auto: searching (Hyperband), ${tried}, best validation macro-F1 ${score(p.bestScore)} ${clock}`;
    case 'finalist':
      return `auto: training the search's best like a normal run, ${tried} ${clock}`;
    case 'final':
      return `${finalLine(p, tried)}${p.finalSeconds !== undefined ? ` (about ${estimateSecondsText(p.finalSeconds)} s more, beyond the budget)` : ''}`;
  }
}

/** The 'final' progress line without its time estimate (see {@link autoProgressLine}). */
function finalLine(p: AutoProgress, tried: string): string {
  return p.kept
    ? `auto: search done, ${tried} in ${p.elapsedSeconds.toFixed(0)} s; keeping trial ${p.chosenTrial}'s own run as the run's model`
    : p.refitEpochs !== undefined
      ? `auto: search done, ${tried} in ${p.elapsedSeconds.toFixed(0)} s; training the chosen configuration (trial ${p.chosenTrial}) as the run's model on every non-test row for ${refitCounts(p)}`
      : `auto: search done, ${tried} in ${p.elapsedSeconds.toFixed(0)} s; training the chosen configuration (trial ${p.chosenTrial}) as the run's model`;
}

/**
 * The refit's epoch counts for the 'final' progress line, as the report and `finalNote` word
 * them: "5 epochs", or with per-task counts "each task its own number of epochs (a 3, b 5)".
 * @param p Auto's 'final' progress with `refitEpochs` set.
 */
function refitCounts(p: AutoProgress): string {
  const refit = refitEpochCounts(p)!;
  return refit.perTask
    ? `each task its own number of epochs (${refit.perTask.map(([task, n]) => `${task} ${n}`).join(', ')})`
    : `${refit.epochs} epoch${refit.epochs === 1 ? '' : 's'}`;
}

/**
 * Hidden layer widths as the CLI prints them, e.g. "64,32"; none (a linear model: each head
 * reads the inputs, Auto's logistic-regression candidate) as "none (linear)".
 */
export function hiddenText(units: readonly number[]): string {
  return units.length > 0 ? units.join(',') : 'none (linear)';
}

/**
 * A CNN trunk's conv blocks as the CLI prints them: the filters of each block and the square
 * kernel's side, e.g. "cnn 16/32/64 3×3" (convFilters [16, 32, 64], convKernel 3).
 */
export function convTrunkText(config: Pick<TrainConfig, 'convFilters' | 'convKernel'>): string {
  return `cnn ${config.convFilters.join('/')} ${config.convKernel}×${config.convKernel}`;
}

/**
 * The widths of the dense layers after a CNN trunk's conv blocks, e.g. "64,32"; none (each
 * head reads the flattened conv features) as "none".
 */
export function denseText(units: readonly number[]): string {
  return units.length > 0 ? units.join(',') : 'none';
}

/**
 * A configuration's network as Auto's progress line names it: an MLP trunk by its hidden
 * widths ("hidden 64,32", {@link hiddenText}); a CNN trunk by its conv blocks and then the
 * dense layers after them ("cnn 16/32/64 3×3, dense 64,32"), which are what `hiddenUnits`
 * holds there and what Auto's search draws on images (engine/autoSpace.ts).
 * Configurations stored before trunks existed are MLPs.
 */
export function networkText(
  config: Pick<TrainConfig, 'hiddenUnits' | 'convFilters' | 'convKernel'> &
    Partial<Pick<TrainConfig, 'trunk'>>,
): string {
  return config.trunk === 'cnn'
    ? `${convTrunkText(config)}, dense ${denseText(config.hiddenUnits)}`
    : `hidden ${hiddenText(config.hiddenUnits)}`;
}

/**
 * The value of an `-o/--out` option that means standard output instead of a file (the usual
 * command-line convention), for the commands that write text (CSV, JSON).
 */
export const STDOUT = '-';
