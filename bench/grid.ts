/**
 * The benchmark grid: the single-task baseline, then every shared architecture with every
 * loss weighting, read from the engine's registries so new methods join automatically.
 */
import { ARCHITECTURES } from '../src/main/engine/architectures';
import type { GridPoint } from './accuracy';

/** Weightings benchmarked; 'static' is left out (it needs user-chosen weights). */
export function benchGrid(): GridPoint[] {
  const weightings = ['equal'];
  const shared = Object.keys(ARCHITECTURES).filter((a) => a !== 'single-task') as GridPoint['arch'][];
  return [{ arch: 'single-task', weighting: 'equal' }, ...shared.flatMap((arch) => weightings.map((weighting) => ({ arch, weighting })))];
}
