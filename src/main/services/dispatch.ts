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
import { describeIssues } from '../../shared/schemas';

/**
 * Validates `request` for `channel` and runs its handler.
 * @param channel untrusted channel name (from IPC or a WebSocket frame).
 * @param request untrusted request; `undefined` counts as `{}`.
 * @returns `{ ok: true, value }`, or `{ ok: false, error }` with code BAD_REQUEST for an
 *   unknown channel or an invalid request (naming each bad field and its value), or the
 *   handler's MtlError code (INTERNAL for anything else).
 */
export async function dispatch(
  handlers: Handlers,
  channel: unknown,
  request: unknown,
): Promise<InvokeResult<unknown>> {
  if (!isInvokeChannel(channel)) {
    return {
      ok: false,
      error: { code: 'BAD_REQUEST', message: `Unknown channel ${JSON.stringify(channel)}.` },
    };
  }
  const input = request === undefined ? {} : request;
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
