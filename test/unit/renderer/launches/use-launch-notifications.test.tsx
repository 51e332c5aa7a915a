// @vitest-environment happy-dom
import { cleanup, renderHook, act } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { KilnApiProvider } from '../../../../renderer/src/common/api-context';
import {
  outcomeNotification,
  useLaunchNotifications,
  type NotifierEnv,
} from '../../../../renderer/src/launches/use-launch-notifications';
import { createFakeKilnApi, launchRecord } from '../../../support/fake-kiln-api';
import '../render-with-api';

afterEach(cleanup);

function fakeEnv(focused: boolean, permission: NotificationPermission) {
  const shown: Array<{ title: string; options?: NotificationOptions; instance: { onclick: (() => void) | null } }> = [];
  class FakeNotification {
    static permission = permission;
    static requestPermission = vi.fn(async (): Promise<NotificationPermission> => 'granted');
    onclick: (() => void) | null = null;
    constructor(title: string, options?: NotificationOptions) {
      shown.push({ title, options, instance: this });
    }
  }
  const env: NotifierEnv = {
    hasFocus: () => focused,
    Notification: FakeNotification,
  };
  return { env, shown, FakeNotification };
}

function setup(env: NotifierEnv) {
  const api = createFakeKilnApi();
  const onOpen = vi.fn();
  const wrapper = ({ children }: { children: ReactNode }) => <KilnApiProvider api={api}>{children}</KilnApiProvider>;
  const hook = renderHook(() => useLaunchNotifications(onOpen, env), { wrapper });
  return { api, onOpen, hook };
}

describe('launch notifications', () => {
  it('notifies once when an install ends while the window is not focused, and opens the launch on click', () => {
    const { env, shown } = fakeEnv(false, 'granted');
    const { api, onOpen } = setup(env);
    act(() => api.emit('launch.updated', launchRecord({ id: 'a', phase: 'installing' })));
    expect(shown).toEqual([]);
    const failed = launchRecord({
      id: 'a',
      phase: 'failed',
      outcome: { result: 'failure', exitCode: 3, signal: null },
    });
    act(() => api.emit('launch.updated', failed));
    act(() => api.emit('launch.updated', failed));
    expect(shown.map((s) => s.title)).toEqual(['Install failed: web-1']);
    expect(shown[0].options?.body).toContain('exit code 3');
    shown[0].instance.onclick?.();
    expect(onOpen).toHaveBeenCalledWith('a');
  });

  it('stays quiet while the window has focus or without permission', () => {
    for (const [focused, permission] of [
      [true, 'granted'],
      [false, 'denied'],
      [false, 'default'],
    ] as const) {
      const { env, shown } = fakeEnv(focused, permission);
      const { api } = setup(env);
      act(() =>
        api.emit(
          'launch.updated',
          launchRecord({ id: 'b', phase: 'succeeded', outcome: { result: 'success', exitCode: 0, signal: null } }),
        ),
      );
      expect(shown).toEqual([]);
      cleanup();
    }
  });

  it('asks for permission only when it was never asked', () => {
    const { env, FakeNotification } = fakeEnv(false, 'default');
    setup(env).hook.result.current.askPermission();
    expect(FakeNotification.requestPermission).toHaveBeenCalledTimes(1);
    const denied = fakeEnv(false, 'denied');
    setup(denied.env).hook.result.current.askPermission();
    expect(denied.FakeNotification.requestPermission).not.toHaveBeenCalled();
  });

  it('notifies when a recovery alarm goes into ALARM, once per announcement, and opens its launch on click', () => {
    const { env, shown } = fakeEnv(false, 'granted');
    const { api, onOpen } = setup(env);
    const launches = [{ launchId: 'c', region: 'eu-west-1', alarms: [] }];
    act(() => api.emit('health.alarms.updated', { launches, fired: [] }));
    expect(shown).toEqual([]);
    const fired = { launchId: 'c', launchName: 'web-c', alarmName: 'kiln-c-recover', action: 'recover' as const };
    act(() => api.emit('health.alarms.updated', { launches, fired: [fired] }));
    act(() => api.emit('health.alarms.updated', { launches, fired: [] }));
    expect(shown.map((s) => [s.title, s.options?.body])).toEqual([
      [
        'Recovery alarm: web-c',
        'kiln-c-recover is in ALARM: EC2 is recovering the instance (system status check failed).',
      ],
    ]);
    shown[0].instance.onclick?.();
    expect(onOpen).toHaveBeenCalledWith('c');
  });

  it('notifies when a probe goes down (not when it comes back up) and opens its launch on click', () => {
    const { env, shown } = fakeEnv(false, 'granted');
    const { api, onOpen } = setup(env);
    const launch = { launchId: 'c', health: 'down' as const, probes: [] };
    const down = {
      launchId: 'c',
      launchName: 'web-c',
      probeId: 'p1',
      url: 'http://127.1.2.3:8080/',
      to: 'down' as const,
      error: 'Connection refused: nothing listens on the port.',
    };
    act(() => api.emit('health.probes.updated', { launch, transitions: [] }));
    act(() => api.emit('health.probes.updated', { launch, transitions: [down] }));
    act(() => api.emit('health.probes.updated', { launch, transitions: [{ ...down, to: 'up', error: undefined }] }));
    expect(shown.map((s) => [s.title, s.options?.body, s.options?.tag])).toEqual([
      [
        'Probe down: web-c',
        'http://127.1.2.3:8080/ has failed for its whole threshold: Connection refused: nothing listens on the port.',
        'probe:c:p1',
      ],
    ]);
    shown[0].instance.onclick?.();
    expect(onOpen).toHaveBeenCalledWith('c');
  });

  it('leaves a fired alarm to the banner while the window has focus', () => {
    const { env, shown } = fakeEnv(true, 'granted');
    const { api } = setup(env);
    const fired = { launchId: 'c', launchName: 'web-c', alarmName: 'kiln-c-reboot', action: 'reboot' as const };
    act(() => api.emit('health.alarms.updated', { launches: [], fired: [fired] }));
    expect(shown).toEqual([]);
  });

  it('describes signals and exit codes', () => {
    const killed = launchRecord({ phase: 'failed', outcome: { result: 'failure', exitCode: null, signal: 'SIGKILL' } });
    expect(outcomeNotification('installing', killed)?.body).toContain('signal SIGKILL');
    expect(outcomeNotification('failed', killed)).toBeUndefined();
    expect(outcomeNotification(undefined, launchRecord({ phase: 'running' }))).toBeUndefined();
  });
});
