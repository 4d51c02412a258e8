/**
 * Static weighting: L = Σ_t w_t · L_t with user-given weights (TrainConfig.taskWeights,
 * filled from each task's TaskInfo.weight by the training service; a task not listed
 * weighs 1).
 */
import { quotedNames } from '../../../shared/classList';
import { MtlError } from '../../../shared/errors';
import { fixedWeights } from './equal';
import type { LossWeighting } from './types';

/**
 * Static weighting.
 * @throws MtlError('BAD_REQUEST') from create() naming a weight for an unknown task or a
 *   non-positive weight.
 */
export const staticWeighting: LossWeighting = {
  name: 'static',
  description: 'Fixed user weights per task (--task-weight TASK=W; default 1).',
  reference: 'Weighted sum of task losses (Ruder, arXiv:1706.05098, 2017)',
  create({ tasks, config }) {
    const given = config.taskWeights ?? {};
    for (const [name, w] of Object.entries(given)) {
      if (!tasks.includes(name)) {
        throw new MtlError(
          'BAD_REQUEST',
          `Static weight for unknown task "${name}"; tasks: ${quotedNames(tasks, 'none')}.`,
        );
      }
      if (!(Number.isFinite(w) && w > 0)) {
        throw new MtlError('BAD_REQUEST', `Static weight of task "${name}" must be > 0, got ${w}.`);
      }
    }
    // Own keys only: a task named "constructor" must not find Object.prototype's function.
    return fixedWeights(tasks.map((t) => (Object.hasOwn(given, t) ? given[t] : 1)));
  },
};
