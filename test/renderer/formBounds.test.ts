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
  listProblem,
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
      key: 'outOfRange',
      params: { min: 1, max: 100_000 },
    });
    // zod's .int() bounds (±2^53 − 1) are said only for a value past them.
    expect(rangeMessage(field('patience'), 'and', -1)).toEqual({
      key: 'tooSmall',
      params: { min: 0 },
    });
    expect(rangeMessage(field('patience'), 'and', 1e20)).toEqual({
      key: 'outOfRange',
      params: { min: 0, max: Number.MAX_SAFE_INTEGER },
    });
    expect(rangeMessage(field('seed'), 'and', 2.5)).toEqual({ key: 'wholeNumber', params: {} });
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
      const items = [f.min, f.max]
        .filter((b): b is number => b !== undefined)
        .flatMap((b) => [b - 1, b - 0.5, b, b + 0.5, b + 1]);
      const ok = f.min ?? 1;
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
      key: 'listItemOutOfRange',
      params: { item: '0', min: 1, max: 65_536 },
    });
    expect(listProblem(listField('hiddenUnits'), '64 2.5', 'and')).toEqual({
      key: 'listItemWhole',
      params: { item: '2.5' },
    });
    expect(listProblem(listField('convFilters'), '8, 2048', '且')).toEqual({
      key: 'listItemOutOfRange',
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

  it('has its messages in English and Chinese, each naming the field and the item', () => {
    for (const messages of [en.train, zhCN.train]) {
      for (const key of [
        'listItemWhole',
        'listItemOutOfRange',
        'listItemTooSmall',
        'listItemBounded',
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
