/**
 * Limits and close codes of the browser mode's WebSocket (src/main/server ↔ the renderer's
 * WebSocket client). Plain constants: the renderer imports them without pulling in zod.
 */

/** Path of the WebSocket endpoint. */
export const WS_PATH = '/ws';

/**
 * Largest WebSocket message accepted, in bytes (UTF-8 of the JSON text); requests are small
 * JSON objects. A larger message (one frame or the sum of its fragments) is refused by the
 * `ws` library as soon as its header announces the length — before it is buffered — and the
 * connection is closed with {@link WS_CLOSE.tooBig}. `ws` sends that close frame itself,
 * without a reason text, so the client names the limit (src/renderer/src/api/client.ts)
 * and refuses to send such a request in the first place.
 */
export const WS_MAX_MESSAGE_BYTES = 1 << 20;

/** Close codes the studio server uses (RFC 6455 §7.4.1). */
export const WS_CLOSE = {
  /** The server is stopping (Ctrl-C, SIGTERM); the page reconnects when it is back. */
  goingAway: 1001,
  /** A binary frame or a text that is not a JSON object (reason given). */
  unsupportedData: 1003,
  /** A text frame that is not valid UTF-8 (sent by `ws`, no reason). */
  invalidUtf8: 1007,
  /** A message over {@link WS_MAX_MESSAGE_BYTES} (sent by `ws`, no reason). */
  tooBig: 1009,
} as const;
