/** Builds the object the preload exposes; separate from preload.ts so tests can run it with a fake ipcRenderer. */
import { commandNames, ipcChannel, isEventName, type EventName } from '../common/contract';

export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

export function createPreloadBridge(ipc: IpcRendererLike): Record<string, unknown> {
  const bridge: Record<string, unknown> = {};
  for (const name of commandNames) {
    // One object argument, never positional: the main process parses it with the contract's schema.
    bridge[name] = (input: unknown) => ipc.invoke(ipcChannel.command(name), input);
  }
  bridge.on = (event: EventName, listener: (payload: unknown) => void) => {
    if (!isEventName(event)) throw new Error(`Unknown Kiln event "${String(event)}"`);
    const channel = ipcChannel.event(event);
    const forward = (_event: unknown, payload: unknown) => listener(payload);
    ipc.on(channel, forward);
    return () => void ipc.removeListener(channel, forward);
  };
  return bridge;
}
