/**
 * The root command of `mtl-studio` and what every command shares: the --json switch,
 * progress lines, option parsers, and opening a project for the length of a command.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { Command, InvalidArgumentError } from 'commander';
import { z } from 'zod';
import { MtlError } from '../../shared/errors';
import { trainConfigSchema } from '../../shared/schemas';
import type { ProjectStore } from '../store/projectStore';
import { rerunCommand } from './commands/trainingStop';
import { abortOnStopSignals, receivedStopSignal } from './stopSignals';

/** Options every command accepts. */
interface GlobalOptions {
  json?: boolean;
}

/** The version in the nearest package.json above this file (src/main/cli or out/cli). */
function packageVersion(): string {
  for (let up = '../'; up.length <= 15; up += '../') {
    try {
      const file = new URL(`${up}package.json`, import.meta.url);
      const manifest = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version: string };
      if (manifest.name === 'mtl-studio') return manifest.version;
    } catch {
      // Not there: one folder up.
    }
  }
  return 'unknown';
}

/** The root `mtl-studio` command; each file of cli/commands/ registers its commands on it. */
export const program = new Command();
program
  .name('mtl-studio')
  .description(
    'Multi-task classification studio: import a table, define tasks, train one shared model, compare.',
  )
  .version(packageVersion(), '-V, --version', 'print the version of mtl-studio')
  .option('--json', 'print one JSON document on stdout instead of tables')
  // Parse errors are thrown to main(), which prints them as text or as {"error": …}.
  .exitOverride()
  .configureOutput({ writeErr: (text) => !jsonRequested() && process.stderr.write(text) })
  // A usage error names what was wrong and where help is, without the whole help text.
  .showHelpAfterError('(add --help to the command to see its usage)');

/** --json anywhere on the command line, even when parsing failed before options were read. */
export const jsonRequested = (): boolean => process.argv.includes('--json');
/** True when the output must be one JSON document on stdout. */
export const isJson = (): boolean => Boolean(program.opts<GlobalOptions>().json) || jsonRequested();
/** A progress line on stderr (kept off a --json stdout unless MTL_PROGRESS is set). */
export const progress = (line: string): void => {
  if (!isJson() || process.env.MTL_PROGRESS) process.stderr.write(`${line}\n`);
};

/**
 * A signal aborted by the first Ctrl-C (SIGINT) or plain `kill` (SIGTERM), for a command
 * that stops cleanly when asked (an import rolls back and leaves no new project file
 * behind). Heard as by {@link abortOnStopSignals}: the same stop delivered twice at once
 * (`timeout -s INT` signals the process and then its group) is one stop; a second Ctrl-C
 * later ends the process at once, as Node does by default.
 */
export function abortOnInterrupt(): AbortSignal {
  const controller = new AbortController();
  abortOnStopSignals(controller);
  return controller.signal;
}

/**
 * An import stopped by {@link abortOnInterrupt}, worded for the command line (what was
 * given, and that nothing was imported: the import's transaction rolled back, and a project
 * file the command created is removed by {@link withStore}); any other error unchanged.
 * Its details have the shape of a training stopped before its run was stored
 * (trainingStop.ts stoppedBeforeRunError): `status` ('cancelled'), `signal` (the stop
 * signal heard, SIGINT or SIGTERM) and `next` (the command typed, quoted for a POSIX shell,
 * to import again), after the import's own details. A new user's script found `signal` in a
 * cancelled training's --json and not in an import's.
 */
export function cancelledImport(err: unknown, source: string): unknown {
  if (err instanceof MtlError && err.code === 'IMPORT_CANCELLED') {
    const signal = receivedStopSignal();
    return new MtlError(
      'IMPORT_CANCELLED',
      `Import of ${source} cancelled: nothing was imported.`,
      {
        ...err.details,
        status: 'cancelled',
        ...(signal !== null ? { signal } : {}),
        next: rerunCommand(process.argv.slice(2)),
      },
    );
  }
  return err;
}

/**
 * Commander parser of an integer option; the error names the option. With `min`, a value
 * below it is a usage error too ("--epochs must be a whole number ≥ 1, got "-1"."), caught
 * when the command line is read rather than by the service's validator, whose message
 * names a configuration field ("epochs = -1: Too small …").
 * @throws InvalidArgumentError (a usage error) for a non-integer or a value below `min`.
 */
export function int(name: string, min?: number) {
  return (value: string): number => {
    const n = Number(value);
    if (min !== undefined && !(Number.isInteger(n) && n >= min))
      throw new InvalidArgumentError(`${name} must be a whole number ≥ ${min}, got "${value}".`);
    if (!Number.isInteger(n))
      throw new InvalidArgumentError(`${name} must be an integer, got "${value}".`);
    return n;
  };
}
/** Commander parser of a finite number option; the error names the option. */
export function num(name: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isFinite(n))
      throw new InvalidArgumentError(`${name} must be a number, got "${value}".`);
    return n;
  };
}
/** The training configuration's fields and their schemas (src/shared/schemas.ts). */
type ConfigShape = typeof trainConfigSchema.shape;
/** The configuration fields that hold one number (learningRate, epochs, dropout …). */
export type NumberField = {
  [K in keyof ConfigShape]: ConfigShape[K] extends z.ZodNumber ? K : never;
}[keyof ConfigShape];
/** The configuration fields that hold a list of numbers (hiddenUnits, convFilters …). */
export type ListField = {
  [K in keyof ConfigShape]: ConfigShape[K] extends z.ZodArray<z.ZodNumber> ? K : never;
}[keyof ConfigShape];

/** Bounds at or past ±2^53 − 1 are z.number().int()'s own, not the field's: left unsaid. */
const boundOf = (x: number | undefined): number | undefined =>
  x !== undefined && Math.abs(x) < Number.MAX_SAFE_INTEGER ? x : undefined;

/**
 * The values a number schema allows, in words, read from the schema itself (so a flag's
 * message and the service's check cannot drift apart): "a whole number from 1 to 100000",
 * "a number > 0 and < 10", "a number ≥ 0 and < 1", "a whole number ≥ 0", "a whole number".
 */
export function rangeText(schema: z.ZodNumber): string {
  const j = z.toJSONSchema(schema) as {
    type?: string;
    minimum?: number;
    maximum?: number;
    exclusiveMinimum?: number;
    exclusiveMaximum?: number;
  };
  const kind = j.type === 'integer' ? 'a whole number' : 'a number';
  const [min, max, gt, lt] = [j.minimum, j.maximum, j.exclusiveMinimum, j.exclusiveMaximum].map(
    boundOf,
  );
  if (min !== undefined && max !== undefined) return `${kind} from ${min} to ${max}`;
  const bounds = [
    gt !== undefined ? `> ${gt}` : min !== undefined ? `≥ ${min}` : null,
    lt !== undefined ? `< ${lt}` : max !== undefined ? `≤ ${max}` : null,
  ].filter((b) => b !== null);
  return bounds.length === 0 ? kind : `${kind} ${bounds.join(' and ')}`;
}

/** `value` as a number, NaN for text that is none (Number('') would be 0). */
const numberOf = (value: string): number => (value.trim() === '' ? NaN : Number(value));

/**
 * Commander parser of a training option that sets configuration field `field`: the value
 * is checked against the field's schema (src/shared/schemas.ts, the one the service
 * validates with) when the command line is read, so a value out of range is a usage error
 * naming the flag and the range ("--lr must be a number > 0 and < 10, got "0"."), never
 * the service's message naming the field ("learningRate = 0: Too small …", which a new
 * user could not map to a flag). Every numeric training flag of `train` and `demo` uses it.
 * @throws InvalidArgumentError (a usage error) for a value the field's schema refuses.
 */
export function configNumber(flag: string, field: NumberField) {
  const schema: z.ZodNumber = trainConfigSchema.shape[field];
  return (value: string): number => {
    const n = numberOf(value);
    if (!schema.safeParse(n).success)
      throw new InvalidArgumentError(`${flag} must be ${rangeText(schema)}, got "${value}".`);
    return n;
  };
}

/**
 * Commander parser of a comma-separated training option that sets list field `field`
 * (e.g. `--hidden 64,32` → hiddenUnits [64, 32]), checked against the field's schema like
 * {@link configNumber}: "--hidden takes comma-separated values, each a whole number from
 * 1 to 65536, got "64,0"." or "--hidden takes at most 16 values, got 17.".
 * @throws InvalidArgumentError (a usage error) for a value or a length the schema refuses.
 */
export function configList(flag: string, field: ListField) {
  const schema: z.ZodArray<z.ZodNumber> = trainConfigSchema.shape[field];
  return (value: string): number[] => {
    const list = value.split(',').map(numberOf);
    if (!list.every((n) => schema.element.safeParse(n).success)) {
      throw new InvalidArgumentError(
        `${flag} takes comma-separated values, each ${rangeText(schema.element)}, got "${value}".`,
      );
    }
    if (!schema.safeParse(list).success) {
      const { minItems, maxItems } = z.toJSONSchema(schema) as {
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

/** Commander parser of repeatable `KEY=value` options with `value` in `allowed`. */
export function pairs<T extends string>(allowed: readonly T[], what: string) {
  return (value: string, previous: Record<string, T> = {}): Record<string, T> => {
    const at = value.lastIndexOf('=');
    const key = value.slice(0, at);
    const v = value.slice(at + 1) as T;
    if (at <= 0 || !allowed.includes(v)) {
      throw new InvalidArgumentError(
        `expected COLUMN=${allowed.join('|')} for ${what}, got "${value}".`,
      );
    }
    return { ...previous, [key]: v };
  };
}

/**
 * Opens the project at `path` (created when `create`), runs `fn` on it and closes it. A
 * project file that this call created is removed again (with its -wal and -shm files)
 * when `fn` fails, so a failed first import leaves no empty project behind; a file that
 * existed before is never removed. Says on stderr (one line each, also with --json, whose
 * stdout stays one document) when the file was upgraded and where the backup of the old
 * file is, and when it is damaged and open read-only (reads work as far as the file
 * allows; writes fail with PROJECT_CORRUPT).
 * @param options.readOnly a command that only reads: an existing file is opened read-only
 *   (never upgraded nor cleaned up; a file needing an upgrade is refused with MtlError('STORE')).
 * @throws MtlError('NOT_FOUND') for a missing file when `create` is false; errors of `fn`.
 */
export async function withStore<T>(
  path: string,
  create: boolean,
  fn: (store: ProjectStore) => Promise<T>,
  options: { readOnly?: boolean } = {},
): Promise<T> {
  const existed = existsSync(path);
  if (!create && !existed) throw new MtlError('NOT_FOUND', `Project file not found: ${path}`);
  // Loaded here, not at start: `--help` must not load sqlite3.
  const { ProjectStore } = await import('../store/projectStore');
  const store = await ProjectStore.open(path, {
    create,
    ...(options.readOnly && existed ? { readOnly: 'opened only to read' } : {}),
  });
  if (store.migration?.backup) {
    const { fromVersion, toVersion, backup } = store.migration;
    process.stderr.write(
      `note: ${path} was upgraded from schema version ${fromVersion} to ${toVersion}; the file as it was is kept at ${backup}\n`,
    );
  }
  try {
    // `create` means a write that reads a whole file first (import): refuse it at once.
    if (create) store.assertWritable();
    if (store.damage) process.stderr.write(`warning: ${store.damage.error.message}\n`);
    return await fn(store);
  } catch (error) {
    if (!existed) {
      await store.close();
      for (const file of [path, `${path}-wal`, `${path}-shm`]) rmSync(file, { force: true });
    }
    throw error;
  } finally {
    await store.close();
  }
}

/**
 * The dataset a command works on: `id` when given, else the project's only dataset.
 * @throws MtlError('NOT_FOUND') for an unknown id or no dataset; MtlError('BAD_REQUEST')
 *   listing the datasets when there are several and no id.
 */
export async function resolveDataset(store: ProjectStore, id: number | undefined): Promise<number> {
  if (id !== undefined) return (await store.datasets.get(id)).id;
  const datasets = await store.datasets.list();
  if (datasets.length === 1) return datasets[0].id;
  if (datasets.length === 0)
    throw new MtlError(
      'NOT_FOUND',
      'The project has no dataset yet; run `mtl-studio import` first.',
    );
  throw new MtlError(
    'BAD_REQUEST',
    `The project has ${datasets.length} datasets; choose one with --dataset: ${datasets.map((d) => `${d.id} (${d.name})`).join(', ')}.`,
  );
}
