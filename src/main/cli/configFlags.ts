/**
 * Parsers of the training flags that set a configuration field (`--lr`, `--epochs`,
 * `--hidden` …), checked against the field's schema (src/shared/schemas.ts, the one the
 * training validates with) when the command line is read: a value out of range is a usage
 * error naming the flag and the range ("--lr must be a number > 0 and < 10, got "0"."), never
 * the service's message naming the field ("learningRate = 0: Too small …", which a new user
 * could not map to a flag). The ranges are read from the schema, so the flags' messages and
 * the training's checks cannot drift apart.
 *
 * The schema (and zod, ≈ 0.1 s to load) is loaded only for the commands that train:
 * main() calls {@link loadTrainConfigSchema} when `train` or `demo` is on the command line,
 * so `--help` and `--version` start without zod (a command that opens a project loads it
 * anyway, through the store's own schemas: test/cli/startup.test.ts checks the first only).
 */
import { InvalidArgumentError } from 'commander';
import type { z } from 'zod';
import { MtlError } from '../../shared/errors';
import type { trainConfigSchema } from '../../shared/schemas';
import { numberOf, rangeWords } from './program';

/** The training configuration's fields and their schemas. */
type ConfigShape = typeof trainConfigSchema.shape;
/** The configuration fields that hold one number (learningRate, epochs, dropout …). */
export type NumberField = {
  [K in keyof ConfigShape]: ConfigShape[K] extends z.ZodNumber ? K : never;
}[keyof ConfigShape];
/** The configuration fields that hold a list of numbers (hiddenUnits, convFilters …). */
export type ListField = {
  [K in keyof ConfigShape]: ConfigShape[K] extends z.ZodArray<z.ZodNumber> ? K : never;
}[keyof ConfigShape];

/** The schema and zod's JSON-schema export, once {@link loadTrainConfigSchema} ran. */
let loaded: { shape: ConfigShape; toJSONSchema: typeof z.toJSONSchema } | null = null;

/**
 * Loads the training schema for the parsers of this module. main() awaits it before parsing
 * a command line with `train` or `demo` on it.
 */
export async function loadTrainConfigSchema(): Promise<void> {
  const [{ trainConfigSchema }, { z }] = await Promise.all([
    import('../../shared/schemas'),
    import('zod'),
  ]);
  loaded = { shape: trainConfigSchema.shape, toJSONSchema: z.toJSONSchema };
}

/**
 * The loaded schema.
 * @throws MtlError('INTERNAL') when a parser runs before {@link loadTrainConfigSchema} (a
 *   command using these parsers that main() does not load the schema for: a bug).
 */
function schemaOf(): NonNullable<typeof loaded> {
  if (loaded === null)
    throw new MtlError('INTERNAL', 'The training schema was not loaded before the flags.');
  return loaded;
}

/**
 * The values a number schema allows, in words, read from the schema itself: "a whole
 * number from 1 to 100000", "a number > 0 and < 10", "a number ≥ 0 and < 1", "a whole
 * number ≥ 0", "a whole number". The bounds of a whole number that are only the safe
 * integers' (±9007199254740991) are said when `value`, the number refused, is past them:
 * "a whole number from -9007199254740991 to 9007199254740991" for `--seed 1e20`, where
 * "a whole number" would hide why 1e20 is refused.
 * @param value the number refused (NaN for text that is none).
 */
export function rangeText(schema: z.ZodNumber, value = NaN): string {
  const j = schemaOf().toJSONSchema(schema) as {
    type?: string;
    minimum?: number;
    maximum?: number;
    exclusiveMinimum?: number;
    exclusiveMaximum?: number;
  };
  return rangeWords(
    j.type === 'integer' ? 'a whole number' : 'a number',
    { min: j.minimum, max: j.maximum, gt: j.exclusiveMinimum, lt: j.exclusiveMaximum },
    value,
  );
}

/**
 * Commander parser of a training option that sets configuration field `field`, e.g.
 * `configNumber('--lr', 'learningRate')`. Every flag of `train` and `demo` that sets a
 * number field of TrainConfig uses it.
 * @throws InvalidArgumentError (a usage error) for a value the field's schema refuses.
 */
export function configNumber(flag: string, field: NumberField) {
  return (value: string): number => {
    const schema: z.ZodNumber = schemaOf().shape[field];
    const n = numberOf(value);
    if (!schema.safeParse(n).success)
      throw new InvalidArgumentError(`${flag} must be ${rangeText(schema, n)}, got "${value}".`);
    return n;
  };
}

/**
 * Commander parser of a comma-separated training option that sets list field `field`
 * (e.g. `--hidden 64,32` → hiddenUnits [64, 32]; `--hidden ''` → [], where the schema
 * allows an empty list): "--hidden takes comma-separated values,
 * each a whole number from 1 to 65536, got "64,0"." or "--hidden takes at most 16 values,
 * got 17.".
 * @throws InvalidArgumentError (a usage error) for a value or a length the schema refuses.
 */
export function configList(flag: string, field: ListField) {
  return (value: string): number[] => {
    const schema: z.ZodArray<z.ZodNumber> = schemaOf().shape[field];
    // An empty value is the empty list (`--hidden ''`: no hidden layer, as the studio's empty
    // field and Auto's linear candidate give); a field that needs values refuses it below.
    const list = value.trim() === '' ? [] : value.split(',').map(numberOf);
    const refused = list.find((n) => !schema.element.safeParse(n).success);
    if (refused !== undefined) {
      throw new InvalidArgumentError(
        `${flag} takes comma-separated values, each ${rangeText(schema.element, refused)}, got "${value}".`,
      );
    }
    if (!schema.safeParse(list).success) {
      const { minItems, maxItems } = schemaOf().toJSONSchema(schema) as {
        minItems?: number;
        maxItems?: number;
      };
      const bound =
        maxItems !== undefined && list.length > maxItems
          ? `at most ${maxItems}`
          : `at least ${minItems ?? 1}`;
      throw new InvalidArgumentError(
        `${flag} takes ${bound} value${bound.endsWith(' 1') ? '' : 's'}, got ${list.length}.`,
      );
    }
    return list;
  };
}

/**
 * Commander parser of the repeatable `--task-weight TASK=W` (a task's static loss weight),
 * W in the range of the schema's taskWeights: "--task-weight must be TASK=W with W > 0 and
 * ≤ 1000000, got "a=0".".
 * @returns the weights given so far, this one added (a later one of a task wins).
 * @throws InvalidArgumentError (a usage error) for another form or a weight out of range.
 */
export function taskWeight(value: string, previous: Record<string, number> = {}) {
  const weight = schemaOf().shape.taskWeights.unwrap().valueType;
  const at = value.lastIndexOf('=');
  const w = numberOf(value.slice(at + 1));
  if (at <= 0 || !weight.safeParse(w).success)
    throw new InvalidArgumentError(
      `--task-weight must be TASK=W with W ${rangeText(weight, w).replace(/^a number /, '')}, got "${value}".`,
    );
  return { ...previous, [value.slice(0, at)]: w };
}
