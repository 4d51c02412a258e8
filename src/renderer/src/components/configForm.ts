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
  | {
      name: string;
      kind: 'list';
      /** Each item's bounds and whole-number rule, as a number field of the schema's `items`. */
      item: NumberField;
      /** Fewest items allowed (the schema's `minItems`, e.g. 1 expert layer). */
      minItems?: number;
      /** Most items allowed (the schema's `maxItems`, e.g. 16 hidden layers). */
      maxItems?: number;
    };

/** A number field of the form (also each item of a list field). */
type NumberField = Extract<ConfigField, { kind: 'number' }>;

interface JsonSchemaProperty {
  type?: string;
  enum?: unknown[];
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  items?: JsonSchemaProperty;
  minItems?: number;
  maxItems?: number;
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

/** A number field read from schema property `p` (an integer or number, maybe bounded). */
function numberField(name: string, p: JsonSchemaProperty): NumberField {
  const integer = p.type === 'integer';
  return {
    name,
    kind: 'number',
    integer,
    min: p.minimum ?? p.exclusiveMinimum,
    max: p.maximum ?? p.exclusiveMaximum,
    minExclusive: p.minimum === undefined && p.exclusiveMinimum !== undefined,
    maxExclusive: p.maximum === undefined && p.exclusiveMaximum !== undefined,
    step: integer ? 1 : 'any',
  };
}

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
      fields.push(numberField(name, p));
    } else if (p.type === 'array' && (p.items?.type === 'integer' || p.items?.type === 'number')) {
      fields.push({
        name,
        kind: 'list',
        item: numberField(name, p.items),
        minItems: p.minItems,
        maxItems: p.maxItems,
      });
    }
  }
  const rank = (n: string) => {
    const i = BASIC_FIELDS.indexOf(n);
    return i < 0 ? BASIC_FIELDS.length : i;
  };
  return fields.sort((a, b) => rank(a.name) - rank(b.name));
}

/** The items of a list field's text as typed: "64, 32" → ["64", "32"] (commas or spaces). */
function listParts(text: string): string[] {
  return text
    .split(/[,\s]+/)
    .map((p) => p.trim())
    .filter((p) => p !== '');
}

/**
 * The 1-based position of the first empty item of a list field's text — nothing but spaces
 * between two commas, before the first or after the last ("64,,32" → 2, "64, 32," → 3) — or
 * null when there is none. The CLI refuses `--hidden 64,,32` (it splits on commas and reads
 * '' as no number), so the form must not read it as [64, 32]. An empty text is the empty list.
 */
export function emptyListItem(text: string): number | null {
  if (text.trim() === '') return null;
  const i = text.split(',').findIndex((part) => part.trim() === '');
  return i < 0 ? null : i + 1;
}

/** "64, 32" → [64, 32]; null when a part is not a number or an item is empty ("64,,32"). */
export function parseList(text: string): number[] | null {
  if (emptyListItem(text) !== null) return null;
  const numbers = listParts(text).map(Number);
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

/** The shared trunk a dataset trains: a CNN on images, an MLP on table columns. */
export type DatasetTrunk = 'cnn' | 'mlp';

/**
 * The trunk the dataset with these columns trains, as the training service decides it
 * (services/trainingJobs.ts trunkFor with services/assets.ts imageInputOf): 'cnn' when an
 * input column holds images, else 'mlp' (no columns yet, e.g. before an import ends: 'mlp').
 * The service refuses the other, so the form never offers it.
 */
export function datasetTrunk(
  columns: readonly { type: string; role: string }[] | null | undefined,
): DatasetTrunk {
  return columns?.some((c) => c.type === 'image' && c.role === 'input') ? 'cnn' : 'mlp';
}

/**
 * The form's values as restored for a dataset: the engine's defaults, then the stored draft's
 * values of known fields, then the trunk of the dataset as it is now — never the draft's
 * (a draft saved while the dataset was still empty, before its images were imported, holds
 * 'mlp'), so a restore after an import or a switch of dataset cannot bring back a stale one.
 * @param defaults the engine's defaults (EngineOptions.defaults)
 * @param draft the stored draft's values, or null
 * @param known the form's field names (other draft entries are left out)
 * @param trunk the dataset's trunk now ({@link datasetTrunk})
 */
export function restoredValues(
  defaults: Readonly<Record<string, unknown>>,
  draft: Readonly<Record<string, unknown>> | null,
  known: ReadonlySet<string>,
  trunk: DatasetTrunk,
): Record<string, unknown> {
  const values: Record<string, unknown> = { ...defaults };
  for (const [name, value] of Object.entries(draft ?? {})) {
    if (known.has(name)) values[name] = value;
  }
  values.trunk = trunk;
  return values;
}

/**
 * Fields that only some architectures read, with those architectures (the config fields each
 * of src/main/engine/architectures/*.ts reads: MMoE's and PLE's experts read the features
 * through `expertUnits`, not a shared trunk of `hiddenUnits`).
 */
const ARCH_FIELDS: Record<string, readonly string[]> = {
  hiddenUnits: ['single-task', 'hard-sharing', 'cross-stitch'],
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
export function numberProblem(field: NumberField, value: unknown): 'required' | 'range' | null {
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

/** The message keys of {@link rangeMessage}. */
export type RangeKey =
  | 'outOfRange'
  | 'tooSmall'
  | 'bounded'
  | 'wholeOutOfRange'
  | 'wholeTooSmall'
  | 'wholeBounded'
  | 'wholeNumber';

/**
 * How the form words the values a number field allows: the message key under `train.` and
 * its parameters. Bounds both included: 'outOfRange' ("from {min} to {max}"); a lower one
 * only, included: 'tooSmall' ("at least {min}"); else 'bounded' with `bounds` written with
 * the schema's own signs, e.g. "> 0 and < 10" for the learning rate ({@link numberProblem}'s
 * 'range' means a value outside these). A field the schema makes an integer says so, as the
 * CLI does ("a whole number from 1 to 100000"): 'wholeOutOfRange', 'wholeTooSmall',
 * 'wholeBounded' — a batch size of 2.5 is inside 1 to 1 000 000, what is wrong is that it is
 * not whole. A bound that is only the safe integers' (±9007199254740991, zod's `.int()`) is
 * said only when `value` is past it, as the CLI does; with no bound left, 'wholeNumber'
 * (e.g. a seed of 2.5).
 * @param and the word joining two bounds ("and" in English)
 * @param value the value refused (NaN when unknown)
 */
export function rangeMessage(
  field: NumberField,
  and: string,
  value = NaN,
): {
  key: RangeKey;
  params: Record<string, string | number>;
} {
  const { minExclusive, maxExclusive, integer } = field;
  const min =
    field.min === -Number.MAX_SAFE_INTEGER && !(value < field.min) ? undefined : field.min;
  const max = field.max === Number.MAX_SAFE_INTEGER && !(value > field.max) ? undefined : field.max;
  if (min !== undefined && max !== undefined && !minExclusive && !maxExclusive)
    return { key: integer ? 'wholeOutOfRange' : 'outOfRange', params: { min, max } };
  if (min !== undefined && max === undefined && !minExclusive)
    return { key: integer ? 'wholeTooSmall' : 'tooSmall', params: { min } };
  // Only a field with no bound at all can be left here with none, and only an integer one
  // (a real field always has a bound in the schema; were it not, "a whole number" is wrong).
  if (min === undefined && max === undefined) return { key: 'wholeNumber', params: {} };
  const bounds = [
    min === undefined ? null : `${minExclusive ? '>' : '≥'} ${min}`,
    max === undefined ? null : `${maxExclusive ? '<' : '≤'} ${max}`,
  ].filter((b) => b !== null);
  return { key: integer ? 'wholeBounded' : 'bounded', params: { bounds: bounds.join(` ${and} `) } };
}

/** What {@link listProblem} says is wrong: a message key under `train.` and its parameters. */
export interface ListProblem {
  key:
    | 'badList'
    | 'listEmptyItem'
    | 'listTooShort'
    | 'listTooLong'
    | 'listItemWhole'
    | 'listItemOutOfRange'
    | 'listItemTooSmall'
    | 'listItemBounded'
    | 'listItemWholeOutOfRange'
    | 'listItemWholeTooSmall'
    | 'listItemWholeBounded';
  params: Record<string, string | number>;
}

const LIST_ITEM_KEYS = {
  outOfRange: 'listItemOutOfRange',
  tooSmall: 'listItemTooSmall',
  bounded: 'listItemBounded',
  wholeOutOfRange: 'listItemWholeOutOfRange',
  wholeTooSmall: 'listItemWholeTooSmall',
  wholeBounded: 'listItemWholeBounded',
  wholeNumber: 'listItemWhole',
} as const satisfies Record<RangeKey, ListProblem['key']>;

/**
 * What is wrong with the text of a list field ("64, 32"), checked as the training's schema
 * checks the list, so that the form refuses it before the server does: 'listEmptyItem'
 * (`{position}`, 1-based) when an item is empty, "64,,32", which the CLI refuses too and the
 * form must not read as [64, 32]; 'badList' when an item is not a number; then, for the first item the schema's item bounds refuse (in the
 * order typed), 'listItemWhole' (`{item}`, e.g. 2.5 hidden units) or the bounds worded as
 * {@link rangeMessage} words a number field's (`listItemOutOfRange` with `{min}` and `{max}`,
 * `listItemTooSmall`, `listItemBounded` with `{bounds}`; `listItemWhole…` for a list of whole
 * numbers), with `{item}` as typed; then
 * 'listTooShort' (`{min}` items) or 'listTooLong' (`{max}` items) for the count; else null.
 * `{field}` is left to the caller (the field's translated label).
 * @param and the word joining two bounds ("and" in English)
 */
export function listProblem(
  field: Extract<ConfigField, { kind: 'list' }>,
  text: string,
  and: string,
): ListProblem | null {
  const parts = listParts(text);
  const empty = emptyListItem(text);
  if (empty !== null) return { key: 'listEmptyItem', params: { position: empty } };
  if (parseList(text) === null) return { key: 'badList', params: {} };
  // Each item is checked as a number field of the item's bounds would be.
  const { item } = field;
  for (const part of parts) {
    const n = Number(part);
    if (numberProblem(item, n) === null) continue;
    if (item.integer && !Number.isInteger(n))
      return { key: 'listItemWhole', params: { item: part } };
    const { key, params } = rangeMessage(item, and, n);
    return { key: LIST_ITEM_KEYS[key], params: { item: part, ...params } };
  }
  if (field.minItems !== undefined && parts.length < field.minItems)
    return { key: 'listTooShort', params: { min: field.minItems } };
  if (field.maxItems !== undefined && parts.length > field.maxItems)
    return { key: 'listTooLong', params: { max: field.maxItems } };
  return null;
}
