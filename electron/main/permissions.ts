/**
 * Web permissions: both the requests (a page asks) and the checks (a page asks whether it may) are refused, except
 * the two Kiln's own page uses: desktop notifications (an install ended while the window was in the back) and
 * writing to the clipboard (the Copy buttons). Chromium grants unhandled checks by default, so both handlers are set.
 */
import { APP_ORIGIN } from './window-options';

const ALLOWED_FOR_APP = new Set(['notifications', 'clipboard-sanitized-write']);

export function isPermissionAllowed(permission: string, requestingUrl: string | undefined): boolean {
  return ALLOWED_FOR_APP.has(permission) && originOf(requestingUrl) === APP_ORIGIN;
}

/** What the handlers need of a session. */
export interface PermissionSession {
  setPermissionRequestHandler(
    handler: (
      webContents: unknown,
      permission: string,
      callback: (granted: boolean) => void,
      details: { requestingUrl?: string },
    ) => void,
  ): void;
  setPermissionCheckHandler(
    handler: (webContents: unknown, permission: string, requestingOrigin: string) => boolean,
  ): void;
  setDevicePermissionHandler(handler: () => boolean): void;
}

export function installPermissionHandlers(session: PermissionSession, log: (message: string) => void): void {
  session.setPermissionRequestHandler((_webContents, permission, callback, details) => {
    const granted = isPermissionAllowed(permission, details.requestingUrl);
    if (!granted) log(`refused the permission request "${permission}" from ${details.requestingUrl ?? '(unknown)'}`);
    callback(granted);
  });
  session.setPermissionCheckHandler((_webContents, permission, requestingOrigin) =>
    isPermissionAllowed(permission, requestingOrigin),
  );
  // USB, HID and serial devices: never.
  session.setDevicePermissionHandler(() => false);
}

function originOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const { protocol, host } = new URL(url);
    return `${protocol}//${host}`;
  } catch {
    return undefined;
  }
}
