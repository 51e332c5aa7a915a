import { describe, expect, it } from 'vitest';
import {
  installPermissionHandlers,
  isPermissionAllowed,
  type PermissionSession,
} from '../../../electron/main/permissions';

function fakeSession() {
  const handlers: {
    request?: Parameters<PermissionSession['setPermissionRequestHandler']>[0];
    check?: Parameters<PermissionSession['setPermissionCheckHandler']>[0];
    device?: () => boolean;
  } = {};
  const session: PermissionSession = {
    setPermissionRequestHandler: (h) => void (handlers.request = h),
    setPermissionCheckHandler: (h) => void (handlers.check = h),
    setDevicePermissionHandler: (h) => void (handlers.device = h),
  };
  return { session, handlers };
}

const request = (
  handler: NonNullable<ReturnType<typeof fakeSession>['handlers']['request']>,
  permission: string,
  requestingUrl?: string,
) => new Promise<boolean>((resolve) => handler({}, permission, resolve, { requestingUrl }));

describe('permission handlers', () => {
  it('installs a request handler, a check handler and a device handler', () => {
    const { session, handlers } = fakeSession();
    installPermissionHandlers(session, () => undefined);
    expect(handlers.request).toBeTypeOf('function');
    expect(handlers.check).toBeTypeOf('function');
    expect(handlers.device!()).toBe(false);
  });

  it('refuses every request except notifications and clipboard writes from Kiln itself, and logs refusals', async () => {
    const { session, handlers } = fakeSession();
    const logged: string[] = [];
    installPermissionHandlers(session, (m) => logged.push(m));
    for (const permission of [
      'media',
      'geolocation',
      'clipboard-read',
      'openExternal',
      'fullscreen',
      'midiSysex',
      'display-capture',
      'unknown',
    ]) {
      expect(await request(handlers.request!, permission, 'kiln://app/index.html'), permission).toBe(false);
    }
    expect(await request(handlers.request!, 'notifications', 'kiln://app/index.html')).toBe(true);
    expect(await request(handlers.request!, 'clipboard-sanitized-write', 'kiln://app/')).toBe(true);
    expect(await request(handlers.request!, 'notifications', 'https://evil.example/')).toBe(false);
    expect(await request(handlers.request!, 'notifications', undefined)).toBe(false);
    expect(logged).toContain('refused the permission request "media" from kiln://app/index.html');
  });

  it('answers permission checks the same way (Chromium would otherwise grant them)', () => {
    const { session, handlers } = fakeSession();
    installPermissionHandlers(session, () => undefined);
    expect(handlers.check!({}, 'notifications', 'kiln://app')).toBe(true);
    expect(handlers.check!({}, 'clipboard-sanitized-write', 'kiln://app')).toBe(true);
    for (const permission of ['clipboard-read', 'media', 'hid', 'serial', 'usb', 'storage-access', 'local-fonts']) {
      expect(handlers.check!({}, permission, 'kiln://app'), permission).toBe(false);
    }
    expect(handlers.check!({}, 'notifications', 'kiln://app.evil')).toBe(false);
    expect(handlers.check!({}, 'notifications', 'file://')).toBe(false);
    expect(handlers.check!({}, 'notifications', '')).toBe(false);
    expect(isPermissionAllowed('notifications', 'not a url')).toBe(false);
  });
});
