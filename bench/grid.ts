/**
 * The benchmark grid: the single-task baseline, then the shared architectures crossed with
 * the loss weightings (names from the engine's registries, so a renamed method fails here).
 */
import { ARCHITECTURES } from '../src/main/engine/architectures';
import { WEIGHTINGS } from '../src/main/engine/weighting';
import type { TrainConfig } from '../src/shared/domain';
import type { GridPoint } from './accuracy';

/** Architectures crossed with every weighting (issue #4's grid). */
const CROSSED: TrainConfig['arch'][] = ['hard-sharing', 'mmoe', 'ple'];
/** Weightings benchmarked; 'static' is left out (it needs user-chosen weights). */
const WEIGHTED: TrainConfig['weighting'][] = ['equal', 'uncertainty', 'dwa', 'gradnorm', 'pcgrad'];

/** @returns single-task, each crossed architecture × weighting, and cross-stitch with equal weights. */
export function benchGrid(): GridPoint[] {
  for (const a of [...CROSSED, 'cross-stitch'])
    if (!(a in ARCHITECTURES)) throw new Error(`unknown architecture ${a}`);
  for (const w of WEIGHTED) if (!(w in WEIGHTINGS)) throw new Error(`unknown weighting ${w}`);
  return [
    { arch: 'single-task', weighting: 'equal' },
    ...CROSSED.flatMap((arch) => WEIGHTED.map((weighting) => ({ arch, weighting }))),
    { arch: 'cross-stitch', weighting: 'equal' },
  ];
}
