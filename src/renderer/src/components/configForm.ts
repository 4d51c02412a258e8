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
      min?: number;
      max?: number;
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
 * 'range' when outside [min, max] or not an integer where one is needed, else null.
 */
export function numberProblem(
  field: Extract<ConfigField, { kind: 'number' }>,
  value: unknown,
): 'required' | 'range' | null {
  if (value === '' || value === null || value === undefined) return 'required';
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isFinite(n)) return 'required';
  if (field.integer && !Number.isInteger(n)) return 'range';
  if (field.min !== undefined && n < field.min) return 'range';
  if (field.max !== undefined && n > field.max) return 'range';
  return null;
}
