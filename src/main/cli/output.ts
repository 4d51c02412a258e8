/**
 * CLI output: human-readable tables (cli-table3) or one JSON document on stdout.
 */
import Table from 'cli-table3';
import type { RunInfo, TaskMetrics } from '../../shared/domain';

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

/** Renders rows under a header as a boxed text table. */
export function table(head: string[], rows: (string | number)[][]): string {
  // No rule between body rows: long column lists stay readable.
  const t = new Table({
    head,
    style: { head: [], border: [] },
    chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
  });
  rows.forEach((r) => t.push(r.map(String)));
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

/** A run's wall time from start to finish, e.g. "12.3 s"; "–" when it has not finished. */
export function seconds(run: RunInfo): string {
  if (!run.startedAt || !run.finishedAt) return '–';
  return `${((Date.parse(run.finishedAt) - Date.parse(run.startedAt)) / 1000).toFixed(1)} s`;
}
