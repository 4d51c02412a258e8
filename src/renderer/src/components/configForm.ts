/**
 * Turns the JSON Schema of the training configuration (from `training.options`) into form
 * fields, so fields the engine adds (weighting, experts, …) appear without UI changes.
 */

/** One field of the Train form. */
export type ConfigField =
  | { name: string; kind: 'enum'; options: string[] }
  | {
      name: string;
      kind: 'number';
      integer: boolean;
      /** Lowest value allowed (excluded when `minExclusive`), from the schema. */
      min?: number;
      /** Highest value allowed (excluded when `maxExclusive`), from the schema. */
      max?: number;
      /** The schema's bound is `> min` (zod `.gt`, e.g. the learning rate's 0), not `≥ min`. */
      minExclusive?: boolean;
      /** The schema's bound is `< max` (zod `.lt`, e.g. the dropout's 1), not `≤ max`. */
      maxExclusive?: boolean;
      /** 1 for integers, 'any' for reals (any precision passes the browser's check). */
      step: number | 'any';
    }
  | { name: string; kind: 'list'; min?: number; max?: number };

interface JsonSchemaProperty {
  type?: string;
  enum?: unknown[];
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  items?: JsonSchemaProperty;
}

/** Fields shown first, in this order; every other field goes under "Advanced". */
export const BASIC_FIELDS = [
  'arch',
  'weighting',
  'epochs',
  'learningRate',
  'batchSize',
  'hiddenUnits',
  'patience',
  'seed',
  'backend',
];

/**
 * Reads the form fields from a JSON Schema of an object. Properties the form cannot edit
 * (objects such as per-task weights) are left out; the defaults cover them.
 */
export function configFields(schema: Record<string, unknown>): ConfigField[] {
  const properties = (schema.properties ?? {}) as Record<string, JsonSchemaProperty>;
  const fields: ConfigField[] = [];
  for (const [name, p] of Object.entries(properties)) {
    if (Array.isArray(p.enum)) {
      fields.push({ name, kind: 'enum', options: p.enum.map(String) });
    } else if (p.type === 'integer' || p.type === 'number') {
      const integer = p.type === 'integer';
      fields.push({
        name,
        kind: 'number',
        integer,
        min: p.minimum ?? p.exclusiveMinimum,
        max: p.maximum ?? p.exclusiveMaximum,
        minExclusive: p.minimum === undefined && p.exclusiveMinimum !== undefined,
        maxExclusive: p.maximum === undefined && p.exclusiveMaximum !== undefined,
        step: integer ? 1 : 'any',
      });
    } else if (p.type === 'array' && (p.items?.type === 'integer' || p.items?.type === 'number')) {
      fields.push({ name, kind: 'list', min: p.items.minimum, max: p.items.maximum });
    }
  }
  const rank = (n: string) => {
    const i = BASIC_FIELDS.indexOf(n);
    return i < 0 ? BASIC_FIELDS.length : i;
  };
  return fields.sort((a, b) => rank(a.name) - rank(b.name));
}

/** "64, 32" → [64, 32]; null when a part is not a number. */
export function parseList(text: string): number[] | null {
  const parts = text
    .split(/[,\s]+/)
    .map((p) => p.trim())
    .filter((p) => p !== '');
  const numbers = parts.map(Number);
  return numbers.every((n) => Number.isFinite(n)) ? numbers : null;
}

/**
 * Fields of the CNN trunk, shown among the first fields when the dataset holds images (a
 * table trains an MLP trunk, which reads none of them).
 */
export const CNN_FIELDS = [
  'trunk',
  'convFilters',
  'convKernel',
  'augmentFlip',
  'augmentShift',
  'augmentBrightness',
];

/** Fields that only some architectures read, with those architectures. */
const ARCH_FIELDS: Record<string, readonly string[]> = {
  numExperts: ['mmoe', 'ple'],
  expertUnits: ['mmoe', 'ple'],
  numLevels: ['ple'],
  specificExperts: ['ple'],
};

/**
 * Whether the architecture and the trunk use a field (the experts of MMoE and PLE mean
 * nothing to the others, the conv filters nothing to an MLP trunk, so the form hides them).
 * Fields not listed apply to every architecture; `trunk` itself always shows.
 * @param trunk 'mlp' (tables, the default) or 'cnn' (images)
 */
export function fieldApplies(name: string, arch: string, trunk = 'mlp'): boolean {
  if (name !== 'trunk' && CNN_FIELDS.includes(name)) return trunk === 'cnn';
  return ARCH_FIELDS[name]?.includes(arch) ?? true;
}

/**
 * What is wrong with the value of a number field: 'required' when empty or not a number,
 * 'range' when outside the schema's bounds (`min`/`max`, each included or excluded as the
 * schema says: a learning rate of 0 or 10, a dropout of 1 are refused as the training's
 * schema refuses them) or not an integer where one is needed, else null.
 */
export function numberProblem(
  field: Extract<ConfigField, { kind: 'number' }>,
  value: unknown,
): 'required' | 'range' | null {
  if (value === '' || value === null || value === undefined) return 'required';
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isFinite(n)) return 'required';
  if (field.integer && !Number.isInteger(n)) return 'range';
  if (field.min !== undefined && (field.minExclusive ? n <= field.min : n < field.min))
    return 'range';
  if (field.max !== undefined && (field.maxExclusive ? n >= field.max : n > field.max))
    return 'range';
  return null;
}

/**
 * How the form words the values a number field allows: the message key under `train.` and
 * its parameters. Bounds both included: 'outOfRange' ("from {min} to {max}"); a lower one
 * only, included: 'tooSmall' ("at least {min}"); else 'bounded' with `bounds` written with
 * the schema's own signs, e.g. "> 0 and < 10" for the learning rate ({@link numberProblem}'s
 * 'range' means a value outside these). A bound that is only the safe integers'
 * (±9007199254740991, zod's `.int()`) is said only when `value` is past it, as the CLI does;
 * with no bound left, 'wholeNumber' (e.g. a seed of 2.5).
 * @param and the word joining two bounds ("and" in English)
 * @param value the value refused (NaN when unknown)
 */
export function rangeMessage(
  field: Extract<ConfigField, { kind: 'number' }>,
  and: string,
  value = NaN,
): {
  key: 'outOfRange' | 'tooSmall' | 'bounded' | 'wholeNumber';
  params: Record<string, string | number>;
} {
  const { minExclusive, maxExclusive } = field;
  const min =
    field.min === -Number.MAX_SAFE_INTEGER && !(value < field.min) ? undefined : field.min;
  const max = field.max === Number.MAX_SAFE_INTEGER && !(value > field.max) ? undefined : field.max;
  if (min !== undefined && max !== undefined && !minExclusive && !maxExclusive)
    return { key: 'outOfRange', params: { min, max } };
  if (min !== undefined && max === undefined && !minExclusive)
    return { key: 'tooSmall', params: { min } };
  if (min === undefined && max === undefined) return { key: 'wholeNumber', params: {} };
  const bounds = [
    min === undefined ? null : `${minExclusive ? '>' : '≥'} ${min}`,
    max === undefined ? null : `${maxExclusive ? '<' : '≤'} ${max}`,
  ].filter((b) => b !== null);
  return { key: 'bounded', params: { bounds: bounds.join(` ${and} `) } };
}
