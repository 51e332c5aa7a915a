import { describe, expect, it, vi } from 'vitest';
import {
  commandNames,
  eventNames,
  events,
  ipcChannel,
  type CommandHandlers,
  type EventName,
} from '../../../electron/common/contract';
import { dispatchCommand } from '../../../electron/common/dispatch';
import { KilnFailure } from '../../../electron/common/result';
import { createCommandHandlers } from '../../../electron/core/backend';
import { registerCommandHandlers, type IpcMainLike } from '../../../electron/main/ipc-adapter';
import { createPreloadBridge } from '../../../electron/preload/bridge';
import { createWebApi } from '../../../renderer/src/api/web-transport';
import { launchRecord, logLine } from '../../support/fake-data';

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

  it('has a schema for every event that accepts its payload and refuses a malformed one', () => {
    // One sample of each event as the backend sends it, and one with a field of the wrong type or missing. A new event
    // without samples fails the first expectation.
    const samples: Record<EventName, { good: unknown; bad: unknown }> = {
      'launch.updated': { good: launchRecord(), bad: { ...launchRecord(), phase: 'flying' } },
      'launch.log': {
        good: { launchId: 'l-1', lines: [logLine(1), logLine(2, 'oops', 'stderr')] },
        bad: { launchId: 'l-1', lines: [{ ...logLine(1), seq: 0 }] },
      },
      'connect.output': { good: { sessionId: 's-1', data: '$ ' }, bad: { sessionId: 's-1', data: 42 } },
      'connect.closed': {
        good: { sessionId: 's-1', error: { code: 'SshFailed', message: 'Connection refused.' } },
        bad: { sessionId: 's-1', error: 'Connection refused.' },
      },
      'images.updated': {
        good: {
          imageId: 'ami-00000000000000bbb',
          region: 'us-east-1',
          name: 'kiln-web-2026-11-20',
          state: 'pending',
          progress: 40,
          sizeGiB: 8,
          sealed: true,
          snapshotIds: ['snap-0123456789abcdef0'],
          usdPerMonth: 0.4,
          platform: 'linux',
        },
        bad: { imageId: 'ami-00000000000000bbb', region: 'us-east-1', name: 'x', state: 'pending', platform: 'mac' },
      },
      'storage.problems': {
        good: [
          {
            kind: 'secrets',
            file: '/data/secrets.json',
            backupPath: '/data/secrets.json.unreadable-2026-05-01T09-30-00.000Z',
            detectedAt: '2026-05-01T09:30:00.000Z',
            message: 'The secrets file could not be read.',
            remedy: 'Nothing to do.',
          },
        ],
        bad: [{ kind: 'secrets', file: '/data/secrets.json' }],
      },
      'app.notices': {
        good: [{ code: 'SecretsInMemoryOnly', message: 'Secrets are kept in memory only.' }],
        bad: { code: 'SecretsInMemoryOnly', message: 'not a list' },
      },
      'fleets.updated': {
        good: {
          id: 'fl-0001',
          spec: {
            profileId: 'sandbox',
            region: 'us-east-1',
            name: 'web',
            imageId: 'ami-0ed094fb1304fd857',
            instanceType: 't3.micro',
            subnetIds: ['subnet-1'],
            instancePort: 80,
            capacity: { min: 1, desired: 1, max: 3 },
            cpuTarget: 80,
          },
          createdAt: '2026-12-07T20:00:00.000Z',
          state: 'active',
          resources: [{ kind: 'auto-scaling-group', name: 'kiln-0001-web', id: 'kiln-0001-web', purpose: 'the group' }],
        },
        bad: { id: 'fl-0001', state: 'flying' },
      },
      'health.alarms.updated': {
        good: {
          launches: [
            {
              launchId: 'l-1',
              region: 'us-east-1',
              alarms: [{ name: 'kiln-l-1-recover', action: 'recover', state: 'ALARM' }],
            },
          ],
          fired: [{ launchId: 'l-1', launchName: 'web-1', alarmName: 'kiln-l-1-recover', action: 'recover' }],
        },
        bad: { launches: [], fired: [{ launchId: 'l-1', alarmName: 'kiln-l-1-recover', action: 'restart' }] },
      },
      'health.probes.updated': {
        good: {
          launch: {
            launchId: 'l-1',
            health: 'down',
            probes: [
              {
                probe: {
                  id: 'p1',
                  protocol: 'http',
                  port: 8080,
                  path: '/',
                  expectedStatus: 200,
                  bodyContains: '',
                  intervalSeconds: 60,
                  thresholdSeconds: 300,
                  requireValidCertificate: false,
                },
                url: 'http://127.1.2.3:8080/',
                state: 'down',
                last: { at: '2026-05-01T09:30:00.000Z', ok: false, latencyMs: null, status: null, error: 'refused' },
              },
            ],
          },
          transitions: [
            { launchId: 'l-1', launchName: 'web-1', probeId: 'p1', url: 'http://127.1.2.3:8080/', to: 'down' },
          ],
        },
        bad: { launch: { launchId: 'l-1', health: 'sideways', probes: [] }, transitions: [] },
      },
    };
    expect(Object.keys(samples).sort()).toEqual([...eventNames].sort());
    for (const name of eventNames) {
      const good = events[name].safeParse(samples[name].good);
      expect(good.error, `${name} refused its sample`).toBeUndefined();
      expect(events[name].safeParse(samples[name].bad).success, `${name} accepted a malformed payload`).toBe(false);
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
