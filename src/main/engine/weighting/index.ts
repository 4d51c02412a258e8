/**
 * Registry of loss-weighting and gradient methods, picked by name from a run's configuration.
 * Architectures whose tasks share no parameter (single-task) ignore the choice: their tasks'
 * losses reach disjoint weights, so weighting them changes nothing but the step sizes.
 */
import type { WeightingName } from '../../../shared/domain';
import { MtlError } from '../../../shared/errors';
import { dwa } from './dwa';
import { equal } from './equal';
import { gradnorm } from './gradnorm';
import { pcgrad } from './pcgrad';
import { staticWeighting } from './static';
import type { LossWeighting } from './types';
import { uncertainty } from './uncertainty';

/** Every loss-weighting method, by name (the order of the CLI help). */
export const WEIGHTINGS: Record<WeightingName, LossWeighting> = {
  equal,
  static: staticWeighting,
  uncertainty,
  dwa,
  gradnorm,
  pcgrad,
};

/**
 * @returns the method registered under `name`.
 * @throws MtlError('BAD_REQUEST') naming the unknown method and the known ones.
 */
export function getWeighting(name: string): LossWeighting {
  const method = (WEIGHTINGS as Record<string, LossWeighting | undefined>)[name];
  if (!method) {
    throw new MtlError(
      'BAD_REQUEST',
      `Unknown loss weighting "${name}"; known: ${Object.keys(WEIGHTINGS).join(', ')}.`,
    );
  }
  return method;
}

export type { FlatGradients, LossWeighting, WeightingContext, WeightingState } from './types';
