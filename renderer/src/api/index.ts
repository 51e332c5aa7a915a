/** Chooses the transport: Electron's preload bridge when present, else web mode with the token from the URL. */
import type { KilnApi } from '../../../electron/common/contract';
import { createIpcApi } from './ipc-transport';
import { createWebApi } from './web-transport';

declare global {
  interface Window {
    kiln?: KilnApi;
  }
}

export function connectKilnApi(win: Window): KilnApi {
  if (win.kiln) return createIpcApi(win.kiln);
  const fromUrl = /(?:^#|&)token=([^&]+)/.exec(win.location.hash)?.[1];
  const token = fromUrl ? decodeURIComponent(fromUrl) : (win.sessionStorage.getItem('kiln-token') ?? '');
  if (fromUrl) {
    // Keep the token for reloads of this tab, and out of the address bar and history.
    win.sessionStorage.setItem('kiln-token', token);
    win.history.replaceState(null, '', win.location.pathname + win.location.search);
  }
  return createWebApi({ baseUrl: win.location.origin, token });
}
