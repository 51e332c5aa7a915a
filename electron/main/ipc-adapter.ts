/** The contract over Electron IPC: one `handle` per command, sender checked, input parsed; events to one window. */
import { commandNames, eventNames, ipcChannel, type CommandHandlers } from '../common/contract';
import { dispatchCommand } from '../common/dispatch';
import type { EventBus } from '../core/backend';
import { isTrustedSender, type SenderFrameLike } from './trusted-sender';

export interface IpcMainLike {
  handle(
    channel: string,
    listener: (event: { senderFrame: SenderFrameLike | null }, ...args: unknown[]) => unknown,
  ): void;
  removeHandler(channel: string): void;
}

export interface WebContentsLike {
  send(channel: string, payload: unknown): void;
  isDestroyed(): boolean;
}

export function registerCommandHandlers(
  ipcMain: IpcMainLike,
  handlers: CommandHandlers,
  log: (message: string, error?: unknown) => void,
): () => void {
  for (const name of commandNames) {
    ipcMain.handle(ipcChannel.command(name), async (event, input) => {
      if (!isTrustedSender(event.senderFrame)) {
        log(`refused ${name} from an untrusted frame ${event.senderFrame?.url ?? '(none)'}`);
        return { ok: false, error: { code: 'Forbidden', message: 'This window may not call Kiln.' } };
      }
      return dispatchCommand(handlers, name, input, (error) => log(`command ${name} failed`, error));
    });
  }
  return () => commandNames.forEach((name) => ipcMain.removeHandler(ipcChannel.command(name)));
}

export function forwardEvents(events: EventBus, target: WebContentsLike): () => void {
  return events.subscribe((event, payload) => {
    if (!target.isDestroyed() && eventNames.includes(event)) target.send(ipcChannel.event(event), payload);
  });
}
