/**
 * Runtime validation (zod) of what crosses a trust boundary: CLI options, IPC and
 * WebSocket requests. Types stay in domain.ts; these schemas check values against them.
 */
import { z } from 'zod';
import type { TrainConfig } from './domain';

/** Schema of a complete training configuration. */
export const trainConfigSchema = z.object({
  arch: z.enum(['single-task', 'hard-sharing', 'mmoe', 'ple', 'cross-stitch']),
  epochs: z.number().int().min(1).max(100_000),
  batchSize: z.number().int().min(1).max(1_000_000),
  learningRate: z.number().gt(0).lt(10),
  seed: z.number().int(),
  patience: z.number().int().min(0),
  earlyStopping: z.enum(['macroF1', 'loss']),
  lrSchedule: z.enum(['plateau', 'none']),
  patienceSteps: z.number().int().min(0).max(10_000_000),
  hiddenUnits: z.array(z.number().int().min(1).max(65_536)).max(16),
  headUnits: z.number().int().min(0).max(65_536),
  dropout: z.number().min(0).lt(1),
  weightDecay: z.number().min(0),
  backend: z.enum(['auto', 'tensorflow-gpu', 'tensorflow', 'wasm', 'cpu']),
  weighting: z.enum(['equal', 'static', 'uncertainty', 'dwa', 'gradnorm', 'pcgrad']),
  taskWeights: z.record(z.string(), z.number().gt(0).max(1e6)).optional(),
  classWeights: z.enum(['none', 'balanced']),
  numExperts: z.number().int().min(1).max(64),
  expertUnits: z.array(z.number().int().min(1).max(65_536)).min(1).max(16),
  numLevels: z.number().int().min(1).max(8),
  specificExperts: z.number().int().min(1).max(64),
  trunk: z.enum(['mlp', 'cnn']),
  convFilters: z.array(z.number().int().min(1).max(1024)).min(1).max(8),
  convKernel: z.number().int().min(1).max(11),
  augmentFlip: z.enum(['none', 'horizontal']),
  augmentShift: z.number().int().min(0).max(32),
  augmentBrightness: z.number().min(0).max(0.9),
}) satisfies z.ZodType<TrainConfig>;

/**
 * One readable line per problem of a failed zod parse, e.g. `learningRate = -1: Too small…`.
 * @param value the object that was parsed (to quote the offending values).
 */
export function describeIssues(error: z.ZodError, value: unknown): string {
  return error.issues
    .map((issue) => {
      const path = issue.path.join('.');
      let bad: unknown = value;
      for (const key of issue.path)
        bad = (bad as Record<PropertyKey, unknown> | undefined)?.[key as PropertyKey];
      return `${path || 'value'} = ${JSON.stringify(bad)}: ${issue.message}`;
    })
    .join('; ');
}
