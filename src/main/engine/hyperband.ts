/**
 * Hyperband's schedule for Auto (engine/autoSelect.ts): Hyperband (Li et al., JMLR 2018,
 * Algorithm 1) over epochs with η = 3 and s_max = 2, i.e. R = E epochs at most and E/9 at least
 * (E never above the base's epoch cap, `--epochs`, which bounds every trial and the final model
 * alike), on drawn configurations: bracket s runs successive halving (Jamieson & Talwalkar,
 * AISTATS 2016) on n = ⌈(s_max + 1)/(s + 1) · η^s⌉ configurations starting at E·η^−s epochs,
 * keeping the best ⌊n_i/η⌋ for each longer rung. `brackets` (1–3) says how many of Hyperband's
 * brackets a sweep runs, most exploratory first: s = 2 (9 configurations for E/9 epochs, the
 * best 3 for E/3, the best 1 for E), s = 1 (5 for E/3, the best 1 for E), s = 0 (3 for E). The
 * default, 1, is plain successive halving.
 */
import { MAX_AUTO_BRACKETS } from '../../shared/domain';
import { MtlError } from '../../shared/errors';

/** Hyperband's reduction factor η and its s_max (rungs of E/9, E/3 and E epochs). */
const ETA = 3;
const S_MAX = MAX_AUTO_BRACKETS - 1;

/** One bracket of a Hyperband sweep: its rungs, shortest first. */
export interface HyperbandBracket {
  /** Hyperband's s (s_max … 0): the bracket starts at R·η^−s epochs. */
  s: number;
  /** Per rung: configurations trained and their epochs. */
  rungs: { configs: number; epochs: number }[];
}

/**
 * The brackets of one Hyperband sweep (Li et al., JMLR 2018, Algorithm 1, η = 3, s_max = 2):
 * bracket s has n = ⌈(s_max + 1)/(s + 1) · η^s⌉ configurations at r = R·η^−s epochs, and
 * rung i keeps ⌊n·η^−i⌋ of them for r·η^i epochs (shortest rung at least 3 epochs, or R when
 * R < 3; no rung shorter than the one before).
 * @param brackets how many brackets, most exploratory first (1 to {@link MAX_AUTO_BRACKETS}).
 * @param maxEpochs R, the epochs of the longest rung.
 * @throws MtlError('BAD_REQUEST') for a bracket count outside 1 … 3.
 */
export function hyperbandSchedule(brackets: number, maxEpochs: number): HyperbandBracket[] {
  if (!(Number.isInteger(brackets) && brackets >= 1 && brackets <= MAX_AUTO_BRACKETS))
    throw new MtlError(
      'BAD_REQUEST',
      `Auto's brackets must be a whole number from 1 to ${MAX_AUTO_BRACKETS}, got ${brackets}.`,
    );
  // Under a small cap (R < 9) the rungs still never exceed R nor shrink: R = 5 gives 3, 3, 5.
  const epochsAt = (level: number): number =>
    level === 0
      ? Math.min(maxEpochs, Math.max(3, Math.round(maxEpochs / ETA ** S_MAX)))
      : Math.max(epochsAt(level - 1), Math.round(maxEpochs / ETA ** (S_MAX - level)));
  const out: HyperbandBracket[] = [];
  for (let s = S_MAX; s > S_MAX - brackets; s--) {
    const n = Math.ceil(((S_MAX + 1) / (s + 1)) * ETA ** s);
    const rungs: HyperbandBracket['rungs'] = [];
    for (let i = 0; i <= s; i++)
      rungs.push({
        configs: Math.max(1, Math.floor(n / ETA ** i)),
        epochs: epochsAt(S_MAX - s + i),
      });
    out.push({ s, rungs });
  }
  return out;
}
