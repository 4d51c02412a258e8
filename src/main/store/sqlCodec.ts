/**
 * How the project store encodes values in SQLite: JSON that keeps non-finite numbers, ISO-8601
 * times, validated ids, and the recognition of SQLite constraint errors. Shared by the
 * per-domain store modules (datasets, tasks, splits, training, evaluation).
 */
import { MtlError } from '../../shared/errors';

/** Key under which JSON encodes NaN and ±Infinity (plain JSON would turn them into null). */
const NON_FINITE_KEY = '$nonFinite';

/** JSON that keeps NaN and ±Infinity (a diverged loss must not come back as null). */
export function toJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    typeof v === 'number' && !Number.isFinite(v) ? { [NON_FINITE_KEY]: String(v) } : v,
  );
}

/** Parses what {@link toJson} wrote, restoring NaN and ±Infinity. */
export function fromJson<T>(text: string): T {
  return JSON.parse(text, (_key, v: unknown) => {
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
      const keys = Object.keys(v);
      const marker = (v as Record<string, unknown>)[NON_FINITE_KEY];
      if (keys.length === 1 && typeof marker === 'string') return Number(marker);
    }
    return v;
  }) as T;
}

/**
 * `id` when it is a positive safe integer.
 * @throws MtlError('BAD_REQUEST') naming `what` and the value otherwise.
 */
export function requireId(id: number, what: string): number {
  if (!Number.isSafeInteger(id) || id < 1) {
    throw new MtlError('BAD_REQUEST', `${what} id must be a whole number ≥ 1, got ${String(id)}`);
  }
  return id;
}

/** The current time as stored: ISO-8601, UTC. */
export function now(): string {
  return new Date().toISOString();
}

/** True for an MtlError wrapping one of SQLite's SQLITE_CONSTRAINT* codes. */
export function isConstraintError(err: unknown): boolean {
  return (
    err instanceof MtlError &&
    typeof err.details?.sqliteCode === 'string' &&
    err.details.sqliteCode.startsWith('SQLITE_CONSTRAINT')
  );
}
