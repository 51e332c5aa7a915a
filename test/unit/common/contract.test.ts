import { describe, expect, it, vi } from 'vitest';
import {
  commandNames,
  commands,
  eventNames,
  ipcChannel,
  type CommandHandlers,
} from '../../../electron/common/contract';
import { dispatchCommand } from '../../../electron/common/dispatch';
import { KilnFailure } from '../../../electron/common/result';
import { createCommandHandlers } from '../../../electron/core/backend';
import { registerCommandHandlers, type IpcMainLike } from '../../../electron/main/ipc-adapter';
import { createPreloadBridge } from '../../../electron/preload/bridge';
import { createWebApi } from '../../../renderer/src/api/web-transport';

// Services are never called here: the test is about which names exist on each side of the contract.
const unusedServices = {
  profiles: {},
  catalog: {},
  launches: {},
  orphans: {},
  wizardDefaults: {},
  presets: {},
  log: () => undefined,
} as unknown as Parameters<typeof createCommandHandlers>[0];

describe('contract', () => {
  it('has exactly one backend handler per command', () => {
    const handlers = createCommandHandlers(unusedServices);
    expect(Object.keys(handlers).sort()).toEqual([...commandNames].sort());
    for (const name of commandNames) expect(typeof handlers[name]).toBe('function');
  });

  it('registers exactly one IPC handler per command channel', () => {
    const channels: string[] = [];
    const ipcMain: IpcMainLike = { handle: (channel) => void channels.push(channel), removeHandler: () => undefined };
    registerCommandHandlers(ipcMain, createCommandHandlers(unusedServices), () => undefined);
    expect(channels.sort()).toEqual(commandNames.map((n) => ipcChannel.command(n)).sort());
    expect(new Set(channels).size).toBe(channels.length);
  });

  it('gives the preload one function per command, invoking the matching channel with one object argument', async () => {
    const invoke = vi.fn(async () => ({ ok: true, value: [] }));
    const bridge = createPreloadBridge({ invoke, on: vi.fn(), removeListener: vi.fn() });
    for (const name of commandNames) {
      expect(typeof bridge[name]).toBe('function');
      await (bridge[name] as (input: unknown) => Promise<unknown>)({ probe: name });
      expect(invoke).toHaveBeenLastCalledWith(ipcChannel.command(name), { probe: name });
    }
    expect(Object.keys(bridge).sort()).toEqual([...commandNames, 'on'].sort());
  });

  it('preload subscriptions forward payloads without the IPC event and return a working disposer', () => {
    const listeners = new Map<string, (event: unknown, payload: unknown) => void>();
    const removeListener = vi.fn((channel: string) => listeners.delete(channel));
    const bridge = createPreloadBridge({
      invoke: vi.fn(),
      on: (channel, listener) => listeners.set(channel, listener),
      removeListener,
    });
    const received: unknown[] = [];
    const dispose = (bridge.on as (e: string, l: (p: unknown) => void) => () => void)('launch.log', (p) =>
      received.push(p),
    );
    listeners.get(ipcChannel.event('launch.log'))!({ sender: 'secret' }, { launchId: 'x', lines: [] });
    expect(received).toEqual([{ launchId: 'x', lines: [] }]);
    dispose();
    expect(removeListener).toHaveBeenCalledWith(ipcChannel.event('launch.log'), expect.any(Function));
    expect(() => (bridge.on as (e: string, l: () => void) => void)('not.an.event', () => undefined)).toThrow(
      /Unknown Kiln event/,
    );
  });

  it('gives the web transport one function per command and a subscribe', () => {
    const api = createWebApi({ baseUrl: 'http://127.0.0.1:9', token: 't', reconnectDelayMs: 60_000 });
    try {
      for (const name of commandNames) expect(typeof api[name]).toBe('function');
      expect(typeof api.on).toBe('function');
    } finally {
      api.close();
    }
  });

  it('has schemas for every event', () => {
    expect(eventNames.length).toBeGreaterThan(0);
    for (const name of commandNames) {
      expect(commands[name].input.safeParse).toBeTypeOf('function');
      expect(commands[name].output.safeParse).toBeTypeOf('function');
    }
  });
});

describe('dispatchCommand', () => {
  const handlers = {
    'launch.list': async () => ({ ok: true, value: [] }),
    'launch.terminate': async () => {
      throw new KilnFailure({ code: 'UnknownLaunch', message: 'There is no launch x.' });
    },
    'profiles.list': async () => {
      throw new Error('boom');
    },
  } as unknown as CommandHandlers;

  it('refuses unknown commands and invalid input with a field', async () => {
    expect(await dispatchCommand(handlers, 'nope', {}, () => undefined)).toMatchObject({
      ok: false,
      error: { code: 'UnknownCommand' },
    });
    const bad = await dispatchCommand(handlers, 'launch.start', { spec: { name: '' } }, () => undefined);
    expect(bad).toMatchObject({ ok: false, error: { code: 'InvalidInput' } });
    expect(bad.ok === false && bad.error.field).toMatch(/^spec\./);
  });

  it('turns expected failures into values and bugs into a generic error that is reported', async () => {
    expect(await dispatchCommand(handlers, 'launch.terminate', { launchId: 'x' }, () => undefined)).toEqual({
      ok: false,
      error: { code: 'UnknownLaunch', message: 'There is no launch x.' },
    });
    const onBug = vi.fn();
    const result = await dispatchCommand(handlers, 'profiles.list', {}, onBug);
    expect(result).toMatchObject({ ok: false, error: { code: 'InternalError' } });
    expect(onBug).toHaveBeenCalledWith(expect.any(Error), 'profiles.list');
    expect(JSON.stringify(result)).not.toContain('boom');
  });
});
