/**
 * A rare class (≈ 4 % of rows, a minority even in its own region: test/engine/rareClass.ts)
 * is predicted with the default configuration (balanced class weights, early stopping on
 * validation macro-F1). Measured while choosing the defaults (seeds 3 and 4, recall of the
 * rare class on its 5 and 9 test rows): unweighted with loss-based early stopping 0.20 and
 * 0.56, unweighted with macro-F1 stopping 0.00 and 0.33, defaults 0.40 and 0.89.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../src/main/engine/backend';
import { computeTaskMetrics } from '../../src/main/engine/metrics';
import { predictProbabilities, trainNetwork } from '../../src/main/engine/trainer';
import { DEFAULT_TRAIN_CONFIG } from '../../src/shared/domain';
import { RARE_CLASSES, rareClassTable } from './rareClass';

beforeAll(async () => {
  await selectBackend('auto');
});

describe('a 4 % class', () => {
  for (const seed of [3, 4]) {
    it(`is predicted on test rows with the default configuration (seed ${seed})`, async () => {
      const { data, test } = rareClassTable(seed);
      const rare = Array.from(data.train).filter((r) => data.labels[0][r] === 2).length;
      expect(rare / data.train.length).toBeLessThan(0.05);
      const out = await trainNetwork(data, {
        tasks: [{ name: 'y', classes: RARE_CLASSES }],
        config: { ...DEFAULT_TRAIN_CONFIG, arch: 'single-task', seed },
      });
      const probs = predictProbabilities(out.network, data.features, 4, test)[0];
      out.network.dispose();
      const m = computeTaskMetrics(
        Array.from(test, (r) => data.labels[0][r]),
        probs,
        RARE_CLASSES,
      );
      // Predicted for some of its test rows, and not by predicting it everywhere.
      expect(m.perClass[2].recall).toBeGreaterThan(0);
      expect(m.perClass[2].precision).toBeGreaterThan(0.1);
    });
  }
});
