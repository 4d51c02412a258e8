/**
 * An old tab after the studio server restarted (found by a new user: `npm run serve` again
 * listens at a new random port with a new token, and the tab said "Disconnected —
 * reconnecting…" forever). After 15 s of failed reconnects the page now says the server is
 * not answering at this address (api/client.ts reconnectState, ConnectionState
 * 'unreachable'), and goes on retrying. The times below are worked out by hand from the
 * client's delays (1.5 s, then half as long again each time): attempts start at 0, 1.5, 3.75,
 * 7.125, 12.1875 and 19.78125 s (each a millisecond later per earlier attempt: its close comes
 * a tick after it); the first to fail at or past 15 s is the sixth.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  createWebSocketClient,
  reconnectState,
  UNREACHABLE_AFTER_MS,
  type ConnectionState,
} from '../../src/renderer/src/api/client';
import { MESSAGES } from '../../src/renderer/src/i18n';

describe('reconnectState', () => {
  it('says unreachable once the server has not answered for 15 s', () => {
    expect(UNREACHABLE_AFTER_MS).toBe(15_000);
    expect(reconnectState(1_000, 1_000 + 14_999, false)).toBe('reconnecting');
    expect(reconnectState(1_000, 1_000 + 15_000, false)).toBe('unreachable');
    expect(reconnectState(1_000, 1_000 + 600_000, false)).toBe('unreachable');
    // The server answered its /auth at this address (and took the token): not unreachable.
    expect(reconnectState(1_000, 1_000 + 600_000, true)).toBe('reconnecting');
  });
});

/** A WebSocket whose every connection attempt fails (nothing listens at the old port). */
class DeadSocket extends EventTarget {
  static attempts: number[] = [];
  constructor(_url: string) {
    super();
    DeadSocket.attempts.push(Date.now());
    setTimeout(() => this.dispatchEvent(Object.assign(new Event('close'), { code: 1006 })), 0);
  }
}

describe('a page whose server went away', () => {
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it('reconnects, says the server is not answering after 15 s, and keeps retrying', async () => {
    vi.useFakeTimers();
    vi.setSystemTime(0);
    DeadSocket.attempts = [];
    vi.stubGlobal('WebSocket', DeadSocket);
    vi.stubGlobal('fetch', () => Promise.reject(new TypeError('Failed to fetch')));
    const client = createWebSocketClient('ws://127.0.0.1:1/ws', '/auth');
    const states: [number, ConnectionState][] = [];
    client.onConnection((s) => states.push([Date.now(), s]));

    await vi.advanceTimersByTimeAsync(14_000);
    expect(states).toEqual([[0, 'reconnecting']]);
    // Each attempt's close comes a tick after it (a millisecond of fake time per attempt).
    const byHand = [0, 1_500, 3_750, 7_125, 12_187.5, 19_781.25];
    expect(DeadSocket.attempts).toHaveLength(5);
    DeadSocket.attempts.forEach((t, i) => expect(Math.abs(t - byHand[i]!)).toBeLessThan(6));

    await vi.advanceTimersByTimeAsync(10_000);
    // Told at the sixth attempt's failure, the first at or past 15 s of failing.
    expect(states.map(([, s]) => s)).toEqual(['reconnecting', 'unreachable']);
    expect(Math.abs(DeadSocket.attempts[5]! - byHand[5]!)).toBeLessThan(6);
    expect(states[1]![0] - DeadSocket.attempts[5]!).toBeGreaterThanOrEqual(0);
    expect(states[1]![0] - DeadSocket.attempts[5]!).toBeLessThan(3);
    // Still retrying (a server started again at the same port would be found).
    await vi.advanceTimersByTimeAsync(30_000);
    expect(DeadSocket.attempts.length).toBeGreaterThan(7);
    expect(states).toHaveLength(2);
  });
});

describe('the unreachable notice', () => {
  it('says what to do in both languages, without the CLI', () => {
    expect(MESSAGES.en.app.unreachable).toBe(
      'The studio server is not answering at this address. If it was restarted, open the new address it printed (a new port and token each start).',
    );
    expect(MESSAGES['zh-CN'].app.unreachable).toContain('新地址');
  });
});
