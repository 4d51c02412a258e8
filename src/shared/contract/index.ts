/**
 * The one typed contract between the studio's user interface and its main process.
 *
 * Every channel is declared here once:
 * - invoke channels: a zod schema of the request (checked in the main process, because
 *   the renderer is untrusted) and the TypeScript type of the response;
 * - event channels: main → UI notifications (import progress, training epochs, …).
 *
 * The Electron binding, the preload bridge, the WebSocket server and the renderer's
 * clients are generated from {@link INVOKE_CHANNELS} and {@link EVENT_CHANNELS}, and the
 * main process implements {@link Handlers} (one function per channel, checked by the
 * compiler), so a channel added here and missing anywhere fails type-check.
 *
 * Nothing here imports Node or Electron: the renderer and the preload compile this file.
 *
 * Each domain declares its channels and their types in its own file of this folder
 * (app, session, projects, datasets, assets, tasks, splits, training, evaluation, exports,
 * labels); this file joins them.
 */
import type { z } from 'zod';
import type { ErrorPayload } from '../errors';
import { APP_INVOKE } from './app';
import { ASSETS_EVENTS, ASSETS_INVOKE } from './assets';
import { DATASETS_EVENTS, DATASETS_INVOKE } from './datasets';
import { EVALUATION_INVOKE } from './evaluation';
import { EXPORTS_INVOKE } from './exports';
import { LABELS_EVENTS, LABELS_INVOKE } from './labels';
import { PROJECTS_EVENTS, PROJECTS_INVOKE } from './projects';
import { SESSION_EVENTS, SESSION_INVOKE } from './session';
import { SPLITS_EVENTS, SPLITS_INVOKE } from './splits';
import { TASKS_EVENTS, TASKS_INVOKE } from './tasks';
import { TRAINING_EVENTS, TRAINING_INVOKE } from './training';
import type { EventDef, InvokeDef } from './channels';

export * from './app';
export * from './assets';
export * from './datasets';
export * from './evaluation';
export * from './exports';
export * from './labels';
export * from './projects';
export * from './session';
export * from './splits';
export * from './tasks';
export * from './training';
export { MAX_PAGE_ROWS, type EventDef, type InvokeDef } from './channels';

/** Every invoke channel: name → request schema and response type. */
export const INVOKE = {
  ...APP_INVOKE,
  ...SESSION_INVOKE,
  ...PROJECTS_INVOKE,
  ...DATASETS_INVOKE,
  ...ASSETS_INVOKE,
  ...TASKS_INVOKE,
  ...SPLITS_INVOKE,
  ...TRAINING_INVOKE,
  ...EVALUATION_INVOKE,
  ...EXPORTS_INVOKE,
  ...LABELS_INVOKE,
} as const;

/** Every event channel: name → payload type. */
export const EVENTS = {
  ...PROJECTS_EVENTS,
  ...SESSION_EVENTS,
  ...DATASETS_EVENTS,
  ...TASKS_EVENTS,
  ...ASSETS_EVENTS,
  ...SPLITS_EVENTS,
  ...TRAINING_EVENTS,
  ...LABELS_EVENTS,
} as const;

// ------------------------------------------------------------------------- derived types

/** Name of an invoke channel, e.g. 'projects.open'. */
export type InvokeChannel = keyof typeof INVOKE;
/** Name of an event channel, e.g. 'training.epoch'. */
export type EventChannel = keyof typeof EVENTS;

/** What a caller sends on channel C (before validation). */
export type RequestOf<C extends InvokeChannel> = z.input<(typeof INVOKE)[C]['request']>;
/** What a handler of channel C receives (after validation). */
export type ValidRequestOf<C extends InvokeChannel> = z.output<(typeof INVOKE)[C]['request']>;
/** What channel C answers. */
export type ResponseOf<C extends InvokeChannel> =
  (typeof INVOKE)[C] extends InvokeDef<z.ZodType, infer R> ? R : never;
/** Payload of event channel E. */
export type EventOf<E extends EventChannel> =
  (typeof EVENTS)[E] extends EventDef<infer P> ? P : never;

/** Every invoke channel, in declaration order. */
export const INVOKE_CHANNELS = Object.keys(INVOKE) as InvokeChannel[];
/** Every event channel, in declaration order. */
export const EVENT_CHANNELS = Object.keys(EVENTS) as EventChannel[];

/** How an answer crosses a transport: a value, or a typed error — never a thrown exception. */
export type InvokeResult<T> = { ok: true; value: T } | { ok: false; error: ErrorPayload };

/** The main process's implementation of the contract: one function per invoke channel. */
export type Handlers = {
  [C in InvokeChannel]: (request: ValidRequestOf<C>) => Promise<ResponseOf<C>>;
};

/** Unsubscribes a listener. */
export type Unsubscribe = () => void;

/**
 * What the preload exposes as `window.mtlStudio`: one function per invoke channel
 * (answering an {@link InvokeResult}) and `subscribe` for events.
 */
export type StudioBridge = {
  readonly [C in InvokeChannel]: (request: RequestOf<C>) => Promise<InvokeResult<ResponseOf<C>>>;
} & {
  subscribe<E extends EventChannel>(
    channel: E,
    listener: (payload: EventOf<E>) => void,
  ): Unsubscribe;
};

/** Name of the Electron IPC channel carrying invoke channel C. */
export function ipcInvokeName(channel: InvokeChannel): string {
  return `mtl:invoke:${channel}`;
}

/** Name of the single Electron IPC channel carrying every event ({ channel, payload }). */
export const IPC_EVENT_NAME = 'mtl:event';

/** Messages of the WebSocket transport (JSON text frames). */
export type WsClientMessage = { type: 'invoke'; id: number; channel: string; request: unknown };
/** Messages the WebSocket server sends. */
export type WsServerMessage =
  | ({ type: 'result'; id: number } & InvokeResult<unknown>)
  | { type: 'event'; channel: EventChannel; payload: unknown };

/** Type guard: `name` is an invoke channel of this contract. */
export function isInvokeChannel(name: unknown): name is InvokeChannel {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(INVOKE, name);
}

/** Type guard: `name` is an event channel of this contract. */
export function isEventChannel(name: unknown): name is EventChannel {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(EVENTS, name);
}
