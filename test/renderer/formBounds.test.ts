/**
 * The Train form refuses, before sending, every number the training's schema refuses (found by
 * a new user: a learning rate of 0 went to the server and came back as the raw validator
 * message "config.learningRate = 0: Too small"), and shows a fold it started.
 * The fields come from the schema itself, exported as the server's `training.options` does
 * (src/main/services/engineOptions.ts); each value's verdict is checked against that same
 * schema's safeParse, the independent source (the exclusive bounds 0 < lr < 10,
 * 0 ≤ dropout < 1, 0 ≤ weight decay < 1 are in src/shared/schemas.ts).
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  configFields,
  emptyListItem,
  listProblem,
  parseList,
  numberProblem,
  rangeMessage,
  type ConfigField,
} from '../../src/renderer/src/components/configForm';
import { runningFoldOf } from '../../src/renderer/src/components/runningFold';
import { en, zhCN } from '../../src/renderer/src/i18n/training';
import type { RunInfo } from '../../src/shared/domain';
import { trainConfigSchema } from '../../src/shared/schemas';

type NumberField = Extract<ConfigField, { kind: 'number' }>;
const fields = configFields(
  z.toJSONSchema(trainConfigSchema, { unrepresentable: 'any' }) as Record<string, unknown>,
);
const field = (name: string): NumberField => {
  const f = fields.find((x) => x.name === name);
  if (f?.kind !== 'number') throw new Error(`${name} is not a number field`);
  return f;
};

describe('Train form bounds', () => {
  it('refuses exactly what the schema refuses, at and around every bound', () => {
    const numbers = fields.filter((f): f is NumberField => f.kind === 'number');
    expect(numbers.map((f) => f.name)).toEqual(
      expect.arrayContaining(['epochs', 'learningRate', 'batchSize', 'patience', 'dropout']),
    );
    const shape = trainConfigSchema.shape as Record<string, z.ZodType>;
    for (const f of numbers) {
      const probes = [f.min, f.max]
        .filter((b): b is number => b !== undefined && Math.abs(b) < 1e15)
        .flatMap((b) => [b - 1, b - 0.5, b, b + 0.5, b + 1]);
      for (const value of probes) {
        const refused = !shape[f.name].safeParse(value).success;
        expect({ field: f.name, value, refused: numberProblem(f, value) === 'range' }).toEqual({
          field: f.name,
          value,
          refused,
        });
      }
    }
  });

  it('says the bounds with the schema’s own signs', () => {
    expect(numberProblem(field('learningRate'), 0)).toBe('range');
    expect(numberProblem(field('learningRate'), 10)).toBe('range');
    expect(numberProblem(field('learningRate'), 0.003)).toBeNull();
    expect(numberProblem(field('dropout'), 1)).toBe('range');
    expect(numberProblem(field('weightDecay'), 1)).toBe('range');
    // As the CLI says "--lr must be a number > 0 and < 10" (test/cli).
    expect(rangeMessage(field('learningRate'), 'and')).toEqual({
      key: 'bounded',
      params: { bounds: '> 0 and < 10' },
    });
    expect(rangeMessage(field('dropout'), '且')).toEqual({
      key: 'bounded',
      params: { bounds: '≥ 0 且 < 1' },
    });
    expect(rangeMessage(field('epochs'), 'and')).toEqual({
      key: 'wholeOutOfRange',
      params: { min: 1, max: 100_000 },
    });
    // zod's .int() bounds (±2^53 − 1) are said only for a value past them.
    expect(rangeMessage(field('patience'), 'and', -1)).toEqual({
      key: 'wholeTooSmall',
      params: { min: 0 },
    });
    expect(rangeMessage(field('patience'), 'and', 1e20)).toEqual({
      key: 'wholeOutOfRange',
      params: { min: 0, max: Number.MAX_SAFE_INTEGER },
    });
    expect(rangeMessage(field('seed'), 'and', 2.5)).toEqual({ key: 'wholeNumber', params: {} });
  });
});

// Found by a new user: a batch size of 2.5 said "enter a number from 1 to 1000000" (2.5 is
// inside that range) and a patience of 1.5 "enter a number of at least 0". The independent
// source of each field's int-ness and bounds is the schema itself (src/shared/schemas.ts):
// its safeParse of a fractional value, and its JSON Schema's minimum / maximum.
describe('Train form messages say why a number is refused', () => {
  const numbers = fields.filter((f): f is NumberField => f.kind === 'number');
  const shape = trainConfigSchema.shape as Record<string, z.ZodType>;
  const json = z.toJSONSchema(trainConfigSchema, { unrepresentable: 'any' }) as {
    properties: Record<string, { minimum?: number; maximum?: number }>;
  };
  /** The message as the form shows it, in English (TrainView.vue fieldError). */
  const shown = (f: NumberField, value: number): string => {
    const { key, params } = rangeMessage(f, en.train.boundsAnd, value);
    return Object.entries({ field: f.name, ...params }).reduce(
      (text, [k, v]) => text.replaceAll(`{${k}}`, String(v)),
      en.train[key],
    );
  };

  it('a whole-number field refuses a fraction inside its bounds with "whole number"', () => {
    // The schema's own verdict says which fields are whole: 1.5 is inside every bound here.
    const whole = numbers.filter((f) => !shape[f.name].safeParse(1.5).success && f.integer);
    expect(whole.map((f) => f.name)).toEqual(
      expect.arrayContaining(['epochs', 'batchSize', 'patience', 'seed']),
    );
    for (const f of numbers) {
      const fraction = (f.min ?? 0) + 1.5;
      const refusedBySchema = !shape[f.name].safeParse(fraction).success;
      const inBounds = f.max === undefined || fraction < f.max;
      if (!inBounds) continue;
      expect({ field: f.name, refused: numberProblem(f, fraction) === 'range' }).toEqual({
        field: f.name,
        refused: refusedBySchema,
      });
      if (f.integer) expect(shown(f, fraction)).toContain('whole number');
      else expect(shown(f, fraction)).not.toContain('whole');
    }
    expect(shown(field('batchSize'), 2.5)).toBe(
      'batchSize: enter a whole number from 1 to 1000000.',
    );
    expect(shown(field('patience'), 1.5)).toBe('patience: enter a whole number of at least 0.');
  });

  it('a bounded field’s out-of-range message shows its bounds', () => {
    for (const f of numbers) {
      const { minimum, maximum } = json.properties[f.name];
      const below = f.min === undefined ? null : f.min - 1;
      const above = f.max === undefined ? null : f.max + 1;
      for (const value of [below, above]) {
        if (value === null || Math.abs(value) > 1e15) continue;
        expect(numberProblem(f, value)).toBe('range');
        const text = shown(f, value);
        // The bounds the message names are the schema's (or its exclusive ones, with a sign).
        for (const bound of [minimum, maximum, f.min, f.max]) {
          if (bound === undefined || Math.abs(bound) >= Number.MAX_SAFE_INTEGER) continue;
          expect({ field: f.name, text, has: text.includes(String(bound)) }).toEqual({
            field: f.name,
            text,
            has: true,
          });
        }
      }
    }
  });

  it('has every message in English and Chinese, the whole ones saying "whole" (整数)', () => {
    for (const key of ['wholeOutOfRange', 'wholeTooSmall', 'wholeBounded'] as const) {
      expect(en.train[key]).toContain('whole number');
      expect(zhCN.train[key]).toContain('整数');
      for (const messages of [en.train, zhCN.train]) expect(messages[key]).toContain('{field}');
    }
    for (const key of ['outOfRange', 'tooSmall', 'bounded'] as const)
      expect(en.train[key]).not.toContain('whole');
  });
});

type ListField = Extract<ConfigField, { kind: 'list' }>;
const listField = (name: string): ListField => {
  const f = fields.find((x) => x.name === name);
  if (f?.kind !== 'list') throw new Error(`${name} is not a list field`);
  return f;
};

// Found by a user: "0, 32" hidden units went to the server and came back as the raw
// validator message. Each verdict is the schema's own safeParse of the list.
describe('Train form list fields', () => {
  it('refuses exactly the lists the schema refuses: items at and around the bounds, counts', () => {
    const lists = fields.filter((f): f is ListField => f.kind === 'list');
    expect(lists.map((f) => f.name).sort()).toEqual(['convFilters', 'expertUnits', 'hiddenUnits']);
    const shape = trainConfigSchema.shape as Record<string, z.ZodType>;
    for (const f of lists) {
      const items = [f.item.min, f.item.max]
        .filter((b): b is number => b !== undefined)
        .flatMap((b) => [b - 1, b - 0.5, b, b + 0.5, b + 1]);
      const ok = f.item.min ?? 1;
      const probes = [
        ...items.map((x) => [ok, x]),
        [],
        Array.from({ length: f.maxItems ?? 0 }, () => ok),
        Array.from({ length: (f.maxItems ?? 0) + 1 }, () => ok),
      ];
      for (const list of probes) {
        const refused = !shape[f.name].safeParse(list).success;
        const problem = listProblem(f, list.join(', '), 'and');
        expect({ field: f.name, list, refused: problem !== null }).toEqual({
          field: f.name,
          list,
          refused,
        });
      }
    }
  });

  it('names the bad item and the bounds, as rangeMessage does for one number', () => {
    // Bounds from src/shared/schemas.ts: hidden units 1 to 65 536 per layer, at most 16
    // layers (none allowed); expert units at least 1 layer; conv filters 1 to 1 024, 1 to 8.
    expect(listProblem(listField('hiddenUnits'), '64, 0, 32', 'and')).toEqual({
      key: 'listItemWholeOutOfRange',
      params: { item: '0', min: 1, max: 65_536 },
    });
    expect(listProblem(listField('hiddenUnits'), '64 2.5', 'and')).toEqual({
      key: 'listItemWhole',
      params: { item: '2.5' },
    });
    expect(listProblem(listField('convFilters'), '8, 2048', '且')).toEqual({
      key: 'listItemWholeOutOfRange',
      params: { item: '2048', min: 1, max: 1024 },
    });
    expect(listProblem(listField('hiddenUnits'), '64, x', 'and')).toEqual({
      key: 'badList',
      params: {},
    });
    expect(listProblem(listField('hiddenUnits'), '', 'and')).toBeNull();
    expect(listProblem(listField('expertUnits'), '', 'and')).toEqual({
      key: 'listTooShort',
      params: { min: 1 },
    });
    expect(listProblem(listField('hiddenUnits'), Array(17).fill('8').join(','), 'and')).toEqual({
      key: 'listTooLong',
      params: { max: 16 },
    });
    expect(listProblem(listField('hiddenUnits'), '128, 64, 32', 'and')).toBeNull();
  });

  // Found by a new user: "64,,32" was read as [64, 32], where the CLI refuses `--hidden
  // 64,,32` (src/main/cli/configFlags.ts configList splits on commas; '' is no number).
  it('refuses an empty item, naming its position, as the CLI refuses it', () => {
    for (const [text, position] of [
      ['64,,32', 2],
      ['64, , 32', 2],
      [',64', 1],
      ['64, 32,', 3],
    ] as const) {
      expect(emptyListItem(text)).toBe(position);
      expect(parseList(text)).toBeNull();
      for (const name of ['hiddenUnits', 'expertUnits', 'convFilters']) {
        expect(listProblem(listField(name), text, 'and')).toEqual({
          key: 'listEmptyItem',
          params: { position },
        });
      }
    }
    // Spaces alone separate items (the form's own reading), and an empty text is no layer.
    expect(emptyListItem('64 32')).toBeNull();
    expect(parseList('64 32')).toEqual([64, 32]);
    expect(emptyListItem('  ')).toBeNull();
    expect(parseList('')).toEqual([]);
    for (const messages of [en.train, zhCN.train]) {
      expect(messages.listEmptyItem).toContain('{field}');
      expect(messages.listEmptyItem).toContain('{position}');
    }
  });

  it('says "whole numbers" for an out-of-range item of a whole-number list', () => {
    expect(listProblem(listField('hiddenUnits'), '64, 0', 'and')?.key).toBe(
      'listItemWholeOutOfRange',
    );
    expect(en.train.listItemWholeOutOfRange).toContain('whole numbers');
    expect(zhCN.train.listItemWholeOutOfRange).toContain('整数');
  });

  it('has its messages in English and Chinese, each naming the field and the item', () => {
    for (const messages of [en.train, zhCN.train]) {
      for (const key of [
        'listItemWhole',
        'listItemOutOfRange',
        'listItemTooSmall',
        'listItemBounded',
        'listItemWholeOutOfRange',
        'listItemWholeTooSmall',
        'listItemWholeBounded',
      ] as const) {
        expect(messages[key]).toContain('{field}');
        expect(messages[key]).toContain('{item}');
      }
      expect(messages.listTooShort).toContain('{min}');
      expect(messages.listTooLong).toContain('{max}');
    }
  });
});

describe('the fold a new cross-validation shows', () => {
  const run = (id: number, status: RunInfo['status'], evaluationId?: number): RunInfo =>
    ({
      id,
      status,
      fold: evaluationId === undefined ? undefined : { evaluationId, repeat: 1, fold: id },
    }) as RunInfo;

  it('is its running fold run, none before that fold has started', () => {
    const runs = [run(3, 'completed'), run(4, 'cancelled', 1), run(7, 'completed', 2)];
    expect(runningFoldOf(runs, 2)).toBeNull();
    runs.push(run(8, 'running', 2), run(9, 'running'));
    expect(runningFoldOf(runs, 2)?.id).toBe(8);
    expect(runningFoldOf(runs, 1)).toBeNull();
  });
});
