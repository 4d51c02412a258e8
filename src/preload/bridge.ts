/**
 * The object the preload exposes as `window.mtlStudio`, built from the contract's channel
 * list: one function per invoke channel and `subscribe` for events. It takes the few IPC
 * calls it needs as an argument, so it is testable without Electron.
 */
import {
  INVOKE_CHANNELS,
  IPC_EVENT_NAME,
  ipcInvokeName,
  isEventChannel,
  type EventChannel,
  type InvokeChannel,
  type InvokeResult,
  type StudioBridge,
} from '../shared/contract';

/** The subset of Electron's ipcRenderer the bridge uses (never exposed itself). */
export interface RendererIpc {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, message: unknown) => void): unknown;
}

/**
 * Builds the bridge over `ipc`. Events arrive on one IPC channel as `{ channel, payload }`
 * and are fanned out to the subscribers of that channel.
 * @throws Error from `subscribe` for a channel that is not in the contract.
 */
export function createBridge(ipc: RendererIpc): StudioBridge {
  const listeners = new Map<EventChannel, Set<(payload: unknown) => void>>();
  ipc.on(IPC_EVENT_NAME, (_event, message) => {
    const { channel, payload } = (message ?? {}) as { channel?: unknown; payload?: unknown };
    if (!isEventChannel(channel)) return;
    for (const listener of listeners.get(channel) ?? []) listener(payload);
  });
  const invokers = Object.fromEntries(
    INVOKE_CHANNELS.map((channel: InvokeChannel) => [
      channel,
      (request: unknown) =>
        ipc.invoke(ipcInvokeName(channel), request) as Promise<InvokeResult<unknown>>,
    ]),
  );
  const subscribe = (channel: EventChannel, listener: (payload: unknown) => void) => {
    if (!isEventChannel(channel)) throw new Error(`Unknown event channel "${String(channel)}"`);
    let set = listeners.get(channel);
    if (!set) listeners.set(channel, (set = new Set()));
    set.add(listener);
    return () => void set.delete(listener);
  };
  return { ...invokers, subscribe } as unknown as StudioBridge;
}
