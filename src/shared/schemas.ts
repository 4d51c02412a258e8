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
  // λ of the L2 penalty λ·Σ‖W‖² on the loss (engine/trainer.ts): usual values are 1e-5 to
  // 1e-3 (the Auto search tries 0 to 1e-3); from 1 up the penalty swamps the task losses.
  weightDecay: z.number().min(0).lt(1),
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

/** Most issues {@link describeIssues} lists; the rest are counted. */
const MAX_DESCRIBED_ISSUES = 10;
/** Longest text {@link describeIssues} answers, in characters. */
const MAX_DESCRIPTION_CHARS = 2000;

/**
 * One readable line per problem of a failed zod parse, e.g. `learningRate = -1: Too small…`.
 * Safe on hostile input: values are quoted with {@link quoteValue} (bounded depth and
 * length, so a request nested 100 000 levels deep cannot overflow the stack), the path is
 * followed through own properties only (`__proto__` and `constructor` name nothing), at most
 * 10 issues are listed and the text is cut at 2 000 characters.
 * @param value the object that was parsed (to quote the offending values).
 */
export function describeIssues(error: z.ZodError, value: unknown): string {
  const described = error.issues.slice(0, MAX_DESCRIBED_ISSUES).map((issue) => {
    const path = issue.path.map((key) => quoteKey(key)).join('.');
    let bad: unknown = value;
    for (const key of issue.path) {
      const holder = bad;
      bad =
        typeof holder === 'object' && holder !== null && Object.hasOwn(holder, key)
          ? (holder as Record<PropertyKey, unknown>)[key]
          : undefined;
    }
    return `${path || 'value'} = ${quoteValue(bad)}: ${issue.message}`;
  });
  const more = error.issues.length - described.length;
  if (more > 0) described.push(`and ${more} more problem${more === 1 ? '' : 's'}`);
  return cut(described.join('; '), MAX_DESCRIPTION_CHARS);
}

/**
 * A short, safe quotation of any value for an error message: JSON-like, at most 3 levels
 * and 5 entries per array or object shown, strings cut at 100 characters, the whole cut at
 * `maxChars`. Never throws (no recursion past depth 3, symbols and functions named by type,
 * NaN and ±Infinity written as such, own enumerable keys only).
 * @param maxChars longest answer, in characters (default 120).
 */
export function quoteValue(value: unknown, maxChars = 120): string {
  return cut(quote(value, 3), maxChars);
}

function quote(value: unknown, depth: number): string {
  if (typeof value === 'string') return JSON.stringify(cut(value, 100));
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'bigint') return `${value}n`;
  if (value === null || value === undefined) return String(value);
  if (typeof value !== 'object') return typeof value;
  const entries: string[] = [];
  const isArray = Array.isArray(value);
  const keys = isArray ? [] : Object.keys(value);
  const size = isArray ? value.length : keys.length;
  if (size > 0 && depth === 0) return isArray ? '[…]' : '{…}';
  for (let i = 0; i < Math.min(size, 5); i++) {
    if (isArray) entries.push(quote(value[i], depth - 1));
    else
      entries.push(
        `${JSON.stringify(cut(keys[i], 100))}: ${quote((value as Record<string, unknown>)[keys[i]], depth - 1)}`,
      );
  }
  if (size > 5) entries.push(`… ${size - 5} more`);
  return isArray ? `[${entries.join(', ')}]` : `{${entries.join(', ')}}`;
}

/** A path segment as text: a number, a short key, or a symbol's description. */
function quoteKey(key: PropertyKey): string {
  return typeof key === 'symbol' ? String(key.description) : cut(String(key), 100);
}

/** `text` cut to `maxChars` characters, ending in "…" when cut. */
function cut(text: string, maxChars: number): string {
  return text.length > maxChars ? `${text.slice(0, maxChars - 1)}…` : text;
}
