import { describe, expect, it } from 'vitest';
import { ipcChannel, type CommandHandlers } from '../../../electron/common/contract';
import { createEventBus } from '../../../electron/core/backend';
import { forwardEvents, registerCommandHandlers, type IpcMainLike } from '../../../electron/main/ipc-adapter';
import { APP_ORIGIN } from '../../../electron/main/window-options';

// Electron's ipcMain cannot run here (no Electron binary): these use objects with the same shape.
function fakeIpcMain() {
  const handlers = new Map<string, Parameters<IpcMainLike['handle']>[1]>();
  const ipcMain: IpcMainLike = {
    handle: (c, l) => void handlers.set(c, l),
    removeHandler: (c) => void handlers.delete(c),
  };
  return { ipcMain, handlers };
}

describe('IPC adapter', () => {
  const handlers = { 'launch.list': async () => ({ ok: true, value: ['ran'] }) } as unknown as CommandHandlers;

  it('runs commands from the app origin and parses their input', async () => {
    const { ipcMain, handlers: registered } = fakeIpcMain();
    registerCommandHandlers(ipcMain, handlers, () => undefined);
    const handler = registered.get(ipcChannel.command('launch.list'))!;
    expect(await handler({ senderFrame: { url: `${APP_ORIGIN}/index.html` } }, {})).toEqual({
      ok: true,
      value: ['ran'],
    });
    const invalid = await registered.get(ipcChannel.command('launch.terminate'))!(
      { senderFrame: { url: `${APP_ORIGIN}/` } },
      { launchId: 7 },
    );
    expect(invalid).toMatchObject({ ok: false, error: { code: 'InvalidInput', field: 'launchId' } });
  });

  it('refuses commands from any other frame and logs it', async () => {
    const { ipcMain, handlers: registered } = fakeIpcMain();
    const logged: string[] = [];
    registerCommandHandlers(ipcMain, handlers, (m) => logged.push(m));
    const result = await registered.get(ipcChannel.command('launch.list'))!(
      { senderFrame: { url: 'https://evil.example/' } },
      {},
    );
    expect(result).toMatchObject({ ok: false, error: { code: 'Forbidden' } });
    expect(logged[0]).toMatch(/untrusted frame https:\/\/evil\.example/);
  });

  it('forwards events to the window until it is destroyed, and the disposer stops it', () => {
    const bus = createEventBus();
    const sent: Array<[string, unknown]> = [];
    let destroyed = false;
    const dispose = forwardEvents(bus, { send: (c, p) => void sent.push([c, p]), isDestroyed: () => destroyed });
    bus.emit('launch.log', { launchId: 'a', lines: [] });
    destroyed = true;
    bus.emit('launch.log', { launchId: 'b', lines: [] });
    destroyed = false;
    dispose();
    bus.emit('launch.log', { launchId: 'c', lines: [] });
    expect(sent).toEqual([[ipcChannel.event('launch.log'), { launchId: 'a', lines: [] }]]);
  });
});
