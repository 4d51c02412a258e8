/**
 * The transport-neutral half of every binding: validate a request against the contract,
 * call its handler, and answer an {@link InvokeResult} — a bad request or a failing
 * handler becomes a typed `{ code, message }` error, never a crash of the main process.
 */
import {
  INVOKE,
  INVOKE_CHANNELS,
  isInvokeChannel,
  type Handlers,
  type InvokeChannel,
  type InvokeResult,
} from '../../shared/contract';
import { toErrorPayload } from '../../shared/errors';
import { describeIssues, quoteValue } from '../../shared/schemas';

/**
 * Deepest nesting of arrays and objects accepted in a request (the deepest request of the
 * contract, `tasks.define`, has 4 levels). Checked before validation, so nothing recursive
 * — zod, an error message, a handler — ever walks a deeper value.
 */
export const MAX_REQUEST_DEPTH = 32;
/**
 * Most values (objects, arrays and their entries) one request may hold. Bounds the walk of
 * {@link checkRequestShape} on values shared or cyclic through Electron's structured clone.
 */
export const MAX_REQUEST_VALUES = 1_000_000;

/**
 * Checks that an untrusted request is not nested deeper than {@link MAX_REQUEST_DEPTH}
 * (the request itself is level 1) and holds at most {@link MAX_REQUEST_VALUES} values,
 * without recursion (an explicit stack), so any depth — 100 000 levels, or a cycle — is
 * refused in bounded time and stack.
 * @returns null when acceptable, else the reason (for a BAD_REQUEST message).
 */
export function checkRequestShape(request: unknown): string | null {
  const stack: { value: unknown; depth: number }[] = [{ value: request, depth: 1 }];
  let seen = 0;
  while (stack.length > 0) {
    const { value, depth } = stack.pop()!;
    if (++seen > MAX_REQUEST_VALUES) return `it holds more than ${MAX_REQUEST_VALUES} values`;
    if (typeof value !== 'object' || value === null) continue;
    if (depth > MAX_REQUEST_DEPTH) {
      return `it is nested more than ${MAX_REQUEST_DEPTH} levels deep`;
    }
    const children = Array.isArray(value) ? value : Object.values(value);
    for (const child of children) stack.push({ value: child, depth: depth + 1 });
  }
  return null;
}

/**
 * Validates `request` for `channel` and runs its handler. Never rejects: whatever the input
 * or the handler throws becomes an error answer.
 * @param channel untrusted channel name (from IPC or a WebSocket frame).
 * @param request untrusted request; `undefined` counts as `{}`.
 * @returns `{ ok: true, value }`, or `{ ok: false, error }` with code BAD_REQUEST for an
 *   unknown channel, a request nested too deep ({@link checkRequestShape}) or an invalid
 *   request (naming each bad field and its value), or the handler's MtlError code
 *   (INTERNAL for anything else).
 */
export async function dispatch(
  handlers: Handlers,
  channel: unknown,
  request: unknown,
): Promise<InvokeResult<unknown>> {
  try {
    return await validateAndRun(handlers, channel, request);
  } catch (err) {
    // Only a bug can get here (validation and handlers are caught below); say which.
    const error = toErrorPayload(err);
    console.error(`[dispatch] ${error.message}`);
    return { ok: false, error: { code: 'INTERNAL', message: error.message } };
  }
}

async function validateAndRun(
  handlers: Handlers,
  channel: unknown,
  request: unknown,
): Promise<InvokeResult<unknown>> {
  if (!isInvokeChannel(channel)) {
    return {
      ok: false,
      error: { code: 'BAD_REQUEST', message: `Unknown channel ${quoteValue(channel)}.` },
    };
  }
  const input = request === undefined ? {} : request;
  const shapeProblem = checkRequestShape(input);
  if (shapeProblem) {
    return {
      ok: false,
      error: { code: 'BAD_REQUEST', message: `Invalid request on "${channel}": ${shapeProblem}.` },
    };
  }
  const parsed = INVOKE[channel].request.safeParse(input);
  if (!parsed.success) {
    return {
      ok: false,
      error: {
        code: 'BAD_REQUEST',
        message: `Invalid request on "${channel}": ${describeIssues(parsed.error, input)}.`,
      },
    };
  }
  try {
    const handler = handlers[channel] as (valid: unknown) => Promise<unknown>;
    return { ok: true, value: await handler(parsed.data) };
  } catch (err) {
    const error = toErrorPayload(err);
    if (error.code === 'INTERNAL') console.error(`[${channel}]`, err);
    return { ok: false, error };
  }
}

/**
 * Registers one transport endpoint per invoke channel (the Electron IPC binding uses it
 * with `ipcMain.handle`).
 * @param register called once per channel with its name and a function answering an
 *   untrusted request.
 * @returns the channels registered, in contract order.
 */
export function bindInvokeChannels(
  handlers: Handlers,
  register: (
    channel: InvokeChannel,
    answer: (request: unknown) => Promise<InvokeResult<unknown>>,
  ) => void,
): InvokeChannel[] {
  for (const channel of INVOKE_CHANNELS) {
    register(channel, (request) => dispatch(handlers, channel, request));
  }
  return [...INVOKE_CHANNELS];
}
