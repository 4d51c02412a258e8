/**
 * The building blocks of the contract: how an invoke channel (request schema + response
 * type) and an event channel (payload type) are declared, and the request atoms the
 * domain files share. Nothing here imports Node or Electron.
 */
import { z } from 'zod';
import { MAX_NAME_LENGTH } from '../datasets';

/** A row id of SQLite: a positive integer. */
export const id = z.number().int().positive();
/** A file path on the machine running the main process. */
export const path = z.string().min(1).max(4096);
/** A stored cell value. */
export const cell = z.union([z.number(), z.string().max(10_000), z.null()]);
/**
 * A column name as imported: at most MAX_NAME_LENGTH characters, the limit import checks
 * (data/csvTable.ts checkNameLengths), so every name import accepts passes every channel.
 */
export const columnName = z.string().min(1).max(MAX_NAME_LENGTH);
/**
 * A task's name: by default its target column's name, so as long as a column name may be
 * (a shorter limit made a task on a long-named column definable but never trainable).
 */
export const taskName = z.string().min(1).max(MAX_NAME_LENGTH);
/** A class name (a categorical value or a label typed in), as long as a name may be. */
export const className = z.string().min(1).max(MAX_NAME_LENGTH);
/** A column type. */
export const columnType = z.enum(['numeric', 'categorical', 'boolean', 'text', 'image']);
/** A column role. */
export const columnRole = z.enum(['input', 'target', 'ignore']);
/** A request with no field. */
export const empty = z.strictObject({});
/**
 * A map from column name to a value, validated into an object without prototype: a
 * column named `constructor` or `toString` then finds nothing it was not given (a plain
 * object would answer Object.prototype's function). `__proto__` is never a key.
 */
export const byColumnName = <V extends z.ZodType>(value: V) =>
  z
    .record(z.string(), value)
    .transform((record) =>
      Object.assign(Object.create(null) as Record<string, z.output<V>>, record),
    );

/** Most rows one `datasets.rows` or `compare.confusionRows` call returns. */
export const MAX_PAGE_ROWS = 1000;

/** An invoke channel: its request schema and (as a type only) its response. */
export interface InvokeDef<S extends z.ZodType, R> {
  readonly request: S;
  /** Type-level only: never set. */
  readonly response?: R;
}

/** Declares an invoke channel: `invoke<Response>()(requestSchema)`. */
export function invoke<R>() {
  return <S extends z.ZodType>(request: S): InvokeDef<S, R> => ({ request });
}

/** An event channel (main → UI), as a type only. */
export interface EventDef<P> {
  /** Type-level only: never set. */
  readonly payload?: P;
}

/** Declares an event channel: `event<Payload>()`. */
export function event<P>(): EventDef<P> {
  return {};
}
