/** KilnApi over Electron IPC: the preload's `window.kiln` already has one function per command. */
import type { KilnApi } from '../../../electron/common/contract';

export function createIpcApi(bridge: KilnApi): KilnApi {
  return bridge;
}
